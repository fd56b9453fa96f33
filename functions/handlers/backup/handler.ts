/** C9.1–C9.4, C6.5: the weekly full and daily AD incremental backup runs for one time zone (the coordinator). */

import type { Context } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { backupRunCounts, ofRun } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportRun } from '../../runtime/scheduled-run.ts';
import { alerterFor } from '../../runtime/wiring/alerts.ts';
import { fleetFor } from '../../runtime/wiring/fleet.ts';
import { fanOutFor } from '../../runtime/wiring/shard-queue.ts';
import { baseDeps } from '../../runtime/wiring/store.ts';
import { backupApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SHARD_QUEUE_URL',
  'SHARD_SERVERS',
  'BACKUP_DOCUMENT_NAME',
  'BACKUP_BUCKET',
  'ALERT_TOPIC_ARN',
]);
const app = backupApp({
  ...baseDeps(env),
  alerter: alerterFor(env.ALERT_TOPIC_ARN),
  fleet: fleetFor({ backup: env.BACKUP_DOCUMENT_NAME }),
  backupBucket: env.BACKUP_BUCKET,
  ...fanOutFor(env),
});

export const handler = withRuntime(async (event: unknown, context: Context) =>
  reportRun(await app(event, invocationOf(context)), ofRun(backupRunCounts)),
);
