/** Customers and servers (Words). Saving identical data is a no-op; a server's status moves only
 * through setServerStatus (C6.3), so a registration update can never clear `needs-attention`. */
import type { DirectoryStore } from '../../application/ports.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { type AuditEvent, Customer, Server } from '../../domain/records.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { auditPuts } from './audit-log.ts';
import { contentHash } from './canonical-hash.ts';
import { CUSTOMERS_PARTITION, customerKeys, serverKeys } from './entity-keys.ts';
import { fromItem, type Item, toItem } from './item-codec.ts';
import { getItem, getItems, queryPartition } from './reads.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { type Condition, sameContent, type TxPut, transact } from './transact.ts';

const byId = <T extends { id: string }>(records: T[]): Map<string, T> =>
  new Map(records.map((r) => [r.id, r]));

export function createDirectoryStore(ctx: StoreContext): DirectoryStore {
  const customers = (items: Item[]) => items.map((i) => fromItem(Customer, i, 'customer'));
  const servers = (items: Item[]) => items.map((i) => fromItem(Server, i, 'server'));

  async function save(put: TxPut, audit: AuditEvent): Promise<void> {
    await transact(ctx, [put, ...auditPuts([audit])]);
  }

  return {
    async saveCustomer(input, audit) {
      const customer = parseOrThrow(Customer, input, 'customer');
      const item = toItem({
        entity: 'customer',
        id: customer.id,
        record: customer,
        createdHash: contentHash(customer),
        keys: customerKeys(customer),
      });
      await save(upsertPut(item, `customer ${customer.id}`), audit);
    },
    async getCustomer(id) {
      const item = await getItem(ctx, 'customer', id);
      return item ? fromItem(Customer, item, 'customer') : undefined;
    },
    getCustomers: async (ids) => byId(customers(await getItems(ctx, 'customer', [...ids]))),
    async listCustomers() {
      return customers(await queryPartition(ctx, { index: INDEX.byParent, partition: CUSTOMERS_PARTITION }));
    },
    async saveServer(input, audit) {
      const server = parseOrThrow(Server, input, 'server');
      const item = toItem({
        entity: 'server',
        id: server.id,
        record: server,
        createdHash: contentHash(server),
        keys: serverKeys(server),
      });
      const put = upsertPut(item, `server ${server.id}`, {
        expression: '#record.#status = :status',
        names: { '#record': 'record', '#status': 'status' },
        values: { ':status': server.status },
      });
      try {
        await save(put, audit);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        throw new ConflictError(
          `server ${server.id}: its status changes only through setServerStatus (C6.3), or it changed meanwhile`,
        );
      }
    },
    async getServer(id) {
      const item = await getItem(ctx, 'server', id);
      return item ? fromItem(Server, item, 'server') : undefined;
    },
    getServers: async (ids) => byId(servers(await getItems(ctx, 'server', [...ids]))),
    async listServersByCustomer(customerId) {
      return servers(
        await queryPartition(ctx, { index: INDEX.byParent, partition: `CUSTOMER#${customerId}#SERVER` }),
      );
    },
    async listServersByPlatform(platform) {
      return servers(
        await queryPartition(ctx, { index: INDEX.byOwner, partition: `PLATFORM#${platform}#SERVER` }),
      );
    },
    /** C6.3: conditional on the server being unchanged since it was read. */
    async setServerStatus(serverId, status, audit) {
      const stored = await getItem(ctx, 'server', serverId);
      if (!stored) throw new NotFoundError('server', serverId);
      const next = { ...fromItem(Server, stored, 'server'), status };
      const item = toItem({
        entity: 'server',
        id: serverId,
        record: next,
        createdHash: String(stored.createdHash),
        keys: serverKeys(next),
      });
      await save(
        {
          item,
          condition: { expression: 'contentHash = :seen', values: { ':seen': stored.contentHash } },
          role: 'record',
          label: `server ${serverId}`,
          isReplay: () => false,
          notFound: { entity: 'server', id: serverId },
        },
        audit,
      );
    },
  };
}

/**
 * Writes the item when it is new or differs from what is stored (and `guard` holds for an existing
 * one). Identical content fails the condition and counts as a replay: nothing, not even the audit
 * event, is written twice.
 */
function upsertPut(item: Item, label: string, guard?: Condition): TxPut {
  const changed = 'contentHash <> :hash';
  return {
    item,
    condition: {
      expression: `attribute_not_exists(pk) OR (${guard ? `${changed} AND ${guard.expression}` : changed})`,
      names: guard?.names,
      values: { ':hash': item.contentHash, ...guard?.values },
    },
    role: 'record',
    label,
    isReplay: sameContent(item),
  };
}
