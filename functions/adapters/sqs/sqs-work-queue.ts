/**
 * The shard queue of a fanned-out run (runs/fan-out.ts) on SQS: one message per shard, sent ten at a
 * time (SendMessageBatch). Entries SQS reports as failed are sent again once; any still failing
 * throw, so the coordinator's run fails, gives its claim back and its retry sends the whole plan
 * again (each shard has its own ledger key: a shard sent twice is done once, C11.2).
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RunShard, WorkQueue } from '../../application/ports.ts';

const BATCH = 10;

export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(shards: readonly RunShard[]): Promise<void> {
    for (let i = 0; i < shards.length; i += BATCH) {
      const entries = shards.slice(i, i + BATCH).map((shard, j) => ({
        Id: String(i + j),
        MessageBody: JSON.stringify(shard),
      }));
      let pending = entries;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        if (failed.size === 0) break;
        if (attempt === 2 || (out.Failed ?? []).some((f) => f.SenderFault)) {
          const detail = (out.Failed ?? []).map((f) => `${f.Id}: ${f.Code} ${f.Message ?? ''}`.trim());
          throw new Error(`SQS refused ${failed.size} shard message(s): ${detail.join('; ')}`);
        }
        pending = pending.filter((e) => failed.has(e.Id));
      }
    }
  }
}
