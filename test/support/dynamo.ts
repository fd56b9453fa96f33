/**
 * A fresh, uniquely named table per test file on the DynamoDB Local of global-setup.ts, created
 * from the shared table definition and deleted afterwards. `useTestStore()` registers the hooks and
 * returns a handle whose fields are set once `beforeAll` has run.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDynamoStore, storeContext } from '../../functions/adapters/dynamodb/create-dynamo-store.ts';
import { dropTable, ensureTable } from '../../functions/adapters/dynamodb/ensure-table.ts';
import type { StoreContext, StoreMeter } from '../../functions/adapters/dynamodb/store-context.ts';
import type { Store } from '../../functions/application/ports.ts';

export type TestStoreOptions = { pageSize?: number; meter?: StoreMeter };

export type TestTable = {
  tableName: string;
  client: DynamoDBClient;
  store: Store;
  /** The same table seen by the adapter's internals (raw reads, seeding). */
  ctx: StoreContext;
  drop(): Promise<void>;
};

export function localDynamoClient(endpoint = inject('dynamoEndpoint')): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function createTestTable(options: TestStoreOptions = {}): Promise<TestTable> {
  const client = localDynamoClient();
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  const storeOptions = { client, tableName, ...options };
  return {
    tableName,
    client,
    store: createDynamoStore(storeOptions),
    ctx: storeContext(storeOptions),
    async drop() {
      await dropTable(client, tableName);
      client.destroy();
    },
  };
}

/** Registers beforeAll/afterAll for one table shared by the tests of a file. */
export function useTestStore(options: TestStoreOptions = {}): TestTable {
  const handle = {} as TestTable;
  beforeAll(async () => {
    Object.assign(handle, await createTestTable(options));
  });
  afterAll(async () => {
    await handle.drop?.();
  });
  return handle;
}
