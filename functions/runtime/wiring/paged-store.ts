/**
 * Composition, the channels' store: the record store of this container (store.ts) and the lists the
 * API serves a page at a time, on the same DynamoDB client. Only the channel functions import it.
 */
import { storeContext } from '../../adapters/dynamodb/create-record-store.ts';
import { createPagedReads } from '../../adapters/dynamodb/paged-reads.ts';
import type { Store } from '../../application/ports.ts';
import { dynamoClient, storeFor } from './store.ts';

const stores = new Map<string, Store>();

export function pagedStoreFor(tableName: string): Store {
  const found = stores.get(tableName);
  if (found) return found;
  const pages = createPagedReads(storeContext({ client: dynamoClient(), tableName }));
  const store = { ...storeFor(tableName), pages };
  stores.set(tableName, store);
  return store;
}
