/**
 * C4.1, C12.2: emailed postponement requests. SES stores the message (S3) and notifies SNS; this
 * reads each notification and hands the message to handleInboundReply.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { channelDepsFromEnv } from '../api/channel-deps.ts';
import { logger, withRuntime } from '../runtime/middleware.ts';
import { processNotification } from './process-notification.ts';
import { s3ObjectReader } from './s3-object.ts';

const deps = channelDepsFromEnv();
const readObject = s3ObjectReader(undefined, process.env.INBOUND_BUCKET || undefined);

export const handler = withRuntime(async (event: SNSEvent, _context: Context) => {
  for (const record of event.Records) {
    const outcome = await processNotification(deps, record.Sns.Message, readObject);
    logger.info('inbound mail', {
      snsMessageId: record.Sns.MessageId,
      ...outcome,
      results: outcome.results?.length,
    });
  }
});
