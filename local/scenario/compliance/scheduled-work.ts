/** C2, C3, C4: convergence without opt-out, scheduled notices and postponements. */
import { localDateOf, localToInstant, toInstant } from '../../../functions/domain/calendar.ts';
import {
  applyAtIn,
  type Breach,
  type CheckContext,
  type ClauseOutcome,
  HOUR,
  ms,
  noticesOf,
  notifiedApplyAt,
  ofType,
  outcome,
  releaseOfChange,
} from './context.ts';

const isScheduled = (ctx: CheckContext, changeId: string) =>
  ctx.releaseClass.get(releaseOfChange(changeId)) !== 'urgent';

/** C2: every noticed change is applied once its date has passed (no opt-out, no cancel). */
export function checkC2(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  const halted = new Set(
    ofType(ctx, 'apply.finished')
      .filter((l) => l.event.outcome === 'rollback-failed')
      .map((l) => l.event.serverId),
  );
  const changeIds = new Set(
    ofType(ctx, 'notice.sent').flatMap((l) => l.event.changes.map((c) => c.changeId)),
  );
  for (const changeId of changeIds) {
    const applyAt = notifiedApplyAt(ctx, changeId, ctx.to.epochMilliseconds);
    const serverId = changeId.split(':')[1] ?? '';
    if (!applyAt || halted.has(serverId) || ctx.superseded.has(changeId)) continue;
    if (ms(applyAt) + 6 * HOUR > ctx.to.epochMilliseconds) continue;
    const started = ofType(ctx, 'apply.started').filter(
      (l) => l.event.changeId === changeId && ms(l.event.at) >= ms(applyAt) - HOUR,
    );
    if (started[0]) evidence.push(started[0].n);
    else {
      breaches.push({
        subjectId: changeId,
        explanation: `change ${changeId} was due at ${applyAt} and was never applied`,
        lines: noticesOf(ctx, changeId).map((l) => l.n),
      });
    }
  }
  for (const l of ofType(ctx, 'postponement.decided')) {
    if (l.event.clause.startsWith('C2')) evidence.push(l.n);
  }
  return outcome(breaches, evidence, 'C2 every change applied, opt-out requests refused');
}

/** C3.2 / C3.5: every scheduled change applied in a window noticed at least 168 h before. */
export function checkC3(ctx: CheckContext): ClauseOutcome {
  const lead = ctx.cfg.noticeLeadHours * HOUR;
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const l of ofType(ctx, 'notice.sent')) {
    if (l.event.kind !== 'scheduled') continue;
    evidence.push(l.n);
    for (const c of l.event.changes) {
      const hours = (ms(c.applyAt) - ms(l.event.at)) / HOUR;
      if (ms(c.applyAt) - ms(l.event.at) < lead) {
        breaches.push({
          subjectId: c.changeId,
          explanation: `C3.2 notice sent ${hours.toFixed(1)} h before the window, less than ${ctx.cfg.noticeLeadHours} h`,
          lines: [l.n],
        });
      }
    }
  }
  for (const l of ofType(ctx, 'apply.started')) {
    if (!isScheduled(ctx, l.event.changeId)) continue;
    const window = notifiedApplyAt(ctx, l.event.changeId, ms(l.event.at));
    const planning = noticesOf(ctx, l.event.changeId).filter(
      (n) => (n.event.kind === 'scheduled' || n.event.kind === 'failure') && ms(n.event.at) <= ms(l.event.at),
    );
    const inTime = planning.find((n) => window && ms(window) - ms(n.event.at) >= lead);
    if (!window || !inTime) {
      breaches.push({
        subjectId: l.event.changeId,
        explanation: `C3.5 change applied at ${l.event.at} without a notice ${ctx.cfg.noticeLeadHours} h before its window`,
        lines: [l.n, ...planning.map((n) => n.n)],
      });
    } else if (ms(l.event.at) < ms(window)) {
      breaches.push({
        subjectId: l.event.changeId,
        explanation: `C3.1 change applied at ${l.event.at}, before its notified window ${window}`,
        lines: [l.n, inTime.n],
      });
    } else evidence.push(l.n);
  }
  return outcome(breaches, evidence, 'C3 scheduled work noticed 7 days ahead');
}

/** C4.2 / C4.4 / C4.5: granted postponements were asked in time, within limits, and confirmed. */
export function checkC4(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  const { maxDaysAfterOriginal } = ctx.cfg.scheduledPostponement;
  for (const d of ofType(ctx, 'postponement.decided')) {
    const { changeId } = d.event;
    if (!isScheduled(ctx, changeId)) continue;
    evidence.push(d.n);
    if (d.event.decision !== 'granted') continue;
    const customer = ctx.customers.get(d.event.customerId ?? changeId);
    const request = ofType(ctx, 'request.received')
      .filter((r) => r.event.changeId === changeId && ms(r.event.at) <= ms(d.event.at))
      .at(-1);
    const zone = customer?.timeZone ?? ctx.customers.get(request?.event.customerId ?? '')?.timeZone;
    const window = notifiedApplyAt(ctx, changeId, ms(request?.event.at ?? d.event.at));
    const reviewed = ofType(ctx, 'postponement.decided').some(
      (p) => p.event.changeId === changeId && p.event.decision === 'pending-review' && p.n < d.n,
    );
    if (request && window && zone && !reviewed) {
      const eve = localDateOf(toInstant(window), zone).subtract({ days: 1 });
      const deadline = localToInstant(eve, ctx.cfg.cutoffTime, zone);
      if (ms(request.event.at) > deadline.epochMilliseconds) {
        breaches.push({
          subjectId: changeId,
          explanation: `C4.2 granted a request received ${request.event.at}, after the ${ctx.cfg.cutoffTime} cutoff of the day before the window`,
          lines: [request.n, d.n],
        });
      }
    }
    const first = noticesOf(ctx, changeId).find((n) => n.event.kind === 'scheduled');
    const original = first ? applyAtIn(first.event, changeId) : undefined;
    if (!reviewed && original && d.event.newApplyAt) {
      const days = (ms(d.event.newApplyAt) - ms(original)) / (24 * HOUR);
      if (days > maxDaysAfterOriginal + 1 / 24) {
        breaches.push({
          subjectId: changeId,
          explanation: `C4.4 granted automatically ${days.toFixed(1)} days after the original window (limit ${maxDaysAfterOriginal})`,
          lines: [d.n, ...(first ? [first.n] : [])],
        });
      }
    }
    const confirmed = noticesOf(ctx, changeId).find(
      (n) => n.event.kind === 'postponement-granted' && ms(n.event.at) >= ms(d.event.at) - HOUR,
    );
    if (!confirmed) {
      breaches.push({
        subjectId: changeId,
        explanation: 'C4.5 a granted postponement was not confirmed to the customer',
        lines: [d.n],
      });
    } else evidence.push(confirmed.n);
    const early = ofType(ctx, 'apply.started').find(
      (a) =>
        a.event.changeId === changeId &&
        ms(a.event.at) > ms(d.event.at) &&
        d.event.newApplyAt !== undefined &&
        ms(a.event.at) < ms(d.event.newApplyAt),
    );
    if (early) {
      breaches.push({
        subjectId: changeId,
        explanation: `C4.1 applied at ${early.event.at}, before the postponed date ${d.event.newApplyAt}`,
        lines: [d.n, early.n],
      });
    }
  }
  return outcome(breaches, evidence, 'C4 postponements of scheduled work');
}
