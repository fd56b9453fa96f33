/**
 * The asynchronous plumbing: the CS alert topic (C3.5, C6.3, C9.4 alerts go to the CS team, never
 * to a customer), the topic SES notifies on received mail, the key that encrypts both, and the one
 * dead-letter queue where every undeliverable scheduled run, event or message ends up (a failed
 * shard of a fanned-out run goes to its shard queue's own, lib/constructs/shard-queue.ts).
 */
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export type MessagingProps = { alertEmail: string };

export class Messaging extends Construct {
  readonly key: kms.Key;
  readonly alertTopic: sns.Topic;
  readonly inboundMailTopic: sns.Topic;
  /** SES's sending events of our messages (the configuration set's destination, DESIGN.md rule 4). */
  readonly mailEventsTopic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the CS alert topic, the inbound mail topic and the mail events topic',
      enableKeyRotation: true,
    });
    // Alarms publish to the alert topic and SES to the inbound topic: both need the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the schedules, rules, subscriptions and functions.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue; nothing consumes it automatically.',
    });

    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'Patch promise: CS team alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alertTopic.addSubscription(
      new subscriptions.EmailSubscription(props.alertEmail, { deadLetterQueue: this.deadLetterQueue }),
    );

    this.inboundMailTopic = new sns.Topic(this, 'InboundMailTopic', {
      displayName: 'Patch promise: mail received for the reply domain',
      masterKey: this.key,
      enforceSSL: true,
    });

    this.mailEventsTopic = new sns.Topic(this, 'MailEventsTopic', {
      displayName: 'Patch promise: sending events of our notices',
      masterKey: this.key,
      enforceSSL: true,
    });
  }
}
