import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ATTEMPT_TAG, type MailTracker } from '../../functions/application/ports.ts';

/**
 * The mail service's sending events, as the mocked SES saw them (DESIGN.md rule 4): an attempt whose
 * tagged SendEmail succeeded was accepted; one never asked was lost.
 */
export function mockSesTracker(h: { ses: AwsClientStub<SESv2Client> }): MailTracker {
  return {
    async outcome(attempt) {
      const accepted = await Promise.all(
        h.ses.commandCalls(SendEmailCommand).map(async (call) => {
          const tag = call.args[0].input.EmailTags?.find((t) => t.Name === ATTEMPT_TAG)?.Value;
          const result = (await call.returnValue.catch(() => undefined)) as
            | { MessageId?: string }
            | undefined;
          return tag === attempt.id && result?.MessageId ? result.MessageId : undefined;
        }),
      );
      const messageId = accepted.find(Boolean);
      return messageId ? { outcome: 'sent' as const, messageId } : { outcome: 'lost' as const };
    },
  };
}
