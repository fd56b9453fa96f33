/**
 * C3.2 / C5.2 / C3.5: until when a change's notice can go out and still keep its clause, and the
 * slot (window or night) the notice announces.
 */
import { type Instant, isAfter, localDateOf, localToInstant, toInstant } from '../../domain/calendar.ts';
import type { ContractConfig } from '../../domain/config.ts';
import { type CustomerCalendar, patchInterval, windowOn } from '../../domain/planning.ts';
import type { Change } from '../../domain/records.ts';

/**
 * C3.2: a scheduled notice at least `noticeLeadHours` (168 h) before the window starts.
 * C5.2: an urgent notice by the 12:00 run on the day before the night's 01:00 apply time.
 */
export function noticeSendBy(
  change: Pick<Change, 'class' | 'applyAt'>,
  customer: CustomerCalendar,
  cfg: ContractConfig,
) {
  const applyAt = toInstant(change.applyAt);
  if (change.class !== 'urgent') return applyAt.subtract({ hours: cfg.noticeLeadHours });
  const day = localDateOf(applyAt, customer.timeZone).subtract({ days: 1 });
  return localToInstant(day, cfg.noticeRunTime, customer.timeZone);
}

/**
 * A scheduled run delivered within this grace of its scheduled time is that run (the 12:00 run
 * fires at 12:00 and its emails leave seconds later). Beyond it, the run is late and notices are
 * judged on the service's own clock (C11.3).
 */
export const RUN_DELIVERY_GRACE_MINUTES = 15;

export function judgedSendTime(scheduledTime: Instant, now: Instant): Instant {
  const grace = scheduledTime.add({ minutes: RUN_DELIVERY_GRACE_MINUTES });
  return isAfter(now, grace) ? now : scheduledTime;
}

/** C3.5: true when a notice sent at `sendAt` still keeps C3.2 / C5.2 for the change. */
export const noticeInTime = (
  change: Pick<Change, 'class' | 'applyAt'>,
  customer: CustomerCalendar,
  cfg: ContractConfig,
  sendAt: Instant,
): boolean => !isAfter(sendAt, noticeSendBy(change, customer, cfg));

/** C3.3 / C5.2: the window (scheduled) or overnight slot (urgent) that starts at `applyAt`. */
export function slotOf(applyAt: Instant, cls: Change['class'], customer: CustomerCalendar) {
  if (cls !== 'urgent') {
    const window = windowOn(localDateOf(applyAt, customer.timeZone), customer);
    if (window.start.equals(applyAt)) return { start: window.start, end: window.end };
  }
  return patchInterval({ applyAt }, customer);
}
