/**
 * The composition root: real SDK clients, built once per container (module scope) and only when a
 * function first asks for them. Each client honours the SDK's standard endpoint variables
 * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB`, `_SES`, `_SSM`, `_SNS`), so the local system
 * points the very same adapters at DynamoDB Local, the local SES and the fleet simulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createDynamoStore } from '../adapters/dynamodb/create-dynamo-store.ts';
import { eventMailTracker } from '../adapters/ses/event-mail-tracker.ts';
import { PacedMailer } from '../adapters/ses/paced-mailer.ts';
import { SesMailer } from '../adapters/ses/ses-mailer.ts';
import { createSnsAlerter } from '../adapters/sns/sns-alerter.ts';
import { SqsWorkQueue } from '../adapters/sqs/sqs-work-queue.ts';
import { SsmFleet } from '../adapters/ssm/ssm-fleet.ts';
import type { Alerter, Fleet, Mailer, Store } from '../application/ports.ts';
import type { FanOut } from '../application/runs/fan-out.ts';
import type { BaseDeps, NoticeDeps } from '../application/shared/deps.ts';
import { readContractConfig } from './env.ts';
import { systemClock } from './system-clock.ts';

const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

export const clients = {
  dynamodb: once(() => new DynamoDBClient({})),
  /** maxAttempts 1: the SES Mailer's own backoff is the only retry loop (ses-mailer.ts). */
  ses: once(() => new SESClient({ maxAttempts: 1 })),
  ssm: once(() => new SSMClient({})),
  sns: once(() => new SNSClient({})),
  sqs: once(() => new SQSClient({})),
};

/**
 * The run's fan-out (runs/fan-out.ts): its shard queue and shard size. Without SHARD_QUEUE_URL the
 * run is always done in one invocation.
 */
export function fanOutFor(env: {
  SHARD_QUEUE_URL?: string | undefined;
  SHARD_SERVERS?: number | undefined;
}): { fanOut?: FanOut } {
  if (!env.SHARD_QUEUE_URL) return {};
  return {
    fanOut: { queue: new SqsWorkQueue(clients.sqs(), env.SHARD_QUEUE_URL), shardServers: env.SHARD_SERVERS },
  };
}

const stores = new Map<string, Store>();
export function storeFor(tableName: string): Store {
  const found = stores.get(tableName);
  if (found) return found;
  const store = createDynamoStore({ client: clients.dynamodb(), tableName });
  stores.set(tableName, store);
  return store;
}

const mailers = new Map<string, Mailer>();
/** The SES mailer, sending through the configuration set whose events name each attempt (DESIGN.md rule 4). */
export function mailer(configurationSetName: string): Mailer {
  const found = mailers.get(configurationSetName);
  if (found) return found;
  const built = new SesMailer(clients.ses(), { configurationSetName });
  mailers.set(configurationSetName, built);
  return built;
}

export const alerterFor = (topicArn: string): Alerter =>
  createSnsAlerter({ client: clients.sns(), topicArn });

/** The deployed document names (the stack may prefix them); the use cases say PatchServer / BackupImage. */
export const fleetFor = (names: { patch?: string; backup?: string } = {}): Fleet =>
  new SsmFleet(clients.ssm(), {
    documentNames: {
      ...(names.patch ? { PatchServer: names.patch } : {}),
      ...(names.backup ? { BackupImage: names.backup } : {}),
    },
  });

/** Store, system clock and the contract configuration (CONTRACT_CONFIG overrides). */
export function baseDeps(env: { TABLE_NAME: string }): BaseDeps {
  return { store: storeFor(env.TABLE_NAME), clock: systemClock, cfg: readContractConfig() };
}

/**
 * BaseDeps plus what sending notices needs: SES, the CS alert topic, sender and reply domain.
 * With `sendRate` (emails a second, the notice handler's SES_SEND_RATE), sending is paced at that
 * rate: the notice run's workers share the account's SES rate (bench/DESIGN.md).
 */
export function noticeDeps(
  env: {
    TABLE_NAME: string;
    ALERT_TOPIC_ARN: string;
    SENDER_ADDRESS: string;
    REPLY_DOMAIN: string;
    SES_CONFIGURATION_SET: string;
  },
  pace: { sendRate?: number | undefined } = {},
): NoticeDeps {
  const ses = mailer(env.SES_CONFIGURATION_SET);
  return {
    ...baseDeps(env),
    mailer: pace.sendRate === undefined ? ses : new PacedMailer(ses, pace.sendRate),
    // DESIGN.md rule 4: what became of an attempt, from SES's events as the mail-events function records them.
    tracker: eventMailTracker(storeFor(env.TABLE_NAME).mailEvents),
    alerter: alerterFor(env.ALERT_TOPIC_ARN),
    mail: { from: env.SENDER_ADDRESS, replyDomain: env.REPLY_DOMAIN },
  };
}
