/** Notices (C3.3, C3.4, C5.2, C8): deterministic ids, so a second run finds the first notice. */
import type { NoticeStore } from '../../application/ports.ts';
import { fromItem, type Item } from './item-codec.ts';
import { withLines } from './notice-lines.ts';
import { getItem, ofCustomers, queryAgenda, queryPartition } from './reads.ts';
import { noticeSpec } from './record-specs.ts';
import { updateRecord } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { commit } from './unit-of-work.ts';

const spec = noticeSpec;

export function createNoticeStore(ctx: StoreContext): NoticeStore {
  const parse = (items: Item[]) =>
    withLines(
      ctx,
      items.map((i) => fromItem(noticeSpec.schema, i, 'notice')),
    );
  return {
    createNotice: async (notice, audit) =>
      (await commit(ctx, [{ create: 'notice', record: notice }, { audit }])) === 'written'
        ? 'created'
        : 'existing',
    async getNotice(id) {
      const item = await getItem(ctx, 'notice', id);
      return item ? (await parse([item]))[0] : undefined;
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
