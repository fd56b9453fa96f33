import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Write } from '../../../functions/application/ports.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, change, customer, nextServerId, server, uniq } from './fixtures.ts';

describe('Store.commit: one transition, one transaction (DESIGN.md rule 1)', () => {
  const t = useTestStore();

  async function aChange() {
    const c = customer(`c-${uniq()}`);
    const s = server(nextServerId(), c.id, 'hyperstack');
    await t.store.commit([
      { create: 'change', record: change({ serverId: s.id, customerId: c.id, id: `rel:${s.id}` }) },
    ]);
    return (await t.store.changes.getChange(`rel:${s.id}`)) as NonNullable<
      Awaited<ReturnType<typeof t.store.changes.getChange>>
    >;
  }

  it('C10.1 writes a state change with its audit event and an alert together, or nothing of them', async () => {
    const c = await aChange();
    const moved: Write[] = [
      { update: 'change', record: { ...c, state: 'notified' }, expectedVersion: c.version },
      { audit: audit(c.id, { id: `ev-${uniq()}`, type: 'change.notified' }) },
      {
        create: 'alert',
        record: {
          id: `alert-${uniq()}`,
          at: '2026-11-02T12:00:00.000Z',
          reason: 'r',
          status: 'pending',
          version: 0,
        },
      },
    ];
    await expect(t.store.commit(moved)).resolves.toBe('written');
    // The same transition again is a replay: nothing written twice.
    await expect(t.store.commit(moved)).resolves.toBe('replayed');

    // A stale version loses the race, and its audit event and alert are not written either.
    const alertId = `alert-${uniq()}`;
    const stale: Write[] = [
      { update: 'change', record: { ...c, state: 'postponed' }, expectedVersion: c.version },
      { audit: audit(c.id, { id: `ev-${uniq()}`, type: 'change.postponed' }) },
      {
        create: 'alert',
        record: { id: alertId, at: '2026-11-02T12:00:00.000Z', reason: 'r', status: 'pending', version: 0 },
      },
    ];
    await expect(t.store.commit(stale)).rejects.toBeInstanceOf(ConflictError);
    expect(await t.store.alerts.getAlert(alertId)).toBeUndefined();
    expect((await t.store.changes.getChange(c.id))?.state).toBe('notified');
  });

  it('C10.1 DESIGN.md rule 6: an event already recorded with the same content is a replay, alone or not', async () => {
    const event = audit(`subject-${uniq()}`, { id: `ev-${uniq()}` });
    await expect(t.store.commit([{ audit: event }])).resolves.toBe('written');
    await expect(t.store.commit([{ audit: event }])).resolves.toBe('replayed');
    await expect(t.store.commit([{ audit: { ...event, data: { other: true } } }])).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('C12.2 a revoked token is gone, and revoking it again changes nothing', async () => {
    const hash = createHash('sha256').update(uniq()).digest('hex');
    await t.store.commit([
      {
        create: 'token',
        record: { hash, noticeId: 'n-1', customerId: 'acme', expiresAt: toInstant('2026-12-01T00:00:00Z') },
      },
    ]);
    expect(await t.store.tokens.owner(hash)).toEqual({ noticeId: 'n-1', customerId: 'acme' });
    await t.store.commit([{ revoke: 'token', hash }]);
    await t.store.commit([{ revoke: 'token', hash }]);
    expect(await t.store.tokens.owner(hash)).toBeUndefined();
  });

  it('refuses a transition of more than 100 items, or one writing an item twice, before writing anything', async () => {
    const events = Array.from({ length: 101 }, () => ({
      audit: audit(`s-${uniq()}`, { id: `ev-${uniq()}` }),
    }));
    await expect(t.store.commit(events)).rejects.toBeInstanceOf(ValidationError);
    const event = audit(`s-${uniq()}`, { id: `ev-${uniq()}` });
    await expect(t.store.commit([{ audit: event }, { audit: event }])).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
