/**
 * The channels' composition: the runtime's notice dependencies (DynamoDB store, SES mailer, SNS
 * alerter, system clock, contract configuration) read once from the environment at cold start,
 * and the store's paged lists, which only the channels read.
 */
import type { ChannelDeps } from '../application/channels/deps.ts';
import { readEnv } from '../runtime/env.ts';
import { noticeDeps } from '../runtime/wiring/mail.ts';
import { pagedStoreFor } from '../runtime/wiring/paged-store.ts';

export function channelDepsFromEnv(): ChannelDeps {
  const env = readEnv([
    'TABLE_NAME',
    'ALERT_TOPIC_ARN',
    'SENDER_ADDRESS',
    'REPLY_DOMAIN',
    'SES_CONFIGURATION_SET',
  ]);
  return { ...noticeDeps(env), store: pagedStoreFor(env.TABLE_NAME), reviewTo: [env.SENDER_ADDRESS] };
}
