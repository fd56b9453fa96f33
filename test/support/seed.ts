/**
 * Bulk loading of fixtures and benchmark fleets: the store's own item codec and keys, written with
 * BatchWriteItem in chunks of 25 (no conditions, no audit events: never a production state change).
 */

import { batchPut } from '../../functions/adapters/dynamodb/batch-write.ts';
import { contentHash } from '../../functions/adapters/dynamodb/canonical-hash.ts';
import {
  backupKeys,
  changeKeys,
  customerKeys,
  releaseKeys,
  serverKeys,
} from '../../functions/adapters/dynamodb/entity-keys.ts';
import { type Item, toItem } from '../../functions/adapters/dynamodb/item-codec.ts';
import type { StoreContext } from '../../functions/adapters/dynamodb/store-context.ts';
import type { IndexKeys } from '../../functions/adapters/dynamodb/table-design.ts';
import { BackupRun, Change, Customer, Release, Server } from '../../functions/domain/records.ts';

export type Fixtures = {
  customers?: Customer[];
  servers?: Server[];
  releases?: Release[];
  changes?: Change[];
  backups?: BackupRun[];
};

export async function seed(ctx: StoreContext, fixtures: Fixtures): Promise<void> {
  const items: Item[] = [
    ...(fixtures.customers ?? []).map((c) => item('customer', Customer.parse(c), customerKeys)),
    ...(fixtures.servers ?? []).map((s) => item('server', Server.parse(s), serverKeys)),
    ...(fixtures.releases ?? []).map((r) => item('release', Release.parse(r), releaseKeys)),
    ...(fixtures.changes ?? []).map((c) => item('change', Change.parse(c), changeKeys)),
    ...(fixtures.backups ?? []).map((b) => item('backup', BackupRun.parse(b), backupKeys)),
  ];
  await batchPut(ctx, items);
}

function item<R extends { id: string }>(
  entity: 'customer' | 'server' | 'release' | 'change' | 'backup',
  record: R,
  keys: (r: R) => IndexKeys,
): Item {
  return toItem({ entity, id: record.id, record, createdHash: contentHash(record), keys: keys(record) });
}
