/**
 * BatchWriteItem in chunks of 25, retrying UnprocessedItems with backoff. It carries no conditions,
 * so no state change uses it (C10.1 wants each one conditional and audited): it loads fixtures and
 * benchmark fleets (test/support/seed.ts) built with the same item codec as the store.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-codec.ts';
import { backoff } from './reads.ts';
import { record, type StoreContext, withCapacity } from './store-context.ts';

export const BATCH_WRITE_LIMIT = 25;
const MAX_ATTEMPTS = 8;

export async function batchPut(ctx: StoreContext, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
    let requests = items.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`BatchWriteItem left ${requests.length} items unprocessed`);
      if (attempt > 0) await backoff(attempt);
      const out = await ctx.doc.send(
        new BatchWriteCommand(withCapacity(ctx, { RequestItems: { [ctx.tableName]: requests } })),
      );
      record(ctx, 'BatchWriteItem', out.ConsumedCapacity);
      requests = (out.UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests;
    }
  }
}
