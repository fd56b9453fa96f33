/**
 * C11.1: a scheduled run serves the customers of one time zone (the schedule's own zone); a shard of
 * a fanned-out run, only its own customers of that zone.
 */
import type { Customer } from '../../domain/records.ts';
import type { Store } from '../ports.ts';
import type { ShardScope } from './run-input.ts';

export async function customersInZone(
  store: Store,
  timeZone: string,
  shard?: ShardScope,
): Promise<Map<string, Customer>> {
  const all = await store.directory.listCustomers();
  const inShard = shard ? new Set(shard.customerIds) : undefined;
  return new Map(
    all.filter((c) => c.timeZone === timeZone && (!inShard || inShard.has(c.id))).map((c) => [c.id, c]),
  );
}
