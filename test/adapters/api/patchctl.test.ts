/**
 * patchctl, the CS command line, against the local API server (the same router as the Lambda) over
 * the real store on DynamoDB Local: what it sends, what it refuses before sending, what it prints,
 * and that the README's examples are commands it accepts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, run } from '../../../cli/patchctl.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { type RunningApiServer, startApiServer } from '../../../local/api-server.ts';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { liveDeps } from './live-deps.ts';

const world = useChannelWorld();
const KEY = 'test-cs-key';
let server: RunningApiServer;
beforeAll(async () => {
  server = await startApiServer({
    deps: liveDeps(world),
    csKey: KEY,
    log: () => {},
  });
});
afterAll(() => server.close());

const cli = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(['--endpoint', server.url, '--cs-key', KEY, ...args], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const cs = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-cs-key': KEY, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });

let serial = Math.floor(Math.random() * 1e9);
const newServerId = () => `mi-${(serial++).toString(16).padStart(17, 'a')}`;

describe('patchctl servers add', () => {
  it('C9.2 refuses an --ad-image that is not among the images, and registers nothing', async () => {
    const s = await seedCustomer(world.deps);
    const id = newServerId();
    const args = ['--id', id, '--customer', s.customer.id, '--platform', 'vplat', '--version', '7.1'];
    const refused = await cli('servers', 'add', ...args, '--image', 'files', '--ad-image', 'dc01');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/--ad-image dc01 is not one of the images \(--image files\)/);
    expect(await world.deps.store.directory.getServer(id)).toBeUndefined();

    const added = await cli('servers', 'add', ...args, '--image', 'dc01,files', '--ad-image', 'dc01');
    expect(added).toMatchObject({ code: 0, out: `added server ${id} for ${s.customer.id}` });
    expect((await world.deps.store.directory.getServer(id))?.images).toEqual([
      { name: 'dc01', activeDirectory: true },
      { name: 'files', activeDirectory: false },
    ]);
  });

  it('C9.2 the API answers 400 naming activeDirectoryImage when it is not among the images', async () => {
    const s = await seedCustomer(world.deps);
    const id = newServerId();
    const body = {
      id,
      customerId: s.customer.id,
      platform: 'vplat',
      version: '7.1',
      images: [{ name: 'files' }],
    };
    const res = await cs('/v1/cs/servers', {
      method: 'POST',
      body: { ...body, activeDirectoryImage: 'dc01' },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([
      { path: 'activeDirectoryImage', message: expect.stringMatching(/must be one of the server images/) },
    ]);
    expect(await world.deps.store.directory.getServer(id)).toBeUndefined();

    const flagged = {
      ...body,
      images: [{ name: 'files', activeDirectory: true }, { name: 'dc01' }],
      activeDirectoryImage: 'dc01',
    };
    const contradicts = await cs('/v1/cs/servers', { method: 'POST', body: flagged });
    expect(contradicts.status).toBe(400);

    const ok = await cs('/v1/cs/servers', {
      method: 'POST',
      body: { ...body, images: [{ name: 'files' }, { name: 'dc01' }], activeDirectoryImage: 'dc01' },
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { images: unknown[] }).images).toEqual([
      { name: 'files', activeDirectory: false },
      { name: 'dc01', activeDirectory: true },
    ]);
  });
});

describe('patchctl urgent and releases add', () => {
  it('C5.1 prints what the API did: new changes apart from those already planned, and what was superseded', async () => {
    const s = await seedCustomer(world.deps);
    const release = `urgent-${s.customer.id}`;
    const registered = await cli(
      'releases',
      'add',
      '--id',
      release,
      '--platform',
      s.server.platform,
      '--version',
      '1.2.0',
      '--class',
      'urgent',
      '--title',
      'Critical fix',
    );
    expect(registered.code).toBe(0);
    expect(registered.out).toBe(
      `registered ${release}: 1 new change(s) planned; 1 in all\n` +
        `  superseded (C2.1): 1 older change(s): ${s.change.id}`,
    );

    const again = await cli('urgent', release, '--targets', 'all');
    expect(again.code).toBe(0);
    expect(again.out).toBe(
      `urgent release ${release}: 0 new change(s) planned; 1 already planned before (unchanged); 1 in all`,
    );
  });

  it('C5.1 names the servers skipped and why', async () => {
    const s = await seedCustomer(world.deps);
    const release = `old-${s.customer.id}`;
    const out = await cli(
      'releases',
      'add',
      '--id',
      release,
      '--platform',
      s.server.platform,
      '--version',
      '0.9.0',
      '--class',
      'urgent',
      '--title',
      'An older build',
    );
    expect(out.code).toBe(0);
    expect(out.out).toMatch(
      new RegExp(
        `^registered ${release}: 0 new change\\(s\\) planned; 0 in all\\n  skipped: 1 server\\(s\\)\\n    ${s.server.id}: .+`,
      ),
    );
  });
});

/** The `npx patchctl …` lines of the README's CS section, as argument lists. */
function readmeCommands(): string[][] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const commands: string[][] = [];
  for (const line of readme.split('\n')) {
    const at = line.indexOf('npx patchctl ');
    if (at < 0 || !line.trimStart().startsWith('npx patchctl ')) continue;
    const text = line.slice(at + 'npx patchctl '.length).replace(/\s+#.*$/, '');
    const words = [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    commands.push(words.map((w) => w.replace(/^<(.+)>$/, 'x-$1')));
  }
  return commands;
}

describe('the README and patchctl agree', () => {
  it('C4.4 every patchctl example in the README is a command patchctl accepts as written', async () => {
    const commands = readmeCommands();
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['reviews approve', 'reviews refuse', 'urgent hyperstack-3.4.1', 'servers add']),
    );
    for (const args of commands) {
      const errors: string[] = [];
      const program = buildProgram({ out: () => {}, err: (s) => errors.push(s) });
      let reached = false;
      program.hook('preAction', () => {
        reached = true;
        throw new Error('stop before the request');
      });
      await program.parseAsync(args, { from: 'user' }).catch(() => {});
      expect({ args: args.join(' '), reached, errors }).toEqual({
        args: args.join(' '),
        reached: true,
        errors: [],
      });
    }
  });

  it('C4.4 C10.1 a review decision needs the reason the customer and the audit trail are given', async () => {
    const refused = await cli('reviews', 'approve', 'req-1');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/required option '--reason <text>' not specified/);
  });
});

describe('patchctl repeating a registration the API could not finish in 29 s', () => {
  it('C3.1 adds up the new changes and superseded ones of every call, so the summary is of the whole registration', async () => {
    const { untilComplete } = await import('../../../cli/patchctl.ts');
    const answers = [
      {
        created: true,
        changes: 2,
        newChanges: 2,
        complete: false,
        remaining: 2,
        skipped: [],
        superseded: ['a'],
      },
      {
        created: false,
        changes: 4,
        newChanges: 2,
        complete: true,
        remaining: 0,
        skipped: [],
        superseded: ['b'],
      },
    ];
    let calls = 0;
    const out = await untilComplete(
      async () => answers[calls++] as (typeof answers)[0],
      () => {},
    );
    expect(out).toMatchObject({ created: true, changes: 4, newChanges: 4, superseded: ['a', 'b'] });
  });
});

describe('customer tokens on the local system', () => {
  const changes = (token: string) =>
    fetch(`${server.url}/v1/changes`, { headers: { authorization: `Bearer ${token}` } });

  it("C12.1 patchctl token makes a token valid on the local system's own (virtual) clock", async () => {
    const s = await seedCustomer(world.deps);
    // npm start plays days in minutes: its clock is far from real time.
    world.clock.at = toInstant('2027-06-01T00:00:00Z');
    const made = await cli('token', s.customer.id);
    expect(made.code).toBe(0);
    const res = await changes(made.out);
    expect(res.status).toBe(200);
    const claims = JSON.parse(Buffer.from(made.out.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(new Date(claims.iat * 1000).toISOString()).toBe('2027-06-01T00:00:00.000Z');
    expect(claims.exp - claims.iat).toBe(30 * 86_400);
  });

  it('C12.1 an expired token is refused with a 401 that says it expired, and when', async () => {
    const s = await seedCustomer(world.deps);
    const made = await cli('token', s.customer.id, '--ttl', '1');
    world.clock.at = world.clock.at.add({ hours: 2 });
    const res = await changes(made.out);
    expect(res.status).toBe(401);
    const problem = (await res.json()) as { detail: string; expiredAt: string };
    expect(problem.expiredAt).toBe('2026-11-24T13:00:00.000Z');
    expect(problem.detail).toBe(
      "the token expired at 2026-11-24T13:00:00.000Z; the API's clock is at 2026-11-24T14:00:00.000Z. A new one: npx patchctl token <customerId>",
    );
    const forged = await changes(`${made.out.slice(0, -4)}AAAA`);
    expect(((await forged.json()) as { detail: string }).detail).toMatch(/not signed with the local secret/);
  });
});
