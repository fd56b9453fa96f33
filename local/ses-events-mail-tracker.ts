/**
 * The MailTracker on the local system (DESIGN.md rule 4): the local SES events (the proxy in front
 * of the local SES server, local/services/ses-events.ts) play the part of SES's configuration-set
 * events. An attempt the server accepted is recorded there at once, so an attempt not recorded was
 * never accepted: lost.
 */
import { ATTEMPT_TAG, type MailTracker } from '../functions/application/ports.ts';
import type { SesEventLog } from './services/ses-events.ts';

export function sesEventsMailTracker(log: SesEventLog): MailTracker {
  return {
    async outcome(attempt) {
      const event = log.byTag(ATTEMPT_TAG, attempt.id);
      return event ? { outcome: 'sent', messageId: event.messageId } : { outcome: 'lost' };
    },
  };
}
