/** C9.1–C9.4: the backup runs' shard worker without its wiring (see notice-shard/app.ts). */

import { backupKindOf, shardInput } from '../../application/runs/fan-out.ts';
import { runBackups } from '../../application/runs/run-backups.ts';
import type { BackupDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { type SqsBatch, workShards } from '../../runtime/shard-worker.ts';

export const backupShardApp = (deps: BackupDeps) => async (batch: SqsBatch, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  return workShards(batch, ['backup-full', 'backup-incremental'], (shard) =>
    runBackups(d, { ...shardInput(shard), kind: backupKindOf(shard.run) }),
  );
};
