/** C6.2–C6.4, C8.1–C8.3, C9.4: one SSM invocation finished; record it, notify or alert. */

import type { Context } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { commandResultCounts, publishCounts } from '../../runtime/metrics.ts';
import { logger, withRuntime } from '../../runtime/middleware.ts';
import { fleetFor } from '../../runtime/wiring/fleet.ts';
import { noticeDeps } from '../../runtime/wiring/mail.ts';
import { applyResultApp } from './app.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'SES_CONFIGURATION_SET',
  'ALERT_TOPIC_ARN',
  'PATCH_DOCUMENT_NAME',
  'BACKUP_DOCUMENT_NAME',
]);
const names = { patch: env.PATCH_DOCUMENT_NAME, backup: env.BACKUP_DOCUMENT_NAME };
const app = applyResultApp({ ...noticeDeps(env), fleet: fleetFor(names) }, names);

export const handler = withRuntime(async (event: unknown, context: Context) => {
  const result = await app(event, invocationOf(context));
  if (result.recorded === 'nothing') logger.info('nothing to record', { reason: result.reason });
  else logger.info('command result recorded', { result });
  publishCounts(commandResultCounts(result));
  return result;
});
