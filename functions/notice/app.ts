/**
 * C3.2, C3.4, C3.5, C5.2: the notice function without its wiring: parses the scheduler's payload and
 * runs the notice use case. The Lambda (handler.ts) and the local system call the same function.
 */

import { runNotice } from '../application/runs/run-notice.ts';
import type { NoticeDeps } from '../application/shared/deps.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { toRunInput } from '../runtime/scheduled-run.ts';
import { NoticeRunEvent } from './schema.ts';

export const noticeApp = (deps: NoticeDeps) => async (event: unknown) =>
  runNotice(deps, toRunInput(parseOrThrow(NoticeRunEvent, event, 'notice run input')));
