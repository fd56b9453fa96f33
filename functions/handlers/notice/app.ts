/**
 * C3.2, C3.4, C3.5, C5.2: the notice function without its wiring: the coordinator. The scheduler's
 * payload starts the run, done here or handed out in shards at fleet scale (runs/fan-out.ts) to
 * the notice-shard function. The Lambda (handler.ts) and the local system call the same function.
 */

import type { FanOutDeps } from '../../application/runs/fan-out.ts';
import { startNoticeRun } from '../../application/runs/notice-coordinator.ts';
import type { NoticeDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { toRunInput } from '../../runtime/scheduled-run.ts';
import { NoticeRunEvent } from './schema.ts';

export const noticeApp = (deps: NoticeDeps & FanOutDeps) => async (event: unknown, invocation?: Holder) => {
  const d = { ...deps, holder: invocation }; // DESIGN.md rule 5: this invocation holds the claims
  return startNoticeRun(d, toRunInput(parseOrThrow(NoticeRunEvent, event, 'notice run input')));
};
