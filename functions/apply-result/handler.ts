/** C6.2–C6.4, C8.1–C8.3, C9.4: one SSM invocation finished; record it, notify or alert. */
import { handleCommandResult } from '../application/runs/handle-command-result.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { readEnv } from '../runtime/env.ts';
import { emitContractMetrics } from '../runtime/metrics.ts';
import { logger, withRuntime } from '../runtime/middleware.ts';
import { systemClock } from '../runtime/system-clock.ts';
import { fleetFor, noticeDeps } from '../runtime/wiring.ts';
import { CommandStatusEvent } from './schema.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'ALERT_TOPIC_ARN',
  'PATCH_DOCUMENT_NAME',
  'BACKUP_DOCUMENT_NAME',
]);
const deps = {
  ...noticeDeps(env),
  fleet: fleetFor({ patch: env.PATCH_DOCUMENT_NAME, backup: env.BACKUP_DOCUMENT_NAME }),
};

/** The deployed document name back to the logical one the use case speaks. */
const documentOf = (name: string) =>
  name === env.PATCH_DOCUMENT_NAME || name === 'PatchServer'
    ? ('PatchServer' as const)
    : name === env.BACKUP_DOCUMENT_NAME || name === 'BackupImage'
      ? ('BackupImage' as const)
      : undefined;

export const handler = withRuntime(async (event: unknown) => {
  const { detail } = parseOrThrow(CommandStatusEvent, event, 'command status event');
  const result = await handleCommandResult(deps, {
    commandId: detail['command-id'],
    instanceId: detail['instance-id'],
    status: detail.status,
    document: documentOf(detail['document-name']),
  });
  if (result.recorded === 'nothing') logger.info('nothing to record', { reason: result.reason });
  else logger.info('command result recorded', { result });
  emitContractMetrics(result, systemClock);
  return result;
});
