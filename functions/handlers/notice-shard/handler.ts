/** C3.2, C3.4, C5.2: the notice run's shard worker, fed by the notice coordinator's shard queue. */

import type { Context, SQSEvent } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { ofRun, replannedCounts } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportShards } from '../../runtime/scheduled-run.ts';
import { noticeDeps } from '../../runtime/wiring/mail.ts';
import { noticeShardApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'SES_CONFIGURATION_SET',
  'ALERT_TOPIC_ARN',
  'SES_SEND_RATE',
]);
const app = noticeShardApp(noticeDeps(env, { sendRate: env.SES_SEND_RATE }));

export const handler = withRuntime(async (event: SQSEvent, context: Context) =>
  reportShards(await app(event, invocationOf(context)), ofRun(replannedCounts)),
);
