import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqsWorkQueue } from '../../../functions/adapters/sqs/sqs-work-queue.ts';
import type { RunShard } from '../../../functions/application/ports.ts';
import { RunShardMessage } from '../../../functions/runtime/shard-worker.ts';

const URL = 'https://sqs.eu-west-2.amazonaws.com/111122223333/notice-shards';
const shards = (count: number): RunShard[] =>
  Array.from({ length: count }, (_, index) => ({
    run: 'notice',
    timeZone: 'Europe/London',
    scheduledTime: '2026-11-02T12:00:00Z',
    index,
    count,
    customerIds: [`c${index}`],
  }));

describe('SqsWorkQueue', () => {
  const sqs = mockClient(SQSClient);
  let queue: SqsWorkQueue;
  beforeEach(() => {
    sqs.reset();
    queue = new SqsWorkQueue(new SQSClient({ region: 'eu-west-2' }), URL);
  });
  afterEach(() => sqs.reset());

  it('sends one message per shard, ten per SendMessageBatch, each a shard message the worker accepts', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue.send(shards(23));

    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.QueueUrl === URL)).toBe(true);
    const bodies = calls.flatMap((c) => c.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? ''));
    expect(bodies.map((b) => RunShardMessage.parse(b).index)).toEqual([...Array(23).keys()]);
  });

  it('C11.2 entries SQS could not take for a transient reason are sent again once', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await queue.send(shards(3));

    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.map((e) => e.Id))).toEqual([['0', '1', '2'], ['1']]);
  });

  it("C11.2 entries still failing, or refused as the sender's fault, fail the send and name the shards", async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '2', Code: 'InvalidParameterValue', Message: 'too big', SenderFault: true }],
    });
    await expect(queue.send(shards(3))).rejects.toThrow(
      'SQS refused 1 shard message(s): 2: InvalidParameterValue too big',
    );
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);

    sqs.reset();
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    await expect(queue.send(shards(1))).rejects.toThrow(/SQS refused 1 shard message/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });
});
