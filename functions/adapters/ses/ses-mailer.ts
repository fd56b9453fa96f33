/**
 * Mailer (ports.ts) on Amazon SES SendRawEmail: the composed MIME goes out as is, to the
 * envelope recipients given. Throttling and transient errors are retried with backoff; a
 * permanent rejection throws MailRejectedError at once.
 *
 * Build the client with `maxAttempts: 1` in the composition root, so that this retry loop is the
 * only one (the SDK's own retries would multiply it).
 */
import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { MailRejectedError, MailUnavailableError } from '../../application/mail-errors.ts';
import type { Mailer, OutgoingMail } from '../../application/ports.ts';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep as realSleep } from './backoff.ts';
import { classifySesError, errorCode } from './classify-ses-error.ts';
import { toMime } from './mime.ts';

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
    private readonly client: SESClient,
    private readonly options: SesMailerOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const command = new SendRawEmailCommand({
      Source: mail.from,
      Destinations: mail.to,
      RawMessage: { Data: await toMime(mail) },
      // DESIGN.md rule 4: the attempt's tag comes back in the configuration set's events.
      ...(mail.tags ? { Tags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
      ...(this.options.configurationSetName
        ? { ConfigurationSetName: this.options.configurationSetName }
        : {}),
    });
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
