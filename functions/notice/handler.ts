/** C3.2, C3.4, C3.5, C5.2: the daily 12:00 local notice run for one time zone. */
import { readEnv } from '../runtime/env.ts';
import { withRuntime } from '../runtime/middleware.ts';
import { reportRun } from '../runtime/scheduled-run.ts';
import { noticeDeps } from '../runtime/wiring.ts';
import { noticeApp } from './app.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG', 'SENDER_ADDRESS', 'REPLY_DOMAIN', 'ALERT_TOPIC_ARN']);
const app = noticeApp(noticeDeps(env));

export const handler = withRuntime(async (event: unknown) => reportRun(await app(event)));
