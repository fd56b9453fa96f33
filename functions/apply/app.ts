/** C3.1, C5.2, C6.1, C6.5, C11.2: the apply function without its wiring (see notice/app.ts). */

import { runApply } from '../application/runs/run-apply.ts';
import type { ApplyDeps } from '../application/shared/deps.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { toRunInput } from '../runtime/scheduled-run.ts';
import { ApplyRunEvent } from './schema.ts';

export const applyApp = (deps: ApplyDeps) => async (event: unknown) =>
  runApply(deps, toRunInput(parseOrThrow(ApplyRunEvent, event, 'apply run input')));
