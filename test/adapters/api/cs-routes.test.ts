import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { Change, Notice } from '../../../functions/domain/records.ts';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { apiOf } from './api-events.ts';

const world = useChannelWorld();
const api = apiOf(() => world.deps);
const CS = { cs: 'arn:aws:iam::123456789012:user/cs-alice' };
const uid = () => Math.random().toString(16).slice(2, 10);
const mi = () =>
  `mi-${Math.floor(Math.random() * 2 ** 52)
    .toString(16)
    .padStart(17, '0')}`;

describe('CS routes', () => {
  it('registers, lists, reads and updates a customer; a duplicate is a 409', async () => {
    const id = `cust-${uid()}`;
    const body = { id, name: 'Beta Ltd', contacts: ['Ops@Beta.example'] };
    const created = await api.send('POST', '/v1/cs/customers', CS, { body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id, timeZone: 'Europe/London', contacts: ['ops@beta.example'] });
    expect((await api.send('POST', '/v1/cs/customers', CS, { body })).status).toBe(409);
    const all = await api.send('GET', '/v1/cs/customers', CS);
    expect((all.json.customers as { id: string }[]).map((c) => c.id)).toContain(id);
    const updated = await api.send('PUT', `/v1/cs/customers/${id}`, CS, {
      body: { timeZone: 'America/New_York' },
    });
    expect(updated.json).toMatchObject({ id, timeZone: 'America/New_York', name: 'Beta Ltd' });
    expect((await api.send('GET', `/v1/cs/customers/${id}`, CS)).json.timeZone).toBe('America/New_York');
    expect((await api.send('GET', `/v1/cs/customers/nobody-${uid()}`, CS)).status).toBe(404);
  });

  it('validation errors name each field of a customer (400)', async () => {
    const res = await api.send('POST', '/v1/cs/customers', CS, {
      body: { id: 'Bad Id', name: 'x', timeZone: 'Mars/Base', contacts: [] },
    });
    expect(res.status).toBe(400);
    expect((res.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'contacts',
      'id',
      'timeZone',
    ]);
  });

  it('registers a server only for a known customer', async () => {
    const a = await seedCustomer(world.deps);
    const server = {
      id: mi(),
      customerId: a.customer.id,
      platform: a.server.platform,
      version: '1.0.0',
      images: [{ name: 'web' }],
    };
    expect((await api.send('POST', '/v1/cs/servers', CS, { body: server })).status).toBe(201);
    const orphan = { ...server, id: mi(), customerId: `nobody-${uid()}` };
    expect((await api.send('POST', '/v1/cs/servers', CS, { body: orphan })).status).toBe(404);
    const listed = await api.send('GET', '/v1/cs/servers', CS, { query: { customerId: a.customer.id } });
    expect((listed.json.servers as unknown[]).length).toBe(2);
  });

  it('C1 C5.1 registers a scheduled release and plans an urgent one on the platform', async () => {
    const a = await seedCustomer(world.deps);
    const base = { platform: a.server.platform, version: '2.0.0', title: 'Platform 2.0' };
    const upgrade = await api.send('POST', '/v1/cs/releases', CS, {
      body: { ...base, id: `up-${uid()}`, class: 'upgrade' },
    });
    expect(upgrade.status).toBe(201);
    expect(upgrade.json).toMatchObject({ created: true, changes: 1 });
    expect((upgrade.json.release as { validatedBy: string }).validatedBy).toBe(CS.cs);

    const urgentId = `urg-${uid()}`;
    const urgent = await api.send('POST', '/v1/cs/releases', CS, {
      body: { ...base, version: '2.0.1', id: urgentId, class: 'urgent', targets: [a.server.id] },
    });
    expect(urgent.status).toBe(201);
    expect(urgent.json.changes).toBe(1);
    const again = await api.send('POST', '/v1/cs/urgent-patches', CS, {
      body: { releaseId: urgentId, targets: 'all' },
    });
    expect(again.status).toBe(200);

    const notUrgent = await api.send('POST', '/v1/cs/urgent-patches', CS, {
      body: { releaseId: (upgrade.json.release as { id: string }).id },
    });
    expect(notUrgent).toMatchObject({ status: 422, json: { clause: 'C1.3' } });
    const unknown = await api.send('POST', '/v1/cs/urgent-patches', CS, {
      body: { releaseId: `none-${uid()}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('C4.4 lists pending reviews; approving moves the change, refusing leaves it', async () => {
    const a = await seedCustomer(world.deps);
    const b = await seedCustomer(world.deps);
    const far = { reason: 'plant shutdown', acceptRisk: true, newDate: '2027-02-03' };
    for (const s of [a, b]) {
      const res = await api.send(
        'POST',
        `/v1/changes/${encodeURIComponent(s.change.id)}/postponements`,
        {
          customerId: s.customer.id,
        },
        { body: far },
      );
      expect(res.status).toBe(202);
    }
    const list = await api.send('GET', '/v1/cs/reviews', CS);
    const reviews = list.json.reviews as { id: string; changeId: string }[];
    const ra = reviews.find((r) => r.changeId === a.change.id);
    const rb = reviews.find((r) => r.changeId === b.change.id);
    if (!ra || !rb) throw new Error('reviews missing');

    const approved = await api.send('POST', `/v1/cs/reviews/${ra.id}/approve`, CS, {
      body: { reason: 'plant shutdown is real' },
    });
    expect(approved).toMatchObject({ status: 200, json: { outcome: 'granted', decidedBy: CS.cs } });
    expect(await world.deps.store.changes.getChange(a.change.id)).toMatchObject({
      state: 'postponed',
      applyAt: '2027-02-03T01:00:00.000Z',
    });
    const refused = await api.send('POST', `/v1/cs/reviews/${rb.id}/refuse`, CS, {
      body: { reason: 'too long' },
    });
    expect(refused.json.outcome).toBe('refused');
    expect((await world.deps.store.changes.getChange(b.change.id))?.state).toBe('notified');
    expect(
      (await api.send('POST', `/v1/cs/reviews/${rb.id}/refuse`, CS, { body: { reason: 'again' } })).status,
    ).toBe(409);
    expect((await api.send('POST', `/v1/cs/reviews/${ra.id}/approve`, CS, { body: {} })).status).toBe(400);
  });

  it('C10.2 reports each clause with evidence, and explains a notice sent less than 168 h before its window', async () => {
    const a = await seedCustomer(world.deps, { applyAt: '2026-11-25T01:00:00.000Z' });
    const applying: Change = {
      ...a.change,
      state: 'applying',
      version: a.change.version + 1,
      history: [
        ...a.change.history,
        {
          at: '2026-11-25T01:00:00.000Z',
          from: 'notified',
          to: 'applying',
          actor: 'system',
          reason: 'window',
        },
      ],
    };
    await world.deps.store.changes.updateChanges(
      [{ next: applying, expectedVersion: a.change.version }],
      [
        auditEventOf({
          type: 'change.applying',
          actor: 'system',
          at: toInstant('2026-11-25T01:00:00Z'),
          subjectId: a.change.id,
          key: 'x',
          customerId: a.customer.id,
        }),
      ],
    );
    const res = await api.send('GET', `/v1/cs/reports/${a.customer.id}`, CS, {
      query: { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' },
    });
    expect(res.status).toBe(200);
    const clauses = res.json.clauses as {
      clause: string;
      status: string;
      breaches: { explanation: string }[];
    }[];
    expect(clauses.map((c) => c.clause)).toEqual([
      'C1',
      'C2',
      'C3',
      'C4',
      'C5',
      'C6',
      'C7',
      'C8',
      'C9',
      'C10',
      'C11',
      'C12',
    ]);
    const c3 = clauses.find((c) => c.clause === 'C3');
    expect(c3?.status).toBe('not-held');
    expect(c3?.breaches[0]?.explanation).toMatch(
      /13\.0 h before its window.*at least 168 h are due \(C3\.2\)/,
    );
    expect(clauses.find((c) => c.clause === 'C1')?.status).toBe('held');
    expect(clauses.find((c) => c.clause === 'C5')?.status).toBe('no-evidence');

    const empty = await api.send('GET', `/v1/cs/reports/${a.customer.id}`, CS, {
      query: { from: '2026-11-30T00:00:00Z', to: '2026-11-01T00:00:00Z' },
    });
    expect(empty.status).toBe(400);
  });

  it('C10.2 reports a change applied without any notice (C3.5)', async () => {
    const a = await seedCustomer(world.deps, { applyAt: '2026-11-25T01:00:00.000Z' });
    const silent: Notice = {
      ...a.notice,
      id: `${a.notice.id}:x`,
      status: 'failed',
      sentAt: undefined,
      version: 0,
    };
    await world.deps.store.notices.createNotice(
      silent,
      auditEventOf({
        type: 'notice.created',
        actor: 't',
        at: toInstant('2026-11-24T12:00:00Z'),
        subjectId: silent.id,
        key: 'x',
      }),
    );
    const other: Change = {
      ...a.change,
      id: `${a.change.id}-b`,
      state: 'applying',
      history: [
        {
          at: '2026-11-25T01:00:00.000Z',
          from: 'planned',
          to: 'applying',
          actor: 'system',
          reason: 'window',
        },
      ],
    };
    await world.deps.store.changes.createChange(
      other,
      auditEventOf({
        type: 'change.planned',
        actor: 't',
        at: toInstant('2026-11-24T12:00:00Z'),
        subjectId: other.id,
        key: 'x',
        customerId: a.customer.id,
      }),
    );
    const res = await api.send('GET', `/v1/cs/reports/${a.customer.id}`, CS, {
      query: { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' },
    });
    const c3 = (
      res.json.clauses as { clause: string; breaches: { subjectId: string; explanation: string }[] }[]
    ).find((c) => c.clause === 'C3');
    expect(c3?.breaches).toContainEqual({
      subjectId: other.id,
      explanation: expect.stringContaining('without any notice (C3.5)'),
    });
  });

  it('CS routes need the IAM identity: no identity or a customer token is a 401', async () => {
    expect((await api.send('GET', '/v1/cs/customers', 'none')).status).toBe(401);
    expect((await api.send('GET', '/v1/cs/customers', { customerId: 'acme' })).status).toBe(401);
  });
});

describe('CS routes: releases (C1)', () => {
  it('C1 registering the same release again says it exists (200, nothing planned twice); other content under its id is a 409 that says so', async () => {
    const a = await seedCustomer(world.deps);
    const body = {
      id: `rel-again-${a.customer.id}`,
      platform: a.server.platform,
      version: '9.0.0',
      class: 'important',
      title: 'Hyperstack 9',
      description: 'Storage fixes.',
    };
    const first = await api.send('POST', '/v1/cs/releases', CS, { body });
    expect(first.status).toBe(201);
    const again = await api.send('POST', '/v1/cs/releases', CS, { body });
    expect(again).toMatchObject({ status: 200, json: { created: false, newChanges: 0 } });
    const other = await api.send('POST', '/v1/cs/releases', CS, { body: { ...body, version: '9.0.1' } });
    expect(other.status).toBe(409);
    expect(String(other.json.detail)).toMatch(
      new RegExp(`release ${body.id} already exists .*version 9\\.0\\.0`),
    );
    expect(String(other.json.detail)).not.toMatch(/audit/);
  });
});
