import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../functions/domain/errors.ts';
import { Customer, Server } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, customer, nextServerId, server, uniq } from './fixtures.ts';

describe('directory store: customers and servers', () => {
  const t = useTestStore();

  it('lists every customer through the CUSTOMERS partition, as valid domain records', async () => {
    const ids = [`a-${uniq()}`, `b-${uniq()}`];
    for (const id of ids) await t.store.directory.saveCustomer(customer(id), audit(id, { customerId: id }));
    const listed = await t.store.directory.listCustomers();
    for (const id of ids) expect(listed.map((c) => c.id)).toContain(id);
    for (const c of listed) expect(Customer.safeParse(c).success).toBe(true);
  });

  it('lists servers by customer and by platform', async () => {
    const [c1, c2, platform] = [`c-${uniq()}`, `c-${uniq()}`, `p-${uniq()}`];
    const s1 = server(nextServerId(), c1, platform);
    const s2 = server(nextServerId(), c1, `other-${uniq()}`);
    const s3 = server(nextServerId(), c2, platform);
    for (const s of [s1, s2, s3])
      await t.store.directory.saveServer(s, audit(s.id, { customerId: s.customerId }));

    const byCustomer = await t.store.directory.listServersByCustomer(c1);
    expect(byCustomer.map((s) => s.id).sort()).toEqual([s1.id, s2.id].sort());
    const byPlatform = await t.store.directory.listServersByPlatform(platform);
    expect(byPlatform.map((s) => s.id).sort()).toEqual([s1.id, s3.id].sort());
    for (const s of byPlatform) expect(Server.safeParse(s).success).toBe(true);
    expect(await t.store.directory.getServer(s2.id)).toEqual(s2);
  });

  it('C3.2 reads many servers at once by id (BatchGetItem, more than one batch of 100); unknown ids are absent', async () => {
    const c = `c-${uniq()}`;
    const saved = Array.from({ length: 105 }, () => server(nextServerId(), c, `p-${uniq()}`));
    for (const s of saved) await t.store.directory.saveServer(s, audit(s.id, { customerId: c }));
    const unknown = nextServerId();
    const ids = [...saved.map((s) => s.id), unknown, saved[0]?.id as string];
    const found = await t.store.directory.getServers(ids);
    expect(found.size).toBe(105);
    expect(found.has(unknown)).toBe(false);
    for (const s of saved) expect(found.get(s.id)).toEqual(s);
    expect((await t.store.directory.getServers([])).size).toBe(0);
  });

  it('C11.1 reads customers by id at once (a shard reads its own, not the whole list); unknown ids are absent', async () => {
    const ids = [`a-${uniq()}`, `b-${uniq()}`];
    for (const id of ids) await t.store.directory.saveCustomer(customer(id), audit(id, { customerId: id }));
    const found = await t.store.directory.getCustomers([...ids, `missing-${uniq()}`]);
    expect([...found.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(found.get(id)).toEqual(customer(id));
  });

  it('C10.1 saving identical data again is a no-op that writes no second audit event', async () => {
    const c = customer(`c-${uniq()}`);
    await t.store.directory.saveCustomer(c, audit(c.id, { customerId: c.id, type: 'customer.saved' }));
    await t.store.directory.saveCustomer(c, audit(c.id, { customerId: c.id, type: 'customer.saved' }));
    await t.store.directory.saveCustomer({ ...c, name: 'Renamed' }, audit(c.id, { customerId: c.id }));
    expect(await t.store.audit.listBySubject(c.id)).toHaveLength(2);
    expect((await t.store.directory.getCustomer(c.id))?.name).toBe('Renamed');
  });

  it('C6.3 setServerStatus marks needs-attention, and a registration save cannot clear it', async () => {
    const s = server(nextServerId(), `c-${uniq()}`, 'plat');
    await t.store.directory.saveServer(s, audit(s.id));
    await t.store.directory.setServerStatus(
      s.id,
      'needs-attention',
      audit(s.id, { type: 'server.needs-attention' }),
    );
    expect((await t.store.directory.getServer(s.id))?.status).toBe('needs-attention');

    await expect(
      t.store.directory.saveServer({ ...s, version: '2.0.0' }, audit(s.id)),
    ).rejects.toBeInstanceOf(ConflictError);
    await t.store.directory.saveServer({ ...s, version: '2.0.0', status: 'needs-attention' }, audit(s.id));
    expect(await t.store.directory.getServer(s.id)).toMatchObject({
      version: '2.0.0',
      status: 'needs-attention',
    });
    expect(await t.store.audit.listBySubject(s.id)).toHaveLength(3);
  });

  it('setServerStatus on an unknown server is NotFoundError; unknown ids read as undefined', async () => {
    const id = nextServerId();
    await expect(t.store.directory.setServerStatus(id, 'active', audit(id))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await t.store.directory.getServer(id)).toBeUndefined();
    expect(await t.store.directory.getCustomer(`nobody-${uniq()}`)).toBeUndefined();
  });
});
