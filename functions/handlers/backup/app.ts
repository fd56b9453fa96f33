/**
 * C9.1–C9.4, C6.5: the backup function without its wiring: the coordinator of the full and
 * incremental runs (see notice/app.ts); its shards go to the backup-shard function.
 */

import { startBackupRun } from '../../application/runs/backup-coordinator.ts';
import { backupKindOf, type FanOutDeps } from '../../application/runs/fan-out.ts';
import type { BackupDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { toRunInput } from '../../runtime/scheduled-run.ts';
import { BackupRunEvent } from './schema.ts';

export const backupApp = (deps: BackupDeps & FanOutDeps) => async (event: unknown, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  const input = toRunInput(parseOrThrow(BackupRunEvent, event, 'backup run input'));
  return startBackupRun(d, { ...input, kind: backupKindOf(input.run) });
};
