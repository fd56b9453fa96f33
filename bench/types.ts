/** The shapes the bench measures and writes to bench/results.json. */
import type { Counts } from './meter.ts';

export const RUN_KINDS = [
  'register',
  'notice',
  'cutoff',
  'apply',
  'apply-results',
  'backup-full',
  'backup-results',
] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export type RunMeasure = {
  run: RunKind;
  servers: number;
  customers: number;
  /** Wall time of the run (all time zones' schedules summed), ms. */
  wallMs: number;
  /** How many Lambda invocations the run stands for (one per zone schedule, one per status event). */
  invocations: number;
  dynamo: Counts;
  ses: Counts;
  ssm: Counts;
  /** SES v2 SendEmail requests and their physical minimum (one per customer × window). */
  emails: { sent: number; minimum: number };
  /** SSM SendCommand requests and their physical minimum (one per 50 due servers sharing a release). */
  commands: { sent: number; minimum: number };
  /** Peak resident set size seen during the run, MB (process.memoryUsage / resourceUsage). */
  peakRssMb: number;
  peakHeapMb: number;
  /** CPU time the run cost, ms: the bench process (handlers, SDK, fleet simulator), DynamoDB Local, SES. */
  cpuMs: { bench: number; dynamoLocal: number; ses: number };
  /** What a run threw (the Lambda invocation would have failed and been retried). */
  errors: string[];
  /** Free text: what the run did (the use case's summary, abridged). */
  detail: Record<string, unknown>;
  /** The shards its coordinator handed out, each worked alone: servers and wall time (none: done inline). */
  shards: { servers: number; ms: number }[];
  /** Wall time of the shards' phase (all workers side by side), summed over the zones' schedules. */
  shardPhaseMs: number;
};

/** A run the bench could not exercise because its use case has not landed yet. */
export type MissingRun = { run: RunKind; servers: number; missing: string; fallback?: RunMeasure };
