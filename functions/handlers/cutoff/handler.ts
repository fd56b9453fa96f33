/** C4.2, C5.5: the daily 18:00 local cutoff run: closes tonight's requests, fixes the night's plan. */

import type { Context } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { nothingCounted, ofRun } from '../../runtime/metrics.ts';
import { withRuntime } from '../../runtime/middleware.ts';
import { reportRun } from '../../runtime/scheduled-run.ts';
import { noticeDeps } from '../../runtime/wiring/mail.ts';
import { cutoffApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'ALERT_TOPIC_ARN',
  'SES_CONFIGURATION_SET',
]);
const app = cutoffApp(noticeDeps(env));

export const handler = withRuntime(async (event: unknown, context: Context) =>
  reportRun(await app(event, invocationOf(context)), ofRun(nothingCounted)),
);
