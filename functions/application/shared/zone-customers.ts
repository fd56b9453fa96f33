/** C11.1: a scheduled run serves the customers of one time zone (the schedule's own zone). */
import type { Customer } from '../../domain/records.ts';
import type { Store } from '../ports.ts';

export async function customersInZone(store: Store, timeZone: string): Promise<Map<string, Customer>> {
  const all = await store.directory.listCustomers();
  return new Map(all.filter((c) => c.timeZone === timeZone).map((c) => [c.id, c]));
}
