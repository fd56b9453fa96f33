/**
 * The exit codes of the fleet documents: which step failed, and what that means for the Change
 * (C6.2, C6.3) or the BackupRun (C9.4). The documents' scripts and the simulator both read these
 * constants, so a code can only mean one thing.
 */

import type { ChangeState } from '../domain/records.ts';
import type { InvocationStatus } from './commands.ts';

/** PatchServer: every non-zero code says which step failed and whether the revert held. */
export const PATCH_EXIT = {
  ok: 0,
  /** No rollback point could be taken (C6.1): nothing was applied, the server is unchanged. */
  snapshotFailed: 10,
  /** The apply failed and the server was reverted to its rollback point (C6.2). */
  applyFailedReverted: 20,
  /** The post-check failed and the server was reverted to its rollback point (C6.2). */
  checkFailedReverted: 30,
  /** The revert itself failed (C6.3): stop all automatic work on the server. */
  rollbackFailed: 40,
} as const;
export type PatchExitCode = (typeof PATCH_EXIT)[keyof typeof PATCH_EXIT];

/** BackupImage: the first step that failed. The snapshot is always released (C7.2). */
export const BACKUP_EXIT = {
  ok: 0,
  snapshotFailed: 51,
  localCopyFailed: 52,
  cloudCopyFailed: 53,
  verifyFailed: 54,
} as const;
export type BackupExitCode = (typeof BACKUP_EXIT)[keyof typeof BACKUP_EXIT];

export type PatchOutcome = Extract<ChangeState, 'succeeded' | 'failed-rolled-back' | 'rollback-failed'>;
export type BackupOutcome = 'succeeded' | 'failed';

/**
 * C6.2 / C6.3: the Change outcome for a PatchServer exit code. A code the document never emits
 * means the script died in a way it did not foresee: the server's state is unknown, so it is
 * treated as a failed rollback (C6.3), never as a safe failure.
 */
export function outcomeFromExitCode(code: number): PatchOutcome {
  switch (code) {
    case PATCH_EXIT.ok:
      return 'succeeded';
    case PATCH_EXIT.snapshotFailed:
    case PATCH_EXIT.applyFailedReverted:
    case PATCH_EXIT.checkFailedReverted:
      return 'failed-rolled-back';
    default:
      return 'rollback-failed';
  }
}

/** C9.4: any non-zero BackupImage code is a failed backup (alert the CS team, retry). */
export const backupOutcomeFromExitCode = (code: number): BackupOutcome =>
  code === BACKUP_EXIT.ok ? 'succeeded' : 'failed';

/** Statuses after which an invocation never changes again. */
export const TERMINAL_STATUSES: readonly InvocationStatus[] = [
  'Success',
  'Failed',
  'Cancelled',
  'TimedOut',
  'Undeliverable',
  'DeliveryTimedOut',
  'Terminated',
  'InvalidPlatform',
  'AccessDenied',
];

/** The script never started: the server was not touched. */
const NEVER_RAN: readonly InvocationStatus[] = [
  'Undeliverable',
  'DeliveryTimedOut',
  'InvalidPlatform',
  'AccessDenied',
];

/**
 * The Change outcome of a finished PatchServer invocation, or undefined while it runs.
 * - Success / Failed: the exit code decides (outcomeFromExitCode).
 * - Never delivered: nothing changed on the server, so it is a failure to repeat (C6.4).
 * - TimedOut, Cancelled, Terminated: the script was stopped part-way and the server's state is
 *   unknown, so C6.3 applies: needs-attention, no automatic retry.
 */
export function patchOutcome(inv: {
  status: InvocationStatus;
  responseCode?: number;
}): PatchOutcome | undefined {
  if (!TERMINAL_STATUSES.includes(inv.status)) return undefined;
  if (inv.status === 'Success') return 'succeeded';
  if (inv.status === 'Failed' && inv.responseCode !== undefined) return outcomeFromExitCode(inv.responseCode);
  if (NEVER_RAN.includes(inv.status)) return 'failed-rolled-back';
  return 'rollback-failed';
}

/** The BackupRun outcome of a finished BackupImage invocation, or undefined while it runs. */
export function backupOutcome(inv: {
  status: InvocationStatus;
  responseCode?: number;
}): BackupOutcome | undefined {
  if (!TERMINAL_STATUSES.includes(inv.status)) return undefined;
  return inv.status === 'Success' ? 'succeeded' : 'failed';
}
