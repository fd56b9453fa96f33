/** What every scheduled run receives: the schedule's own time (never `now`) and its zone (C11.1, C11.2). */
import type { Instant } from '../../domain/calendar.ts';
import type { Holder } from '../../domain/claims.ts';
import type { Clock, RecordStore } from '../ports.ts';

export type RunInput = { scheduledTime: Instant; timeZone: string; shard?: ShardScope };

/**
 * A worker's part of a fanned-out run (runs/fan-out.ts): the whole customers it serves. Absent, the
 * run serves every customer of its zone in one invocation.
 */
export type ShardScope = { index: number; count: number; customerIds: readonly string[] };

/** C11.2: each shard has its own ledger entry under its run's key; the run's own key is the coordinator's. */
export const shardRunKey = (runKey: string, shard: ShardScope | undefined): string =>
  shard ? `${runKey}#shard-${shard.index + 1}-of-${shard.count}` : runKey;

/** A second delivery of the same run does nothing (C11.2). */
export type Duplicate = { duplicate: true; runKey: string };

/**
 * C11.2: runs `work` once per scheduled run, claimed by `me` (DESIGN.md rule 5). A second delivery
 * while another live invocation holds the claim, or after the run completed, does nothing and says
 * so. A run that fails gives its claim back; one that died is taken over by Lambda's retry (the
 * same holder) or after its holder's deadline, and resumes from the recorded state (rule 3).
 */
export async function onceForRun<S extends object>(
  deps: { store: Pick<RecordStore, 'runs'>; clock: Clock },
  me: Holder,
  runKey: string,
  work: () => Promise<S>,
): Promise<S | Duplicate> {
  const { store, clock } = deps;
  if (!(await store.runs.claim(runKey, me, clock.now()))) return { duplicate: true, runKey };
  let summary: S;
  try {
    summary = await work();
  } catch (error) {
    await store.runs.release(runKey);
    throw error;
  }
  await store.runs.complete(runKey, clock.now(), ledgerSummary(summary));
  return summary;
}

/**
 * What the ledger keeps of a run: its scalars, and lists as their counts. A run's full summary (every
 * command, every change) grows with the fleet and would pass DynamoDB's 400 KB item limit; the
 * details are in the audit log and the run's log line.
 */
export function ledgerSummary(summary: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(summary).map(([key, value]) => [key, Array.isArray(value) ? value.length : value]),
  );
}
