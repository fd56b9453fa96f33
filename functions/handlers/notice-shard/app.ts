/**
 * C3.2, C3.4, C5.2: the notice run's shard worker without its wiring: each record of an SQS batch
 * from the notice run's shard queue is one shard, sent its notices under its own ledger key.
 */

import { shardInput } from '../../application/runs/fan-out.ts';
import { runNotice } from '../../application/runs/run-notice.ts';
import type { NoticeDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { type SqsBatch, workShards } from '../../runtime/shard-worker.ts';

export const noticeShardApp = (deps: NoticeDeps) => async (batch: SqsBatch, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  return workShards(batch, ['notice'], (shard) => runNotice(d, shardInput(shard)));
};
