/** C4.2, C5.5: the daily 18:00 local cutoff run: closes tonight's requests, fixes the night's plan. */
import { runCutoff } from '../application/runs/run-cutoff.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { readEnv } from '../runtime/env.ts';
import { withRuntime } from '../runtime/middleware.ts';
import { reportRun, toRunInput } from '../runtime/scheduled-run.ts';
import { noticeDeps } from '../runtime/wiring.ts';
import { CutoffRunEvent } from './schema.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG', 'SENDER_ADDRESS', 'REPLY_DOMAIN', 'ALERT_TOPIC_ARN']);
const deps = noticeDeps(env);

export const handler = withRuntime(async (event: unknown) => {
  const input = toRunInput(parseOrThrow(CutoffRunEvent, event, 'cutoff run input'));
  return reportRun(await runCutoff(deps, input));
});
