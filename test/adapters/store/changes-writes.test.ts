import { describe, expect, it } from 'vitest';
import { HISTORY_CAP } from '../../../functions/adapters/dynamodb/table-design.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../functions/domain/errors.ts';
import type { Change, ChangeTransition } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, change, nextServerId, uniq } from './fixtures.ts';

describe('change store: conditional writes with their audit events', () => {
  const t = useTestStore();
  const newChange = (over: Partial<Change> = {}) =>
    change({ serverId: nextServerId(), customerId: `c-${uniq()}`, ...over });

  it('C10.1 creation is idempotent: the same change again is "existing" and writes no second event', async () => {
    const c = newChange();
    expect(await t.store.changes.createChange(c, audit(c.id))).toBe('created');
    expect(await t.store.changes.createChange(c, audit(c.id))).toBe('existing');
    expect(await t.store.audit.listBySubject(c.id)).toHaveLength(1);
  });

  it('C10.1 creation under an existing id with different content is a ConflictError', async () => {
    const c = newChange();
    await t.store.changes.createChange(c, audit(c.id));
    await expect(
      t.store.changes.createChange({ ...c, applyAt: '2026-12-09T01:00:00.000Z' }, audit(c.id)),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await t.store.changes.getChange(c.id)).toEqual(c);
  });

  it('creation stays idempotent after the change has moved on', async () => {
    const c = newChange();
    await t.store.changes.createChange(c, audit(c.id));
    await t.store.changes.updateChanges(
      [{ next: { ...c, state: 'notified' }, expectedVersion: 0 }],
      [audit(c.id)],
    );
    expect(await t.store.changes.createChange(c, audit(c.id))).toBe('existing');
  });

  it('C10.1 two concurrent transitions of one change: exactly one wins and one audit event is written', async () => {
    const c = newChange();
    await t.store.changes.createChange(c, audit(c.id, { type: 'change.planned' }));
    const results = await Promise.allSettled([
      t.store.changes.updateChanges(
        [{ next: { ...c, state: 'notified' }, expectedVersion: 0 }],
        [audit(c.id, { type: 'change.notified' })],
      ),
      t.store.changes.updateChanges(
        [{ next: { ...c, state: 'superseded' }, expectedVersion: 0 }],
        [audit(c.id, { type: 'change.superseded' })],
      ),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);

    const events = await t.store.audit.listBySubject(c.id);
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'change.planned',
        (await t.store.changes.getChange(c.id))?.state === 'notified'
          ? 'change.notified'
          : 'change.superseded',
      ].sort(),
    );
    expect((await t.store.changes.getChange(c.id))?.version).toBe(1);
  });

  it('C11.2 replaying an update that already committed succeeds and writes nothing twice', async () => {
    const c = newChange();
    await t.store.changes.createChange(c, audit(c.id));
    const update = [{ next: { ...c, state: 'notified' as const }, expectedVersion: 0 }];
    const event = audit(c.id, { type: 'change.notified' });
    await t.store.changes.updateChanges(update, [event]);
    await t.store.changes.updateChanges(update, [event]);
    expect(await t.store.changes.getChange(c.id)).toMatchObject({ state: 'notified', version: 1 });
    expect(await t.store.audit.listBySubject(c.id)).toHaveLength(2);
  });

  it('a stale version is a ConflictError and leaves the change and the audit log untouched', async () => {
    const c = newChange();
    await t.store.changes.createChange(c, audit(c.id));
    await t.store.changes.updateChanges(
      [{ next: { ...c, state: 'notified' }, expectedVersion: 0 }],
      [audit(c.id)],
    );
    await expect(
      t.store.changes.updateChanges(
        [{ next: { ...c, state: 'postponed' }, expectedVersion: 0 }],
        [audit(c.id)],
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await t.store.changes.getChange(c.id)).toMatchObject({ state: 'notified', version: 1 });
    expect(await t.store.audit.listBySubject(c.id)).toHaveLength(2);
  });

  it('C10.1 one update losing its race rolls back the whole transaction, audit events included', async () => {
    const a = newChange();
    const b = newChange();
    for (const c of [a, b]) await t.store.changes.createChange(c, audit(c.id));
    await expect(
      t.store.changes.updateChanges(
        [
          { next: { ...a, state: 'notified' }, expectedVersion: 0 },
          { next: { ...b, state: 'notified' }, expectedVersion: 7 },
        ],
        [audit(a.id), audit(b.id)],
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await t.store.changes.getChange(a.id))?.state).toBe('planned');
    expect(await t.store.audit.listBySubject(a.id)).toHaveLength(1);
  });

  it('updating an unknown change is NotFoundError; the same change twice in one call is a ValidationError', async () => {
    const ghost = newChange();
    await expect(
      t.store.changes.updateChanges([{ next: ghost, expectedVersion: 0 }], [audit(ghost.id)]),
    ).rejects.toBeInstanceOf(NotFoundError);
    const c = newChange();
    await t.store.changes.createChange(c, audit(c.id));
    await expect(
      t.store.changes.updateChanges(
        [
          { next: c, expectedVersion: 0 },
          { next: c, expectedVersion: 0 },
        ],
        [],
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it(`C10.1 keeps the latest ${HISTORY_CAP} transitions in the item, far under the 400 KB limit`, async () => {
    const transition = (i: number): ChangeTransition => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      from: 'notified',
      to: 'postponed',
      actor: 'ops@customer.example',
      reason: `postponement ${i} `.padEnd(900, 'x'),
      clause: 'C4.4',
    });
    const c = newChange({ history: Array.from({ length: HISTORY_CAP + 50 }, (_, i) => transition(i)) });
    await t.store.changes.createChange(c, audit(c.id));
    const stored = await t.store.changes.getChange(c.id);
    expect(stored?.history).toHaveLength(HISTORY_CAP);
    expect(stored?.history[0]).toEqual(transition(50));
    expect(stored?.history.at(-1)).toEqual(transition(HISTORY_CAP + 49));
  });

  it('a record that breaks its schema is refused with a ValidationError before any write', async () => {
    const c = newChange({ serverId: 'not-a-server' });
    await expect(t.store.changes.createChange(c, audit(c.id))).rejects.toBeInstanceOf(ValidationError);
    expect(await t.store.changes.getChange(c.id)).toBeUndefined();
  });
});
