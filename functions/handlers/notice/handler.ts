/** C3.2, C3.4, C3.5, C5.2: the daily 12:00 local notice run for one time zone (the coordinator). */

import type { Context } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { ofRun, replannedCounts } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportRun } from '../../runtime/scheduled-run.ts';
import { noticeDeps } from '../../runtime/wiring/mail.ts';
import { fanOutFor } from '../../runtime/wiring/shard-queue.ts';
import { noticeApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'SES_CONFIGURATION_SET',
  'ALERT_TOPIC_ARN',
  'SHARD_QUEUE_URL',
  'SHARD_SERVERS',
  'SES_SEND_RATE',
]);
const app = noticeApp({ ...noticeDeps(env, { sendRate: env.SES_SEND_RATE }), ...fanOutFor(env) });

export const handler = withRuntime(async (event: unknown, context: Context) =>
  reportRun(await app(event, invocationOf(context)), ofRun(replannedCounts)),
);
