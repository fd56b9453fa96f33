import { describe, expect, it } from 'vitest';
import { createStoreMeter } from '../../../functions/adapters/dynamodb/store-context.ts';
import { eachPage, type Page, type PageRequest } from '../../../functions/application/paged-reads.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, backup, change, customer, nextServerId, request, server, uniq } from './fixtures.ts';

const meter = createStoreMeter();
const t = useTestStore({ meter });

async function all<T>(read: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  for await (const items of eachPage(read, limit)) pages.push(items);
  return pages;
}

const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}T02:00:00.000Z`;

async function seedBackups(customerId: string, servers: number, days: number[]) {
  const ids: string[] = [];
  for (let s = 0; s < servers; s += 1) {
    const sid = nextServerId();
    await t.store.directory.saveServer(server(sid, customerId, 'plat'), audit(sid, { customerId }));
    const runs = days.map((d) => backup(`b-${uniq()}`, sid, customerId, { scheduledFor: day(d) }));
    await t.store.backups.createBackups(runs.map((run) => ({ run, audit: audit(run.id, { customerId }) })));
    ids.push(...runs.map((r) => r.id));
  }
  return ids;
}

describe('paged reads (the API at a large customer)', () => {
  it("C9 C12.1 pages a customer's backups of a period in time order, one Query a page, and none of another customer's", async () => {
    const [a, b] = [`a-${uniq()}`, `b-${uniq()}`];
    await seedBackups(a, 4, [1, 8, 15, 22, 29]);
    await seedBackups(b, 2, [8, 15]);
    const period = { from: toInstant(day(8)), to: toInstant(day(22)) };
    const before = meter.byOperation.Query?.requests ?? 0;
    const pages = await all((p) => t.store.pages.backupsOfCustomer(a, period, p), 5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect((meter.byOperation.Query?.requests ?? 0) - before).toBe(3);
    const runs = pages.flat();
    expect(new Set(runs.map((r) => r.customerId))).toEqual(new Set([a]));
    expect(runs.map((r) => r.scheduledFor)).toEqual([...runs.map((r) => r.scheduledFor)].sort());
    expect(new Set(runs.map((r) => r.scheduledFor))).toEqual(new Set([day(8), day(15), day(22)]));
    expect(new Set(runs.map((r) => r.id)).size).toBe(12);
  });

  it('the last page names no cursor, even when it is exactly full', async () => {
    const a = `a-${uniq()}`;
    await seedBackups(a, 2, [1, 2]);
    const period = { from: toInstant(day(1)), to: toInstant(day(30)) };
    const first = await t.store.pages.backupsOfCustomer(a, period, { limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.next).toBeUndefined();
  });

  it('C12.1 refuses a cursor handed out by another list or for another customer (a 400, never a read)', async () => {
    const [a, b] = [`a-${uniq()}`, `b-${uniq()}`];
    await seedBackups(a, 1, [1, 2, 3]);
    await seedBackups(b, 1, [1, 2, 3]);
    const period = { from: toInstant(day(1)), to: toInstant(day(30)) };
    const ofB = await t.store.pages.backupsOfCustomer(b, period, { limit: 1 });
    expect(ofB.next).toBeDefined();
    for (const next of [ofB.next, 'garbage', Buffer.from('["x","y","z"]').toString('base64url')]) {
      const read = t.store.pages.backupsOfCustomer(a, period, { limit: 1, next });
      await expect(read).rejects.toBeInstanceOf(ValidationError);
      await expect(read).rejects.toMatchObject({ issues: [{ path: 'next' }] });
    }
    const later = { from: toInstant(day(3)), to: toInstant(day(30)) };
    const earlierCursor = (await t.store.pages.backupsOfCustomer(a, period, { limit: 1 })).next;
    await expect(
      t.store.pages.backupsOfCustomer(a, later, { limit: 1, next: earlierCursor }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('ends a page before its records pass maxBytes, keeping at least one', async () => {
    const a = `a-${uniq()}`;
    await seedBackups(a, 1, [1, 2, 3, 4, 5, 6]);
    const period = { from: toInstant(day(1)), to: toInstant(day(30)) };
    const one = JSON.stringify(
      (await t.store.pages.backupsOfCustomer(a, period, { limit: 1 })).items[0],
    ).length;
    const page = await t.store.pages.backupsOfCustomer(a, period, { limit: 6, maxBytes: one * 2.5 });
    expect(page.items).toHaveLength(2);
    expect(page.next).toBeDefined();
    const tiny = await t.store.pages.backupsOfCustomer(a, period, { limit: 6, maxBytes: 1 });
    expect(tiny.items).toHaveLength(1);
  });

  it('C3 C6 lists upcoming and past changes from their own partitions; a change moves when its state does', async () => {
    const a = `a-${uniq()}`;
    const sid = nextServerId();
    const planned = change({ serverId: sid, customerId: a, applyAt: '2026-12-02T01:00:00.000Z' });
    const done = change({
      serverId: sid,
      customerId: a,
      state: 'succeeded',
      applyAt: '2026-11-04T01:00:00.000Z',
    });
    for (const c of [planned, done]) await t.store.changes.createChange(c, audit(c.id, { customerId: a }));
    const ids = async (which: 'upcoming' | 'past' | 'all') =>
      (await t.store.pages.changesOfCustomer(a, which, { limit: 10 })).items.map((c) => c.id);
    expect(await ids('upcoming')).toEqual([planned.id]);
    expect(await ids('past')).toEqual([done.id]);
    expect(await ids('all')).toEqual([done.id, planned.id]);
    const superseded = { ...planned, state: 'superseded' as const };
    await t.store.changes.updateChanges([{ next: superseded, expectedVersion: planned.version }], []);
    expect(await ids('upcoming')).toEqual([]);
    expect(await ids('past')).toEqual([done.id, planned.id]);
    const november = { from: toInstant('2026-11-01T00:00:00Z'), to: toInstant('2026-11-30T00:00:00Z') };
    const inNovember = await t.store.pages.changesOfCustomer(a, 'all', { limit: 10 }, november);
    expect(inNovember.items.map((c) => c.id)).toEqual([done.id]);
  });

  it('lists every server customer by customer from one partition, or one customer from its own', async () => {
    const [a, b] = [`a-${uniq()}`, `b-${uniq()}`];
    for (const c of [a, b]) await t.store.directory.saveCustomer(customer(c), audit(c, { customerId: c }));
    await seedBackups(a, 3, []);
    await seedBackups(b, 2, []);
    const everyone = (await all((p) => t.store.pages.servers(undefined, p), 2)).flat();
    const mine = everyone.filter((s) => s.customerId === a || s.customerId === b);
    expect(mine.map((s) => s.customerId)).toEqual([a, a, a, b, b].sort());
    const ofB = await all((p) => t.store.pages.servers(b, p), 1);
    expect(ofB.map((p) => p.length)).toEqual([1, 1]);
    const customers = (await all((p) => t.store.pages.customers(p), 1)).flat().map((c) => c.id);
    expect(customers).toEqual(expect.arrayContaining([a, b]));
  });

  it('C4.4 the review queue holds a request while it waits for the CS team, and lets go once decided', async () => {
    const a = `a-${uniq()}`;
    const pending = request(`r-${uniq()}`, `c-${uniq()}`, a, {
      decision: {
        outcome: 'pending-review',
        clause: 'C4.4',
        reason: 'beyond 28 days',
        decidedBy: 'system',
        decidedAt: '2026-11-25T09:00:00.000Z',
      },
    });
    await t.store.requests.saveRequest(pending, audit(pending.id, { customerId: a }));
    const queued = async () =>
      (await all((p) => t.store.pages.pendingReviews(p), 50)).flat().map((r) => r.id);
    expect(await queued()).toContain(pending.id);
    const decision = {
      outcome: 'refused' as const,
      clause: 'C4.4',
      reason: 'not this quarter',
      decidedBy: 'cs',
      decidedAt: '2026-11-25T10:00:00.000Z',
    };
    const at = '2026-11-25T10:00:00.000Z';
    await t.store.requests.decide(pending.id, decision, audit(pending.id, { customerId: a, at }));
    expect(await queued()).not.toContain(pending.id);
    const received = { from: toInstant('2026-11-25T00:00:00Z'), to: toInstant('2026-11-26T00:00:00Z') };
    const ofA = await t.store.pages.requestsOfCustomer(a, received, { limit: 5 });
    expect(ofA.items.map((r) => r.id)).toEqual([pending.id]);
    const events = await t.store.pages.auditOfCustomer(a, received, { limit: 5 });
    expect(events.items.map((e) => e.at)).toEqual([at]);
  });
});
