/**
 * Mailer (ports.ts) on Amazon SES v2 SendEmail with Simple content (send-email-input.ts): SES
 * composes the MIME message. Throttling and transient errors are retried with backoff; a
 * permanent rejection throws MailRejectedError at once.
 *
 * Build the client with `maxAttempts: 1` in the composition root, so that this retry loop is the
 * only one (the SDK's own retries would multiply it).
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MailRejectedError, MailUnavailableError } from '../../application/mail-errors.ts';
import type { Mailer, OutgoingMail } from '../../application/ports.ts';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep as realSleep } from './backoff.ts';
import { classifySesError, errorCode } from './classify-ses-error.ts';
import { sendEmailInput } from './send-email-input.ts';

export { MailRejectedError, MailUnavailableError };

export type SesMailerOptions = {
  /** A configuration set for event publishing (bounces, complaints), if any. */
  configurationSetName?: string;
  backoff?: BackoffPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

export class SesMailer implements Mailer {
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const command = new SendEmailCommand(
      sendEmailInput(mail, { configurationSetName: this.options.configurationSetName }),
    );
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.client.send(command);
        if (!result.MessageId)
          throw new MailUnavailableError('NoMessageId', attempt, 'SES returned no MessageId');
        return { messageId: result.MessageId };
      } catch (error) {
        if (error instanceof MailUnavailableError) throw error;
        const kind = classifySesError(error);
        const code = errorCode(error);
        const message = (error as Error).message ?? String(error);
        if (kind === 'rejected') throw new MailRejectedError(code, message);
        if (kind === 'quota' || attempt >= this.backoff.maxAttempts) {
          throw new MailUnavailableError(code, attempt, message);
        }
        await this.sleep(backoffDelay(this.backoff, attempt, this.random()));
      }
    }
  }
}
