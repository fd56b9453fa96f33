/** C3.1, C5.2, C6.1, C6.5, C11.2: the hourly overnight apply run (the coordinator), and the reconciler of missed results. */

import type { Context } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { ofRun, replannedCounts } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportRun } from '../../runtime/scheduled-run.ts';
import { fleetFor } from '../../runtime/wiring/fleet.ts';
import { noticeDeps } from '../../runtime/wiring/mail.ts';
import { fanOutFor } from '../../runtime/wiring/shard-queue.ts';
import { applyApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SHARD_QUEUE_URL',
  'SHARD_SERVERS',
  'PATCH_DOCUMENT_NAME',
  'ALERT_TOPIC_ARN',
  // The reconciler records failures, and C8.2 wants their notice sent at once.
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'SES_CONFIGURATION_SET',
]);
const app = applyApp({
  ...noticeDeps(env),
  fleet: fleetFor({ patch: env.PATCH_DOCUMENT_NAME }),
  ...fanOutFor(env),
});

export const handler = withRuntime(async (event: unknown, context: Context) =>
  reportRun(await app(event, invocationOf(context)), ofRun(replannedCounts)),
);
