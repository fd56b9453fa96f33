/**
 * C3.1, C5.2, C6.1, C6.5, C11.2: the apply function without its wiring (see notice/app.ts: the
 * scheduler's payload starts the run, an SQS batch is its shards).
 */

import { type FanOutDeps, shardInput, startApplyRun } from '../application/runs/fan-out.ts';
import { runApply } from '../application/runs/run-apply.ts';
import type { ApplyDeps } from '../application/shared/deps.ts';
import type { Holder } from '../domain/claims.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { toRunInput } from '../runtime/scheduled-run.ts';
import { isSqsBatch, workShards } from '../runtime/shard-worker.ts';
import { ApplyRunEvent } from './schema.ts';

export const applyApp = (deps: ApplyDeps & FanOutDeps) => async (event: unknown, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  return isSqsBatch(event)
    ? workShards(event, ['apply'], (shard) => runApply(d, shardInput(shard)))
    : startApplyRun(d, toRunInput(parseOrThrow(ApplyRunEvent, event, 'apply run input')));
};
