/**
 * The shard queue of one fanned-out run (functions/application/runs/fan-out.ts): the coordinator
 * sends one message per shard, the same function works them through an SQS event source. A shard
 * that keeps failing lands in the queue's own dead-letter queue, whose alarm tells the CS team that
 * the customers of that shard were not served by that run (C11.2: the next tick catches up).
 */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** SQS's largest visibility timeout. */
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);

/** Receives of one shard before it goes to the dead-letter queue: the first try and two retries. */
export const SHARD_MAX_RECEIVE_COUNT = 3;

export type ShardQueueProps = {
  /** The consuming function's timeout: the visibility timeout is 6 times it. */
  consumerTimeout: Duration;
};

export class ShardQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ShardQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a Lambda event source: at least 6 times the function's timeout, so a shard
      // is not handed to a second worker while the first may still be working it.
      visibilityTimeout: Duration.seconds(
        Math.min(props.consumerTimeout.toSeconds() * 6, MAX_VISIBILITY_TIMEOUT.toSeconds()),
      ),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SHARD_MAX_RECEIVE_COUNT },
    });
  }
}
