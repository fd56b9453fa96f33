/**
 * The composition of the whole DynamoDB store: the records (create-record-store.ts) and the lists
 * the channels serve a page at a time (paged-reads.ts), on one table and one document client.
 */
import type { Store } from '../../application/ports.ts';
import { type DynamoStoreOptions, recordStoreOn, storeContext } from './create-record-store.ts';
import { createPagedReads } from './paged-reads.ts';

export function createDynamoStore(options: DynamoStoreOptions): Store {
  const ctx = storeContext(options);
  return { ...recordStoreOn(ctx), pages: createPagedReads(ctx) };
}

export {
  type DynamoStoreOptions,
  documentClient,
  storeContext,
} from './create-record-store.ts';
export { createStoreMeter, type StoreMeter } from './store-context.ts';
