/** Everything derived from the measurements: growth, cost, shard plan, acceptance checks. */
import { cpus, loadavg, totalmem } from 'node:os';
import { acceptanceChecks } from './acceptance.ts';
import type { BundleResult } from './bundles.ts';
import { estimateCost } from './cost.ts';
import type { FleetResult } from './fleet.ts';
import type { BenchResults } from './report.ts';
import { planFleet, type ShardOptions } from './shards.ts';
import { growthExponent } from './stats.ts';
import { RUN_KINDS } from './types.ts';

export function summarise(input: {
  fleets: FleetResult[];
  bundles: BundleResult[];
  shardOptions: ShardOptions;
  started: number;
  loadBefore: number[];
}): BenchResults {
  const { fleets, shardOptions } = input;
  const growth: BenchResults['growth'] = [];
  const [first, last] = [fleets[0], fleets.at(-1)];
  if (first && last && first !== last) {
    for (const run of RUN_KINDS) {
      const a = first.runs.find((r) => r.run === run);
      const b = last.runs.find((r) => r.run === run);
      if (a && b) {
        growth.push({
          run,
          fromServers: a.servers,
          toServers: b.servers,
          exponent: growthExponent(a.servers, a.wallMs, b.servers, b.wallMs),
        });
      }
    }
  }
  const largest = last?.runs ?? [];
  return {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.versions.node,
      cpus: cpus().length,
      memoryGb: totalmem() / 1024 ** 3,
      loadAverageBefore: input.loadBefore,
      loadAverageAfter: loadavg(),
    },
    durationSeconds: (performance.now() - input.started) / 1000,
    bundles: input.bundles,
    fleets,
    growth,
    cost: largest.length ? estimateCost(largest) : undefined,
    shardOptions,
    shards: largest.length ? planFleet(largest, shardOptions) : [],
    checks: acceptanceChecks(fleets),
  };
}
