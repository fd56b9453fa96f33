/** C6, C7, C8: applying with rollback, loss of service said, failure notices within 4 working hours. */
import { toInstant } from '../../../functions/domain/calendar.ts';
import { addWorkingHours } from '../../../functions/domain/working-hours.ts';
import {
  type Breach,
  type CheckContext,
  type ClauseOutcome,
  HOUR,
  ms,
  noticesOf,
  ofType,
  outcome,
} from './context.ts';

/** C6.2–C6.5: rolled back failures re-planned, failed rollbacks alerted and halted, no overlap with backups. */
export function checkC6(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  const started = ofType(ctx, 'apply.started');
  for (const f of ofType(ctx, 'apply.finished')) {
    const { changeId, serverId } = f.event;
    evidence.push(f.n);
    if (f.event.outcome === 'rollback-failed') {
      const alert = ofType(ctx, 'alert.raised').find(
        (a) =>
          ms(a.event.at) >= ms(f.event.at) &&
          ms(a.event.at) <= ms(f.event.at) + HOUR &&
          (a.event.subjectId === serverId ||
            a.event.subjectId === changeId ||
            a.event.reason.includes(serverId)),
      );
      if (!alert) {
        breaches.push({
          subjectId: serverId,
          explanation: 'C6.3 a failed rollback did not alert the CS team at once',
          lines: [f.n],
        });
      } else evidence.push(alert.n);
      const later = started.find((s) => s.event.serverId === serverId && ms(s.event.at) > ms(f.event.at));
      if (later) {
        breaches.push({
          subjectId: serverId,
          explanation: `C6.3 automatic work resumed at ${later.event.at} on a server whose rollback failed`,
          lines: [f.n, later.n],
        });
      }
    }
    if (f.event.outcome === 'failed-rolled-back') {
      const replanned = noticesOf(ctx, changeId).find(
        (n) =>
          n.event.kind === 'failure' &&
          ms(n.event.at) >= ms(f.event.at) &&
          n.event.changes.some((c) => c.changeId === changeId && ms(c.applyAt) > ms(f.event.at)),
      );
      if (replanned) evidence.push(replanned.n);
      else if (ms(f.event.at) + 48 * HOUR < ctx.to.epochMilliseconds) {
        breaches.push({
          subjectId: changeId,
          explanation: 'C6.4 a failed change was not planned again',
          lines: [f.n],
        });
      }
    }
  }
  for (const s of started) {
    const finished = ofType(ctx, 'apply.finished').find(
      (f) => f.event.changeId === s.event.changeId && f.n > s.n,
    );
    const end = finished ? ms(finished.event.at) : ctx.to.epochMilliseconds;
    const clash = ofType(ctx, 'backup.finished').find((b) => {
      const begin = b.event.startedAt ? ms(b.event.startedAt) : ms(b.event.at);
      return b.event.serverId === s.event.serverId && begin < end && ms(b.event.at) > ms(s.event.at);
    });
    if (clash) {
      breaches.push({
        subjectId: s.event.serverId,
        explanation: `C6.5 a backup ran on ${s.event.serverId} while change ${s.event.changeId} was applying`,
        lines: [s.n, clash.n],
      });
    }
  }
  return outcome(breaches, evidence, 'C6 application with automatic rollback');
}

/** C7.1: every notice of planned work says it may cause partial or complete loss of service. */
export function checkC7(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const n of ofType(ctx, 'notice.sent')) {
    if (n.event.kind !== 'scheduled' && n.event.kind !== 'urgent') continue;
    if (n.event.saysLossOfService === undefined) continue;
    if (n.event.saysLossOfService) evidence.push(n.n);
    else {
      breaches.push({
        subjectId: n.event.noticeId ?? n.event.customerId,
        explanation: 'C7.1 the notice does not say the application may cause loss of service',
        lines: [n.n],
      });
    }
  }
  return outcome(breaches, evidence, 'C7 loss of service announced');
}

/** C8.1 / C8.2: a failure notice within 4 working hours of each failure, and none after a success. */
export function checkC8(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const f of ofType(ctx, 'apply.finished')) {
    const failures = noticesOf(ctx, f.event.changeId).filter(
      (n) => n.event.kind === 'failure' && ms(n.event.at) >= ms(f.event.at),
    );
    const nextStart = ofType(ctx, 'apply.started').find(
      (s) => s.event.changeId === f.event.changeId && s.n > f.n,
    );
    const beforeNext = failures.filter((n) => !nextStart || n.n < nextStart.n);
    if (f.event.outcome === 'succeeded') {
      if (beforeNext[0]) {
        breaches.push({
          subjectId: f.event.changeId,
          explanation: 'C8.1 a failure notice was sent after a successful application',
          lines: [f.n, beforeNext[0].n],
        });
      } else evidence.push(f.n);
      continue;
    }
    if (f.event.outcome !== 'failed-rolled-back') continue;
    const due = addWorkingHours(
      toInstant(f.event.at),
      ctx.cfg.failureNoticeWorkingHours,
      ctx.cfg,
    ).epochMilliseconds;
    const notice = beforeNext[0];
    if (notice && ms(notice.event.at) <= due) evidence.push(f.n, notice.n);
    else if (notice || due <= ctx.to.epochMilliseconds) {
      breaches.push({
        subjectId: f.event.changeId,
        explanation: notice
          ? `C8.2 failure notice sent ${notice.event.at}, after the deadline ${new Date(due).toISOString()}`
          : `C8.2 no failure notice by ${new Date(due).toISOString()}`,
        lines: [f.n, ...(notice ? [notice.n] : [])],
      });
    }
  }
  return outcome(breaches, evidence, 'C8 failure notices');
}
