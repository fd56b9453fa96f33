/**
 * The worker side of a fanned-out run (application/runs/fan-out.ts): the run's shard function
 * (functions/<run>-shard/), fed by the coordinator's shard queue, receives an SQS batch; each
 * record is one shard. A shard that fails (or cannot be
 * read) is reported in `batchItemFailures`, so SQS redelivers that one only and, after the queue's
 * receive limit, moves it to the dead-letter queue (the CS team's alarm). The others are done.
 */
import * as z from 'zod/mini';
import { type RunShard, SHARDED_RUNS, type ShardedRun } from '../application/ports.ts';
import { InstantString, TimeZone } from '../domain/records.ts';
import { parseOrThrow } from '../domain/validation.ts';

export const RunShardMessage = z
  .object({
    run: z.enum(SHARDED_RUNS),
    timeZone: TimeZone,
    scheduledTime: InstantString,
    index: z.int().check(z.gte(0)),
    count: z.int().check(z.gte(1)),
    customerIds: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  })
  .check(z.refine((m) => m.index < m.count, { message: 'index must be below count', path: ['index'] }));

type SqsRecord = { messageId: string; body: string; eventSource?: string };
export type SqsBatch = { Records: SqsRecord[] };

export type ShardOutcome<R> =
  | { messageId: string; ok: true; result: R }
  | { messageId: string; ok: false; error: unknown };

export type ShardBatchResult<R> = {
  batchItemFailures: { itemIdentifier: string }[];
  outcomes: ShardOutcome<R>[];
};

/** Parses each record as a shard of one of `runs` and works it; failures are reported per record. */
export async function workShards<R>(
  batch: SqsBatch,
  runs: readonly ShardedRun[],
  work: (shard: RunShard) => Promise<R>,
): Promise<ShardBatchResult<R>> {
  const outcomes: ShardOutcome<R>[] = [];
  for (const record of batch.Records) {
    try {
      const shard = parseOrThrow(
        RunShardMessage,
        parseJson(record.body),
        `shard message ${record.messageId}`,
      );
      if (!runs.includes(shard.run)) {
        throw new Error(
          `shard message ${record.messageId} is for the ${shard.run} run, not ${runs.join(' or ')}`,
        );
      }
      outcomes.push({ messageId: record.messageId, ok: true, result: await work(shard) });
    } catch (error) {
      outcomes.push({ messageId: record.messageId, ok: false, error });
    }
  }
  return {
    batchItemFailures: outcomes.filter((o) => !o.ok).map((o) => ({ itemIdentifier: o.messageId })),
    outcomes,
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body; // the schema then says what is wrong with it
  }
}
