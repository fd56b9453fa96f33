/** C4.2, C5.5: the daily 18:00 local cutoff run: closes tonight's requests, fixes the night's plan. */
import { readEnv } from '../runtime/env.ts';
import { withRuntime } from '../runtime/middleware.ts';
import { reportRun } from '../runtime/scheduled-run.ts';
import { noticeDeps } from '../runtime/wiring.ts';
import { cutoffApp } from './app.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG', 'SENDER_ADDRESS', 'REPLY_DOMAIN', 'ALERT_TOPIC_ARN']);
const app = cutoffApp(noticeDeps(env));

export const handler = withRuntime(async (event: unknown) => reportRun(await app(event)));
