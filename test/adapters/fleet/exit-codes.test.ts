import { describe, expect, it } from 'vitest';
import {
  BACKUP_EXIT,
  backupOutcome,
  backupOutcomeFromExitCode,
  outcomeFromExitCode,
  PATCH_EXIT,
  patchOutcome,
} from '../../../functions/fleet/exit-codes.ts';

describe('PatchServer exit codes', () => {
  it('C6.2 maps snapshot, apply and check failures to failed-rolled-back and 0 to succeeded', () => {
    expect(outcomeFromExitCode(PATCH_EXIT.ok)).toBe('succeeded');
    expect(outcomeFromExitCode(PATCH_EXIT.snapshotFailed)).toBe('failed-rolled-back');
    expect(outcomeFromExitCode(PATCH_EXIT.applyFailedReverted)).toBe('failed-rolled-back');
    expect(outcomeFromExitCode(PATCH_EXIT.checkFailedReverted)).toBe('failed-rolled-back');
  });

  it('C6.3 maps a failed revert, and any code the document never emits, to rollback-failed', () => {
    expect(outcomeFromExitCode(PATCH_EXIT.rollbackFailed)).toBe('rollback-failed');
    expect(outcomeFromExitCode(1)).toBe('rollback-failed');
    expect(outcomeFromExitCode(143)).toBe('rollback-failed');
  });

  it('C6.3 treats an invocation stopped part-way (TimedOut, Cancelled) as rollback-failed', () => {
    expect(patchOutcome({ status: 'TimedOut' })).toBe('rollback-failed');
    expect(patchOutcome({ status: 'Cancelled' })).toBe('rollback-failed');
    expect(patchOutcome({ status: 'Failed' })).toBe('rollback-failed');
  });

  it('C6.4 treats a command that never reached the server as a failure to repeat', () => {
    expect(patchOutcome({ status: 'Undeliverable' })).toBe('failed-rolled-back');
    expect(patchOutcome({ status: 'DeliveryTimedOut' })).toBe('failed-rolled-back');
  });

  it('has no outcome while the invocation runs, and reads the code of a failed one', () => {
    expect(patchOutcome({ status: 'InProgress' })).toBeUndefined();
    expect(patchOutcome({ status: 'Pending' })).toBeUndefined();
    expect(patchOutcome({ status: 'Failed', responseCode: 30 })).toBe('failed-rolled-back');
    expect(patchOutcome({ status: 'Success', responseCode: 0 })).toBe('succeeded');
  });

  it('gives every failing step its own code', () => {
    const codes = [...Object.values(PATCH_EXIT), ...Object.values(BACKUP_EXIT).filter((c) => c !== 0)];
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('BackupImage exit codes', () => {
  it('C9.4 maps every non-zero code to a failed backup', () => {
    expect(backupOutcomeFromExitCode(BACKUP_EXIT.ok)).toBe('succeeded');
    for (const code of [51, 52, 53, 54, 1]) expect(backupOutcomeFromExitCode(code)).toBe('failed');
    expect(backupOutcome({ status: 'InProgress' })).toBeUndefined();
    expect(backupOutcome({ status: 'TimedOut' })).toBe('failed');
  });
});
