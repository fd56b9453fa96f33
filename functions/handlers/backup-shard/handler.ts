/** C9.1–C9.4, C6.5: the backup runs' shard worker, fed by the backup coordinator's shard queue. */

import type { Context, SQSEvent } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { backupRunCounts, ofRun } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportShards } from '../../runtime/scheduled-run.ts';
import { alerterFor } from '../../runtime/wiring/alerts.ts';
import { fleetFor } from '../../runtime/wiring/fleet.ts';
import { baseDeps } from '../../runtime/wiring/store.ts';
import { backupShardApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'BACKUP_DOCUMENT_NAME',
  'BACKUP_BUCKET',
  'ALERT_TOPIC_ARN',
]);
const app = backupShardApp({
  ...baseDeps(env),
  alerter: alerterFor(env.ALERT_TOPIC_ARN),
  fleet: fleetFor({ backup: env.BACKUP_DOCUMENT_NAME }),
  backupBucket: env.BACKUP_BUCKET,
});

export const handler = withRuntime(async (event: SQSEvent, context: Context) =>
  reportShards(await app(event, invocationOf(context)), ofRun(backupRunCounts)),
);
