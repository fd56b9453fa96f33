/** C3.1, C5.2, C6.1, C11.2: the apply run's shard worker without its wiring (see notice-shard/app.ts). */

import { shardInput } from '../../application/runs/fan-out.ts';
import { runApply } from '../../application/runs/run-apply.ts';
import type { ApplyDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { type SqsBatch, workShards } from '../../runtime/shard-worker.ts';

export const applyShardApp = (deps: ApplyDeps) => async (batch: SqsBatch, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  return workShards(batch, ['apply'], (shard) => runApply(d, shardInput(shard)));
};
