import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, untilComplete } from '../../../cli/patchctl.ts';
import { type RunningApiServer, startApiServer } from '../../../local/api-server.ts';
import { signCustomerToken, verifyCustomerToken } from '../../../local/local-auth.ts';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { liveDeps } from './live-deps.ts';

const world = useChannelWorld();
const SECRET = 'test-secret';
const KEY = 'test-cs-key';
let server: RunningApiServer;
beforeAll(async () => {
  server = await startApiServer({
    deps: liveDeps(world),
    jwtSecret: SECRET,
    csKey: KEY,
    log: () => {},
  });
});
afterAll(() => server.close());

const nowSeconds = () => Math.floor(world.clock.now().epochMilliseconds / 1000);

describe('local API server', () => {
  it('C12.1 accepts a locally signed customer token and refuses a forged or expired one', async () => {
    const s = await seedCustomer(world.deps);
    const token = signCustomerToken(s.customer.id, { secret: SECRET, nowSeconds: nowSeconds() });
    const ok = await fetch(`${server.url}/v1/changes`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { changes: unknown[] }).changes).toHaveLength(1);

    const forged = signCustomerToken(s.customer.id, { secret: 'other', nowSeconds: nowSeconds() });
    const bad = await fetch(`${server.url}/v1/changes`, { headers: { authorization: `Bearer ${forged}` } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const old = signCustomerToken(s.customer.id, {
      secret: SECRET,
      nowSeconds: nowSeconds() - 90_000,
      ttlSeconds: 3600,
    });
    expect(verifyCustomerToken(old, { secret: SECRET, nowSeconds: nowSeconds() })).toBeUndefined();
  });

  it('CS routes need the local CS key: missing → 401, wrong → 403', async () => {
    expect((await fetch(`${server.url}/v1/cs/customers`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/cs/customers`, { headers: { 'x-cs-key': 'nope' } })).status).toBe(
      403,
    );
    expect((await fetch(`${server.url}/v1/cs/customers`, { headers: { 'x-cs-key': KEY } })).status).toBe(200);
  });

  it('refuses an oversized body with 413 that states its real size and the limit', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(100_000) });
    const res = await fetch(`${server.url}/v1/cs/customers`, {
      method: 'POST',
      headers: { 'x-cs-key': KEY, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toBe(
      `the body is ${Buffer.byteLength(body)} bytes; the limit is 65,536 bytes (64 KB)`,
    );
  });
});

describe('patchctl registering a large platform', () => {
  it('C3.1 sends the same registration again while the API says servers remain, keeping whether the first call created it', async () => {
    const answers = [
      { created: true, changes: 10, complete: false, remaining: 20 },
      { created: false, changes: 20, complete: false, remaining: 10 },
      { created: false, changes: 30, complete: true, remaining: 0 },
    ];
    const notes: string[] = [];
    let calls = 0;
    const out = await untilComplete(
      async () => answers[calls++] as (typeof answers)[0],
      (l) => notes.push(l),
    );
    expect(calls).toBe(3);
    expect(out).toMatchObject({ created: true, changes: 30, complete: true });
    expect(notes).toEqual(['… 20 server(s) left, continuing', '… 10 server(s) left, continuing']);
  });
});

describe('patchctl against the local API', () => {
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(['--endpoint', server.url, '--cs-key', KEY, ...args], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('lists every page: servers list follows the cursor the API hands out until the last page', async () => {
    const s = await seedCustomer(world.deps);
    const ids = [1, 2].map((n) => `mi-${(Date.now() * 4 + n).toString(16).padStart(17, '0').slice(-17)}`);
    for (const id of ids) {
      const added = await cli(
        'servers',
        'add',
        '--id',
        id,
        '--customer',
        s.customer.id,
        '--platform',
        s.server.platform,
        '--version',
        '1.0.0',
        '--image',
        'files',
      );
      expect(added.code).toBe(0);
    }
    const listed = await cli('--json', 'servers', 'list', '--customer', s.customer.id, '--page-size', '1');
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.out) as { id: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual([s.server.id, ...ids].sort());
    const bad = await cli('servers', 'list', '--page-size', '0');
    expect(bad.code).not.toBe(0);
  });

  it('adds and lists customers, and exits non-zero with the problem on failure', async () => {
    const id = `cli-${Math.random().toString(16).slice(2, 8)}`;
    const added = await cli(
      'customers',
      'add',
      '--id',
      id,
      '--name',
      'CLI Ltd',
      '--contact',
      `ops@${id}.example`,
      '--window',
      'THU 02:00 3',
    );
    expect(added).toMatchObject({ code: 0, out: `added customer ${id}` });
    const listed = await cli('customers', 'list');
    expect(listed.out).toMatch(new RegExp(`${id}\\s+CLI Ltd\\s+Europe/London\\s+THU 02:00 3h`));
    const dup = await cli(
      'customers',
      'add',
      '--id',
      id,
      '--name',
      'CLI Ltd',
      '--contact',
      `ops@${id}.example`,
    );
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/409 Conflict/);
    const invalid = await cli(
      'servers',
      'add',
      '--id',
      'mi-bad',
      '--customer',
      id,
      '--platform',
      'p',
      '--version',
      '1',
      '--image',
      'a',
    );
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/- id: must be an SSM hybrid managed instance id/);
  });

  it('prints a token the local server accepts, and a report', async () => {
    const s = await seedCustomer(world.deps);
    const token = await cli('token', s.customer.id);
    expect(
      verifyCustomerToken(token.out, {
        secret: process.env.PATCH_LOCAL_JWT_SECRET || 'patch-promise-local-jwt-secret',
      }),
    ).toMatchObject({
      'custom:customer_id': s.customer.id,
    });
    const report = await cli(
      'report',
      s.customer.id,
      '--from',
      '2026-11-01T00:00:00Z',
      '--to',
      '2026-11-30T00:00:00Z',
    );
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^C3\s+held/m);
    expect((await cli('frobnicate')).code).not.toBe(0);
  });
});
