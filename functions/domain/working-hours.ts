/**
 * C8.2: the CS team's working hours (Monday–Friday 09:00–17:30 Europe/London, bank holidays
 * excluded, all configurable) and arithmetic in working time. Opening and closing are local wall
 * times resolved with C11.2's rule, so daylight-saving days count their real length.
 */
import { isPublicHoliday } from './bank-holidays.ts';
import { type Instant, localDateOf, localToInstant, Temporal, weekdayOf } from './calendar.ts';
import type { ContractConfig } from './config.ts';
import { ValidationError } from './errors.ts';

type WorkingHours = ContractConfig['workingHours'];
type Opening = { start: Instant; end: Instant };

const MS_PER_HOUR = 3_600_000;
/** No real calendar has a year without a working day: past this the configuration is broken. */
const MAX_DAYS_SCANNED = 366 * 2;

/** C8.2: the working interval of one local date, or undefined on a weekend or bank holiday. */
export function openingOn(date: Temporal.PlainDate, wh: WorkingHours): Opening | undefined {
  if (!wh.days.includes(weekdayOf(date)) || isPublicHoliday(date, wh.holidays)) return undefined;
  const start = localToInstant(date, wh.start, wh.timeZone);
  const end = localToInstant(date, wh.end, wh.timeZone);
  return end.epochMilliseconds > start.epochMilliseconds ? { start, end } : undefined;
}

/** C8.2: true when `instant` is inside working hours (opening inclusive, closing exclusive). */
export function isWorkingInstant(instant: Instant, cfg: ContractConfig): boolean {
  const opening = openingOn(localDateOf(instant, cfg.workingHours.timeZone), cfg.workingHours);
  const t = instant.epochMilliseconds;
  return opening !== undefined && opening.start.epochMilliseconds <= t && t < opening.end.epochMilliseconds;
}

/**
 * C8.2: the instant `hours` working hours after `instant`. Starting outside working hours counts
 * from the next opening; a result that uses up a day exactly lands on that day's closing time.
 */
export function addWorkingHours(instant: Instant, hours: number, cfg: ContractConfig): Instant {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new ValidationError(`hours: must be a finite number of working hours ≥ 0, got ${hours}`);
  }
  const wh = cfg.workingHours;
  let remaining = Math.round(hours * MS_PER_HOUR);
  let date = localDateOf(instant, wh.timeZone);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++, date = date.add({ days: 1 })) {
    const opening = openingOn(date, wh);
    if (!opening || instant.epochMilliseconds >= opening.end.epochMilliseconds) continue;
    const begin = Math.max(instant.epochMilliseconds, opening.start.epochMilliseconds);
    const available = opening.end.epochMilliseconds - begin;
    if (remaining <= available) return Temporal.Instant.fromEpochMilliseconds(begin + remaining);
    remaining -= available;
  }
  throw new ValidationError('workingHours: no working day found within two years; check the configuration');
}

/** C8.2: the working hours elapsed between two instants (0 when `to` is not after `from`). */
export function workingHoursBetween(from: Instant, to: Instant, cfg: ContractConfig): number {
  const wh = cfg.workingHours;
  let total = 0;
  let date = localDateOf(from, wh.timeZone);
  const last = localDateOf(to, wh.timeZone);
  for (; Temporal.PlainDate.compare(date, last) <= 0; date = date.add({ days: 1 })) {
    const opening = openingOn(date, wh);
    if (!opening) continue;
    const begin = Math.max(from.epochMilliseconds, opening.start.epochMilliseconds);
    const end = Math.min(to.epochMilliseconds, opening.end.epochMilliseconds);
    if (end > begin) total += end - begin;
  }
  return total / MS_PER_HOUR;
}
