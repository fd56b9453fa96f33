/**
 * After a failed and rolled-back application: when the failure notice is due (C8.2) and when the
 * change is applied again (C6.4).
 */
import type { Instant } from './calendar.ts';
import {
  planScheduledChange,
  planUrgentChange,
  type ScheduledPlan,
  type UrgentPlan,
} from './change-plans.ts';
import type { ContractConfig } from './config.ts';
import type { CustomerCalendar } from './maintenance-windows.ts';
import type { ReleaseClass } from './records.ts';
import { addWorkingHours } from './working-hours.ts';

/** C8.2: the failure notice is due within `failureNoticeWorkingHours` (4) working hours. */
export const failureNoticeDeadline = (failedAt: Instant, cfg: ContractConfig): Instant =>
  addWorkingHours(failedAt, cfg.failureNoticeWorkingHours, cfg);

/**
 * C6.4: urgent → the first night whose 12:00 notice run is at or after the failure notice;
 * scheduled → the next window that leaves the 168 h notice, planned from the failure notice.
 */
export function replanAfterFailure(input: {
  changeClass: ReleaseClass;
  failureNoticeAt: Instant;
  customer: CustomerCalendar;
  cfg: ContractConfig;
}): ScheduledPlan | UrgentPlan {
  const { changeClass, failureNoticeAt, customer, cfg } = input;
  if (changeClass === 'urgent') return planUrgentChange({ validatedAt: failureNoticeAt, customer, cfg });
  return planScheduledChange({ from: failureNoticeAt, customer, cfg });
}
