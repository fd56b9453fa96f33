/**
 * The scheduled runs by name (C11.1): the schedule table (lib/schedules.ts) fires them and the
 * scheduled functions' payload names them (runtime/scheduled-run.ts). One list for both.
 */
export const RUN_NAMES = [
  'notice',
  'cutoff',
  'apply',
  'backup-full',
  'backup-incremental',
  'backup-due',
] as const;
export type RunName = (typeof RUN_NAMES)[number];
