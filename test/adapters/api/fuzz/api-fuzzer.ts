/**
 * A schema-driven fuzzer over the API: for each documented operation it builds requests from the
 * document alone (json-schema-faker, seeded), most of them schema-valid, the rest broken on
 * purpose (a wrong type, a missing field, junk text, bad JSON, an oversize body, no or the wrong
 * credentials), sends them through the real router and checks every answer against the document:
 * - no 5xx;
 * - the status is one the operation documents, with the documented media type;
 * - the body matches the schema documented for that status;
 * - a schema-valid request is refused (400) only by a rule the operation states (`x-refusals`).
 * Known ids (seeded records) and the `next` cursors the API hands out are fed back in, so requests
 * reach past "not found" into real records and later pages.
 */
import type { Answer, Auth, Call } from '../api-events.ts';
import type { Contract, Operation, Param, Schema } from './openapi-contract.ts';

export type Send = (method: string, path: string, auth: Auth, call?: Call) => Promise<Answer>;

export type FuzzWorld = {
  /** Customer ids whose tokens the fuzzer may use (records exist for them). */
  customers: string[];
  /** Known values by parameter name (`id`, `customerId`, …), mixed into generated ones. */
  known: Record<string, string[]>;
};

export type Finding = { operationId: string; request: string; problem: string };
export type FuzzReport = {
  requests: number;
  /** Requests that sent back a cursor the API handed out and got a page (2xx). */
  pagesFollowed: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, Record<string, number>>;
  findings: Finding[];
};

/** mulberry32: a small seeded PRNG for the fuzzer's own choices. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}

type Rng = ReturnType<typeof prng>;
type Built = { path: string; call: Call; auth: Auth; valid: boolean; label: string };

const JUNK = [
  '',
  ' ',
  'null',
  '-1',
  '0',
  '1e309',
  'true',
  '%',
  '../..',
  '\u0000',
  'ü'.repeat(300),
  "' OR 1=1",
];

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function paramValue(
  contract: Contract,
  rng: Rng,
  p: Param,
  world: FuzzWorld,
  cursors: string[],
  labels: string[],
) {
  if (p.name === 'next' && cursors.length > 0 && rng.chance(0.7)) {
    labels.push('cursor');
    return rng.pick(cursors);
  }
  const known = world.known[p.name];
  if (known?.length && rng.chance(0.6)) return rng.pick(known);
  return textOf(contract.generate(p.schema, rng.int(2 ** 31)));
}

function mutateBody(contract: Contract, rng: Rng, schema: Schema, body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return rng.pick([42, 'text', [], null]);
  const copy = { ...(body as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys.length ? rng.pick(keys) : 'unexpected';
  switch (rng.int(3)) {
    case 0:
      delete copy[key];
      return copy;
    case 1:
      copy[key] = rng.pick([12345, true, 'x'.repeat(3000), { nested: 1 }, [], null, '  ']);
      return copy;
    default:
      return contract.generate({ type: 'object' } as Schema, rng.int(2 ** 31)) ?? schema;
  }
}

function build(contract: Contract, rng: Rng, op: Operation, world: FuzzWorld, cursors: string[]): Built {
  const customerId = rng.pick(world.customers);
  let auth: Auth =
    op.audience === 'customer' ? { customerId } : { cs: 'arn:aws:iam::000000000000:user/fuzz' };
  let path = op.path;
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  let valid = true;
  const labels: string[] = [];
  for (const p of op.params) {
    if (!p.required && rng.chance(0.5)) continue;
    let text = paramValue(contract, rng, p, world, cursors, labels);
    if (rng.chance(0.08)) {
      text = rng.pick(JUNK);
      labels.push(`junk ${p.name}`);
    }
    if (!contract.checkParam(op, p, text)) valid = false;
    if (p.in === 'path' && rng.chance(0.03)) {
      path = path.replace(`{${p.name}}`, '%E0%A4%A'); // a percent-escape that decodes to nothing
      valid = false;
      labels.push('malformed escape');
    } else if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(text) || '%20');
    else if (p.in === 'query') query[p.name] = text;
    else headers[p.name] = text;
  }
  const call: Call = { query, headers };
  if (op.body) {
    let body = contract.generate(op.body.schema, rng.int(2 ** 31));
    if (rng.chance(0.2)) {
      body = mutateBody(contract, rng, op.body.schema, body);
      labels.push('mutated body');
    }
    if (!contract.check(op.body.pointer, body).ok) valid = false;
    call.body = body;
    const roll = rng.next();
    if (roll < 0.03) {
      call.rawBody = '{"unterminated": ';
      valid = false;
      labels.push('bad JSON');
    } else if (roll < 0.05) {
      call.headers = { ...call.headers, 'content-type': 'text/plain' };
      valid = false;
      labels.push('text/plain');
    } else if (roll < 0.06) {
      call.rawBody = JSON.stringify({ pad: 'x'.repeat(70_000) });
      valid = false;
      labels.push('oversize');
    }
  }
  const authRoll = rng.next();
  if (authRoll < 0.04) {
    auth = 'none';
    valid = false;
    labels.push('no credentials');
  } else if (authRoll < 0.07) {
    auth = op.audience === 'customer' ? { cs: 'arn:aws:iam::000000000000:user/fuzz' } : { customerId };
    valid = false;
    labels.push('other audience');
  } else if (authRoll < 0.1 && op.audience === 'customer') {
    auth = { customerId: `ghost-${rng.int(1e6)}` };
    labels.push('unknown customer');
  }
  return { path, call, auth, valid, label: labels.join(', ') || 'valid' };
}

function describe(op: Operation, b: Built): string {
  const q = new URLSearchParams(b.call.query ?? {}).toString();
  const body = b.call.rawBody ?? (b.call.body === undefined ? '' : JSON.stringify(b.call.body));
  return `${op.method} ${b.path}${q ? `?${q}` : ''} [${b.label}] ${body.slice(0, 400)}`;
}

/** The documented answer for `status`, or the operation's problem responses when only the path matched. */
function judge(contract: Contract, op: Operation, b: Built, res: Answer): string[] {
  const problems: string[] = [];
  const status = String(res.status);
  if (res.status >= 500) problems.push(`answered ${status}: ${JSON.stringify(res.json)}`);
  const doc = op.responses[status];
  if (!doc) {
    problems.push(`status ${status} is not documented (documented: ${Object.keys(op.responses)})`);
    return problems;
  }
  if (res.type !== doc.mediaType)
    problems.push(`status ${status} came as ${res.type}, documented ${doc.mediaType}`);
  const checked = contract.check(doc.pointer, res.json);
  if (!checked.ok) problems.push(`status ${status} body does not match its schema: ${checked.errors}`);
  if (b.valid && res.status === 400) {
    const errors = (res.json.errors as { path: string; message: string }[] | undefined) ?? [];
    const unexplained = errors.filter(
      (e) =>
        !op.refusals.some(
          (r) => (e.path === r.path || e.path.startsWith(`${r.path}.`)) && e.message.includes(r.message),
        ),
    );
    if (errors.length === 0 || unexplained.length > 0)
      problems.push(
        `a schema-valid request was refused by a rule the document does not state: ${JSON.stringify(
          unexplained.length ? unexplained : res.json.detail,
        )}`,
      );
  }
  return problems;
}

export async function fuzz(
  contract: Contract,
  send: Send,
  world: FuzzWorld,
  options: { seed: number; budget: number },
): Promise<FuzzReport> {
  const rng = prng(options.seed);
  const cursors = new Map<string, string[]>();
  const report: FuzzReport = { requests: 0, pagesFollowed: 0, byStatus: {}, byOperation: {}, findings: [] };
  const ops = contract.operations;
  for (let i = 0; i < options.budget; i += 1) {
    const op = ops[i % ops.length] as Operation;
    const pool = cursors.get(op.operationId) ?? [];
    const built = build(contract, rng, op, world, pool);
    const res = await send(op.method, built.path, built.auth, built.call);
    report.requests += 1;
    const status = String(res.status);
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    const perOp = report.byOperation[op.operationId] ?? {};
    perOp[status] = (perOp[status] ?? 0) + 1;
    report.byOperation[op.operationId] = perOp;
    if (built.label.includes('cursor') && res.status === 200) report.pagesFollowed += 1;
    const next = (res.json as { next?: unknown }).next;
    if (res.status === 200 && typeof next === 'string')
      cursors.set(op.operationId, [...pool.slice(-20), next]);
    for (const problem of judge(contract, op, built, res))
      report.findings.push({ operationId: op.operationId, request: describe(op, built), problem });
  }
  return report;
}
