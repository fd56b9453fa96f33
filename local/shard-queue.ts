/**
 * The shard queues of the local system (runs/fan-out.ts): what SQS and the event source mapping do
 * for the deployed functions. Each shard is delivered as an SQS event of one record (batchSize 1,
 * as the stack configures) to its run's shard function (functions/<run>-shard/app.ts); a shard the worker reports
 * failed is delivered again, at most MAX_RECEIVES times (the stack's maxReceiveCount), then kept as
 * a dead letter and the CS team is alerted (the stack's DLQ alarm). Delivery happens inside
 * `send`, so the virtual clock does not move while a run's shards are worked: a local run, fanned
 * out or not, is finished when its schedule's call returns.
 */
import type { Alerter, RunShard, ShardedRun, WorkQueue } from '../functions/application/ports.ts';
import type { SqsBatch } from '../functions/runtime/shard-worker.ts';

export const MAX_RECEIVES = 3;

type Worker = (batch: SqsBatch) => Promise<{ batchItemFailures: unknown[] }>;

export class LocalShardQueue implements WorkQueue {
  readonly deadLetters: { shard: RunShard; receives: number }[] = [];
  private delivered = 0;

  constructor(
    private readonly workers: Record<ShardedRun, Worker>,
    private readonly alerter: Alerter,
  ) {}

  async send(shards: readonly RunShard[]): Promise<void> {
    for (const shard of shards) await this.deliver(shard);
  }

  private async deliver(shard: RunShard): Promise<void> {
    const worker = this.workers[shard.run];
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      const messageId = `local-shard-${++this.delivered}`;
      const event = { Records: [{ messageId, body: JSON.stringify(shard), eventSource: 'aws:sqs' }] };
      const result = await worker(event);
      if (!result.batchItemFailures.length) return;
    }
    this.deadLetters.push({ shard, receives: MAX_RECEIVES });
    await this.alerter.raise({
      reason: `shard ${shard.index + 1} of ${shard.count} of the ${shard.run} run at ${shard.scheduledTime} (${shard.timeZone}) failed ${MAX_RECEIVES} times and went to the dead-letter queue; its customers: ${shard.customerIds.join(', ')}`,
      clause: 'C11.2',
    });
  }
}
