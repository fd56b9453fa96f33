/**
 * The MailTracker on the local system (DESIGN.md rule 4): the local SES store plays the part of
 * SES's sending events. A message it holds with the attempt's `X-Notice-Attempt` header was
 * accepted; the store answers at once, so an attempt it does not hold was never accepted (lost).
 */
import type { MailTracker } from '../functions/application/ports.ts';
import type { SesLocalStore } from './services/ses-local.ts';

const ATTEMPT_HEADER = /^X-Notice-Attempt:[ \t]*(\S+)/im;

export class SesStoreMailTracker implements MailTracker {
  /** The attempt id of every stored message read so far (messages never change). */
  private readonly attempts = new Map<string, string | undefined>();

  constructor(private readonly store: Pick<SesLocalStore, 'list' | 'raw'>) {}

  async outcome(attempt: { id: string }) {
    for (const email of await this.store.list()) {
      if (!this.attempts.has(email.messageId)) {
        const raw = await this.store.raw(email.messageId);
        const head = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0 || raw.length);
        this.attempts.set(email.messageId, ATTEMPT_HEADER.exec(head)?.[1]);
      }
      if (this.attempts.get(email.messageId) === attempt.id) {
        return { outcome: 'sent' as const, messageId: email.messageId };
      }
    }
    return { outcome: 'lost' as const };
  }
}
