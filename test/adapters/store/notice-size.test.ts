/**
 * Issue 16: a notice for a very large window (thousands of servers of one customer, C3.4: one
 * notice per customer and window) must stay under the store's own item limit, or be split.
 *
 * Measured: a notice line costs about 145 bytes of item (release id `vplat-4.2.0`; more with a
 * longer release id), so one notice item holds about 2,400 servers under MAX_ITEM_BYTES (350,000).
 * A window of 5,000 servers makes a 725,610-byte item (786,344 bytes through dispatchNotice, with
 * a 17-character release id and the attempt it carries), over DynamoDB's own 400 KB too: the
 * notice is refused ("too large to store") before it is sent, so every notice run fails for that
 * customer. Its `notice.created` audit event lists every change id too (about 34 bytes a server).
 * Fixed in the store: a notice item keeps its first 1,000 lines and the rest are written beside it
 * in the same transaction (adapters/dynamodb/notice-lines.ts); its events name the first 100.
 */
import { describe, expect, it } from 'vitest';
import { noticeKeys } from '../../../functions/adapters/dynamodb/entity-keys.ts';
import { MAX_ITEM_BYTES } from '../../../functions/adapters/dynamodb/table-design.ts';
import type { ChannelDeps } from '../../../functions/application/channels/deps.ts';
import { dispatchNotice } from '../../../functions/application/shared/notice-outbox.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { Change, Notice } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { seed } from '../../support/seed.ts';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';

const world = useChannelWorld();
const table = useTestStore();
/** The channel world's clock, mailer and tracker over a table this file can bulk-load. */
const deps = (): ChannelDeps => ({ ...world.deps, store: table.store });
const WINDOW = '2026-12-02T01:00:00.000Z';

function windowOf(customerId: string, releaseId: string, servers: number): Change[] {
  return Array.from({ length: servers }, (_, i) => {
    const serverId = `mi-${(i + 1).toString(16).padStart(17, '0')}`;
    return {
      id: `${releaseId}:${serverId}`,
      releaseId,
      serverId,
      customerId,
      class: 'important',
      state: 'planned',
      applyAt: WINDOW,
      noticeAt: '2026-11-24T12:00:00.000Z',
      postponementCount: 0,
      attempt: 1,
      version: 1,
      history: [],
    };
  });
}

function noticeItemBytes(customerId: string, changes: Change[]): number {
  const notice: Notice = {
    id: `notice:${customerId}:scheduled:${WINDOW}`,
    customerId,
    kind: 'scheduled',
    to: [`ops@${customerId}.example`],
    changes: changes.map((c) => ({
      changeId: c.id,
      serverId: c.serverId,
      releaseId: c.releaseId,
      applyAt: c.applyAt,
    })),
    postponeUntil: '2026-12-01T18:00:00.000Z',
    sendBy: '2026-11-24T12:00:00.000Z',
    status: 'pending',
    version: 0,
  };
  const item = {
    pk: 'x',
    sk: 'x',
    entity: 'notice',
    ...noticeKeys(notice),
    record: notice,
    h1: 'x'.repeat(64),
    h2: 'x'.repeat(64),
  };
  return Buffer.byteLength(JSON.stringify(item));
}

const send = (customer: Awaited<ReturnType<typeof seedCustomer>>['customer'], changes: Change[]) =>
  dispatchNotice(
    deps(),
    {
      id: `notice:${customer.id}:scheduled:${WINDOW}:${changes.length}`,
      kind: 'scheduled',
      customer,
      changes,
      sendBy: toInstant('2026-11-24T12:00:00Z'),
      postponeUntil: toInstant('2026-12-01T18:00:00Z'),
      window: { start: toInstant(WINDOW), end: toInstant('2026-12-02T05:00:00Z') },
    },
    { id: 'test-invocation', until: world.clock.now().add({ minutes: 15 }) },
  );

describe('C3.4 one notice per customer and window, at thousands of servers', () => {
  it('measures the notice item: about 145 bytes a server, so about 2,400 servers fit under MAX_ITEM_BYTES', () => {
    const perServer =
      (noticeItemBytes('cust-000001', windowOf('cust-000001', 'vplat-4.2.0', 1001)) -
        noticeItemBytes('cust-000001', windowOf('cust-000001', 'vplat-4.2.0', 1))) /
      1000;
    expect(perServer).toBeGreaterThan(140);
    expect(perServer).toBeLessThan(150);
    expect(noticeItemBytes('cust-000001', windowOf('cust-000001', 'vplat-4.2.0', 2000))).toBeLessThan(
      MAX_ITEM_BYTES,
    );
    expect(noticeItemBytes('cust-000001', windowOf('cust-000001', 'vplat-4.2.0', 5000))).toBeGreaterThan(
      700_000,
    );
  });

  it('C3.4 sends one notice for a window of 500 servers of one customer', async () => {
    const { customer, release } = await seedCustomer(deps());
    const changes = windowOf(customer.id, release.id, 500);
    await seed(table.ctx, { changes });
    const out = await send(customer, changes);
    expect(out.outcome).toBe('sent');
    expect((await table.store.notices.getNotice(out.notice.id))?.changes).toHaveLength(500);
  });

  it('C3.4 sends ONE notice for a window of 3,000 servers of one customer (past one item): its lines are kept beside it, and read back whole', async () => {
    const { customer, release } = await seedCustomer(deps());
    const changes = windowOf(customer.id, release.id, 3000);
    await seed(table.ctx, { changes });
    const out = await send(customer, changes);
    expect(out.outcome).toBe('sent');
    const stored = await table.store.notices.getNotice(out.notice.id);
    expect(stored?.changes.map((l) => l.changeId)).toEqual(changes.map((c) => c.id));
    expect(
      (await table.store.notices.listNoticesByCustomer(customer.id)).find((n) => n.id === out.notice.id)
        ?.changes,
    ).toHaveLength(3000);
    expect(await table.store.changes.getChange(changes[2999]?.id as string)).toMatchObject({
      state: 'notified',
    });
  }, 180_000);
});
