/**
 * C11.1: a scheduled run serves the customers of one time zone (the schedule's own zone); a shard of
 * a fanned-out run, only its own customers of that zone, read by id rather than from the whole list.
 */
import type { Customer } from '../../domain/records.ts';
import type { RecordStore } from '../ports.ts';
import type { ShardScope } from './run-input.ts';

export async function customersInZone(
  store: RecordStore,
  timeZone: string,
  shard?: ShardScope,
): Promise<Map<string, Customer>> {
  const all = shard
    ? [...(await store.directory.getCustomers(shard.customerIds)).values()]
    : await store.directory.listCustomers();
  return new Map(all.filter((c) => c.timeZone === timeZone).map((c) => [c.id, c]));
}
