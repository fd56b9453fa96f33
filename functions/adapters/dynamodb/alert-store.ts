/** The CS team's alerts as recorded (DESIGN.md rule 4): written by Store.commit, read here. */
import type { AlertStore } from '../../application/ports.ts';
import { AlertRecord } from '../../domain/records.ts';
import { periodBounds } from './audit-log.ts';
import { ALERTS_PARTITION } from './entity-keys.ts';
import { fromItem, type Item } from './item-codec.ts';
import { getItem, ofCustomers, queryAgenda, queryPartition } from './reads.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';

export function createAlertStore(ctx: StoreContext): AlertStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(AlertRecord, i, 'alert'));
  return {
    async getAlert(id) {
      const item = await getItem(ctx, 'alert', id);
      return item ? fromItem(AlertRecord, item, 'alert') : undefined;
    },
    async listUnpublished(customerIds) {
      // Alerts about no customer (a release, a run) belong to every caller's share.
      const keep = ofCustomers(customerIds);
      const own = keep
        ? (item: Item) => (item.record as { customerId?: unknown }).customerId === undefined || keep(item)
        : undefined;
      return parse(await queryAgenda(ctx, 'alert-outbox', undefined, own));
    },
    async listAlerts(from, to) {
      return parse(
        await queryPartition(ctx, {
          index: INDEX.byParent,
          partition: ALERTS_PARTITION,
          skBetween: periodBounds(from, to),
        }),
      );
    },
  };
}
