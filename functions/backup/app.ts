/**
 * C9.1–C9.4, C6.5: the backup function without its wiring (see notice/app.ts: the scheduler's
 * payload starts the run, an SQS batch is its shards).
 */

import { type FanOutDeps, shardInput, startBackupRun } from '../application/runs/fan-out.ts';
import { missedBackupRuns, runBackups } from '../application/runs/run-backups.ts';
import type { BackupDeps } from '../application/shared/deps.ts';
import type { Holder } from '../domain/claims.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { toRunInput } from '../runtime/scheduled-run.ts';
import { isSqsBatch, workShards } from '../runtime/shard-worker.ts';
import { BackupRunEvent } from './schema.ts';

const kindOf = (run: string) => (run === 'backup-full' ? ('full' as const) : ('incremental' as const));

export const backupApp = (deps: BackupDeps & FanOutDeps) => async (event: unknown, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  if (isSqsBatch(event)) {
    return workShards(event, ['backup-full', 'backup-incremental'], (shard) =>
      runBackups(d, { ...shardInput(shard), kind: kindOf(shard.run) }),
    );
  }
  const input = toRunInput(parseOrThrow(BackupRunEvent, event, 'backup run input'));
  if (input.run === 'backup-due') {
    // C11.2: a slot-creating run whose delivery never came is run now, under its own run key.
    for (const missed of await missedBackupRuns(d, input)) await startBackupRun(d, missed);
    // C9.4: the hourly run then sends what came due; it is small enough never to fan out.
    return runBackups(d, { ...input, kind: 'due' });
  }
  return startBackupRun(d, { ...input, kind: kindOf(input.run) });
};
