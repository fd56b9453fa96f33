/**
 * The scheduled runs' shared plumbing: the EventBridge Scheduler payload (`run`, the schedule's own
 * `scheduledTime`, never `now`, and the `timeZone` it serves, C11.1/C11.2), and one log line per
 * run: the summary, or "duplicate delivery, nothing to do" on a replay.
 */
import * as z from 'zod/mini';
import { type Instant, toInstant } from '../domain/calendar.ts';
import { InstantString, TimeZone } from '../domain/records.ts';
import { type MetricCounts, publishCounts } from './metrics.ts';
import { describeError, logger } from './middleware.ts';
import type { ShardBatchResult } from './shard-worker.ts';

export const scheduledRunEvent = <R extends readonly [string, ...string[]]>(runs: R) =>
  z.object({ run: z.enum(runs), scheduledTime: InstantString, timeZone: TimeZone });

export type ParsedRun<R extends string> = { run: R; scheduledTime: Instant; timeZone: string };

export const toRunInput = <R extends string>(event: {
  run: R;
  scheduledTime: string;
  timeZone: string;
}): ParsedRun<R> => ({
  run: event.run,
  scheduledTime: toInstant(event.scheduledTime),
  timeZone: event.timeZone,
});

/** Logs the outcome of a run, publishes what it counts, and returns it as the invocation's result. */
export function reportRun<T extends { duplicate: boolean; runKey: string }>(
  result: T,
  counts: (result: T) => MetricCounts,
): T {
  if (result.duplicate) logger.info('duplicate delivery, nothing to do', { runKey: result.runKey });
  else logger.info('run complete', { summary: result });
  publishCounts(counts(result));
  return result;
}

/**
 * A shard function's result: each shard is reported as a run, each failed one logged, and SQS is
 * answered with the failed records only (ReportBatchItemFailures), so only those are delivered again.
 */
export function reportShards<T extends { duplicate: boolean; runKey: string }>(
  result: ShardBatchResult<T>,
  counts: (result: T) => MetricCounts,
): { batchItemFailures: { itemIdentifier: string }[] } {
  for (const outcome of result.outcomes) {
    if (outcome.ok) reportRun(outcome.result, counts);
    else
      logger.error('shard failed; SQS delivers it again', {
        messageId: outcome.messageId,
        ...describeError(outcome.error),
      });
  }
  return { batchItemFailures: result.batchItemFailures };
}
