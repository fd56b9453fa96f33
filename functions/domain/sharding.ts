/**
 * How a scheduled run's work is cut into shards for its workers (bench/DESIGN.md, "Shards").
 *
 * A shard is a set of WHOLE customers, never a split one: C3.4 wants all of one customer's changes
 * for a window in one notice, and the notice id is deterministic per customer × window × run, so
 * one worker must see them all. Shards are filled in customer-id order up to `maxServers`; a
 * customer larger than that gets a shard of its own. The same weights give the same shards, so a
 * second delivery of a coordinator plans exactly what the first planned.
 */
export type CustomerWeight = { customerId: string; servers: number };

export function packShards(weights: readonly CustomerWeight[], maxServers: number): string[][] {
  if (!Number.isInteger(maxServers) || maxServers < 1) {
    throw new RangeError(`maxServers must be a whole number of at least 1, got ${maxServers}`);
  }
  const ordered = weights
    .filter((w) => w.servers > 0)
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const shards: string[][] = [];
  let current: string[] = [];
  let load = 0;
  for (const { customerId, servers } of ordered) {
    if (current.length > 0 && load + servers > maxServers) {
      shards.push(current);
      current = [];
      load = 0;
    }
    current.push(customerId);
    load += servers;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/** The total weight: what a coordinator compares with one shard's size to decide to fan out. */
export const totalServers = (weights: readonly CustomerWeight[]): number =>
  weights.reduce((sum, w) => sum + Math.max(0, w.servers), 0);
