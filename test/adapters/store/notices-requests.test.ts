import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../functions/domain/errors.ts';
import { Notice, type PostponementDecision, PostponementRequest } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, nextServerId, notice, request, uniq } from './fixtures.ts';

const decision = (over: Partial<PostponementDecision> = {}): PostponementDecision => ({
  outcome: 'granted',
  clause: 'C4.4',
  reason: 'within 28 days and 2 postponements',
  decidedBy: 'system',
  decidedAt: '2026-11-25T09:00:01.000Z',
  ...over,
});

describe('notice store', () => {
  const t = useTestStore();

  it('C3.4 a notice has a deterministic id: a second run finds the first one ("existing")', async () => {
    const customerId = `c-${uniq()}`;
    const n = notice(`${customerId}:2026-12-02T01:00:00Z:scheduled`, customerId);
    expect(await t.store.notices.createNotice(n, audit(n.id, { customerId }))).toBe('created');
    expect(await t.store.notices.createNotice(n, audit(n.id, { customerId }))).toBe('existing');
    expect(await t.store.notices.getNotice(n.id)).toEqual(n);
  });

  it('lists notices by customer and updates one under its version', async () => {
    const customerId = `c-${uniq()}`;
    const a = notice(`n-${uniq()}`, customerId, { sendBy: '2026-11-24T12:00:00.000Z' });
    const b = notice(`n-${uniq()}`, customerId, { sendBy: '2026-12-01T12:00:00.000Z' });
    for (const n of [b, a]) await t.store.notices.createNotice(n, audit(n.id, { customerId }));
    expect((await t.store.notices.listNoticesByCustomer(customerId)).map((n) => n.id)).toEqual([a.id, b.id]);

    const sent = { ...a, status: 'sent' as const, sentAt: '2026-11-24T12:00:03.000Z', messageId: 'm-1' };
    const stored = await t.store.notices.updateNotice(
      sent,
      0,
      audit(a.id, { type: 'notice.sent', customerId }),
    );
    expect(stored).toEqual({ ...sent, version: 1 });
    expect(Notice.parse(await t.store.notices.getNotice(a.id))).toEqual(stored);
    // The same update again is a replay (success); a different one at the old version lost its race.
    expect(await t.store.notices.updateNotice(sent, 0, audit(a.id))).toEqual(stored);
    await expect(
      t.store.notices.updateNotice({ ...a, status: 'failed' }, 0, audit(a.id)),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await t.store.audit.listBySubject(a.id)).toHaveLength(2);
  });
});

describe('request store (C4, C5.4)', () => {
  const t = useTestStore();

  it('lists requests by change and by customer', async () => {
    const customerId = `c-${uniq()}`;
    const changeId = `rel-1:${nextServerId()}`;
    const r1 = request(`r-${uniq()}`, changeId, customerId);
    const r2 = request(`r-${uniq()}`, `rel-2:${nextServerId()}`, customerId, {
      receivedAt: '2026-11-26T09:00:00.000Z',
    });
    for (const r of [r1, r2]) await t.store.requests.saveRequest(r, audit(r.id, { customerId }));
    expect(await t.store.requests.listRequestsByChange(changeId)).toEqual([r1]);
    const byCustomer = await t.store.requests.listRequestsByCustomer(customerId);
    expect(byCustomer.map((r) => r.id)).toEqual([r1.id, r2.id]);
    for (const r of byCustomer) expect(PostponementRequest.safeParse(r).success).toBe(true);
    expect(await t.store.requests.getRequest(r1.id)).toEqual(r1);
  });

  it('C4.4 pending reviews are listed until the CS team decides them', async () => {
    const customerId = `c-${uniq()}`;
    const r = request(`r-${uniq()}`, `rel-1:${nextServerId()}`, customerId);
    await t.store.requests.saveRequest(r, audit(r.id, { customerId }));
    const pending = decision({ outcome: 'pending-review', reason: 'beyond 28 days' });
    await t.store.requests.decide(r.id, pending, audit(r.id, { type: 'request.pending-review' }));
    expect((await t.store.requests.listPendingReviews()).map((x) => x.id)).toContain(r.id);

    const approved = decision({ decidedBy: 'cs@provider.example', decidedAt: '2026-11-26T10:00:00.000Z' });
    await t.store.requests.decide(r.id, approved, audit(r.id, { type: 'request.granted' }));
    expect((await t.store.requests.listPendingReviews()).map((x) => x.id)).not.toContain(r.id);
    expect((await t.store.requests.getRequest(r.id))?.decision).toEqual(approved);
    expect(await t.store.audit.listBySubject(r.id)).toHaveLength(3);
  });

  it('C10.1 a decision is recorded once: the same one again is a no-op, a different one a ConflictError', async () => {
    const r = request(`r-${uniq()}`, `rel-1:${nextServerId()}`, 'acme');
    await t.store.requests.saveRequest(r, audit(r.id));
    const refused = decision({ outcome: 'refused', clause: 'C4.2', reason: 'received after 18:00' });
    await t.store.requests.decide(r.id, refused, audit(r.id));
    await t.store.requests.decide(r.id, refused, audit(r.id));
    await expect(t.store.requests.decide(r.id, decision(), audit(r.id))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await t.store.requests.getRequest(r.id))?.decision).toEqual(refused);
    expect(await t.store.audit.listBySubject(r.id)).toHaveLength(2);
  });

  it('C10.1 two concurrent decisions of one request: exactly one is recorded', async () => {
    const r = request(`r-${uniq()}`, `rel-1:${nextServerId()}`, 'acme');
    await t.store.requests.saveRequest(r, audit(r.id));
    const results = await Promise.allSettled([
      t.store.requests.decide(r.id, decision(), audit(r.id)),
      t.store.requests.decide(r.id, decision({ outcome: 'refused', reason: 'no' }), audit(r.id)),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(await t.store.audit.listBySubject(r.id)).toHaveLength(2);
  });

  it('deciding an unknown request is NotFoundError', async () => {
    await expect(t.store.requests.decide(`r-${uniq()}`, decision(), audit('x'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
