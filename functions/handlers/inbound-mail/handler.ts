/**
 * C4.1, C12.2: emailed postponement requests. SES stores the message (S3) and notifies SNS; this
 * reads each notification and hands the message to handleInboundReply.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SNSEvent } from 'aws-lambda';
import { s3ObjectReader } from '../../adapters/s3/s3-object.ts';
import { channelDepsFromEnv } from '../../api/channel-deps.ts';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { logger, withRuntime } from '../../runtime/middleware.ts';
import { processNotification } from './process-notification.ts';

const deps = channelDepsFromEnv();
// The bucket SES stores the messages in: a message named in another bucket is refused (never read).
const { INBOUND_BUCKET } = readEnv(['INBOUND_BUCKET']);
const readObject = s3ObjectReader(new S3Client({}), INBOUND_BUCKET);

export const handler = withRuntime(async (event: SNSEvent, context: Context) => {
  const held = { ...deps, holder: invocationOf(context) }; // DESIGN.md rule 5
  for (const record of event.Records) {
    const outcome = await processNotification(held, record.Sns.Message, readObject);
    logger.info('inbound mail', {
      snsMessageId: record.Sns.MessageId,
      ...outcome,
      results: outcome.results?.length,
    });
  }
});
