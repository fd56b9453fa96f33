/**
 * The plan for a large fleet (bench/DESIGN.md): a scheduled run is a coordinator that weighs the
 * due work per customer and sends one SQS message per shard (functions/application/runs/fan-out.ts);
 * the same function, fed by its shard queue, works one shard. For the runs the stack fans out
 * (notice, apply, backup), the plan uses the DEPLOYED shard size and worker count and the MEASURED
 * time per server of the bench's shards, and says how long one shard takes against Lambda's
 * 15-minute limit; it also gives the largest shard the target allows, which justifies (or not) the
 * deployed size. SES and SSM SendCommand are paced at the account's rates across the workers.
 * Status events (apply-results) are one invocation each already.
 */

import type { ShardedRun } from '../functions/application/ports.ts';
import { DEFAULT_SHARD_SERVERS } from '../functions/application/runs/fan-out.ts';
import { FUNCTION_CATALOG, type FunctionName, SHARD_WORKERS } from '../lib/function-catalog.ts';
import type { RunKind, RunMeasure } from './types.ts';

/** The Lambda that does each run's work today (register: the CS team's urgent-patch invoke). */
export const FUNCTION_OF: Record<RunKind, FunctionName> = {
  register: 'urgent-patch',
  notice: 'notice',
  cutoff: 'cutoff',
  apply: 'apply',
  'apply-results': 'apply-result',
  'backup-full': 'backup',
  'backup-results': 'apply-result',
};

const PER_EVENT: readonly RunKind[] = ['apply-results', 'backup-results'];

export type ShardOptions = {
  fleet: number;
  /** SES maximum send rate of the account (emails per second; 14/s is a common first production quota). */
  sesRatePerSecond: number;
  /** SSM SendCommand requests per second the account may use (assumed; check the account's quota). */
  ssmSendCommandPerSecond: number;
  /** Target duration of one shard: far below the limit, so a slow shard or a retry still fits. */
  targetShardSeconds: number;
  lambdaLimitSeconds: number;
  /** Upper bound on concurrent workers per run (SQS event source maximumConcurrency). */
  maxConcurrency: number;
  /** SSM read requests per second (ListCommandInvocations) the result handler may use (assumed). */
  ssmReadPerSecond: number;
  /** Reserved concurrency of the result handler (one invocation per status event). */
  eventConcurrency: number;
};

export const DEFAULT_SHARD_OPTIONS: ShardOptions = {
  fleet: 100_000,
  sesRatePerSecond: 14,
  ssmSendCommandPerSecond: 5,
  targetShardSeconds: 120,
  lambdaLimitSeconds: 900,
  maxConcurrency: 20,
  ssmReadPerSecond: 20,
  eventConcurrency: 50,
};

export type ShardPlan = {
  run: RunKind;
  measuredAt: number;
  msPerServer: number;
  /** Where msPerServer comes from: the workers' shards as measured, or the whole run done inline. */
  basis: 'measured shards' | 'inline run';
  /** The deployed shard size (fan-out.ts DEFAULT_SHARD_SERVERS); for runs the stack does not fan out, the size the target allows. */
  shardSize: number;
  /** The largest multiple of 50 servers whose shard stays within the target, from the measurement. */
  largestWithinTarget: number;
  shards: number;
  concurrency: number;
  /** One shard's duration: the larger of its compute time and its paced SES/SSM sending. */
  shardSeconds: number;
  /** ceil(shards / concurrency) waves × shardSeconds. */
  totalSeconds: number;
  emails: number;
  commands: number;
  /** What bounds the total: compute, SES rate, SendCommand rate, or SSM reads (per-event runs). */
  boundBy: 'compute' | 'ses-rate' | 'ssm-rate' | 'ssm-read-rate';
  /** The whole run in ONE invocation of today's function at this fleet size, and that function's timeout. */
  singleLambdaSeconds: number;
  timeoutSeconds: number;
  /** Headroom: the Lambda limit divided by one shard's duration. */
  headroom: number;
};

const SHARD_STEP = 50; // one SendCommand carries at most 50 instance ids

function shardDuration(
  size: number,
  perServerMs: number,
  emailsPerServer: number,
  commandsPerServer: number,
  o: ShardOptions,
  concurrency: number,
) {
  const compute = (size * perServerMs) / 1000;
  const ses = (size * emailsPerServer) / (o.sesRatePerSecond / concurrency);
  const ssm = (size * commandsPerServer) / (o.ssmSendCommandPerSecond / concurrency);
  const seconds = Math.max(compute, ses, ssm);
  const boundBy: ShardPlan['boundBy'] =
    seconds === compute ? 'compute' : seconds === ses ? 'ses-rate' : 'ssm-rate';
  return { seconds, boundBy };
}

/** The runs the stack fans out, with their deployed shard queue's workers (lib/function-catalog.ts). */
const DEPLOYED: Partial<Record<RunKind, { run: ShardedRun; workers: number }>> = {
  notice: { run: 'notice', workers: SHARD_WORKERS.notice },
  apply: { run: 'apply', workers: SHARD_WORKERS.apply },
  'backup-full': { run: 'backup-full', workers: SHARD_WORKERS.backup },
};

/**
 * ms per server of one worker. Where the run fanned out: the shards' phase wall time ÷ their
 * servers. The bench's workers share this machine's two cores and one DynamoDB Local, so a shard
 * timed alone is slowed by its neighbours; the phase's throughput is what one worker with the
 * machine to itself would do (Lambda gives each worker its own CPU). Else: the whole run inline.
 */
function perServer(m: RunMeasure): { ms: number; basis: ShardPlan['basis'] } {
  const servers = m.shards.reduce((n, s) => n + s.servers, 0);
  if (servers > 0 && m.shardPhaseMs > 0) return { ms: m.shardPhaseMs / servers, basis: 'measured shards' };
  return { ms: m.wallMs / m.servers, basis: 'inline run' };
}

export function planRun(m: RunMeasure, o: ShardOptions = DEFAULT_SHARD_OPTIONS): ShardPlan {
  const { ms: perServerMs, basis } = perServer(m);
  const emailsPerServer = m.emails.sent / m.servers;
  const commandsPerServer = m.commands.sent / m.servers;
  const emails = Math.ceil(emailsPerServer * o.fleet);
  const commands = Math.ceil(commandsPerServer * o.fleet);
  const single = {
    singleLambdaSeconds: (perServerMs * o.fleet) / 1000,
    timeoutSeconds: FUNCTION_CATALOG[FUNCTION_OF[m.run]].timeoutSeconds,
  };
  if (PER_EVENT.includes(m.run)) {
    // One invocation per status event: no shard to size; bounded by concurrency and SSM reads.
    const perEvent = m.invocations ? m.wallMs / m.invocations / 1000 : 0;
    const events = Math.ceil((m.invocations / m.servers) * o.fleet);
    const reads = ((m.ssm.requests - m.commands.sent) / m.servers) * o.fleet;
    const compute = (events * perEvent) / o.eventConcurrency;
    const readBound = reads / o.ssmReadPerSecond;
    return {
      run: m.run,
      measuredAt: m.servers,
      msPerServer: perServerMs,
      basis,
      largestWithinTarget: 1,
      shardSize: 1,
      shards: events,
      concurrency: o.eventConcurrency,
      shardSeconds: perEvent,
      totalSeconds: Math.max(compute, readBound),
      emails,
      commands,
      boundBy: readBound > compute ? 'ssm-read-rate' : 'compute',
      headroom: perEvent ? o.lambdaLimitSeconds / perEvent : Number.POSITIVE_INFINITY,
      singleLambdaSeconds: perEvent,
      timeoutSeconds: single.timeoutSeconds,
    };
  }
  let size = Math.max(
    SHARD_STEP,
    Math.floor((o.targetShardSeconds * 1000) / perServerMs / SHARD_STEP) * SHARD_STEP,
  );
  size = Math.min(size, o.fleet);
  let d = shardDuration(size, perServerMs, emailsPerServer, commandsPerServer, o, workersFor(m.run, o, size));
  // Paced sending makes a shard longer: shrink it until it fits the target again.
  while (d.seconds > o.targetShardSeconds && size > SHARD_STEP) {
    size -= SHARD_STEP;
    d = shardDuration(size, perServerMs, emailsPerServer, commandsPerServer, o, workersFor(m.run, o, size));
  }
  const largestWithinTarget = size;
  // What the stack deploys: its shard size and its queue's workers, where the run fans out.
  const deployed = DEPLOYED[m.run];
  const shardSize = deployed ? Math.min(DEFAULT_SHARD_SERVERS[deployed.run], o.fleet) : largestWithinTarget;
  const shards = Math.ceil(o.fleet / shardSize);
  const concurrency = Math.min(workersFor(m.run, o, shardSize), shards);
  d = shardDuration(shardSize, perServerMs, emailsPerServer, commandsPerServer, o, concurrency);
  const waves = Math.ceil(shards / concurrency);
  return {
    run: m.run,
    measuredAt: m.servers,
    msPerServer: perServerMs,
    basis,
    shardSize,
    largestWithinTarget,
    shards,
    concurrency,
    shardSeconds: d.seconds,
    totalSeconds: waves * d.seconds,
    emails,
    commands,
    boundBy: d.boundBy,
    headroom: o.lambdaLimitSeconds / d.seconds,
    ...single,
  };
}

/** The deployed queue's workers for a fanned-out run; otherwise the option's bound. */
function workersFor(run: RunKind, o: ShardOptions, size: number): number {
  const deployed = DEPLOYED[run];
  return Math.max(1, Math.min(deployed ? deployed.workers : o.maxConcurrency, Math.ceil(o.fleet / size)));
}

/** The plan of every measured run, from the largest measured fleet size. */
export function planFleet(runs: RunMeasure[], o: ShardOptions = DEFAULT_SHARD_OPTIONS): ShardPlan[] {
  const largest = Math.max(...runs.map((r) => r.servers));
  return runs.filter((r) => r.servers === largest && r.wallMs > 0).map((r) => planRun(r, o));
}
