/** C4.2, C5.5: the cutoff function without its wiring (see notice/app.ts). */

import { runCutoff } from '../../application/runs/run-cutoff.ts';
import type { NoticeDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { toRunInput } from '../../runtime/scheduled-run.ts';
import { CutoffRunEvent } from './schema.ts';

export const cutoffApp = (deps: NoticeDeps) => async (event: unknown, invocation?: Holder) =>
  runCutoff(
    { ...deps, holder: invocation },
    toRunInput(parseOrThrow(CutoffRunEvent, event, 'cutoff run input')),
  );
