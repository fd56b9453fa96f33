/** bench/RESULTS.md: the measured results as Markdown tables (README shows the latest). */

import { TARGET_BUNDLE_BYTES, TARGET_INIT_MS } from '../lib/bundling.ts';
import type { Check } from './acceptance.ts';
import { ratio } from './acceptance.ts';
import type { BundleResult } from './bundles.ts';
import type { CostEstimate } from './cost.ts';
import type { FleetResult } from './fleet.ts';
import { PRICE_REGION, PRICES_AS_OF } from './prices.ts';
import type { ShardOptions, ShardPlan } from './shards.ts';
import type { RunKind, RunMeasure } from './types.ts';

export type BenchResults = {
  generatedAt: string;
  machine: {
    node: string;
    cpus: number;
    memoryGb: number;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  durationSeconds: number;
  bundles: BundleResult[];
  /** When the bundles were measured apart from the fleet runs (`npm run bench -- --bundles-only`). */
  bundlesMeasured?: { at: string; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  fleets: FleetResult[];
  growth: { run: RunKind; fromServers: number; toServers: number; exponent: number | undefined }[];
  cost?: CostEstimate;
  shardOptions: ShardOptions;
  shards: ShardPlan[];
  checks: Check[];
};

const n = (v: number, digits = 0): string =>
  v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (v: number): string => `$${v < 1 ? v.toFixed(4) : n(v, 2)}`;
const table = (head: string[], rows: string[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const ratioText = (sent: number, minimum: number): string => {
  const r = ratio(sent, minimum);
  return r === undefined ? (sent ? `${sent} / –` : '–') : `${sent} / ${minimum} = **${r.toFixed(2)}**`;
};
const otherCommands = (byCommand: Record<string, number>, except: string): string =>
  Object.entries(byCommand)
    .filter(([k]) => k !== except)
    .map(([k, v]) => `${k.replace(/Command$/, '')} ${n(v)}`)
    .join(', ') || '–';

export function fleetTable(fleets: FleetResult[]): string {
  const rows = fleets.flatMap((f) =>
    f.runs.map((r) => [
      r.run,
      n(r.servers),
      n(r.wallMs / 1000, 1),
      n(r.wallMs / r.servers, 2),
      n(r.dynamo.requests / r.servers, 2),
      n(r.dynamo.itemsWritten / r.servers, 2),
      n(r.dynamo.readUnits / r.servers, 2),
      n(r.dynamo.writeUnits / r.servers, 2),
      ratioText(r.emails.sent, r.emails.minimum),
      ratioText(r.commands.sent, r.commands.minimum),
      otherCommands(r.ssm.byCommand, 'SendCommandCommand'),
      n(r.peakRssMb),
    ]),
  );
  return table(
    [
      'run',
      'servers',
      'wall s',
      'ms / server',
      'DynamoDB req / server',
      'items written / server',
      'RCU / server',
      'WCU / server',
      'SES sends / minimum',
      'SSM SendCommand / minimum',
      'other SSM requests',
      'peak RSS MB',
    ],
    rows,
  );
}

/**
 * Where the time goes: CPU of the bench process (the handlers, SDK clients and the in-process
 * fleet simulator), of DynamoDB Local and of the SES server, per run and in total, against wall
 * time. Total CPU ÷ cores is the least wall time this machine allows for the same work.
 */
export function cpuTable(fleets: FleetResult[], cores: number): string {
  type Cpu = RunMeasure['cpuMs'];
  const s = (ms: number) => n(ms / 1000, 1);
  const row = (label: string, servers: number, wallMs: number, c: Cpu) => {
    const total = c.bench + c.dynamoLocal + c.ses;
    return [
      label,
      n(servers),
      s(wallMs),
      s(c.bench),
      s(c.dynamoLocal),
      s(c.ses),
      n(total / servers, 1),
      n(total / wallMs, 2),
    ];
  };
  const rows = fleets.flatMap((f) => {
    const sum = f.runs.reduce(
      (t, r) => ({
        wallMs: t.wallMs + r.wallMs,
        cpu: {
          bench: t.cpu.bench + r.cpuMs.bench,
          dynamoLocal: t.cpu.dynamoLocal + r.cpuMs.dynamoLocal,
          ses: t.cpu.ses + r.cpuMs.ses,
        },
      }),
      { wallMs: 0, cpu: { bench: 0, dynamoLocal: 0, ses: 0 } as Cpu },
    );
    const floorMs = (sum.cpu.bench + sum.cpu.dynamoLocal + sum.cpu.ses) / cores;
    return [
      ...f.runs.map((r) => row(r.run, r.servers, r.wallMs, r.cpuMs)),
      row(`**all runs** (floor on ${cores} cores: ${s(floorMs)} s)`, f.servers, sum.wallMs, sum.cpu),
    ];
  });
  return table(
    [
      'run',
      'servers',
      'wall s',
      'bench process CPU s',
      'DynamoDB Local CPU s',
      'SES server CPU s',
      'CPU ms / server',
      'cores busy',
    ],
    rows,
  );
}

export function renderMarkdown(r: BenchResults): string {
  const parts: string[] = [];
  parts.push('# Benchmark results');
  parts.push(
    `Generated ${r.generatedAt} by \`npm run bench\` in ${n(r.durationSeconds)} s on Node ${r.machine.node}, ` +
      `${r.machine.cpus} CPUs, ${n(r.machine.memoryGb, 1)} GB; load average ${r.machine.loadAverageBefore.map((v) => v.toFixed(1)).join(' / ')} ` +
      `before and ${r.machine.loadAverageAfter.map((v) => v.toFixed(1)).join(' / ')} after (a shared machine: ` +
      'absolute times are inflated by other work; request counts, capacity and ratios are not). ' +
      'Services: DynamoDB Local (in memory), aws-ses-v2-local and the fleet simulator (instant mode), all on loopback. ' +
      'See bench/DESIGN.md for the method and the sharding design.',
  );
  parts.push('## Runs per fleet size');
  parts.push(
    'About 5 servers per customer, customers alternating Europe/London and America/New_York, 2 images per ' +
      'server (one Active Directory), 1 % of patches failing (reverted, C6.2). Each run is the sum of its two ' +
      'time-zone schedules. `apply-results` / `backup-results` are the apply-result handler, one invocation ' +
      'per SSM status event, handled several at a time (--event-concurrency). Runs that fan out at a size ' +
      '(10,000: notice, apply, backup-full) include their coordinator and their shards, worked by as many ' +
      "workers at once as the stack's shard queue allows. Read capacity is DynamoDB Local's ConsumedCapacity; " +
      'write capacity too, except for TransactWriteItems, which Local under-reports (about one item per ' +
      'transaction): those are counted item by item by the same rule (bench/meter.ts). Items written ' +
      'counts every item a Put, Update, Delete, batch or transaction writes: each state change and its audit ' +
      "event (C10.1) are two; they are what DynamoDB Local's time goes to (bench/DESIGN.md, Bench time).",
  );
  parts.push(fleetTable(r.fleets));
  const sum = (of: (d: RunMeasure['dynamo']) => number) =>
    r.fleets.reduce((s, f) => s + f.runs.reduce((t, run) => t + (of(run.dynamo) ?? 0), 0), 0);
  const added = sum((d) => d.capacityAdded);
  const total = r.fleets.reduce((s, f) => s + f.runs.reduce((t, run) => t + run.dynamo.requests, 0), 0);
  parts.push(
    `The store asked for ConsumedCapacity itself on ${n(total - added)} of ${n(total)} DynamoDB requests; the ` +
      `bench's middleware added it to ${n(added)}. For TransactWriteItems DynamoDB Local reported ` +
      `${n(sum((d) => d.transactionUnitsReported))} write units; counted item by item they are ` +
      `${n(sum((d) => d.transactionUnitsCounted))}. Alerts raised to the CS team: ` +
      `${r.fleets.map((f) => `${n(f.alerts)} at ${n(f.servers)}`).join(', ')}.`,
  );
  parts.push('### Where the time goes');
  parts.push(
    'CPU time of each process while each run worked (Linux /proc; the bench process holds the handlers, ' +
      'the SDK clients and the fleet simulator). "cores busy" is CPU ÷ wall time: below the machine\'s cores, ' +
      'the run waits on round trips; at it, on CPU. The floor is the same CPU spread over every core: no ' +
      'concurrency brings the runs below it on this machine, only less work per server does.',
  );
  parts.push(cpuTable(r.fleets, r.machine.cpus));
  parts.push('### Seeding and the due queries');
  parts.push(
    table(
      ['servers', 'seed (BatchWrite) s', 'query', 'rows', 'ms', 'DynamoDB requests', 'RCU'],
      r.fleets.flatMap((f) =>
        f.queries.map((q) => [
          n(f.servers),
          n(f.seedMs / 1000, 1),
          q.query,
          n(q.rows),
          n(q.ms),
          n(q.dynamoRequests),
          n(q.readUnits, 1),
        ]),
      ),
    ),
  );
  parts.push('### Growth (time ∝ servers^k; 1.0 is linear)');
  parts.push(
    table(
      ['run', 'from', 'to', 'k'],
      r.growth.map((g) => [
        g.run,
        n(g.fromServers),
        n(g.toServers),
        g.exponent === undefined ? '–' : g.exponent.toFixed(2),
      ]),
    ),
  );
  parts.push(renderBundles(r));
  if (r.cost) {
    const c = r.cost;
    parts.push(`## Cost per 1,000 servers per month (${PRICE_REGION}, prices as of ${PRICES_AS_OF})`);
    parts.push(
      `From the runs measured at ${n(c.fromServers)} servers, scaled to 1,000; ${c.assumptions.releasesPerMonth} ` +
        `scheduled releases a month, weekly full backups, daily AD incrementals at ${c.assumptions.incrementalPerFull} × ` +
        'a full backup run and its results (one of the two images is AD; not measured separately). Unit prices and sources: bench/prices.ts.',
    );
    parts.push(
      table(
        ['item', 'USD / month', 'basis'],
        [
          ...c.lines.map((l) => [l.item, usd(l.usdPerMonth), l.basis]),
          ['**total, fleet ≤ 1,000 nodes (standard tier)**', `**${usd(c.totalStandardTier)}**`, ''],
          ['**total, fleet > 1,000 nodes (advanced tier)**', `**${usd(c.totalAdvancedTier)}**`, ''],
        ],
      ),
    );
  }
  const o = r.shardOptions;
  parts.push(`## Plan for ${n(o.fleet)} servers (SQS fan-out, bench/DESIGN.md)`);
  parts.push(
    'The notice, apply and backup runs fan out as deployed (functions/application/runs/fan-out.ts): ' +
      "the shard size is the deployed one (DEFAULT_SHARD_SERVERS) and the workers are the shard queue's " +
      'maximumConcurrency (lib/function-catalog.ts SHARD_WORKERS); ms / server is that of the shards the ' +
      'bench\'s workers ran at the largest size ("measured shards"), or of the whole run where it fitted one ' +
      'shard ("inline run"). "Largest within target" is the biggest shard (multiple of 50 servers) that the ' +
      `measurement allows within ${o.targetShardSeconds} s per shard (Lambda limit ${o.lambdaLimitSeconds} s): ` +
      'the deployed size must not pass it. Register is not fanned out (its row is a proposal, at most ' +
      `${o.maxConcurrency} workers). SES kept under ` +
      `${o.sesRatePerSecond} emails/s and SendCommand under ${o.ssmSendCommandPerSecond}/s across all workers; ` +
      `status events handled ${o.eventConcurrency} at a time with SSM reads under ${o.ssmReadPerSecond}/s. ` +
      'The SSM rates are assumptions (check the account quotas). "One Lambda today" is the whole run in one ' +
      'invocation of the function that does it now (worst case: the whole fleet in one time zone), against that ' +
      "function's timeout in lib/function-catalog.ts. Times were measured against DynamoDB Local on a shared " +
      'machine: real per-server times should be lower, so the shard sizes are conservative.',
  );
  parts.push(
    table(
      [
        'run',
        'ms / server',
        'basis',
        'one Lambda, no fan-out (s)',
        'its timeout (s)',
        'shard size',
        'largest within target',
        'shards',
        'workers',
        's / shard',
        'headroom to 15 min',
        'total',
        'emails',
        'SendCommand',
        'bound by',
      ],
      r.shards.map((s) => {
        const perEvent = s.shardSize === 1;
        return [
          s.run,
          n(s.msPerServer, 2),
          perEvent ? 'per event' : s.basis,
          perEvent ? `${n(s.singleLambdaSeconds * 1000, 1)} ms / event` : n(s.singleLambdaSeconds),
          n(s.timeoutSeconds) + (s.singleLambdaSeconds > s.timeoutSeconds ? ' **exceeded**' : ''),
          perEvent ? '1 event' : s.run === 'register' ? `(${n(s.shardSize)})` : n(s.shardSize),
          perEvent ? '–' : n(s.largestWithinTarget),
          n(s.shards),
          n(s.concurrency),
          perEvent ? `${n(s.shardSeconds * 1000, 1)} ms` : n(s.shardSeconds, 1),
          s.headroom > 1000 ? '> 1,000×' : `${n(s.headroom, 1)}×`,
          `${n(s.totalSeconds / 60, 1)} min`,
          n(s.emails),
          n(s.commands),
          s.boundBy,
        ];
      }),
    ),
  );
  parts.push('## Acceptance checks');
  parts.push(
    table(
      ['check', 'servers', 'result', 'detail'],
      r.checks.map((c) => [c.check, n(c.servers), c.ok ? 'pass' : '**FAIL**', c.detail]),
    ),
  );
  return `${parts.join('\n\n')}\n`;
}

const load = (l: number[]): string => l.map((v) => v.toFixed(1)).join(' / ');

/** The "Lambda bundles" section. */
export function renderBundles(r: BenchResults): string {
  const m = r.bundlesMeasured;
  const when = m
    ? `Measured ${m.at} by \`npm run bench -- --bundles-only\` on Node ${m.node.replace(/^v/, '')}, load average ` +
      `${load(m.loadAverageBefore)} before and ${load(m.loadAverageAfter)} after (a shared 2-core machine: init times are inflated by other work).`
    : 'Measured with the fleet runs above.';
  const over = r.bundles.filter((b) => b.bytes > TARGET_BUNDLE_BYTES && b.name !== 'inbound-mail');
  const slow = r.bundles.filter((b) => b.initMs === undefined || b.initMs > TARGET_INIT_MS);
  return [
    '## Lambda bundles',
    `${when} Bundled as the stack does (lib/bundling.ts: ESM, minified, target node24, platform node, the AWS SDK ` +
      'bundled). "own bytes" leaves the SDK out: the function\'s code and libraries, what its budget holds ' +
      '(test/infra/bundle-budgets.test.ts); "deployed bytes" is the bundle as deployed. Init is the median time to ' +
      'import the deployed bundle in a fresh `node` (dummy environment; nothing is called); "SDK from ' +
      'node_modules" imports the bundle with the SDK external instead, as with the runtime\'s SDK, in runs ' +
      'alternated with the others: the measure behind bundling the SDK (lib/bundling.ts).',
    table(
      [
        'function',
        'own bytes',
        'budget',
        'deployed bytes',
        'init ms (median)',
        'runs',
        'init ms, SDK from node_modules',
        'largest inputs (SDK excluded)',
      ],
      r.bundles.map((b) => [
        b.name + (b.placeholder ? ' (placeholder handler)' : ''),
        n(b.bytes),
        b.budgetBytes === undefined ? '–' : n(b.budgetBytes),
        b.deployedBytes === undefined ? '–' : n(b.deployedBytes),
        b.initMs === undefined ? `failed: ${b.initError ?? ''}` : n(b.initMs),
        b.initRuns.map((x) => n(x)).join(', '),
        b.initMsSdkExternal === undefined ? '–' : n(b.initMsSdkExternal),
        b.topInputs.map((t) => `${t.source} ${n(t.bytes / 1024)} kB`).join(', '),
      ]),
    ),
    over.length
      ? `Above the ${n(TARGET_BUNDLE_BYTES / 1024)} KB target (issue 14): ${over.map((b) => b.name).join(', ')}.`
      : `Every function is within the ${n(TARGET_BUNDLE_BYTES / 1024)} KB target (inbound-mail: 600 KB).`,
    slow.length
      ? `Init above the ${n(TARGET_INIT_MS)} ms target (issue 14): ${slow.map((b) => b.name).join(', ')}.`
      : `Every function initialises within the ${n(TARGET_INIT_MS)} ms target (median, at the load average above).`,
  ].join('\n\n');
}
