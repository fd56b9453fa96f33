/** DESIGN.md rule 4: SES's sending events (via SNS): each recorded by its attempt; an accepted one completes its notice. */
import type { Context, SNSEvent } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { logger, withRuntime } from '../../runtime/middleware.ts';
import { baseDeps } from '../../runtime/wiring/store.ts';
import { mailEventsApp } from './app.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG']);
const app = mailEventsApp(baseDeps(env));

export const handler = withRuntime(async (event: SNSEvent, context: Context) => {
  for (const record of event.Records) {
    const outcome = await app(record.Sns.Message, invocationOf(context));
    logger.info('mail event', { snsMessageId: record.Sns.MessageId, ...outcome });
  }
});
