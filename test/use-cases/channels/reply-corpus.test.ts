/**
 * The reply corpus (test/fixtures/replies/corpus.ts) through the whole inbound path: the SES
 * notification, parseInbound, handleInboundReply, the store on DynamoDB Local and the SES mailer.
 * Each reply reaches the outcome the corpus states: the date the customer wrote granted (or sent
 * to review), a refusal with a reply saying why, or nothing at all for what is not a request.
 */
import { describe, expect, it } from 'vitest';
import { processNotification } from '../../../functions/handlers/inbound-mail/process-notification.ts';
import { REPLY_CORPUS } from '../../fixtures/replies/corpus.ts';
import { seedCustomer, sentMail, useChannelWorld } from './channel-world.ts';
import { fixtureFor, notification } from './inbound-delivery.ts';

const world = useChannelWorld();
const noS3 = async () => {
  throw new Error('the corpus is delivered inline');
};

describe('the reply corpus, end to end (C4.1, C4.3, C4.4, C12.2)', () => {
  it.each(REPLY_CORPUS.map((e) => [e.file, e] as const))('%s', async (file, entry) => {
    const s = await seedCustomer(world.deps);
    const raw = fixtureFor(file, s, 'corpus');
    const verdicts = entry.verdicts ? Object.fromEntries(Object.entries(entry.verdicts)) : undefined;
    const out = await processNotification(
      world.deps,
      notification(raw, s, verdicts ? { verdicts } : {}),
      noS3,
    );
    const requests = await world.deps.store.requests.listRequestsByChange(s.change.id);
    const o = entry.outcome;
    if ('granted' in o) {
      expect(out).toMatchObject({
        status: 'processed',
        results: [{ outcome: 'granted', newApplyAt: o.granted }],
      });
      const words = entry.command.type === 'postpone' ? entry.command.riskAcceptanceWords : undefined;
      expect(requests[0]?.riskAcceptance?.words).toBe(words); // C4.3 the exact words
    } else if ('pendingReview' in o) {
      expect(out).toMatchObject({ status: 'processed', results: [{ outcome: 'pending-review' }] });
      expect(requests[0]?.requestedDate).toBe(o.pendingReview); // never the next window instead
    } else if ('refusedByPolicy' in o) {
      expect(out.results).toEqual([
        expect.objectContaining({ outcome: 'refused', clause: o.refusedByPolicy }),
      ]);
    } else if ('refusedWithReply' in o) {
      expect(out).toMatchObject({ status: 'refused', replied: true });
      expect(out.reason.startsWith(`${o.refusedWithReply}:`)).toBe(true);
      expect(requests).toEqual([]);
      const [reply] = sentMail();
      expect(reply?.to).toEqual([entry.from.replace('acme.example', `${s.customer.id}.example`)]);
      const text = reply?.text ?? '';
      if (entry.command.type === 'postpone' && entry.command.dateProblem)
        expect(text).toContain(entry.command.dateProblem.explanation);
    } else {
      expect(out).toMatchObject({ status: 'ignored' in o ? 'ignored' : 'refused', replied: false });
      expect(requests).toEqual([]);
      expect(sentMail()).toEqual([]);
    }
  });
});
