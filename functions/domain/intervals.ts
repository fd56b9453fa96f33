/**
 * C6.5: a server is never patched while one of its backups runs, and vice versa. Work is modelled
 * as half-open intervals [start, end): one that ends exactly when another starts does not overlap.
 *
 * Duration assumptions (the contract gives none; they are constants here, not configuration):
 * - a scheduled change occupies its whole maintenance window (C3.1);
 * - an urgent change occupies, from its 01:00 start, as many hours as the customer's window lasts
 *   (C5.2 "the customer's default overnight slot");
 * - a backup occupies the minutes its server's own recent backups took (backup-durations.ts).
 * The apply and backup runs still check for running work before they start (C6.5 at run time).
 */
import { type Instant, isBefore } from './calendar.ts';
import type { CustomerCalendar } from './maintenance-windows.ts';

export type Interval = { start: Instant; end: Instant };

/** C6.5: true when two half-open intervals share an instant. */
export const overlaps = (a: Interval, b: Interval): boolean =>
  isBefore(a.start, b.end) && isBefore(b.start, a.end);

/** C6.5: the interval a backup planned to take `minutes` occupies from `at`. */
export const backupInterval = (at: Instant, minutes: number): Interval => ({
  start: at,
  end: at.add({ minutes }),
});

/** C6.5: the interval a planned change occupies: its window, or for urgent work a window's length. */
export function patchInterval(
  plan: { applyAt: Instant; windowEnd?: Instant | undefined },
  customer: CustomerCalendar,
): Interval {
  const end = plan.windowEnd ?? plan.applyAt.add({ hours: customer.maintenanceWindow.durationHours });
  return { start: plan.applyAt, end };
}
