/** C3.2, C3.4, C3.5, C5.2: the daily 12:00 local notice run for one time zone. */
import { runNotice } from '../application/runs/run-notice.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { readEnv } from '../runtime/env.ts';
import { withRuntime } from '../runtime/middleware.ts';
import { reportRun, toRunInput } from '../runtime/scheduled-run.ts';
import { noticeDeps } from '../runtime/wiring.ts';
import { NoticeRunEvent } from './schema.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG', 'SENDER_ADDRESS', 'REPLY_DOMAIN', 'ALERT_TOPIC_ARN']);
const deps = noticeDeps(env);

export const handler = withRuntime(async (event: unknown) => {
  const input = toRunInput(parseOrThrow(NoticeRunEvent, event, 'notice run input'));
  return reportRun(await runNotice(deps, input));
});
