import { describe, expect, it } from 'vitest';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { apiOf } from './api-events.ts';

const world = useChannelWorld();
const api = apiOf(() => world.deps);
const CS = { cs: 'arn:aws:iam::123456789012:user/cs-alice' };
const NOW = '2026-11-24T12:00:00Z';

describe('routes with a period', () => {
  it('C9 refuses GET /v1/backups with from after to: 400 naming the period, never 500', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'GET',
      '/v1/backups',
      { customerId: a.customer.id },
      { query: { from: '2026-11-20T00:00:00Z', to: '2026-11-10T00:00:00Z' }, at: NOW },
    );
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.json.detail).toMatch(/from .*after.* to/);
    expect(res.json.errors).toEqual([{ path: 'from', message: expect.stringContaining('before to') }]);
  });

  it('C9 refuses GET /v1/backups with only a future from (to defaults to now): 400, never 500', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'GET',
      '/v1/backups',
      { customerId: a.customer.id },
      { query: { from: '2027-01-01T00:00:00Z' }, at: NOW },
    );
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('now');
  });

  it('C9 answers an empty period that is the right way round (from before to) with 200', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'GET',
      '/v1/backups',
      { customerId: a.customer.id },
      { query: { from: '2026-11-10T00:00:00Z', to: '2026-11-20T00:00:00Z' }, at: NOW },
    );
    expect(res.status).toBe(200);
    expect(res.json.backups).toEqual([]);
  });

  it('C10.2 refuses a compliance report with from after to in the same words (400)', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send('GET', `/v1/cs/reports/${a.customer.id}`, CS, {
      query: { from: '2026-11-20T00:00:00Z', to: '2026-11-10T00:00:00Z' },
      at: NOW,
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/from .*after.* to/);
    expect(res.json.errors).toEqual([{ path: 'from', message: expect.stringContaining('before to') }]);
  });

  it('C9 a reversed range in the store reads nothing instead of failing (DynamoDB refuses BETWEEN high AND low)', async () => {
    const a = await seedCustomer(world.deps);
    const later = world.clock.now();
    const earlier = later.subtract({ hours: 24 });
    await expect(world.deps.store.backups.listBackupsByServer(a.server.id, later, earlier)).resolves.toEqual(
      [],
    );
    await expect(world.deps.store.audit.listByCustomer(a.customer.id, later, earlier)).resolves.toEqual([]);
  });
});
