/**
 * C11.2: the hourly overnight apply run. A run processes everything due up to its own time, so a
 * skipped or late tick delays work but never drops it.
 */
import { type Instant, isAfter, Temporal } from './calendar.ts';
import type { Change } from './records.ts';

const MS_PER_HOUR = 3_600_000;

/** C3.5 / C11.2: a notified or postponed change is due once its apply time is at or before `now`. */
export function isDue(change: Pick<Change, 'state' | 'applyAt'>, now: Instant): boolean {
  if (change.state !== 'notified' && change.state !== 'postponed') return false;
  return !isAfter(Temporal.Instant.from(change.applyAt), now);
}

/** C11.2: the hourly apply-run ticks (whole UTC hours) in (after, upTo], the ticks a catch-up covers. */
export function applyRunSlots(after: Instant, upTo: Instant): Instant[] {
  const out: Instant[] = [];
  let tick = Math.floor(after.epochMilliseconds / MS_PER_HOUR) * MS_PER_HOUR + MS_PER_HOUR;
  for (; tick <= upTo.epochMilliseconds; tick += MS_PER_HOUR)
    out.push(Temporal.Instant.fromEpochMilliseconds(tick));
  return out;
}

/** C11.2: the first hourly apply run at or after `applyAt`, the one that sends the change. */
export function applyRunFor(applyAt: Instant): Instant {
  const ms = Math.ceil(applyAt.epochMilliseconds / MS_PER_HOUR) * MS_PER_HOUR;
  return Temporal.Instant.fromEpochMilliseconds(ms);
}
