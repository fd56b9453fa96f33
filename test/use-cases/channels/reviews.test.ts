import { describe, expect, it } from 'vitest';
import { decideReview, listReviews } from '../../../functions/application/channels/decide-review.ts';
import { requestPostponement } from '../../../functions/application/channels/request-postponement.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { seedCustomer, sentMail, useChannelWorld } from './channel-world.ts';

const world = useChannelWorld();

/** A request far beyond the 28-day limit (C4.4): it waits for the CS team. */
const farRequest = (s: Awaited<ReturnType<typeof seedCustomer>>, key: string) =>
  requestPostponement(world.deps, {
    changeIds: [s.change.id],
    customerId: s.customer.id,
    via: 'api',
    requester: `ops@${s.customer.id}.example`,
    reason: 'Our plant is shut down for the winter.',
    requestedDate: '2027-02-17',
    riskAcceptance: { by: 'ops', at: '2026-11-25T09:00:00.000Z', words: 'We accept the risks.' },
    receivedAt: toInstant('2026-11-25T09:00:00Z'),
    requestKey: key,
  });

describe('reviews (C4.4)', () => {
  it('C4.4 one review per change: a second request beyond the limits is refused while the first waits, and the change moves once', async () => {
    const s = await seedCustomer(world.deps);
    const [first] = await farRequest(s, 'k-1');
    expect(first?.outcome).toBe('pending-review');
    const [second] = await farRequest(s, 'k-2');
    expect(second).toMatchObject({ outcome: 'refused', clause: 'C4.4' });
    expect(second?.reason).toMatch(
      /earlier request for this change.*is waiting for our Customer Success team/,
    );

    await decideReview(world.deps, {
      requestId: first?.requestId as string,
      approve: true,
      reason: 'The shutdown is planned.',
      actor: 'cs@provider.example',
    });
    expect(await world.deps.store.changes.getChange(s.change.id)).toMatchObject({
      state: 'postponed',
      postponementCount: 1,
      applyAt: '2027-02-17T01:00:00.000Z',
    });
  });

  it('C4.4 a review whose change was superseded closes itself with word to the customer, and approving it does not fail', async () => {
    const s = await seedCustomer(world.deps);
    const [waiting] = await farRequest(s, 'k-1');
    const change = await world.deps.store.changes.getChange(s.change.id);
    if (!change) throw new Error('no change');
    await world.deps.store.commit([
      {
        update: 'change',
        record: {
          ...change,
          state: 'superseded',
          history: [
            ...change.history,
            {
              at: '2026-11-26T09:00:00.000Z',
              from: change.state,
              to: 'superseded',
              actor: 'cs',
              reason: 'replaced by release rel-9 (version 2.0.0)',
            },
          ],
        },
        expectedVersion: change.version,
      },
    ]);
    const mailsBefore = sentMail().length;
    // The CS team approves every waiting request at once: this one closes itself instead of failing.
    const decision = await decideReview(world.deps, {
      requestId: waiting?.requestId as string,
      approve: true,
      reason: 'ok',
      actor: 'cs@provider.example',
    });
    expect(decision).toMatchObject({ outcome: 'refused', decidedBy: 'system:review-closed' });
    expect(decision.reason).toMatch(/replaced by release rel-9/);
    expect((await world.deps.store.changes.getChange(s.change.id))?.state).toBe('superseded');
    const told = sentMail().slice(mailsBefore);
    expect(told.map((m) => m.to)).toEqual([s.customer.contacts]);
    expect(told[0]?.text).toMatch(/rel-9/);
    expect((await listReviews(world.deps)).map((r) => r.id)).not.toContain(waiting?.requestId);
  });

  it('C4.4 listing the reviews closes those whose change was applied meanwhile', async () => {
    const s = await seedCustomer(world.deps);
    const [waiting] = await farRequest(s, 'k-1');
    const change = await world.deps.store.changes.getChange(s.change.id);
    if (!change) throw new Error('no change');
    await world.deps.store.commit([
      { update: 'change', record: { ...change, state: 'applying' }, expectedVersion: change.version },
    ]);
    const listed = await listReviews(world.deps);
    expect(listed.map((r) => r.id)).not.toContain(waiting?.requestId);
    const closed = await world.deps.store.requests.getRequest(waiting?.requestId as string);
    expect(closed?.decision).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/already been applied/),
    });
  });
});
