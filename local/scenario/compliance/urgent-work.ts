/** C5: urgent changes applied overnight, notified by 12:00 local that day, short postponements. */
import { inZone, localDateOf, localToInstant, toInstant } from '../../../functions/domain/calendar.ts';
import {
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

const isUrgent = (ctx: CheckContext, changeId: string) =>
  ctx.releaseClass.get(releaseOfChange(changeId)) === 'urgent';

export function checkC5(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const l of ofType(ctx, 'apply.started')) {
    if (!isUrgent(ctx, l.event.changeId)) continue;
    const zone = ctx.customers.get(l.event.customerId ?? '')?.timeZone ?? 'Europe/London';
    const night = notifiedApplyAt(ctx, l.event.changeId, ms(l.event.at)) ?? l.event.at;
    // C5.2: notified by 12:00 local on the day before the 01:00 overnight slot.
    const eve = localDateOf(toInstant(night), zone).subtract({ days: 1 });
    const deadline = localToInstant(eve, ctx.cfg.noticeRunTime, zone).epochMilliseconds;
    const notice = noticesOf(ctx, l.event.changeId).find(
      (n) => (n.event.kind === 'urgent' || n.event.kind === 'failure') && ms(n.event.at) <= deadline,
    );
    const hour = inZone(toInstant(l.event.at), zone).hour;
    if (!notice) {
      breaches.push({
        subjectId: l.event.changeId,
        explanation: `C5.2 urgent change applied at ${l.event.at} without a notice by ${ctx.cfg.noticeRunTime} local the day before`,
        lines: [l.n],
      });
    } else if (hour >= 6) {
      breaches.push({
        subjectId: l.event.changeId,
        explanation: `C5.2 urgent change applied at ${hour}:00 local, not overnight`,
        lines: [l.n],
      });
    } else evidence.push(notice.n, l.n);
  }
  for (const d of ofType(ctx, 'postponement.decided')) {
    if (!isUrgent(ctx, d.event.changeId) || d.event.decision !== 'granted') continue;
    evidence.push(d.n);
    const request = ofType(ctx, 'request.received')
      .filter((r) => r.event.changeId === d.event.changeId && ms(r.event.at) <= ms(d.event.at))
      .at(-1);
    const zone = ctx.customers.get(request?.event.customerId ?? '')?.timeZone;
    const night = notifiedApplyAt(ctx, d.event.changeId, ms(request?.event.at ?? d.event.at));
    if (!request || !zone || !night) continue;
    const eve = localDateOf(toInstant(night), zone).subtract({ days: 1 });
    const cutoff = localToInstant(eve, ctx.cfg.cutoffTime, zone).epochMilliseconds;
    if (ms(request.event.at) > cutoff) {
      breaches.push({
        subjectId: d.event.changeId,
        explanation: `C5.4 granted an urgent postponement received ${request.event.at}, after ${ctx.cfg.cutoffTime} local`,
        lines: [request.n, d.n],
      });
    }
    if (d.event.newApplyAt) {
      const nights = Math.round((ms(d.event.newApplyAt) - ms(night)) / (24 * HOUR));
      if (nights > ctx.cfg.urgent.maxPostponeNights) {
        breaches.push({
          subjectId: d.event.changeId,
          explanation: `C5.4 urgent change postponed ${nights} nights (at most ${ctx.cfg.urgent.maxPostponeNights})`,
          lines: [d.n],
        });
      }
    }
  }
  return outcome(breaches, evidence, 'C5 urgent work overnight after a noon notice');
}
