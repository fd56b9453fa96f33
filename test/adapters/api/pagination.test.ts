/**
 * Issue 16, "the API at a large customer": every list route answers a page with `limit` and an
 * opaque cursor `next`, reads one key range per page, and costs the same DynamoDB requests per call
 * at 3 servers as at 40.
 */
import { describe, expect, it } from 'vitest';
import { createStoreMeter } from '../../../functions/adapters/dynamodb/store-context.ts';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import type { ChannelDeps } from '../../../functions/application/channels/deps.ts';
import type { BackupRun, Server } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { seed } from '../../support/seed.ts';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { apiOf } from './api-events.ts';

const world = useChannelWorld();
const meter = createStoreMeter();
const table = useTestStore({ meter });
const deps = (): ChannelDeps => ({ ...world.deps, store: table.store });
const api = apiOf(deps);
const CS = { cs: 'arn:aws:iam::123456789012:user/cs-alice' };
const NOW = '2026-11-24T12:00:00Z';
let next = 0x5000000;

/** A seeded customer plus `servers` servers with a full backup of each on `days` days. */
async function largeCustomer(servers: number, days: number) {
  const seeded = await seedCustomer(deps());
  const customerId = seeded.customer.id;
  const runs: BackupRun[] = [];
  const added: Server[] = [];
  for (let s = 0; s < servers; s += 1) {
    const server: Server = { ...seeded.server, id: `mi-${(next++).toString(16).padStart(17, '0')}` };
    added.push(server);
    for (let d = 0; d < days; d += 1) {
      runs.push({
        id: `backup:${server.id}:${d}`,
        serverId: server.id,
        customerId,
        image: 'dc1',
        kind: 'full',
        scheduledFor: new Date(Date.parse('2026-11-01T02:00:00Z') + d * 86_400_000).toISOString(),
        state: 'succeeded',
        copies: ['local', 'cloud'],
        attempt: 1,
        version: 1,
      });
    }
  }
  await seed(table.ctx, { servers: added, backups: runs }); // fixtures: BatchWriteItem, the store's own keys
  return { customerId, runs };
}

type Listed = { status: number; items: { id: string }[]; next?: string; bytes: number; requests: number };

async function list(path: string, auth: Parameters<typeof api.send>[2], query: Record<string, string>) {
  const before = meter.requests;
  const res = await api.send('GET', path, auth, { query, at: NOW });
  const key = Object.keys(res.json).find((k) => Array.isArray(res.json[k])) ?? '';
  return {
    status: res.status,
    items: (res.json[key] ?? []) as { id: string }[],
    next: res.json.next as string | undefined,
    bytes: Buffer.byteLength(JSON.stringify(res.json)),
    requests: meter.requests - before,
  } satisfies Listed;
}

async function follow(path: string, auth: Parameters<typeof api.send>[2], query: Record<string, string>) {
  const pages: Listed[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(path, auth, { ...query, ...(cursor ? { next: cursor } : {}) });
    expect(page.status).toBe(200);
    pages.push(page);
    cursor = page.next;
  } while (cursor);
  return pages;
}

describe('list routes at a large customer', () => {
  it('C9 GET /v1/backups pages a 25-server customer with the same DynamoDB requests per call as a 3-server one, each backup once', async () => {
    const small = await largeCustomer(3, 8);
    const large = await largeCustomer(25, 8);
    const query = { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z', limit: '60' };
    const smallPages = await follow('/v1/backups', { customerId: small.customerId }, query);
    const largePages = await follow('/v1/backups', { customerId: large.customerId }, query);
    expect(largePages.flatMap((p) => p.items.map((i) => i.id)).sort()).toEqual(
      large.runs.map((r) => r.id).sort(),
    );
    expect(largePages.map((p) => p.items.length)).toEqual([60, 60, 60, 20]);
    const perCall = new Set([...smallPages, ...largePages].map((p) => p.requests));
    expect([...perCall]).toEqual([2]); // the customer (GetItem) and one Query
    expect(Math.max(...largePages.map((p) => p.bytes))).toBeLessThan(1024 * 1024);
  });

  it('C3 C6 GET /v1/changes?when=upcoming reads only the upcoming range, with the same requests per call', async () => {
    const a = await seedCustomer(deps());
    const upcoming = await list('/v1/changes', { customerId: a.customer.id }, { when: 'upcoming' });
    const past = await list('/v1/changes', { customerId: a.customer.id }, { when: 'past' });
    expect(upcoming.items.map((c) => c.id)).toEqual([a.change.id]);
    expect(past.items).toEqual([]);
    expect([upcoming.requests, past.requests]).toEqual([2, 2]);
  });

  it('GET /v1/cs/servers without a customer reads one page of every server in one request, customer by customer', async () => {
    await largeCustomer(5, 0);
    const page = await list('/v1/cs/servers', CS, { limit: '4' });
    expect(page.items).toHaveLength(4);
    expect(page.next).toBeDefined();
    expect(page.requests).toBe(1);
    const all = await follow('/v1/cs/servers', CS, { limit: '7' });
    const customers = all
      .flatMap((p) => p.items as unknown as { customerId: string }[])
      .map((s) => s.customerId);
    expect(customers).toEqual([...customers].sort());
  });

  it('C12.1 answers 400 naming `next` for a cursor from another customer or another list', async () => {
    const a = await largeCustomer(2, 3);
    const b = await largeCustomer(2, 3);
    const ofB = await list(
      '/v1/backups',
      { customerId: b.customerId },
      { limit: '1', from: '2026-11-01T00:00:00Z' },
    );
    const servers = await list('/v1/cs/servers', CS, { limit: '1' });
    for (const cursor of [ofB.next, servers.next, 'not-a-cursor']) {
      const res = await api.send(
        'GET',
        '/v1/backups',
        { customerId: a.customerId },
        { query: { next: String(cursor), from: '2026-11-01T00:00:00Z' }, at: NOW },
      );
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ path: 'next', message: 'is not a cursor this list handed out' }]);
    }
  });

  it('documents `limit` and `next` on every list route and `next` in every list answer', () => {
    const doc = openApiDocument();
    const lists = [
      ['/v1/servers', 'servers'],
      ['/v1/changes', 'changes'],
      ['/v1/notices', 'notices'],
      ['/v1/backups', 'backups'],
      ['/v1/cs/customers', 'customers'],
      ['/v1/cs/servers', 'servers'],
      ['/v1/cs/reviews', 'reviews'],
    ];
    for (const [path, key] of lists) {
      const op = doc.paths?.[path as string]?.get;
      const names = (op?.parameters ?? []).map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['limit', 'next']));
      const schema = op?.responses['200']?.content['application/json']?.schema;
      expect(Object.keys((schema?.properties as object | undefined) ?? {}), path).toEqual([key, 'next']);
    }
  });
});
