/** C3.1, C5.2, C6.1, C6.5, C11.2: the apply run's shard worker, fed by the apply coordinator's shard queue. */

import type { Context, SQSEvent } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { ofRun, replannedCounts } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportShards } from '../../runtime/scheduled-run.ts';
import { fleetFor } from '../../runtime/wiring/fleet.ts';
import { noticeDeps } from '../../runtime/wiring/mail.ts';
import { applyShardApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'PATCH_DOCUMENT_NAME',
  'ALERT_TOPIC_ARN',
  // The reconciler records failures, and C8.2 wants their notice sent at once.
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'SES_CONFIGURATION_SET',
]);
const app = applyShardApp({
  ...noticeDeps(env),
  fleet: fleetFor({ patch: env.PATCH_DOCUMENT_NAME }),
});

export const handler = withRuntime(async (event: SQSEvent, context: Context) =>
  reportShards(await app(event, invocationOf(context)), ofRun(replannedCounts)),
);
