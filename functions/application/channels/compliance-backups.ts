/**
 * C10.2 check of C9: a full backup of every image each week (C9.1), a backup of the Active
 * Directory image each day (C9.2), both copies kept (C9.3). A slot may move to the end of a
 * maintenance window (C9.4), so a gap is a breach only when it is longer than the period plus
 * SLACK; a recorded failure keeps its slot (the CS team is alerted and the next run retries it,
 * C9.4); a server whose rollback failed gets no automatic work after it (C6.3).
 */
import { formatLocal, toInstant } from '../../domain/calendar.ts';
import type { BackupRun } from '../../domain/records.ts';
import { haltedServers, singleCopyBackups } from './compliance-conduct.ts';
import { type Breach, type ClauseVerdict, evidenceFor, type Facts, verdict } from './compliance-facts.ts';

const HOUR = 3_600_000;
const SLACK = 12 * HOUR;
const PLANS = [
  { clause: 'C9.1', what: 'full', period: 7 * 24 * HOUR, fits: (b: BackupRun) => b.kind === 'full' },
  { clause: 'C9.2', what: 'Active Directory', period: 24 * HOUR, fits: (_: BackupRun) => true },
] as const;

/** The spans longer than `period + SLACK` between `from`, the attempts and `to` (epoch ms). */
function gaps(times: number[], from: number, to: number, period: number): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = [];
  let last = from;
  for (const t of [...times].sort((a, b) => a - b)) {
    if (t - last > period + SLACK) found.push({ from: last, to: t });
    last = Math.max(last, t);
  }
  if (to - last > period + SLACK) found.push({ from: last, to });
  return found;
}

export function checkBackups(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  let checked = 0;
  const byId = new Map(f.backups.map((b) => [b.id, b]));
  const attempts = [
    ...f.backups.flatMap((b) => (b.state === 'succeeded' ? [{ b, at: b.finishedAt ?? b.scheduledFor }] : [])),
    ...f.audit.flatMap((e) => {
      const b = e.type === 'backup.failed' ? byId.get(e.subjectId) : undefined;
      return b ? [{ b, at: e.at }] : [];
    }),
  ];
  const halted = haltedServers(f);
  const local = (t: number) => formatLocal(toInstant(new Date(t).toISOString()), f.customer.timeZone);
  const horizon = Math.min(f.to.epochMilliseconds, f.now.epochMilliseconds);
  for (const s of f.servers) {
    const stop = halted.get(s.id);
    const until = Math.min(horizon, stop ? Date.parse(stop) : horizon);
    for (const image of s.images) {
      for (const plan of PLANS) {
        if (plan.clause === 'C9.2' && !image.activeDirectory) continue;
        checked += Math.max(1, Math.floor((until - f.from.epochMilliseconds) / plan.period));
        const times = attempts
          .filter(({ b }) => b.serverId === s.id && b.image === image.name && plan.fits(b))
          .map(({ at }) => Date.parse(at));
        for (const gap of gaps(times, f.from.epochMilliseconds, until, plan.period))
          breaches.push({
            subjectId: `${s.id}/${image.name}`,
            explanation: `no ${plan.what} backup of ${image.name} between ${local(gap.from)} and ${local(gap.to)} (${plan.clause})`,
          });
      }
    }
  }
  breaches.push(...singleCopyBackups(f));
  return verdict('C9', 'Backups', breaches, checked, evidenceFor(f, 'C9', ['backup.']), 'backup slots');
}
