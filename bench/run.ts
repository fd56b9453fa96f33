/**
 * `npm run bench -- [--servers 1000,10000] [--failure-rate 0.01] [--ses-rate 14] [--bundle-runs 9]
 *   [--event-concurrency 8] [--warm-up 200] [--no-bundles | --bundles-only]`
 * Measures the Lambda bundles, then the fleet runs at each size, then derives the growth exponent,
 * the cost per 1,000 servers per month and the shard plan for 100,000 servers. Writes
 * bench/results.json and bench/RESULTS.md and prints the tables. Exits 1 (after writing) when an
 * acceptance check fails: a Scan on a scheduled path, or a SES / SSM ratio to the minimum ≠ 1.0.
 * `--bundles-only` measures the bundles alone (a minute or two) and replaces only their part of
 * bench/results.json and bench/RESULTS.md, keeping the fleet results; it exits 1 when a bundle
 * passes its byte budget (lib/bundling.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { measureBundles } from './bundles.ts';
import { benchFleet, type FleetResult } from './fleet.ts';
import { wholeNumber } from './options.ts';
import { type BenchResults, renderBundles, renderMarkdown } from './report.ts';
import { startServices } from './services.ts';
import { DEFAULT_SHARD_OPTIONS } from './shards.ts';
import { summarise } from './summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BENCH = fileURLToPath(new URL('./', import.meta.url));

const sizes = (value: string): number[] => {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((v) => !Number.isInteger(v) || v < 10)) {
    throw new InvalidArgumentError('a comma-separated list of whole numbers of servers, each at least 10');
  }
  return [...new Set(list)].sort((a, b) => a - b);
};
const positive = (value: string): number => {
  const v = Number(value);
  if (!(v >= 0)) throw new InvalidArgumentError('a non-negative number');
  return v;
};

const program = new Command('bench')
  .description('fleet scale, API economy, cold start and cost (issue 8)')
  .option('--servers <list>', 'fleet sizes', sizes, [1000, 10000])
  .option('--failure-rate <share>', 'share of patches that fail and are reverted', positive, 0.01)
  .option('--ses-rate <perSecond>', 'SES account sending rate for the shard plan', positive, 14)
  .option('--ssm-rate <perSecond>', 'SSM SendCommand requests per second for the shard plan', positive, 5)
  .option('--bundle-runs <n>', 'fresh-process imports per bundle (median)', wholeNumber(1), 9)
  .option(
    '--event-concurrency <n>',
    'status events handled at once (concurrent apply-result invocations)',
    wholeNumber(1),
    8,
  )
  .option(
    '--warm-up <servers>',
    "a fleet run first and not reported, so the first size does not pay DynamoDB Local's JIT warm-up (0: none)",
    wholeNumber(10, { orZero: true }),
    200,
  )
  .option('--no-bundles', 'skip the bundle measurement')
  .option('--bundles-only', 'measure the bundles only; keep the fleet results of bench/results.json');

async function main(): Promise<number> {
  program.parse();
  const opts = program.opts<{
    servers: number[];
    failureRate: number;
    sesRate: number;
    ssmRate: number;
    bundleRuns: number;
    bundles: boolean;
    bundlesOnly?: boolean;
    eventConcurrency: number;
    warmUp: number;
  }>();
  const started = performance.now();
  const loadBefore = loadavg();
  const outDir = `${BENCH}out`;
  mkdirSync(outDir, { recursive: true });

  if (opts.bundlesOnly) return bundlesOnly(outDir, opts.bundleRuns, loadBefore);
  console.log(opts.bundles ? 'bundling the Lambda entries…' : 'bundles skipped');
  const bundles = opts.bundles ? await measureBundles({ root: ROOT, outDir, runs: opts.bundleRuns }) : [];

  const fleets: FleetResult[] = [];
  const shardOptions = {
    ...DEFAULT_SHARD_OPTIONS,
    sesRatePerSecond: opts.sesRate,
    ssmSendCommandPerSecond: opts.ssmRate,
  };
  let results: BenchResults | undefined;
  const services = await startServices();
  try {
    if (opts.warmUp > 0) {
      console.log(`warming DynamoDB Local up with ${opts.warmUp} servers (not reported)…`);
      await benchFleet({
        servers: opts.warmUp,
        services,
        failureRate: opts.failureRate,
        eventConcurrency: opts.eventConcurrency,
        log: () => undefined,
      });
    }
    for (const servers of opts.servers) {
      console.log(`fleet of ${servers} servers…`);
      fleets.push(
        await benchFleet({
          servers,
          services,
          failureRate: opts.failureRate,
          eventConcurrency: opts.eventConcurrency,
          log: (l) => console.log(l),
        }),
      );
      // Written after every size, so a long run leaves its results so far.
      results = summarise({ fleets, bundles, shardOptions, started, loadBefore });
      writeResults(results);
    }
  } finally {
    await services.stop();
  }
  if (!results) return 2;
  console.log(`\n${renderMarkdown(results)}`);
  console.log('wrote bench/results.json and bench/RESULTS.md');

  const failed = results.checks.filter((c) => !c.ok);
  if (failed.length) {
    console.error(`\nBENCH ACCEPTANCE FAILED (${failed.length}):`);
    for (const c of failed) console.error(`  ✗ ${c.servers} servers: ${c.check}: ${c.detail}`);
    return 1;
  }
  return 0;
}

/** Measures the bundles and rewrites their part of the results; 1 when one passes its budget. */
async function bundlesOnly(outDir: string, runs: number, loadBefore: number[]): Promise<number> {
  console.log(`bundling the Lambda entries, ${runs} fresh imports each…`);
  const bundles = await measureBundles({ root: ROOT, outDir, runs });
  const stored = JSON.parse(readFileSync(`${BENCH}results.json`, 'utf8')) as BenchResults;
  const results: BenchResults = {
    ...stored,
    bundles,
    bundlesMeasured: {
      at: new Date().toISOString(),
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg(),
    },
  };
  writeResults(results);
  console.log(renderBundles(results));
  const over = bundles.filter((b) => b.bytes > b.budgetBytes);
  for (const b of over) console.error(`✗ ${b.name}: ${b.bytes} bytes, budget ${b.budgetBytes}`);
  return over.length ? 1 : 0;
}

function writeResults(results: BenchResults): void {
  writeFileSync(`${BENCH}results.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${BENCH}RESULTS.md`, renderMarkdown(results));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
