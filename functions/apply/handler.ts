/** C3.1, C5.2, C6.1, C6.5, C11.2: the hourly overnight apply run, and the reconciler of missed results. */
import { runApply } from '../application/runs/run-apply.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { readEnv } from '../runtime/env.ts';
import { withRuntime } from '../runtime/middleware.ts';
import { reportRun, toRunInput } from '../runtime/scheduled-run.ts';
import { fleetFor, noticeDeps } from '../runtime/wiring.ts';
import { ApplyRunEvent } from './schema.ts';

const env = readEnv([
  'TABLE_NAME',
  'CONTRACT_CONFIG',
  'PATCH_DOCUMENT_NAME',
  'ALERT_TOPIC_ARN',
  // The reconciler records failures, and C8.2 wants their notice sent at once.
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
]);
const deps = { ...noticeDeps(env), fleet: fleetFor({ patch: env.PATCH_DOCUMENT_NAME }) };

export const handler = withRuntime(async (event: unknown) => {
  const input = toRunInput(parseOrThrow(ApplyRunEvent, event, 'apply run input'));
  return reportRun(await runApply(deps, input));
});
