/**
 * The fleet bench for one size N: seed N servers, then drive the real use cases through the real
 * adapters (DynamoDB store, SES mailer, SSM fleet) against DynamoDB Local, the local SES server
 * and the fleet simulator, each run at its own scheduled time on a virtual clock:
 * register a release → notice run → cutoff run → overnight apply run → its status events
 * (the apply-result handler's use case) → weekly full backup run → its status events.
 * Each run is measured: wall time, requests and capacity by service, peak memory.
 */
import { createDynamoStore } from '../functions/adapters/dynamodb/create-dynamo-store.ts';
import { dropTable, ensureTable } from '../functions/adapters/dynamodb/ensure-table.ts';
import { SesMailer } from '../functions/adapters/ses/ses-mailer.ts';
import { SsmFleet } from '../functions/adapters/ssm/ssm-fleet.ts';
import type { InvocationStatus, RunShard, WorkQueue } from '../functions/application/ports.ts';
import { startApplyRun } from '../functions/application/runs/apply-coordinator.ts';
import { startBackupRun } from '../functions/application/runs/backup-coordinator.ts';
import { type FanOutDeps, shardInput } from '../functions/application/runs/fan-out.ts';
import {
  type CommandResultInput,
  handleCommandResult,
} from '../functions/application/runs/handle-command-result.ts';
import { startNoticeRun } from '../functions/application/runs/notice-coordinator.ts';
import { registerRelease } from '../functions/application/runs/register-release.ts';
import { runApply } from '../functions/application/runs/run-apply.ts';
import { runBackups } from '../functions/application/runs/run-backups.ts';
import { runCutoff } from '../functions/application/runs/run-cutoff.ts';
import { runNotice } from '../functions/application/runs/run-notice.ts';
import { mapConcurrently } from '../functions/application/shared/concurrency.ts';
import type { RunDeps } from '../functions/application/shared/deps.ts';
import {
  type Instant,
  localDateOf,
  localToInstant,
  maxInstant,
  toIso,
  weekdayOf,
} from '../functions/domain/calendar.ts';
import { defaultConfig } from '../functions/domain/config.ts';
import { dailyRunAtOrAfter, planScheduledChange } from '../functions/domain/planning.ts';
import type { Customer } from '../functions/domain/records.ts';
import { TERMINAL_STATUSES } from '../functions/fleet/exit-codes.ts';
import { SHARD_WORKERS } from '../lib/function-catalog.ts';
import type { InvocationStatusChangeEvent } from '../local/fleet-simulator/index.ts';
import { RecordingAlerter } from '../local/recording-alerter.ts';
import { sesEventsMailTracker } from '../local/ses-events-mail-tracker.ts';
import { type Counts, diffCounts, emptyCounts, snapshot } from './meter.ts';
import { loadFleet, PLATFORM, type SyntheticFleet, syntheticFleet, ZONES } from './seed-fleet.ts';
import { type BenchServices, type BenchWorld, startWorld } from './services.ts';
import type { RunKind, RunMeasure } from './types.ts';

/** A Tuesday morning: the release is validated then, the next notice run is at 12:00 local. */
export const BENCH_START = '2026-12-01T08:00:00Z';

export type FleetOptions = {
  servers: number;
  /** DynamoDB Local and the SES server, shared by every size (services.ts). */
  services: BenchServices;
  /** Status events handled at once (the result handler's concurrent invocations). */
  eventConcurrency: number;
  /** Share of servers whose patch fails and is reverted (C6.2): exercises failure notices. */
  failureRate: number;
  log: (line: string) => void;
};

export type QueryTiming = {
  query: string;
  ms: number;
  rows: number;
  dynamoRequests: number;
  readUnits: number;
};

export type FleetResult = {
  servers: number;
  customers: number;
  seedMs: number;
  runs: RunMeasure[];
  /** The due queries alone (the coordinator's share of a sharded run, shards.ts). */
  queries: QueryTiming[];
  /** Scans by any scheduled path: must be 0 (run.ts fails the bench otherwise). */
  scans: number;
  alerts: number;
};

type Totals = { dynamo: Counts; ses: Counts; ssm: Counts };

/** The run's shard queue (SQS in the stack): what the coordinator hands out, for the bench's workers. */
class BenchShardQueue implements WorkQueue {
  readonly pending: RunShard[] = [];
  async send(shards: readonly RunShard[]): Promise<void> {
    this.pending.push(...shards);
  }
}

/** Peak memory while a run works: RSS every 20 ms (cheap), the V8 heap every 100 ms. */
class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  start(): void {
    this.peakRss = 0;
    this.peakHeap = 0;
    this.ticks = 0;
    this.sample(true);
    this.timer = setInterval(() => this.sample(++this.ticks % 5 === 0), 20);
    this.timer.unref();
  }
  stop(): void {
    this.sample(true);
    clearInterval(this.timer);
  }
  private sample(withHeap: boolean): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    if (withHeap) this.peakHeap = Math.max(this.peakHeap, process.memoryUsage().heapUsed);
  }
}

const MB = 1024 * 1024;

/** Accumulates the measures of one run kind over its time-zone schedules. */
class RunRecorder {
  readonly measures = new Map<RunKind, RunMeasure>();
  private readonly sampler = new MemorySampler();

  constructor(
    private readonly world: BenchWorld,
    private readonly fleet: SyntheticFleet,
  ) {}

  private totals(): Totals {
    const c = this.world.counts;
    return { dynamo: snapshot(c.dynamo), ses: snapshot(c.ses), ssm: snapshot(c.ssm) };
  }

  /** Measures `work`; a failure is recorded on the run (as a failed Lambda invocation would be) and the bench goes on. */
  async measure<T>(run: RunKind, invocations: number, work: () => Promise<T>): Promise<T | undefined> {
    const before = this.totals();
    const cpuBefore = this.world.services.cpu();
    this.sampler.start();
    const t0 = performance.now();
    let result: T | undefined;
    let failure: string | undefined;
    try {
      result = await work();
    } catch (error) {
      failure = `${(error as Error).name}: ${(error as Error).message}`;
    }
    const wallMs = performance.now() - t0;
    const cpuAfter = this.world.services.cpu();
    this.sampler.stop();
    const after = this.totals();
    const m = this.measures.get(run) ?? this.empty(run);
    m.wallMs += wallMs;
    m.invocations += invocations;
    m.dynamo = addCounts(m.dynamo, diffCounts(after.dynamo, before.dynamo));
    m.ses = addCounts(m.ses, diffCounts(after.ses, before.ses));
    m.ssm = addCounts(m.ssm, diffCounts(after.ssm, before.ssm));
    m.emails.sent = m.ses.byCommand.SendEmailCommand ?? 0;
    m.commands.sent = m.ssm.byCommand.SendCommandCommand ?? 0;
    m.peakRssMb = Math.max(m.peakRssMb, this.sampler.peakRss / MB);
    m.peakHeapMb = Math.max(m.peakHeapMb, this.sampler.peakHeap / MB);
    m.cpuMs.bench += cpuAfter.bench - cpuBefore.bench;
    m.cpuMs.dynamoLocal += cpuAfter.dynamoLocal - cpuBefore.dynamoLocal;
    m.cpuMs.ses += cpuAfter.ses - cpuBefore.ses;
    if (failure) m.errors.push(failure);
    this.measures.set(run, m);
    return result;
  }

  /** One worker's shard, measured alone (its own wall time; the run's wall time covers all of them). */
  shard(run: RunKind, servers: number, ms: number): void {
    const m = this.measures.get(run) ?? this.empty(run);
    m.shards.push({ servers, ms });
    m.invocations += 1; // each shard is one invocation of the worker
    this.measures.set(run, m);
  }

  /** The wall time from the first shard's start to the last one's end (workers side by side). */
  shardPhase(run: RunKind, ms: number): void {
    const m = this.measures.get(run) ?? this.empty(run);
    m.shardPhaseMs += ms;
    this.measures.set(run, m);
  }

  private empty(run: RunKind): RunMeasure {
    return {
      run,
      servers: this.fleet.servers.length,
      customers: this.fleet.customers.length,
      wallMs: 0,
      invocations: 0,
      dynamo: emptyCounts(),
      ses: emptyCounts(),
      ssm: emptyCounts(),
      emails: { sent: 0, minimum: 0 },
      commands: { sent: 0, minimum: 0 },
      peakRssMb: 0,
      peakHeapMb: 0,
      cpuMs: { bench: 0, dynamoLocal: 0, ses: 0 },
      errors: [],
      detail: {},
      shards: [],
      shardPhaseMs: 0,
    };
  }
}

function addCounts(a: Counts, b: Counts): Counts {
  const byCommand = { ...a.byCommand };
  for (const [k, v] of Object.entries(b.byCommand)) byCommand[k] = (byCommand[k] ?? 0) + v;
  return {
    requests: a.requests + b.requests,
    byCommand,
    capacityUnits: a.capacityUnits + b.capacityUnits,
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
    capacityAdded: a.capacityAdded + b.capacityAdded,
    transactionUnitsReported: a.transactionUnitsReported + b.transactionUnitsReported,
    transactionUnitsCounted: a.transactionUnitsCounted + b.transactionUnitsCounted,
    itemsWritten: a.itemsWritten + b.itemsWritten,
  };
}

/** The run instants of one zone: notice, cutoff (the evening before the window), apply, Sunday full backup. */
function zoneTimes(customer: Customer, now: Instant) {
  const cfg = defaultConfig();
  const zone = customer.timeZone;
  const plan = planScheduledChange({ from: now, customer, cfg });
  const cutoff = dailyRunAtOrAfter(plan.applyAt.subtract({ hours: 24 }), zone, cfg.cutoffTime);
  let day = localDateOf(plan.windowEnd, zone).add({ days: 1 });
  while (weekdayOf(day) !== cfg.backups.fullWeekday) day = day.add({ days: 1 });
  const backup = localToInstant(day, cfg.backups.fullTime, zone);
  return { zone, notice: plan.noticeAt, cutoff, apply: plan.applyAt, backup };
}

const ceil50 = (n: number): number => Math.ceil(n / 50);

export async function benchFleet(options: FleetOptions): Promise<FleetResult> {
  const { servers, log } = options;
  const world = await startWorld(options.services, BENCH_START);
  const tableName = `bench-${servers}`;
  try {
    await ensureTable(world.dynamo, tableName);
    const fleet = syntheticFleet(servers);
    const t0 = performance.now();
    await loadFleet(world.dynamo, tableName, fleet, world.simulator.fleet);
    const seedMs = performance.now() - t0;
    log(
      `  seeded ${servers} servers / ${fleet.customers.length} customers in ${(seedMs / 1000).toFixed(1)} s`,
    );
    const failingCustomers = new Set<string>();
    for (const [i, s] of fleet.servers.entries()) {
      if (options.failureRate > 0 && i % Math.round(1 / options.failureRate) === 7) {
        world.simulator.fleet.setFault(s.id, 'apply-fails');
        failingCustomers.add(s.customerId);
      }
    }

    // Counting starts after seeding: the seed is a fixture load, not a scheduled path.
    const store = createDynamoStore({
      client: world.dynamo,
      tableName,
      meter: { requests: 0, capacityUnits: 0, byOperation: {} },
    });
    const alerter = new RecordingAlerter(world.clock);
    const queue = new BenchShardQueue();
    const deps: RunDeps & FanOutDeps = {
      fanOut: { queue }, // the deployed shard sizes (fan-out.ts DEFAULT_SHARD_SERVERS)
      store,
      clock: world.clock,
      cfg: defaultConfig(),
      mailer: new SesMailer(world.ses),
      tracker: sesEventsMailTracker(world.mailEvents),
      alerter,
      mail: { from: 'notices@bench.example', replyDomain: 'reply.bench.example' },
      fleet: new SsmFleet(world.ssm),
      backupBucket: 'bench-backups',
    };
    const recorder = new RunRecorder(world, fleet);
    const serversOf = new Map<string, number>();
    for (const server of fleet.servers)
      serversOf.set(server.customerId, (serversOf.get(server.customerId) ?? 0) + 1);
    /**
     * The coordinator's hand-out, then its shards by as many workers at once as the stack allows
     * (the shard queue's maximumConcurrency), each shard timed alone.
     */
    const work = async <T>(
      run: RunKind,
      workers: number,
      coordinator: () => Promise<T>,
      shard: (s: RunShard) => Promise<unknown>,
    ) => {
      const summary = await coordinator();
      const shards = queue.pending.splice(0);
      const phase = performance.now();
      await mapConcurrently(shards, workers, async (s) => {
        const t0 = performance.now();
        await shard(s);
        recorder.shard(
          run,
          s.customerIds.reduce((n, id) => n + (serversOf.get(id) ?? 0), 0),
          performance.now() - t0,
        );
      });
      if (shards.length) recorder.shardPhase(run, performance.now() - phase);
      return shards.length ? { ...summary, workedShards: shards.length } : summary;
    };
    const workersOf = (name: 'notice' | 'apply' | 'backup') => SHARD_WORKERS[name];
    const scansBefore = world.counts.dynamo.byCommand.ScanCommand ?? 0;

    const byZone = ZONES.map((zone) => {
      const customer = fleet.customers.find((c) => c.timeZone === zone) as Customer;
      const zoneCustomers = new Set(fleet.customers.filter((c) => c.timeZone === zone).map((c) => c.id));
      const zoneServers = fleet.servers.filter((s) => zoneCustomers.has(s.customerId)).length;
      return {
        ...zoneTimes(customer, world.clock.now()),
        customers: zoneCustomers.size,
        servers: zoneServers,
      };
    });

    // 1. The CS team registers a validated `important` release for the whole platform (C1.2, C3.1).
    const registered = await recorder.measure('register', 1, () =>
      registerRelease(deps, {
        release: {
          id: 'vplat-4.2.0',
          platform: PLATFORM,
          version: '4.2.0',
          class: 'important',
          title: 'Security update 4.2.0',
          description: 'Fixes vendor advisories rated important.',
          validatedBy: 'cs@provider.example',
          validatedAt: toIso(world.clock.now()),
        },
        targets: 'all',
        actor: 'cs@provider.example',
      }),
    );
    log(`  register: ${registered?.newChanges ?? 'failed'} changes`);

    const queries: QueryTiming[] = [];
    await timeQuery(world, queries, 'listChangesToNotify', () =>
      store.changes.listChangesToNotify(
        maxInstant(byZone[0]?.notice as Instant, byZone[1]?.notice as Instant),
      ),
    );

    // 2. The 12:00 notice runs (C3.2, C3.4), one per zone, in time order.
    for (const z of sortedBy(byZone, 'notice')) {
      world.clock.set(z.notice);
      const input = { scheduledTime: z.notice, timeZone: z.zone };
      const s = await recorder.measure('notice', 1, () =>
        work(
          'notice',
          workersOf('notice'),
          () => startNoticeRun(deps, input),
          (shard) => runNotice(deps, shardInput(shard)),
        ),
      );
      log(`  notice ${z.zone}: ${summaryLine(s)}`);
    }
    // 3. The 18:00 cutoff runs the evening before the window (C5.5).
    for (const z of sortedBy(byZone, 'cutoff')) {
      world.clock.set(z.cutoff);
      const s = await recorder.measure('cutoff', 1, () =>
        runCutoff(deps, { scheduledTime: z.cutoff, timeZone: z.zone }),
      );
      log(`  cutoff ${z.zone}: ${summaryLine(s)}`);
    }
    await timeQuery(world, queries, 'listChangesToApply', () =>
      store.changes.listChangesToApply(maxInstant(byZone[0]?.apply as Instant, byZone[1]?.apply as Instant)),
    );
    // 4. The overnight apply run at the window start (C3.1, C6.1), then its status events (C6.2, C8).
    for (const z of sortedBy(byZone, 'apply')) {
      world.clock.set(z.apply);
      const input = { scheduledTime: z.apply, timeZone: z.zone };
      const s = await recorder.measure('apply', 1, async () => {
        const summary = await work(
          'apply',
          workersOf('apply'),
          () => startApplyRun(deps, input),
          (shard) => runApply(deps, shardInput(shard)),
        );
        await world.simulator.fleet.idle();
        return summary;
      });
      await world.simulator.fleet.idle();
      log(`  apply ${z.zone}: ${summaryLine(s)}`);
      world.clock.set(z.apply.add({ minutes: 45 }));
      await drainEvents(world, recorder, 'apply-results', deps, options.eventConcurrency);
    }
    // 5. The weekly full backup on Sunday 02:00 local (C9.1, C9.4), then its status events.
    for (const z of sortedBy(byZone, 'backup')) {
      world.clock.set(z.backup);
      const input = { scheduledTime: z.backup, timeZone: z.zone, kind: 'full' as const };
      const s = await recorder.measure('backup-full', 1, async () => {
        const summary = await work(
          'backup-full',
          workersOf('backup'),
          () => startBackupRun(deps, input),
          (shard) => runBackups(deps, { ...shardInput(shard), kind: 'full' }),
        );
        await world.simulator.fleet.idle();
        return summary;
      });
      await world.simulator.fleet.idle();
      log(`  backup-full ${z.zone}: ${summaryLine(s)}`);
      world.clock.set(z.backup.add({ hours: 2 }));
      await drainEvents(world, recorder, 'backup-results', deps, options.eventConcurrency);
    }

    // The physical minimums: one notice per customer × window (C3.4), one command per 50 due servers.
    const m = recorder.measures;
    const minimum = (run: RunKind, emails: number, commands: number) => {
      const r = m.get(run);
      if (r) r.emails.minimum = emails;
      if (r) r.commands.minimum = commands;
    };
    const perZoneCommands = byZone.reduce((s, z) => s + ceil50(z.servers), 0);
    minimum(
      'notice',
      byZone.reduce((s, z) => s + z.customers, 0),
      0,
    );
    minimum('apply', 0, perZoneCommands);
    minimum('backup-full', 0, perZoneCommands);
    // C8.1: a failure notice only for a failed application; at best one per customer × window.
    minimum('apply-results', failingCustomers.size, 0);
    const scans = (world.counts.dynamo.byCommand.ScanCommand ?? 0) - scansBefore;
    return {
      servers,
      customers: fleet.customers.length,
      seedMs,
      runs: [...m.values()],
      queries,
      scans,
      alerts: alerter.raised.length,
    };
  } finally {
    await dropTable(world.dynamo, tableName).catch(() => undefined);
    await world.stop();
  }
}

function sortedBy<T extends Record<K, Instant>, K extends string>(items: T[], key: K): T[] {
  return [...items].sort((a, b) => a[key].epochMilliseconds - b[key].epochMilliseconds);
}

function summaryLine(summary: unknown): string {
  if (summary === undefined) return 'FAILED (see errors in the results)';
  const s = summary as Record<string, unknown>;
  if (s.duplicate) return 'duplicate (already claimed)';
  return Object.entries(s)
    .filter(([k]) => k !== 'runKey' && k !== 'duplicate')
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v ?? {}).length : v}`,
    )
    .join(' ');
}

/**
 * The apply-result handler's work: one invocation per status event, `concurrency` invocations at
 * once (Lambda runs one per event, side by side), taken in the order emitted.
 */
async function drainEvents(
  world: BenchWorld,
  recorder: RunRecorder,
  run: RunKind,
  deps: RunDeps,
  concurrency: number,
): Promise<void> {
  // The stack's EventBridge rule passes final statuses only (lib/stateless-stack.ts, TERMINAL_STATUSES):
  // the others never invoke the function.
  const emitted = world.events.splice(0);
  const events = emitted.filter((e) => TERMINAL_STATUSES.includes(e.detail.status as InvocationStatus));
  const outcomes = new Map<string, number>();
  let errors = 0;
  await recorder.measure(run, events.length, async () => {
    await mapConcurrently(events, concurrency, async (event) => {
      try {
        const result = await handleCommandResult(deps, inputOf(event));
        const key = result.recorded === 'nothing' ? 'nothing' : `${result.recorded}:${result.outcome}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      } catch (error) {
        errors += 1;
        if (errors <= 3) console.error(`  ${run} event failed: ${(error as Error).message}`);
      }
    });
  });
  const m = recorder.measures.get(run);
  if (m)
    m.detail = mergeDetail(m.detail, {
      events: events.length,
      filteredOut: emitted.length - events.length,
      errors,
      ...Object.fromEntries(outcomes),
    });
}

function mergeDetail(a: Record<string, unknown>, b: Record<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = ((out[k] as number | undefined) ?? 0) + v;
  return out;
}

function inputOf(event: InvocationStatusChangeEvent): CommandResultInput {
  const name = event.detail['document-name'];
  return {
    commandId: event.detail['command-id'],
    instanceId: event.detail['instance-id'],
    status: event.detail.status as CommandResultInput['status'],
    document: name === 'PatchServer' || name === 'BackupImage' ? name : undefined,
  };
}

async function timeQuery(
  world: BenchWorld,
  out: QueryTiming[],
  query: string,
  run: () => Promise<unknown[]>,
) {
  const before = snapshot(world.counts.dynamo);
  const t0 = performance.now();
  const rows = await run();
  const ms = performance.now() - t0;
  const d = diffCounts(world.counts.dynamo, before);
  out.push({ query, ms, rows: rows.length, dynamoRequests: d.requests, readUnits: d.readUnits });
}
