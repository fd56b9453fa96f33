/**
 * The fan-out of the scheduled runs at fleet scale (bench/DESIGN.md "Design for 100,000 servers").
 *
 * The scheduled function is the coordinator: it weighs the run's work per customer of its zone
 * (due changes for the notice and apply runs, servers for the backup runs). When all of it fits
 * one shard it does the run itself, in the same invocation, exactly as before. Otherwise it claims
 * the run (C11.2), cuts the customers into shards of whole customers (C3.4, domain/sharding.ts)
 * and sends one message per shard to the run's queue; a worker (a function of its own, fed by that
 * queue) runs the same use case restricted to the shard's customers, under the shard's own ledger
 * key. Each run's coordinator is in its own module (notice-coordinator.ts, apply-coordinator.ts,
 * backup-coordinator.ts), so a function imports only its own run. Either path claims the run's key, so of two deliveries of one schedule exactly one does or
 * hands out the work; a redelivered shard is a duplicate of its own key.
 */
import { toInstant } from '../../domain/calendar.ts';
import type { BackupKind } from '../../domain/records.ts';
import { type CustomerWeight, packShards, totalServers } from '../../domain/sharding.ts';
import type { RecordStore, RunShard, ShardedRun, WorkQueue } from '../ports.ts';
import { mapConcurrently, READ_CONCURRENCY } from '../shared/concurrency.ts';
import type { BaseDeps } from '../shared/deps.ts';
import { holderOf } from '../shared/holder.ts';
import { runKeyOf } from '../shared/ids.ts';
import { type Duplicate, onceForRun, type RunInput } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';

/** The run's shard queue and, to override the run's default, the largest shard in servers. */
export type FanOut = { queue: WorkQueue; shardServers?: number | undefined };

export type FanOutDeps = BaseDeps & { fanOut?: FanOut | undefined };

/** What the coordinator did when it handed the run out. */
export type FannedOut = {
  duplicate: false;
  runKey: string;
  fannedOut: true;
  shards: number;
  customers: number;
  servers: number;
};

/**
 * Sizes per run, justified by the bench (bench/RESULTS.md, "Plan for 100,000 servers"): a shard takes
 * well under two minutes, far from Lambda's 15-minute limit, and is a multiple of the 50 instance ids
 * one SendCommand carries. Deployments may set SHARD_SERVERS.
 */
export const DEFAULT_SHARD_SERVERS: Record<ShardedRun, number> = {
  notice: 2000,
  apply: 2000,
  'backup-full': 1000,
  'backup-incremental': 2000, // the AD image only: half a full run's work per server
};

/** Runs `inline` when the work fits one shard (or there is no queue); otherwise hands it out. */
export async function coordinateRun<S extends object>(
  deps: FanOutDeps,
  run: ShardedRun,
  input: RunInput,
  weigh: (customerIds: ReadonlySet<string>) => Promise<CustomerWeight[]>,
  inline: () => Promise<S | Duplicate>,
): Promise<S | Duplicate | FannedOut> {
  const { fanOut } = deps;
  if (!fanOut || input.shard) return inline();
  const customers = await customersInZone(deps.store, input.timeZone);
  const weights = await weigh(new Set(customers.keys()));
  const servers = totalServers(weights);
  const shardServers = fanOut.shardServers ?? DEFAULT_SHARD_SERVERS[run];
  if (servers <= shardServers) return inline();

  const runKey = runKeyOf(run, input.timeZone, input.scheduledTime);
  return onceForRun(deps, holderOf(deps), runKey, async () => {
    const shards = packShards(weights, shardServers);
    await fanOut.queue.send(
      shards.map((customerIds, index) => ({
        run,
        timeZone: input.timeZone,
        scheduledTime: input.scheduledTime.toString(),
        index,
        count: shards.length,
        customerIds,
      })),
    );
    return {
      duplicate: false as const,
      runKey,
      fannedOut: true as const,
      shards: shards.length,
      customers: shards.reduce((sum, s) => sum + s.length, 0),
      servers,
    };
  });
}

/** Weight = the zone's changes in the given agendas (notice: due; apply: due and still applying). */
export function changesPerCustomer(
  counts: () => Promise<Map<string, number>[]>,
): (customerIds: ReadonlySet<string>) => Promise<CustomerWeight[]> {
  return async (customerIds) => {
    const total = new Map<string, number>();
    for (const map of await counts())
      for (const [id, n] of map) if (customerIds.has(id)) total.set(id, (total.get(id) ?? 0) + n);
    return [...total].map(([customerId, servers]) => ({ customerId, servers }));
  };
}

/**
 * Weight = servers per customer of the zone (backup runs: every active server has due slots, and
 * every customer is served, so its running backups are reconciled even when none is due).
 */
export function serversPerCustomer(
  store: Pick<RecordStore, 'directory'>,
): (customerIds: ReadonlySet<string>) => Promise<CustomerWeight[]> {
  return async (customerIds) =>
    mapConcurrently([...customerIds], READ_CONCURRENCY, async (customerId) => ({
      customerId,
      servers: (await store.directory.listServersByCustomer(customerId)).length,
    }));
}

/** A worker's input: its run's zone and scheduled time, restricted to the shard's customers. */
export const shardInput = (shard: RunShard): RunInput => ({
  timeZone: shard.timeZone,
  scheduledTime: toInstant(shard.scheduledTime),
  shard: { index: shard.index, count: shard.count, customerIds: shard.customerIds },
});

/** The backup kind a backup run (or a shard of it) does. */
export const backupKindOf = (run: string): BackupKind => (run === 'backup-full' ? 'full' : 'incremental');
