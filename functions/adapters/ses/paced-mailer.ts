/**
 * A Mailer that paces another: at most `perSecond` sends started per second by this instance, one
 * every 1000 / perSecond ms. bench/DESIGN.md "Design for 100,000 servers", Rates: the notice run's
 * shard workers share the account's SES sending rate, so each worker paces itself at rate ÷ workers
 * (the stack sets SES_SEND_RATE to that share). The inner Mailer's own retries (SesMailer backoff)
 * happen inside the slot of the send they belong to.
 *
 * The next slot is reserved before awaiting, so concurrent callers in one process queue up behind
 * each other instead of all seeing the same free slot. An idle spell earns no burst: after a pause
 * the next send starts at once, the one after it an interval later.
 */
import type { Mailer, OutgoingMail } from '../../application/ports.ts';
import { sleep as realSleep } from './backoff.ts';

export type PacedMailerOptions = {
  /** Milliseconds on a monotonic-enough clock; Date.now by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export class PacedMailer implements Mailer {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The earliest time the next send may start. */
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly inner: Mailer,
    perSecond: number,
    options: PacedMailerOptions = {},
  ) {
    if (!Number.isFinite(perSecond) || perSecond <= 0) {
      throw new RangeError(
        `PacedMailer: perSecond must be a positive, finite number of sends; got ${perSecond}`,
      );
    }
    this.intervalMs = 1000 / perSecond;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const now = this.now();
    const start = Math.max(now, this.nextSlot);
    // Reserved before the first await: a concurrent caller sees this slot taken.
    this.nextSlot = start + this.intervalMs;
    // Rounded up to the whole milliseconds timers count in, so no send starts before its slot.
    if (start > now) await this.sleep(Math.ceil(start - now));
    return this.inner.send(mail);
  }
}
