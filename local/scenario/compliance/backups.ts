/** C9: a weekly full backup of every image, a daily incremental of the AD image, both copies, alerts on failure. */
import { type Breach, type CheckContext, type ClauseOutcome, HOUR, ms, ofType, outcome } from './context.ts';

/** A slot may move to the end of a maintenance window (C9.4): at most this much later. */
const SLACK = 12 * HOUR;

function gaps(times: number[], from: number, to: number, period: number): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = [];
  let last = from;
  for (const t of [...times].sort((a, b) => a - b)) {
    if (t - last > period + SLACK) found.push({ from: last, to: t });
    last = t;
  }
  if (to - last > period + SLACK) found.push({ from: last, to });
  return found;
}

/** The CS alert raised within an hour after `at`, if any. */
const alertAfter = (ctx: CheckContext, at: string) =>
  ofType(ctx, 'alert.raised').find((a) => ms(a.event.at) >= ms(at) && ms(a.event.at) <= ms(at) + HOUR);

export function checkC9(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  const backups = ofType(ctx, 'backup.finished');
  const from = ctx.from.epochMilliseconds;
  const to = ctx.to.epochMilliseconds;
  // C6.3: a failed rollback stops all automatic work on the server, backups included.
  const halted = new Map(
    ofType(ctx, 'apply.finished')
      .filter((l) => l.event.outcome === 'rollback-failed')
      .map((l) => [l.event.serverId, ms(l.event.at)]),
  );
  for (const [serverId, server] of ctx.servers) {
    const until = Math.min(to, halted.get(serverId) ?? to);
    for (const image of server.images) {
      const plans: { kind: 'full' | 'incremental'; period: number }[] = [
        { kind: 'full', period: 7 * 24 * HOUR },
      ];
      if (image.activeDirectory) plans.push({ kind: 'incremental', period: 24 * HOUR });
      for (const { kind, period } of plans) {
        const ok = backups.filter(
          (b) =>
            b.event.serverId === serverId &&
            b.event.image === image.name &&
            b.event.kind === kind &&
            b.event.outcome === 'succeeded',
        );
        for (const b of ok) {
          if (b.event.copies.includes('local') && b.event.copies.includes('cloud')) evidence.push(b.n);
          else {
            breaches.push({
              subjectId: `${serverId}/${image.name}`,
              explanation: `C9.3 backup copied to ${b.event.copies.join(', ') || 'nowhere'}, not both local and cloud`,
              lines: [b.n],
            });
          }
        }
        // C9.4: a failed attempt that alerted the CS team is retried by the next run; it keeps its slot.
        const alerted = backups.filter(
          (b) =>
            b.event.serverId === serverId &&
            b.event.image === image.name &&
            b.event.kind === kind &&
            b.event.outcome === 'failed' &&
            alertAfter(ctx, b.event.at) !== undefined,
        );
        for (const gap of gaps(
          [...ok, ...alerted].map((b) => ms(b.event.at)),
          from,
          until,
          period,
        )) {
          breaches.push({
            subjectId: `${serverId}/${image.name}`,
            explanation: `C9.${kind === 'full' ? 1 : 2} no successful ${kind} backup of ${image.name} between ${new Date(gap.from).toISOString()} and ${new Date(gap.to).toISOString()}`,
            lines: [],
          });
        }
      }
    }
  }
  for (const b of backups) {
    if (b.event.outcome !== 'failed') continue;
    const alert = alertAfter(ctx, b.event.at);
    if (alert) evidence.push(b.n, alert.n);
    else {
      breaches.push({
        subjectId: `${b.event.serverId}/${b.event.image}`,
        explanation: 'C9.4 a failed backup did not alert the CS team',
        lines: [b.n],
      });
    }
  }
  return outcome(breaches, evidence, 'C9 backups');
}
