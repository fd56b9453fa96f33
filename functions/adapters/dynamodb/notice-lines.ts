/**
 * C3.4 at any size: one notice per customer and window, however many servers. A notice item keeps
 * its first LINES_PER_ITEM lines; the rest live in line items beside it (same partition key,
 * `LINES#0001`…), written with the notice's creation in the same transaction and never changed
 * (a notice's lines are fixed when it is created; later updates touch its head only). A reader
 * of a notice with more lines than its item holds reads them back with one Query.
 */
import type { Notice, NoticeLine } from '../../domain/records.ts';
import { contentHash } from './canonical-hash.ts';
import type { Item } from './item-codec.ts';
import { queryPartition } from './reads.ts';
import type { StoreContext } from './store-context.ts';
import { primaryKey } from './table-design.ts';
import { createCondition, sameContent, type TxPut } from './transact.ts';

/** Lines in the notice's own item (about 145 KB) and in each line item. */
export const LINES_PER_ITEM = 1000;

const linesSk = (n: number) => `LINES#${String(n).padStart(4, '0')}`;

/** The notice as its own item stores it: its first lines only when it has more. */
export function noticeHead(notice: Notice): Notice {
  const count = notice.changeCount ?? notice.changes.length;
  return count > LINES_PER_ITEM || notice.changes.length > LINES_PER_ITEM
    ? { ...notice, changeCount: count, changes: notice.changes.slice(0, LINES_PER_ITEM) }
    : notice;
}

/** The line items of a new notice (none for a notice whose lines fit its own item). */
export function linePuts(notice: Notice): TxPut[] {
  const { pk } = primaryKey('notice', notice.id);
  const puts: TxPut[] = [];
  for (let i = LINES_PER_ITEM, n = 1; i < notice.changes.length; i += LINES_PER_ITEM, n += 1) {
    const lines = notice.changes.slice(i, i + LINES_PER_ITEM);
    const item: Item = { pk, sk: linesSk(n), entity: 'notice-lines', lines, contentHash: contentHash(lines) };
    puts.push({
      item,
      condition: createCondition,
      role: 'record',
      label: `lines ${n} of notice ${notice.id}`,
      isReplay: sameContent(item),
    });
  }
  return puts;
}

/** The notices with all their lines (a Query for each that has more than its item holds). */
export async function withLines(ctx: StoreContext, notices: Notice[]): Promise<Notice[]> {
  return Promise.all(
    notices.map(async (notice) => {
      if ((notice.changeCount ?? 0) <= notice.changes.length) return notice;
      const items = await queryPartition(ctx, {
        partition: primaryKey('notice', notice.id).pk,
        skPrefix: 'LINES#',
      });
      const rest = items.flatMap((item) => (item.lines ?? []) as NoticeLine[]);
      return { ...notice, changes: [...notice.changes, ...rest] };
    }),
  );
}
