/**
 * A customer's weekly maintenance window (Words, C3.1) as instants. The start and end are local
 * wall times on the window's date, resolved with C11.2: a start in a spring-forward gap moves
 * forward, a start in a fall-back fold means its first occurrence. The end is the local wall time
 * `start + durationHours`, so a window reads "01:00–05:00 local" on every date (on a
 * daylight-saving date it lasts one hour more or less in real time).
 */
import { type Instant, isBefore, localDateOf, Temporal, wallToInstant, weekdayNumber } from './calendar.ts';
import type { Customer } from './records.ts';

/** What the calendar needs from a customer. */
export type CustomerCalendar = Pick<Customer, 'timeZone' | 'maintenanceWindow'>;

/** One occurrence of the window: its local date, and its start and end instants. */
export type WindowSlot = { date: Temporal.PlainDate; start: Instant; end: Instant };

/** Words / C11.2: the window that starts on local `date` (whatever its weekday). */
export function windowOn(date: Temporal.PlainDate, customer: CustomerCalendar): WindowSlot {
  const mw = customer.maintenanceWindow;
  const wallStart = date.toPlainDateTime(Temporal.PlainTime.from(mw.start));
  return {
    date,
    start: wallToInstant(wallStart, customer.timeZone),
    end: wallToInstant(wallStart.add({ hours: mw.durationHours }), customer.timeZone),
  };
}

/** C3.1: the first local date on or after `date` that falls on the window's weekday. */
export function nextWindowDate(date: Temporal.PlainDate, customer: CustomerCalendar): Temporal.PlainDate {
  const gap = (weekdayNumber(customer.maintenanceWindow.weekday) - date.dayOfWeek + 7) % 7;
  return date.add({ days: gap });
}

/** C4.4: the window on the local `date` if it is a window day, otherwise the next one after it. */
export const windowOnOrAfterDate = (date: Temporal.PlainDate, customer: CustomerCalendar): WindowSlot =>
  windowOn(nextWindowDate(date, customer), customer);

/** C3.1: the first window whose start is at or after `from`. */
export function firstWindowFrom(from: Instant, customer: CustomerCalendar): WindowSlot {
  let date = nextWindowDate(localDateOf(from, customer.timeZone).subtract({ days: 1 }), customer);
  let slot = windowOn(date, customer);
  while (isBefore(slot.start, from)) {
    date = date.add({ days: 7 });
    slot = windowOn(date, customer);
  }
  return slot;
}

/** C3.1: the first `n` windows whose start is at or after `from`, in order. */
export function windowsFrom(from: Instant, customer: CustomerCalendar, n: number): WindowSlot[] {
  const first = firstWindowFrom(from, customer);
  return Array.from({ length: Math.max(0, n) }, (_, i) =>
    windowOn(first.date.add({ days: 7 * i }), customer),
  );
}

/** C9.4 / C6.5: the window that contains `instant` (start inclusive, end exclusive), if any. */
export function windowContaining(instant: Instant, customer: CustomerCalendar): WindowSlot | undefined {
  const today = localDateOf(instant, customer.timeZone);
  for (const back of [0, 1, 2]) {
    const date = today.subtract({ days: back });
    if (date.dayOfWeek !== weekdayNumber(customer.maintenanceWindow.weekday)) continue;
    const slot = windowOn(date, customer);
    if (!isBefore(instant, slot.start) && isBefore(instant, slot.end)) return slot;
  }
  return undefined;
}
