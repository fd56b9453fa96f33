/**
 * A Mailer decorator for the scenario's mail faults ({service: ses, mode, from, to}): inside a
 * window, sending fails as SES would make the real adapter fail after its retries, throttling as
 * MailUnavailableError and a rejection as MailRejectedError (C3.5: the notice moves and the CS team
 * is alerted). Outside every window it sends through the real SES adapter.
 */
import { MailRejectedError, MailUnavailableError } from '../functions/application/mail-errors.ts';
import type { Clock, Mailer, OutgoingMail } from '../functions/application/ports.ts';
import type { Instant } from '../functions/domain/calendar.ts';

export type MailFaultWindow = { mode: 'throttle' | 'reject'; from: Instant; to: Instant };

export class FaultyMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly clock: Clock,
    private readonly windows: readonly MailFaultWindow[],
  ) {}

  /** The window in force at `at` (start inclusive, end exclusive), if any. */
  windowAt(at: Instant): MailFaultWindow | undefined {
    const t = at.epochMilliseconds;
    return this.windows.find((w) => w.from.epochMilliseconds <= t && t < w.to.epochMilliseconds);
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const window = this.windowAt(this.clock.now());
    if (window?.mode === 'throttle') {
      throw new MailUnavailableError('Throttling', 3, 'Maximum sending rate exceeded (simulated fault)');
    }
    if (window?.mode === 'reject') {
      throw new MailRejectedError('MessageRejected', 'Email address is not verified (simulated fault)');
    }
    return this.inner.send(mail);
  }
}
