/**
 * `npm run bench:api -- [--servers 500,5000] [--days 30] [--calls 100] [--limits 100,1000] [--warm-up 30]`
 * The API at a large customer (issue 16): customers of each size in one table on DynamoDB Local,
 * each with `days` days of backups, served by the local API server (the real router over HTTP on
 * loopback). Every list route is walked page by page, at the default page (limit 100) and at the
 * largest (1000), `calls` calls each per customer; it records each answer's size, its DynamoDB
 * requests (the store's own meter) and its time. Also, for comparison, what GET /v1/backups cost before issue 16 (one Query per
 * server, every page of each). Writes bench/api-results.json and its section of bench/RESULTS.md,
 * prints the table, and exits 1 when a goal is missed: an answer over 1 MB, DynamoDB requests per
 * call that grow with the customer, or a p99 over 300 ms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Command, InvalidArgumentError } from 'commander';
import { createDynamoStore, storeContext } from '../functions/adapters/dynamodb/create-dynamo-store.ts';
import { ensureTable } from '../functions/adapters/dynamodb/ensure-table.ts';
import { createStoreMeter } from '../functions/adapters/dynamodb/store-context.ts';
import type { ChannelDeps } from '../functions/application/channels/deps.ts';
import { toInstant } from '../functions/domain/calendar.ts';
import { defaultConfig } from '../functions/domain/config.ts';
import { startApiServer } from '../local/api-server.ts';
import { localCsKey, signCustomerToken } from '../local/local-auth.ts';
import { startDynamoDbLocal } from '../local/services/dynamodb-local.ts';
import { type ApiCustomer, loadApiCustomer } from './api-customer.ts';
import { type ApiRow, GOALS, renderApiSection, replaceSection } from './api-report.ts';
import { wholeNumber } from './options.ts';

const NOW = '2026-11-29T12:00:00Z';
const TABLE = 'api-bench';
const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const JSON_OUT = fileURLToPath(new URL('./api-results.json', import.meta.url));

const sizes = (value: string): number[] => {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((v) => !Number.isInteger(v) || v < 1))
    throw new InvalidArgumentError('a comma-separated list of whole numbers of servers');
  return [...new Set(list)].sort((a, b) => a - b);
};

const program = new Command('bench:api')
  .description('list routes at a large customer: answer size, DynamoDB requests and time per call')
  .option('--servers <list>', 'servers per customer, one customer per size', sizes, [500, 5000])
  .option('--days <n>', 'days of backups', wholeNumber(1), 30)
  .option('--calls <n>', 'calls per route, page size and customer', wholeNumber(5), 100)
  .option(
    '--limits <list>',
    'page sizes (limit) to walk each list at: the default and the largest',
    sizes,
    [100, 1000],
  )
  .option(
    '--warm-up <calls>',
    "calls per route first, on the smallest customer and not reported (the JVM's and Node's warm-up)",
    wholeNumber(0),
    30,
  );

type Route = {
  name: string;
  audience: 'customer' | 'cs';
  path: (c: ApiCustomer) => string;
  /** One record, not a list: read once per customer, whatever the page size. */
  single?: boolean;
};

const period = `from=${new Date(Date.parse(NOW) - 30 * 86_400_000).toISOString()}&to=${new Date(NOW).toISOString()}`;
const ROUTES: Route[] = [
  { name: 'GET /v1/servers', audience: 'customer', path: () => '/v1/servers' },
  { name: 'GET /v1/changes', audience: 'customer', path: () => '/v1/changes' },
  {
    name: 'GET /v1/changes?when=upcoming',
    audience: 'customer',
    path: () => '/v1/changes?when=upcoming',
  },
  { name: 'GET /v1/changes?when=past', audience: 'customer', path: () => '/v1/changes?when=past' },
  {
    name: 'GET /v1/changes/{id}',
    audience: 'customer',
    path: (c) => `/v1/changes/${encodeURIComponent(c.changeId)}`,
    single: true,
  },
  { name: 'GET /v1/notices', audience: 'customer', path: () => '/v1/notices' },
  { name: 'GET /v1/backups (30 days)', audience: 'customer', path: () => `/v1/backups?${period}` },
  {
    name: 'GET /v1/cs/servers?customerId=',
    audience: 'cs',
    path: (c) => `/v1/cs/servers?customerId=${c.customer.id}`,
  },
  { name: 'GET /v1/cs/servers (all customers)', audience: 'cs', path: () => '/v1/cs/servers' },
  { name: 'GET /v1/cs/customers', audience: 'cs', path: () => '/v1/cs/customers' },
  { name: 'GET /v1/cs/reviews', audience: 'cs', path: () => '/v1/cs/reviews' },
];

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
};

async function main(): Promise<number> {
  const opts = program.parse().opts<{
    servers: number[];
    days: number;
    calls: number;
    warmUp: number;
    limits: number[];
  }>();
  const started = performance.now();
  const loadBefore = loadavg();
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const meter = createStoreMeter();
  const now = toInstant(NOW);
  try {
    await ensureTable(client, TABLE);
    const customers: ApiCustomer[] = [];
    let firstServer = 0x100000;
    for (const servers of opts.servers) {
      const t0 = performance.now();
      const c = await loadApiCustomer(storeContext({ client, tableName: TABLE }), {
        id: `api-${servers}`,
        servers,
        days: opts.days,
        now,
        firstServer,
      });
      firstServer += servers;
      customers.push(c);
      console.log(
        `loaded ${c.customer.id}: ${Object.entries(c.counts)
          .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
          .join(', ')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    const store = createDynamoStore({ client, tableName: TABLE, meter });
    const refuse = async () => {
      throw new Error('the API bench sends nothing');
    };
    const deps: ChannelDeps = {
      store,
      clock: { now: () => now },
      cfg: defaultConfig(),
      mailer: { send: refuse },
      tracker: { outcome: refuse },
      alerter: { raise: refuse },
      mail: { from: 'notices@bench.example', replyDomain: 'reply.bench.example' },
    };
    const server = await startApiServer({ deps, log: () => {} });
    const rows: ApiRow[] = [];
    const nowSeconds = Math.floor(now.epochMilliseconds / 1000);
    const headersOf = (route: Route, c: ApiCustomer): Record<string, string> =>
      route.audience === 'customer'
        ? { authorization: `Bearer ${signCustomerToken(c.customer.id, { nowSeconds })}` }
        : { 'x-cs-key': localCsKey() };
    try {
      const smallest = customers[0];
      const largest = Math.max(...opts.limits);
      if (smallest && opts.warmUp > 0)
        for (const route of ROUTES)
          await walk(server.url, route, smallest, headersOf(route, smallest), opts.warmUp, largest, meter);
      for (const c of customers) {
        for (const route of ROUTES)
          for (const limit of route.single ? [largest] : opts.limits)
            rows.push(await walk(server.url, route, c, headersOf(route, c), opts.calls, limit, meter));
        rows.push(await before(store, meter, c, now));
      }
    } finally {
      await server.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const meta = {
      generatedAt: new Date().toISOString(),
      seconds,
      node: process.version,
      loadBefore,
      loadAfter: loadavg(),
      servers: opts.servers,
      days: opts.days,
      calls: opts.calls,
      limits: opts.limits,
      warmUp: opts.warmUp,
      customers: customers.map((c) => ({ id: c.customer.id, ...c.counts })),
    };
    writeFileSync(JSON_OUT, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
    const section = renderApiSection(meta, rows);
    writeFileSync(RESULTS, replaceSection(readFileSync(RESULTS, 'utf8'), section));
    console.log(section);
    const misses = goalsMissed(rows, opts.servers);
    for (const m of misses) console.error(`goal missed: ${m}`);
    return misses.length ? 1 : 0;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

/** Follows `next` from the first page, `calls` times (starting again when the list ends). */
async function walk(
  base: string,
  route: Route,
  c: ApiCustomer,
  headers: Record<string, string>,
  calls: number,
  limit: number,
  meter: ReturnType<typeof createStoreMeter>,
): Promise<ApiRow> {
  const ms: number[] = [];
  const bytes: number[] = [];
  const requests: number[] = [];
  const items: number[] = [];
  let pages = 0;
  let next: string | undefined;
  for (let i = 0; i < calls; i += 1) {
    const path = route.path(c);
    const query = route.single ? '' : `limit=${limit}${next ? `&next=${next}` : ''}`;
    const url = `${base}${path}${query ? `${path.includes('?') ? '&' : '?'}${query}` : ''}`;
    const before = meter.requests;
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const text = await res.text();
    ms.push(performance.now() - t0);
    requests.push(meter.requests - before);
    bytes.push(Buffer.byteLength(text));
    if (res.status !== 200)
      throw new Error(`${route.name} for ${c.customer.id}: ${res.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as Record<string, unknown>;
    const list = Object.values(body).find(Array.isArray) as unknown[] | undefined;
    items.push(list?.length ?? 1);
    next = typeof body.next === 'string' ? body.next : undefined;
    if (!next) pages += 1; // a whole list walked
  }
  return {
    route: route.name,
    customer: c.customer.id,
    servers: c.servers,
    limit: route.single ? undefined : limit,
    calls,
    listsWalked: pages,
    itemsPerCall: Math.max(...items),
    maxBytes: Math.max(...bytes),
    requestsPerCall: [Math.min(...requests), Math.max(...requests)],
    p50ms: quantile(ms, 0.5),
    p99ms: quantile(ms, 0.99),
  };
}

/** GET /v1/backups as it was before issue 16: the customer's servers, then every page of each server. */
async function before(
  store: ReturnType<typeof createDynamoStore>,
  meter: ReturnType<typeof createStoreMeter>,
  c: ApiCustomer,
  now: ReturnType<typeof toInstant>,
): Promise<ApiRow> {
  const from = now.subtract({ hours: 24 * 30 });
  const requestsBefore = meter.requests;
  const t0 = performance.now();
  await store.directory.getCustomer(c.customer.id);
  const servers = await store.directory.listServersByCustomer(c.customer.id);
  const runs = (
    await Promise.all(servers.map((s) => store.backups.listBackupsByServer(s.id, from, now)))
  ).flat();
  const ms = performance.now() - t0;
  const requests = meter.requests - requestsBefore;
  return {
    route: 'before: GET /v1/backups (30 days), one Query per server',
    customer: c.customer.id,
    servers: c.servers,
    calls: 1,
    listsWalked: 1,
    itemsPerCall: runs.length,
    maxBytes: Buffer.byteLength(JSON.stringify({ backups: runs })),
    requestsPerCall: [requests, requests],
    p50ms: ms,
    p99ms: ms,
  };
}

function goalsMissed(rows: ApiRow[], sizes: number[]): string[] {
  const misses: string[] = [];
  const now = rows.filter((r) => !r.route.startsWith('before'));
  for (const r of now) {
    const at = `${r.route}${r.limit ? ` (limit ${r.limit})` : ''} at ${r.servers}`;
    if (r.maxBytes > GOALS.maxBytes) misses.push(`${at}: ${r.maxBytes} bytes`);
    if (r.p99ms > GOALS.p99ms) misses.push(`${at}: p99 ${r.p99ms.toFixed(0)} ms`);
  }
  for (const route of new Set(now.map((r) => `${r.route}|${r.limit}`))) {
    const most = now.filter((r) => `${r.route}|${r.limit}` === route).map((r) => r.requestsPerCall[1]);
    if (new Set(most).size > 1 && sizes.length > 1)
      misses.push(
        `${route}: DynamoDB requests per call ${most.join(' vs ')} across ${sizes.join(' vs ')} servers`,
      );
  }
  return misses;
}

process.exitCode = await main();
