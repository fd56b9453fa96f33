/**
 * Customer-local wall times and instants (C11.1), with the daylight-saving rules of C11.2:
 * a local time that does not exist (spring forward) moves to the first instant that does, and a
 * local time that occurs twice (fall back) means its first occurrence. Temporal's `compatible`
 * disambiguation keeps the fold rule but not the gap rule: it moves a time inside a gap forward by
 * the gap's length (02:30 in a 02:00→03:00 gap becomes 03:30, 03:00 on Chatham's 02:45→03:45
 * Sunday becomes 04:00), which is the first instant that exists only for the gap's first minute.
 * So a wall time in a gap resolves to the transition itself (wallToInstant).
 */
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Weekday } from './records.ts';

export { Temporal };
export type Instant = Temporal.Instant;

export const toInstant = (iso: string): Instant => Temporal.Instant.from(iso);
export const toIso = (instant: Instant): string => new Date(instant.epochMilliseconds).toISOString();

/**
 * C11.2: the instant of a local wall time in `zone`. In a fold, its first occurrence; in a gap,
 * the first instant that exists after it, i.e. the transition (whatever the gap's length: 30
 * minutes on Lord Howe, an hour elsewhere, at midnight in Santiago).
 */
export function wallToInstant(wall: Temporal.PlainDateTime, zone: string): Instant {
  try {
    // A wall time that occurs exactly once: nearly always, and as fast as any reading.
    return wall.toZonedDateTime(zone, { disambiguation: 'reject' }).toInstant();
  } catch {
    // A fold or a gap (a few hours a year): read it with the offset before the change.
  }
  const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (earlier.toPlainDateTime().equals(wall)) return earlier.toInstant(); // a fold: its first occurrence
  // A gap: `earlier` lies just before the transition, which is the first instant that exists.
  const transition = earlier.getTimeZoneTransition('next');
  if (!transition) throw new Error(`no transition after ${wall.toString()} in ${zone}`);
  return transition.toInstant();
}

/** C11.2: the instant of local `time` on local `date` in `zone` (see wallToInstant). */
export function localToInstant(date: Temporal.PlainDate | string, time: string, zone: string): Instant {
  const day = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return wallToInstant(day.toPlainDateTime(Temporal.PlainTime.from(time)), zone);
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
