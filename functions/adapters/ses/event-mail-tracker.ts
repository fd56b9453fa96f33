/**
 * The MailTracker in AWS (DESIGN.md rule 4): SES publishes each message's events through the
 * configuration set to the mail-events function, which records them by the attempt's tag
 * (mail-event-store.ts). An attempt with a `send` event was accepted; with a `reject` or
 * `rendering-failure` it was refused for good; with none after SES_EVENT_WAIT_MINUTES, SES never
 * accepted it (its Send event comes within seconds of acceptance), so it is lost.
 */
import type { AttemptOutcome, MailEventStore, MailTracker } from '../../application/ports.ts';
import type { Instant } from '../../domain/calendar.ts';

export const SES_EVENT_WAIT_MINUTES = 10;

export function eventMailTracker(events: Pick<MailEventStore, 'listMailEvents'>): MailTracker {
  return {
    async outcome(attempt, now) {
      const seen = await events.listMailEvents(attempt.id);
      const refused = seen.find((e) => e.type === 'reject' || e.type === 'rendering-failure');
      if (refused) return { outcome: 'rejected', messageId: refused.messageId };
      const accepted = seen[0];
      if (accepted) return { outcome: 'sent', messageId: accepted.messageId };
      return { outcome: waitedLongEnough(attempt.at, now) ? 'lost' : ('unknown' satisfies AttemptOutcome) };
    },
  };
}

const waitedLongEnough = (at: Instant, now: Instant): boolean =>
  at.add({ minutes: SES_EVENT_WAIT_MINUTES }).epochMilliseconds <= now.epochMilliseconds;
