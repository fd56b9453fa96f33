/**
 * The planning core in one import: notice runs, windows, scheduled and urgent plans (C3, C5),
 * replanning after failure (C6.4, C8.2), backups and overlaps (C9, C6.5), due work (C11.2).
 */
export { applyRunFor, applyRunSlots, isDue } from './apply-runs.ts';
export {
  ASSUMED_MINUTES_PER_IMAGE,
  type BackupMinutes,
  backupTimeoutSeconds,
  learnedBackupMinutes,
  slotMinutes,
} from './backup-durations.ts';
export { type BackupSlot, backupSlots, moveOutOfWork } from './backup-slots.ts';
export {
  isScheduledClass,
  localDaysBetween,
  overnightAfter,
  planScheduledChange,
  planUrgentChange,
  postponementDeadline,
  replanFrom,
  type ScheduledPlan,
  type UrgentPlan,
  urgentNoticeRun,
} from './change-plans.ts';
export { dailyRunAtOrAfter, latestBackupFirings, nextCutoffRun, nextNoticeRun } from './daily-runs.ts';
export { failureNoticeDeadline, replanAfterFailure } from './failure-replan.ts';
export { backupInterval, type Interval, overlaps, patchInterval } from './intervals.ts';
export {
  type CustomerCalendar,
  firstWindowFrom,
  nextWindowDate,
  type WindowSlot,
  windowContaining,
  windowOn,
  windowOnOrAfterDate,
  windowsFrom,
} from './maintenance-windows.ts';
