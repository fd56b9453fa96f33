/** Composition, a coordinator's shard queue: the SQS client and the work queue (see store.ts). */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsWorkQueue } from '../../adapters/sqs/sqs-work-queue.ts';
import type { FanOut } from '../../application/runs/fan-out.ts';

let sqs: SQSClient | undefined;

/**
 * The run's fan-out (runs/fan-out.ts): its shard queue and shard size. Without SHARD_QUEUE_URL the
 * run is always done in one invocation.
 */
export function fanOutFor(env: {
  SHARD_QUEUE_URL?: string | undefined;
  SHARD_SERVERS?: number | undefined;
}): { fanOut?: FanOut } {
  if (!env.SHARD_QUEUE_URL) return {};
  sqs ??= new SQSClient({});
  return { fanOut: { queue: new SqsWorkQueue(sqs, env.SHARD_QUEUE_URL), shardServers: env.SHARD_SERVERS } };
}
