import { describe, expect, it } from 'vitest';
import { RISK_STATEMENT } from '../../../functions/application/channels/risk-statement.ts';
import { CUTOFF, seedCustomer, sentMail, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { apiOf } from './api-events.ts';

const world = useChannelWorld();
const api = apiOf(() => world.deps);
const postpone = { reason: 'payroll run that night', acceptRisk: true };

describe('customer routes', () => {
  it('C12.1 lists only the servers, changes and notices of the customer in the token', async () => {
    const a = await seedCustomer(world.deps);
    const b = await seedCustomer(world.deps);
    const servers = await api.send('GET', '/v1/servers', { customerId: a.customer.id });
    expect(servers.status).toBe(200);
    expect((servers.json.servers as { id: string }[]).map((s) => s.id)).toEqual([a.server.id]);

    const changes = await api.send(
      'GET',
      '/v1/changes',
      { customerId: a.customer.id },
      { query: { when: 'upcoming' } },
    );
    expect(changes.json.changes).toEqual([
      expect.objectContaining({
        id: a.change.id,
        state: 'notified',
        upcoming: true,
        applyAtLocal: 'Wednesday, 2 December 2026 at 01:00 GMT (Europe/London)',
      }),
    ]);
    const past = await api.send(
      'GET',
      '/v1/changes',
      { customerId: a.customer.id },
      { query: { when: 'past' } },
    );
    expect(past.json.changes).toEqual([]);

    const notices = await api.send('GET', '/v1/notices', { customerId: b.customer.id });
    expect((notices.json.notices as { id: string }[]).map((n) => n.id)).toEqual([b.notice.id]);
  });

  it('C11.1 shows a change with its history in local time', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send('GET', `/v1/changes/${encodeURIComponent(a.change.id)}`, {
      customerId: a.customer.id,
    });
    expect(res.status).toBe(200);
    expect(res.json.history).toHaveLength(2);
    expect((res.json.history as { atLocal: string }[])[1]?.atLocal).toBe(
      'Tuesday, 24 November 2026 at 12:00 GMT (Europe/London)',
    );
  });

  it("C12.1 answers 404 for another customer's change and writes nothing when asked to postpone it", async () => {
    const a = await seedCustomer(world.deps);
    const b = await seedCustomer(world.deps);
    const path = `/v1/changes/${encodeURIComponent(a.change.id)}`;
    const read = await api.send('GET', path, { customerId: b.customer.id });
    expect(read.status).toBe(404);
    expect(read.type).toBe('application/problem+json');
    const write = await api.send(
      'POST',
      `${path}/postponements`,
      { customerId: b.customer.id },
      { body: postpone },
    );
    expect(write.status).toBe(404);
    expect(await world.deps.store.requests.listRequestsByChange(a.change.id)).toEqual([]);
    expect((await world.deps.store.changes.getChange(a.change.id))?.version).toBe(a.change.version);
    expect(sentMail()).toEqual([]);
  });

  it('C4.4 C4.5 grants a postponement to the next window and confirms it to the contacts', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'POST',
      `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
      { customerId: a.customer.id },
      { body: postpone, at: '2026-11-25T10:00:00Z', headers: { 'idempotency-key': 'k-1' } },
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      outcome: 'granted',
      clause: 'C4.4',
      newApplyAt: '2026-12-09T01:00:00.000Z',
    });
    const change = await world.deps.store.changes.getChange(a.change.id);
    expect(change).toMatchObject({
      state: 'postponed',
      postponementCount: 1,
      originalApplyAt: a.change.applyAt,
    });
    const [request] = await world.deps.store.requests.listRequestsByChange(a.change.id);
    expect(request?.riskAcceptance).toMatchObject({ by: `user@${a.customer.id}`, words: RISK_STATEMENT }); // C4.3
    expect(sentMail().map((m) => m.to)).toEqual([a.customer.contacts]);

    const again = await api.send(
      'POST',
      `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
      { customerId: a.customer.id },
      { body: postpone, at: '2026-11-25T10:00:05Z', headers: { 'idempotency-key': 'k-1' } },
    );
    expect(again.json.requestId).toBe(res.json.requestId);
    expect((await world.deps.store.changes.getChange(a.change.id))?.postponementCount).toBe(1);
    expect(sentMail()).toHaveLength(1);
  });

  it('C4.3 refuses with 422 showing the risk text when acceptRisk is missing or false, and writes nothing', async () => {
    const a = await seedCustomer(world.deps);
    const path = `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`;
    for (const body of [{ reason: 'busy' }, { reason: 'busy', acceptRisk: false }]) {
      const res = await api.send('POST', path, { customerId: a.customer.id }, { body });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ clause: 'C4.3', riskStatement: RISK_STATEMENT });
      expect(res.json.detail).toContain(RISK_STATEMENT);
    }
    expect(await world.deps.store.requests.listRequestsByChange(a.change.id)).toEqual([]);
  });

  it('C4.2 refuses a request received after 18:00 local on the day before the window, and records it', async () => {
    const a = await seedCustomer(world.deps);
    const late = new Date(Date.parse(CUTOFF) + 1000).toISOString();
    const res = await api.send(
      'POST',
      `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
      { customerId: a.customer.id },
      { body: postpone, at: late },
    );
    expect(res.status).toBe(422);
    expect(res.json.clause).toBe('C4.2');
    expect(res.json.detail).toContain('18:00');
    const [request] = await world.deps.store.requests.listRequestsByChange(a.change.id);
    expect(request?.decision?.outcome).toBe('refused');
    expect((await world.deps.store.changes.getChange(a.change.id))?.state).toBe('notified');
  });

  it('C4.4 sends a postponement beyond 28 days to CS review (202)', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'POST',
      `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
      { customerId: a.customer.id },
      { body: { ...postpone, newDate: '2027-02-03' } },
    );
    expect(res.status).toBe(202);
    expect(res.json.outcome).toBe('pending-review');
    expect((await world.deps.store.changes.getChange(a.change.id))?.state).toBe('notified');
  });

  it('validation errors name each field and rule (400)', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'POST',
      `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
      { customerId: a.customer.id },
      { body: { reason: '', newDate: '2026-13-45', acceptRisk: 'yes' } },
    );
    expect(res.status).toBe(400);
    const paths = (res.json.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['acceptRisk', 'newDate', 'reason']);
    const badJson = await api.send(
      'POST',
      `/v1/changes/x/postponements`,
      { customerId: a.customer.id },
      { rawBody: '{' },
    );
    expect(badJson.status).toBe(400);
  });

  it('refuses a body over 64 KB with 413 before reading it', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'POST',
      `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
      { customerId: a.customer.id },
      { body: { reason: 'x'.repeat(70_000), acceptRisk: true } },
    );
    expect(res.status).toBe(413);
    expect(res.json.detail).toMatch(/^the body is 70\d{3} bytes; the limit is 65,536 bytes \(64 KB\)$/);
    expect(await world.deps.store.requests.listRequestsByChange(a.change.id)).toEqual([]);
  });

  it('C12.1 answers 401 without the custom:customer_id claim, and never leaks a stack trace', async () => {
    const res = await api.send('GET', '/v1/changes', 'none');
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.json)).not.toMatch(/at .*\.ts:\d+/);
    const unknown = await api.send('GET', '/v1/nothing-here', { customerId: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('logs every request with its request id and status', async () => {
    const before = api.logs.length;
    await api.send('GET', '/v1/changes', 'none');
    const entry = api.logs.slice(before).find((l) => l.level === 'info');
    expect(entry).toMatchObject({ status: 401, path: '/v1/changes', requestId: expect.any(String) });
  });

  it('C9 lists the backups of its servers in a period', async () => {
    const a = await seedCustomer(world.deps);
    const res = await api.send(
      'GET',
      '/v1/backups',
      { customerId: a.customer.id },
      { query: { from: '2026-11-01T00:00:00Z' } },
    );
    expect(res.status).toBe(200);
    expect(res.json.backups).toEqual([]);
  });
});
