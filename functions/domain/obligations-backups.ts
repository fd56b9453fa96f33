/**
 * C10.2 of C9 judged on obligations (issue 15): the backup calendar of each server, counted from
 * its registration (issue 16: a period that starts before a server existed owes nothing for those
 * days) and up to its halt (C6.3), and whether each slot was kept:
 * - C9.1 / C9.2 every image has a successful full backup each week, every Active Directory image
 *   an incremental each day (a failed attempt is retried, C9.4, and only a success keeps the slot);
 * - C9.4 no backup runs inside a maintenance window, and one moved out of a window (or away from
 *   patch work) starts when it was moved to, not at some later run.
 */
import { backupSlots } from './backup-slots.ts';
import { formatLocal, type Instant, isAfter, isBefore, toInstant } from './calendar.ts';
import { type Breach, type Facts, horizonOf, indexOf, inPeriod } from './compliance-facts.ts';
import { type Interval, overlaps } from './intervals.ts';
import { windowsFrom } from './maintenance-windows.ts';
import type { BackupRun } from './records.ts';

const HOUR = 3_600_000;
/**
 * C9.1 / C9.2 / C9.4: a slot is kept by a success that finishes within this of its time (as moved
 * out of windows): a day for the retries at the next runs (C9.4), and 12 hours for a long backup.
 */
const KEPT_WITHIN_MS = 36 * HOUR;
/** C9.4: the hourly runs' precision: a backup starts within this of the time it was moved to. */
const START_TOLERANCE_MS = HOUR;

const local = (i: Instant, f: Facts) => formatLocal(i, f.customer.timeZone);
const ms = (iso: string) => Date.parse(iso);

/** From when a server owes backups in the period: its registration if in the period, else `from`. */
export function obligedFrom(serverId: string, f: Facts): Instant {
  const registered = indexOf(f).registeredAt.get(serverId);
  return registered && isAfter(toInstant(registered), f.from) ? toInstant(registered) : f.from;
}

/**
 * C9.1 / C9.2: each calendar slot of each image, from the server's registration to the horizon
 * (or its halt), is kept by a successful backup of that image and kind that finished after the
 * slot and within KEPT_WITHIN_MS of its time; each success keeps one slot.
 */
export function missedBackupSlots(f: Facts): { checked: number; breaches: Breach[] } {
  const idx = indexOf(f);
  const horizon = horizonOf(f);
  const breaches: Breach[] = [];
  let checked = 0;
  for (const server of f.servers) {
    const halted = idx.haltedAt.get(server.id);
    const until = halted && isBefore(toInstant(halted), horizon) ? toInstant(halted) : horizon;
    const from = obligedFrom(server.id, f);
    if (!isBefore(from, until)) continue;
    const slots = backupSlots({ from, to: until, server, customer: f.customer, cfg: f.cfg });
    const successes = new Map<string, number[]>();
    for (const image of server.images)
      for (const kind of ['full', 'incremental'] as const)
        successes.set(
          `${image.name}/${kind}`,
          (idx.backupsByServerImage.get(`${server.id}/${image.name}`) ?? [])
            .filter((b) => b.kind === kind && b.state === 'succeeded')
            .map((b) => ms(b.finishedAt ?? b.scheduledFor))
            .sort((a, b) => a - b),
        );
    const used = new Map<string, number>();
    for (const slot of slots) {
      const due = slot.at.epochMilliseconds + KEPT_WITHIN_MS;
      if (due > until.epochMilliseconds) continue; // not yet due
      checked++;
      const key = `${slot.image}/${slot.kind}`;
      const times = successes.get(key) ?? [];
      let i = used.get(key) ?? 0;
      while (i < times.length && (times[i] as number) < slot.nominalAt.epochMilliseconds) i++;
      if (i < times.length && (times[i] as number) <= due) {
        used.set(key, i + 1);
        continue;
      }
      used.set(key, i);
      const clause = slot.kind === 'full' ? 'C9.1' : 'C9.2';
      const what = slot.kind === 'full' ? 'full' : 'Active Directory incremental';
      breaches.push({
        subjectId: `${server.id}/${slot.image}`,
        explanation: `no successful ${what} backup of ${slot.image} for its slot of ${local(slot.nominalAt, f)} (${clause})`,
      });
    }
  }
  return { checked, breaches };
}

/** C9.4: no attempt of a backup overlaps one of the customer's maintenance windows. */
export function backupsInWindows(f: Facts): { checked: number; breaches: Breach[] } {
  const breaches: Breach[] = [];
  let checked = 0;
  for (const a of indexOf(f).backupAttempts) {
    if (!inPeriod(a.start, f)) continue;
    checked++;
    const ran: Interval = { start: toInstant(a.start), end: toInstant(a.end) };
    const window = windowsFrom(ran.start.subtract({ hours: 24 }), f.customer, 3).find((w) =>
      overlaps(ran, w),
    );
    if (window)
      breaches.push({
        subjectId: `${a.backup.serverId}/${a.backup.image}`,
        explanation: `backup ${a.backup.id} ran ${local(ran.start, f)} to ${local(ran.end, f)}, inside the maintenance window ${local(window.start, f)} to ${local(window.end, f)} (C9.4)`,
      });
  }
  return { checked, breaches };
}

/**
 * C9.4: a backup starts when its slot comes (as moved out of a window or away from patch work),
 * within the runs' hourly precision; not hours later at whichever run happens next. A backup held
 * because a change was being applied on its server (C6.5) or whose server halted (C6.3) is excused.
 */
export function lateBackups(f: Facts): { checked: number; breaches: Breach[] } {
  const idx = indexOf(f);
  const breaches: Breach[] = [];
  let checked = 0;
  for (const b of f.backups) {
    if (!inPeriod(b.scheduledFor, f)) continue;
    const first = idx.firstStartOf.get(b.id);
    if (!first) continue; // never started: the slot check judges it
    checked++;
    const slot = ms(b.scheduledFor);
    if (ms(first) - slot <= START_TOLERANCE_MS || excused(b, slot, ms(first), f)) continue;
    breaches.push({
      subjectId: `${b.serverId}/${b.image}`,
      explanation: `backup ${b.id} was due ${local(toInstant(b.scheduledFor), f)} and started ${local(toInstant(first), f)} (C9.4)`,
    });
  }
  return { checked, breaches };
}

/** C6.5 / C6.3: work on the server between the slot and the start explains the wait. */
function excused(b: BackupRun, slot: number, started: number, f: Facts): boolean {
  const idx = indexOf(f);
  const halted = idx.haltedAt.get(b.serverId);
  if (halted && ms(halted) <= started) return true;
  for (const c of idx.changesByServer.get(b.serverId) ?? []) {
    let applying: number | undefined;
    for (const t of c.history) {
      if (t.to === 'applying') applying = ms(t.at);
      else if (applying !== undefined) {
        if (applying < started && ms(t.at) > slot) return true;
        applying = undefined;
      }
    }
    if (applying !== undefined && applying < started) return true;
  }
  return false;
}
