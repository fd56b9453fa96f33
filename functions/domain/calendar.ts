/**
 * Customer-local wall times and instants (C11.1), with the daylight-saving rules of C11.2:
 * a local time that does not exist (spring forward) moves to the first instant that does, and a
 * local time that occurs twice (fall back) means its first occurrence. Temporal's `compatible`
 * disambiguation is exactly that rule (docs/toolchain.md; luxon and date-fns-tz differ at the edges).
 */
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Weekday } from './records.ts';

export { Temporal };
export type Instant = Temporal.Instant;

export const toInstant = (iso: string): Instant => Temporal.Instant.from(iso);
export const toIso = (instant: Instant): string => new Date(instant.epochMilliseconds).toISOString();

/** C11.2: the instant of a local wall time in `zone`; gap → forward, fold → first occurrence. */
export function localToInstant(date: Temporal.PlainDate | string, time: string, zone: string): Instant {
  const day = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  const wall = day.toPlainDateTime(Temporal.PlainTime.from(time));
  return wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant();
}

export const inZone = (instant: Instant, zone: string): Temporal.ZonedDateTime =>
  instant.toZonedDateTimeISO(zone);

export const localDateOf = (instant: Instant, zone: string): Temporal.PlainDate =>
  inZone(instant, zone).toPlainDate();

export const weekdayOf = (date: Temporal.PlainDate): Weekday => WEEKDAYS[date.dayOfWeek - 1] as Weekday;

export const weekdayNumber = (day: Weekday): number => WEEKDAYS.indexOf(day) + 1;

export const compareInstants = (a: Instant, b: Instant): number => Temporal.Instant.compare(a, b);
export const isBefore = (a: Instant, b: Instant): boolean => compareInstants(a, b) < 0;
export const isAfter = (a: Instant, b: Instant): boolean => compareInstants(a, b) > 0;
export const maxInstant = (a: Instant, b: Instant): Instant => (isAfter(a, b) ? a : b);
export const hoursBetween = (from: Instant, to: Instant): number =>
  (to.epochMilliseconds - from.epochMilliseconds) / 3_600_000;

/**
 * A human rendering of an instant in a zone: `Wednesday, 2 December 2026 at 01:00 GMT (Europe/London)`;
 * with `{ seconds: true }` the seconds too (a receipt time judged against a deadline, C11.3).
 */
export function formatLocal(instant: Instant, zone: string, options: { seconds?: boolean } = {}): string {
  return `${localFormat(zone, options.seconds === true).format(new Date(instant.epochMilliseconds))} (${zone})`;
}

/**
 * One formatter per zone and precision: building an Intl.DateTimeFormat costs far more than using
 * one, and a page of a thousand records formats a thousand times (issue 16).
 */
const formats = new Map<string, Intl.DateTimeFormat>();
function localFormat(zone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${seconds}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' as const } : {}),
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(key, format);
  }
  return format;
}
