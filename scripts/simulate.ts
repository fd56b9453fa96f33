/**
 * `npm run simulate -- --scenario FILE [--out DIR] [--shard-servers N]`: runs a scenario on a
 * virtual clock through the same use cases, store, mail and fleet simulator as `npm start`, as fast
 * as possible, and writes timeline.jsonl, report.json and report.html to DIR (default out/).
 * With --shard-servers, the notice, apply and backup runs fan out in shards of at most N servers
 * through the local shard queue, as the deployed functions do at fleet scale.
 *
 * `npm run simulate -- --random --seed S --servers N --days D [--zones …] [--faults …] [--start ISO]`
 * writes a seeded random scenario (local/scenario/random-scenario.ts) to DIR/scenario.json and runs
 * it: the same options always give the same scenario.
 *
 * `--dynamodb-on-disk` keeps DynamoDB Local's table in DIR/dynamodb-local instead of in its memory,
 * so a year-long run's memory stays flat (bench/RESULTS.md, issue 15).
 */

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { type Instant, toIso } from '../functions/domain/calendar.ts';
import { ValidationError } from '../functions/domain/errors.ts';
import { parseScenario } from '../local/scenario/load.ts';
import { MemorySampler } from '../local/scenario/memory-samples.ts';
import {
  DEFAULT_START,
  FAULT_KINDS,
  type FaultKind,
  NAMED_ZONES,
  parseFaults,
  parseZones,
  randomScenario,
} from '../local/scenario/random-scenario.ts';
import { simulateFile, simulateScenario } from '../local/scenario/simulate.ts';
import { JavaMissingError } from '../local/services/java.ts';
import { PortInUseError } from '../local/services/ports.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.LOG_LEVEL ??= 'ERROR';

const wholeNumber = (min: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min)
    throw new InvalidArgumentError(`a whole number, at least ${min}`);
  return n;
};
const asCliError =
  <T>(parse: (value: string) => T) =>
  (value: string) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof ValidationError)
        throw new InvalidArgumentError(error.issues.map((i) => i.message).join('; '));
      throw error;
    }
  };

const program = new Command()
  .name('simulate')
  .description('Run a scenario on a virtual clock and write its timeline and compliance report')
  .option('-s, --scenario <file>', 'scenario JSON file (see scenarios/)')
  .option('--random', 'generate a seeded random scenario instead (writes DIR/scenario.json)')
  .option('--seed <n>', 'random scenario: the seed', wholeNumber(0))
  .option('--servers <n>', 'random scenario: number of servers', wholeNumber(1))
  .option('--days <n>', 'random scenario: days simulated', wholeNumber(1))
  .option(
    '--zones <list>',
    `random scenario: comma list of ${Object.keys(NAMED_ZONES).join(', ')} or IANA zones (default all nine)`,
    asCliError(parseZones),
  )
  .option(
    '--faults <list>',
    `random scenario: comma list of ${FAULT_KINDS.join(', ')}; or all (default), or none`,
    asCliError(parseFaults),
  )
  .option('--start <iso>', `random scenario: first instant (default ${DEFAULT_START})`)
  .option('-o, --out <dir>', 'output directory', 'out')
  .option('--memory', 'sample memory once per simulated day into DIR/memory.jsonl (scale runs)')
  .option(
    '--dynamodb-endpoint <url>',
    'use a DynamoDB Local already running there (e.g. one started with -dbPath) instead of starting one in memory',
  )
  .option(
    '--dynamodb-on-disk',
    'start DynamoDB Local with its table on disk in DIR/dynamodb-local (emptied first), not in memory: its memory stays flat on long runs',
  )
  .option('--no-progress', 'no progress bar (e.g. in CI logs)')
  .option(
    '--shard-servers <n>',
    'fan the notice, apply and backup runs out in shards of at most N servers (runs/fan-out.ts)',
    (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new InvalidArgumentError('a whole number of servers, at least 1');
      return n;
    },
  )
  .parse();

type Options = {
  scenario?: string;
  random?: boolean;
  seed?: number;
  servers?: number;
  days?: number;
  zones?: string[];
  faults?: FaultKind[];
  start?: string;
  out: string;
  progress: boolean;
  memory?: boolean;
  dynamodbEndpoint?: string;
  dynamodbOnDisk?: boolean;
  shardServers?: number;
};
const opts = program.opts<Options>();
const RANDOM_ONLY = ['seed', 'servers', 'days', 'zones', 'faults', 'start'] as const;
if (opts.scenario && opts.random) program.error('error: give either --scenario FILE or --random, not both');
if (!opts.scenario && !opts.random) program.error('error: give --scenario FILE or --random');
if (opts.dynamodbEndpoint && opts.dynamodbOnDisk)
  program.error('error: give either --dynamodb-endpoint URL or --dynamodb-on-disk, not both');

/** How every run here reaches its services (either kind of scenario). */
const DYNAMODB_PATH = join(opts.out, 'dynamodb-local');
const serviceOptions = {
  out: opts.out,
  ...(opts.shardServers ? { shardServers: opts.shardServers } : {}),
  ...(opts.dynamodbEndpoint ? { endpoints: { dynamodb: opts.dynamodbEndpoint } } : {}),
  ...(opts.dynamodbOnDisk ? { dynamodbPath: DYNAMODB_PATH } : {}),
};
if (opts.random) {
  const missing = (['seed', 'servers', 'days'] as const).filter((k) => opts[k] === undefined);
  if (missing.length) program.error(`error: --random needs ${missing.map((k) => `--${k}`).join(', ')}`);
  if (opts.start !== undefined && Number.isNaN(Date.parse(opts.start)))
    program.error(`error: option '--start <iso>' argument '${opts.start}' is invalid. an ISO 8601 instant`);
} else {
  const stray = RANDOM_ONLY.filter((k) => opts[k] !== undefined);
  if (stray.length) program.error(`error: ${stray.map((k) => `--${k}`).join(', ')} only work with --random`);
}

/** The random scenario, written to DIR/scenario.json so the run can be replayed with --scenario. */
async function randomRun(onProgress: (fraction: number, at: Instant) => void) {
  const input = randomScenario({
    seed: opts.seed as number,
    servers: opts.servers as number,
    days: opts.days as number,
    ...(opts.zones ? { zones: opts.zones } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.start ? { start: opts.start } : {}),
  });
  await mkdir(opts.out, { recursive: true });
  const file = join(opts.out, 'scenario.json');
  await writeFile(file, `${JSON.stringify(input, null, 2)}\n`);
  const scenario = parseScenario(input, file);
  const result = await simulateScenario(scenario, scenario.name ?? 'random', {
    ...serviceOptions,
    onProgress,
  });
  return { ...result, files: [file, ...result.files] };
}
const bar = new SingleBar({
  format: ' {bar} {percentage}% | simulated {simulated} | {duration_formatted}',
  hideCursor: true,
  stopOnComplete: true,
});
const started = Date.now();

try {
  if (opts.progress) bar.start(1000, 0, { simulated: '' });
  const memory = opts.memory ? new MemorySampler(join(opts.out, 'memory.jsonl')) : undefined;
  const onProgress = (fraction: number, at: Instant) => {
    if (opts.progress) bar.update(Math.round(fraction * 1000), { simulated: toIso(at).slice(0, 16) });
    memory?.tick(toIso(at));
  };
  if (opts.dynamodbOnDisk) await rm(DYNAMODB_PATH, { recursive: true, force: true });
  const result = opts.scenario
    ? await simulateFile(opts.scenario, { ...serviceOptions, onProgress })
    : await randomRun(onProgress);
  if (opts.progress) bar.stop();
  await memory?.done();
  const notHeld = result.report.clauses.filter((c) => c.status === 'not-held');
  const errors = result.log.filter((l) => l.error);
  console.log(
    `\n${result.timeline.length} timeline lines in ${((Date.now() - started) / 1000).toFixed(1)} s → ${result.files.join(', ')}`,
  );
  const t = result.timings;
  console.log(
    `  simulated in ${(t.simulateMs / 1000).toFixed(1)} s, timeline read in ${(t.timelineMs / 1000).toFixed(1)} s, report built in ${(t.reportMs / 1000).toFixed(1)} s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  console.log(`  where the agenda's time went (count, seconds, ms each, DynamoDB requests each):`);
  const costs = Object.entries(result.agendaCost).sort(([, a], [, b]) => b.ms - a.ms);
  for (const [kind, c] of costs.slice(0, 12)) {
    console.log(
      `    ${kind.padEnd(28)} ${String(c.count).padStart(7)} ${(c.ms / 1000).toFixed(1).padStart(8)} s ${(c.ms / c.count).toFixed(1).padStart(8)} ${(c.dynamodb / c.count).toFixed(1).padStart(7)}`,
    );
  }
  const r = result.requestRates;
  console.log(
    `  DynamoDB: ${r.dynamodb} requests, ${Math.round(r.perDay)} per simulated day, ${r.perServerDay.toFixed(1)} per server-day, ${Math.round(r.perZoneDay)} per zone-day; ${r.msPerRequest.toFixed(2)} ms of agenda each`,
  );
  for (const c of result.report.clauses)
    console.log(`  ${c.clause.padEnd(4)} ${c.status.padEnd(12)} ${c.summary}`);
  if (errors.length) console.log(`  ${errors.length} action/run error(s): see run-log.json`);
  process.exitCode = notHeld.length ? 2 : 0;
} catch (error) {
  if (opts.progress) bar.stop();
  if (error instanceof ValidationError) {
    console.error(error.message.split(': ')[0]);
    for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`);
  } else if (error instanceof PortInUseError || error instanceof JavaMissingError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
