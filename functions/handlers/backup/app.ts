/**
 * C9.1–C9.4, C6.5: the backup function without its wiring: the coordinator of the full and
 * incremental runs (see notice/app.ts), whose shards go to the backup-shard function, and the
 * hourly backup-due run (never fanned out).
 */

import { startBackupRun } from '../../application/runs/backup-coordinator.ts';
import { backupKindOf, type FanOutDeps } from '../../application/runs/fan-out.ts';
import { missedBackupRuns, runBackups } from '../../application/runs/run-backups.ts';
import type { BackupDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { toRunInput } from '../../runtime/scheduled-run.ts';
import { BackupRunEvent } from './schema.ts';

export const backupApp = (deps: BackupDeps & FanOutDeps) => async (event: unknown, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  const input = toRunInput(parseOrThrow(BackupRunEvent, event, 'backup run input'));
  if (input.run === 'backup-due') {
    // C11.2: a slot-creating run whose delivery never came is run now, under its own run key.
    for (const missed of await missedBackupRuns(d, input)) await startBackupRun(d, missed);
    // C9.4: the hourly run then sends what came due; it is small enough never to fan out.
    return runBackups(d, { ...input, kind: 'due' });
  }
  return startBackupRun(d, { ...input, kind: backupKindOf(input.run) });
};
