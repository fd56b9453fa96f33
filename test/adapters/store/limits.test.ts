import { describe, expect, it } from 'vitest';
import { createStoreMeter } from '../../../functions/adapters/dynamodb/store-context.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ConflictError } from '../../../functions/domain/errors.ts';
import { Change, type Server } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { seed } from '../../support/seed.ts';
import { audit, backup, change, customer, nextServerId, release, server, uniq } from './fixtures.ts';

const meter = createStoreMeter();

describe('store limits: batches, transactions and pagination', () => {
  // A small page size makes every list cross many pages (Limit-driven pagination).
  const t = useTestStore({ pageSize: 7, meter });

  const fleet = (n: number, customerId: string, over: Partial<Change> = {}) =>
    Array.from({ length: n }, () => change({ serverId: nextServerId(), customerId, ...over }));

  it('loads more than 25 items through BatchWriteItem chunks of 25', async () => {
    const customerId = `c-${uniq()}`;
    const servers = Array.from({ length: 60 }, () => server(nextServerId(), customerId, 'bulk'));
    const before = meter.byOperation.BatchWriteItem?.requests ?? 0;
    const first = servers[0] as Server;
    const backups = Array.from({ length: 30 }, (_, i) =>
      backup(`b-${uniq()}`, first.id, customerId, {
        scheduledFor: new Date(Date.UTC(2027, 0, 3 + 7 * i, 2)).toISOString(),
      }),
    );
    const rel = release(`r-${uniq()}`, 'bulk');
    await seed(t.ctx, { customers: [customer(customerId)], servers, releases: [rel], backups });
    expect((meter.byOperation.BatchWriteItem?.requests ?? 0) - before).toBeGreaterThanOrEqual(4);
    expect(await t.store.directory.listServersByCustomer(customerId)).toHaveLength(60);
    expect((await t.store.backups.listBackupsByServer(first.id)).map((b) => b.id)).toEqual(
      backups.map((b) => b.id),
    );
    expect(await t.store.releases.getRelease(rel.id)).toEqual(rel);
  });

  it('paginates every query to the end (LastEvaluatedKey), counting requests and capacity', async () => {
    const customerId = `c-${uniq()}`;
    const changes = fleet(40, customerId);
    await seed(t.ctx, { changes });
    const before = meter.byOperation.Query?.requests ?? 0;
    const listed = await t.store.changes.listChangesByCustomer(customerId);
    expect(listed.map((c) => c.id).sort()).toEqual(changes.map((c) => c.id).sort());
    expect((meter.byOperation.Query?.requests ?? 0) - before).toBeGreaterThanOrEqual(6);
    expect(meter.capacityUnits).toBeGreaterThan(0);
  });

  it('C11.2 the sharded agenda returns every due change across pages and shards', async () => {
    const customerId = `c-${uniq()}`;
    const changes = fleet(45, customerId, { noticeAt: '2040-06-01T11:00:00.000Z' });
    await seed(t.ctx, { changes });
    const due = await t.store.changes.listChangesToNotify(toInstant('2040-06-01T11:00:00Z'));
    const mine = due.filter((c) => c.customerId === customerId);
    expect(mine).toHaveLength(45);
  });

  it('reads more than 100 changes by id in BatchGetItem chunks, in the order asked', async () => {
    const changes = fleet(130, `c-${uniq()}`);
    await seed(t.ctx, { changes });
    const ids = [...changes.map((c) => c.id)].reverse();
    const read = await t.store.changes.getChanges([...ids, 'missing:id']);
    expect(read.map((c) => c.id)).toEqual(ids);
    for (const c of read) expect(Change.safeParse(c).success).toBe(true);
  });

  it('C10.1 splits 150 updates with their 150 audit events into transactions of at most 100 items', async () => {
    const customerId = `c-${uniq()}`;
    const changes = fleet(150, customerId);
    await seed(t.ctx, { changes });
    const before = meter.byOperation.TransactWriteItems?.requests ?? 0;
    const stored = await t.store.changes.updateChanges(
      changes.map((c) => ({ next: { ...c, state: 'notified' as const }, expectedVersion: 0 })),
      [
        ...changes.map((c) => audit(c.id, { customerId, type: 'change.notified' })),
        audit(`run-${uniq()}`, { customerId }),
      ],
    );
    expect(stored.every((c) => c.state === 'notified' && c.version === 1)).toBe(true);
    expect((meter.byOperation.TransactWriteItems?.requests ?? 0) - before).toBeGreaterThanOrEqual(4);
    const listed = await t.store.changes.listChangesByCustomer(customerId);
    expect(listed.filter((c) => c.state === 'notified')).toHaveLength(150);
    const events = await t.store.audit.listByCustomer(
      customerId,
      toInstant('2026-11-24T00:00:00Z'),
      toInstant('2026-11-25T00:00:00Z'),
    );
    expect(events).toHaveLength(151);
  });

  it('C10.1 in a split batch a change that lost its race is named; the others stay written with their events', async () => {
    const customerId = `c-${uniq()}`;
    const changes = fleet(120, customerId);
    await seed(t.ctx, { changes });
    const stale = changes[77] as Change;
    const error = await t.store.changes
      .updateChanges(
        changes.map((c) => ({
          next: { ...c, state: 'notified' as const },
          expectedVersion: c === stale ? 5 : 0,
        })),
        changes.map((c) => audit(c.id, { customerId })),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(String((error as Error).message)).toContain(stale.id);
    const listed = await t.store.changes.listChangesByCustomer(customerId);
    const notified = listed.filter((c) => c.state === 'notified');
    // Only the transaction holding the stale change rolled back, and it held every change of its chunk.
    expect(notified.length).toBeGreaterThan(0);
    expect(notified.length).toBeLessThan(120);
    expect(listed.find((c) => c.id === stale.id)?.state).toBe('planned');
    for (const c of notified) expect(await t.store.audit.listBySubject(c.id)).toHaveLength(1);
    for (const c of listed.filter((x) => x.state === 'planned')) {
      expect(await t.store.audit.listBySubject(c.id)).toHaveLength(0);
    }
  });

  it('C10.1 appends 250 audit events in transactions of 100, and a replay of them writes only the new one', async () => {
    const subject = `subject-${uniq()}`;
    const events = Array.from({ length: 250 }, (_, i) =>
      audit(subject, { at: new Date(Date.UTC(2027, 0, 1, 0, 0, i)).toISOString() }),
    );
    await t.store.audit.append(events);
    const late = audit(subject, { at: '2027-01-02T00:00:00.000Z' });
    await t.store.audit.append([...events.slice(200), late, ...events.slice(0, 10)]);
    const listed = await t.store.audit.listBySubject(subject);
    expect(listed).toHaveLength(251);
    expect(listed.map((e) => e.at)).toEqual([...events, late].map((e) => e.at));
  });
});
