/**
 * When a change is notified and applied (C3.1/C3.2 scheduled work, C5.2/C5.3 urgent work), and
 * until when its date can still be moved (C4.2, C5.4). Pure functions of an explicit instant.
 */
import { type Instant, localDateOf, localToInstant } from './calendar.ts';
import type { ContractConfig } from './config.ts';
import { nextNoticeRun } from './daily-runs.ts';
import { type CustomerCalendar, firstWindowFrom } from './maintenance-windows.ts';
import type { ReleaseClass } from './records.ts';

/** A scheduled plan: the notice run, and the window the change is applied in. */
export type ScheduledPlan = { noticeAt: Instant; applyAt: Instant; windowEnd: Instant };
/** An urgent plan: the notice run, and the overnight apply time. */
export type UrgentPlan = { noticeAt: Instant; applyAt: Instant };

/** C1 / C3: upgrade and important releases are scheduled work; urgent ones are not (C5). */
export const isScheduledClass = (cls: ReleaseClass): boolean => cls !== 'urgent';

/**
 * C3.1 / C3.2: notice at the first 12:00 local run at or after `from`; apply in the first window
 * that starts at least `noticeLeadHours` (168 h) after that notice. C4.6: with `notBefore` (the
 * date a postponement granted on the server binds), not in a window that starts before it.
 */
export function planScheduledChange(input: {
  from: Instant;
  customer: CustomerCalendar;
  cfg: ContractConfig;
  notBefore?: Instant | undefined;
}): ScheduledPlan {
  const { from, customer, cfg, notBefore } = input;
  const noticeAt = nextNoticeRun(from, customer.timeZone, cfg);
  const earliest = noticeAt.add({ hours: cfg.noticeLeadHours });
  const window = firstWindowFrom(
    notBefore && notBefore.epochMilliseconds > earliest.epochMilliseconds ? notBefore : earliest,
    customer,
  );
  return { noticeAt, applyAt: window.start, windowEnd: window.end };
}

/** C5.3: a release validated at or before a day's 12:00 run is noticed at that run. */
export const urgentNoticeRun = (validatedAt: Instant, customer: CustomerCalendar, cfg: ContractConfig) =>
  nextNoticeRun(validatedAt, customer.timeZone, cfg);

/** C5.2: the overnight slot after a notice: 01:00 local on the next calendar date. */
export function overnightAfter(noticeAt: Instant, customer: CustomerCalendar, cfg: ContractConfig): Instant {
  const nextDate = localDateOf(noticeAt, customer.timeZone).add({ days: 1 });
  return localToInstant(nextDate, cfg.urgent.applyTime, customer.timeZone);
}

/**
 * C5.2 / C5.3: validated at or before that local day's 12:00 run → notice at 12:00 that day and
 * apply at 01:00 on the next date; validated after it → the same, one day later.
 */
export function planUrgentChange(input: {
  validatedAt: Instant;
  customer: CustomerCalendar;
  cfg: ContractConfig;
}): UrgentPlan {
  const { validatedAt, customer, cfg } = input;
  const noticeAt = urgentNoticeRun(validatedAt, customer, cfg);
  return { noticeAt, applyAt: overnightAfter(noticeAt, customer, cfg) };
}

/**
 * C3.5: the next slot the notice rules allow for a change that cannot keep its own, counted from
 * `from` (a late notice, a slot gone by, a command that never ran): the next scheduled window with
 * its full notice, or the next urgent night. Its notice run is the first one strictly AFTER `from`:
 * a notice run that replans a change at its own instant has already chosen what it sends, so a
 * plan whose notice is due at that very run would never be sent, and would be replanned again at
 * every following run (issue 15 #1: an urgent change throttled through its 12:00 run was moved to
 * "tonight" at every 12:00 run and never notified nor applied).
 */
export function replanFrom(input: {
  changeClass: ReleaseClass;
  from: Instant;
  customer: CustomerCalendar;
  cfg: ContractConfig;
}): UrgentPlan {
  const { changeClass, customer, cfg } = input;
  const after = input.from.add({ milliseconds: 1 });
  return changeClass === 'urgent'
    ? planUrgentChange({ validatedAt: after, customer, cfg })
    : planScheduledChange({ from: after, customer, cfg });
}

/**
 * C4.2 / C5.4: the last instant a postponement request is accepted: the cutoff time (18:00:00
 * local) on the calendar day before the change's apply date (for urgent work, the notice day).
 */
export function postponementDeadline(
  applyAt: Instant,
  customer: CustomerCalendar,
  cfg: ContractConfig,
): Instant {
  const eve = localDateOf(applyAt, customer.timeZone).subtract({ days: 1 });
  return localToInstant(eve, cfg.cutoffTime, customer.timeZone);
}

/** The whole days between the local dates of two instants (C4.4, C5.4 limits). */
export function localDaysBetween(from: Instant, to: Instant, zone: string): number {
  return localDateOf(from, zone).until(localDateOf(to, zone), { largestUnit: 'days' }).days;
}
