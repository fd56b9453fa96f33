import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ATTEMPT_TAG, type MailTracker } from '../../functions/application/ports.ts';

/**
 * The mail service's sending events, as the mocked SES saw them (DESIGN.md rule 4): an attempt whose
 * tagged SendRawEmail succeeded was accepted; one never asked was lost.
 */
export function mockSesTracker(h: { ses: AwsClientStub<SESClient> }): MailTracker {
  return {
    async outcome(attempt) {
      const accepted = await Promise.all(
        h.ses.commandCalls(SendRawEmailCommand).map(async (call) => {
          const tag = call.args[0].input.Tags?.find((t) => t.Name === ATTEMPT_TAG)?.Value;
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
