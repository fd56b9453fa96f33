/**
 * C3.1, C5.2, C6.1, C6.5, C11.2: the apply function without its wiring: the coordinator (see
 * notice/app.ts); its shards go to the apply-shard function.
 */

import { startApplyRun } from '../../application/runs/apply-coordinator.ts';
import type { FanOutDeps } from '../../application/runs/fan-out.ts';
import type { ApplyDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { toRunInput } from '../../runtime/scheduled-run.ts';
import { ApplyRunEvent } from './schema.ts';

export const applyApp = (deps: ApplyDeps & FanOutDeps) => async (event: unknown, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  return startApplyRun(d, toRunInput(parseOrThrow(ApplyRunEvent, event, 'apply run input')));
};
