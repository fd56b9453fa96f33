/** Notices (C3.3, C3.4, C5.2, C8): deterministic ids, so a second run finds the first notice. */
import type { NoticeStore } from '../../application/ports.ts';
import { fromItem, type Item } from './item-codec.ts';
import { getItem, ofCustomers, queryAgenda, queryPartition } from './reads.ts';
import { noticeSpec } from './record-specs.ts';
import { createRecord, updateRecord } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';

const spec = noticeSpec;

export function createNoticeStore(ctx: StoreContext): NoticeStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(noticeSpec.schema, i, 'notice'));
  return {
    createNotice: (notice, audit) => createRecord(ctx, spec, notice, [audit]),
    async getNotice(id) {
      const item = await getItem(ctx, 'notice', id);
      return item ? fromItem(noticeSpec.schema, item, 'notice') : undefined;
    },
    async listNoticesByCustomer(customerId) {
      return parse(
        await queryPartition(ctx, { index: INDEX.byParent, partition: `CUSTOMER#${customerId}#NOTICE` }),
      );
    },
    async listOutbox(customerIds) {
      return parse(await queryAgenda(ctx, 'notice-outbox', undefined, ofCustomers(customerIds)));
    },
    updateNotice: (next, expectedVersion, audit) => updateRecord(ctx, spec, next, expectedVersion, [audit]),
  };
}
