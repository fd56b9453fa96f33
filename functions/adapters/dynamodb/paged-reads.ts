/**
 * The store's paged reads (application/paged-reads.ts): each list is one key range of one index
 * partition scoped to the customer (and time), read a page at a time. A page is one Query with
 * Limit = page size + 1 (the extra record only says whether there is more), so the requests per
 * call do not grow with the customer's size. The cursor names the last record of the page and the
 * partition it came from; one from another list is refused, never passed to DynamoDB.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/v4/core';
import {
  INVALID_CURSOR,
  type Page,
  type PagedReads,
  type PageRequest,
  type Period,
} from '../../application/paged-reads.ts';
import { toIso } from '../../domain/calendar.ts';
import { ValidationError } from '../../domain/errors.ts';
import {
  AuditEvent,
  BackupRun,
  Change,
  Customer,
  Notice,
  PostponementRequest,
  Server,
} from '../../domain/records.ts';
import { CUSTOMERS_PARTITION, LISTING } from './entity-keys.ts';
import { fromItem, type Item } from './item-codec.ts';
import { withLines } from './notice-lines.ts';
import { type IndexName, isEmptyRange, keyNames } from './reads.ts';
import { record, type StoreContext, withCapacity } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { type EntityName, timedSk, upToBound } from './table-design.ts';

type PageQuery = {
  entity: EntityName;
  index: IndexName;
  partition: string;
  /** Inclusive range on the index sort key. */
  skBetween?: [string, string];
};

/** The cursor: the last record's primary key and index sort key, and the partition it was read from. */
type Cursor = { p: string; s: string; k: string };

const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.p, c.k, c.s])).toString('base64url');

function decodeCursor(text: string, q: PageQuery): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  const [p, k, s] = Array.isArray(parts) && parts.length === 3 ? parts : [];
  const prefix = `${q.entity.toUpperCase()}#`;
  const inRange = (sk: string) => !q.skBetween || (sk >= q.skBetween[0] && sk <= q.skBetween[1]);
  if (
    typeof p !== 'string' ||
    typeof k !== 'string' ||
    typeof s !== 'string' ||
    p !== q.partition ||
    !k.startsWith(prefix) ||
    !inRange(s)
  ) {
    throw new ValidationError('the cursor does not belong to this list', [
      { path: 'next', message: INVALID_CURSOR },
    ]);
  }
  return { p, k, s };
}

const recordBytes = (item: Item): number => Buffer.byteLength(JSON.stringify(item.record ?? null), 'utf8');

/**
 * One page of a partition. DynamoDB stops a Query at 1 MB; should that come before `limit` + 1
 * records, the page ends there (with a cursor) rather than reading on.
 */
export async function queryPage(ctx: StoreContext, q: PageQuery, page: PageRequest): Promise<Page<Item>> {
  const after = page.next ? decodeCursor(page.next, q) : undefined;
  if (q.skBetween && isEmptyRange(q.skBetween)) return { items: [] };
  const names = keyNames(q.index);
  const values: Record<string, unknown> = { ':pk': q.partition };
  let condition = '#pk = :pk';
  if (q.skBetween) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = q.skBetween[0];
    values[':to'] = q.skBetween[1];
  }
  const out = await ctx.doc.send(
    new QueryCommand(
      withCapacity(ctx, {
        TableName: ctx.tableName,
        IndexName: q.index,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: { '#pk': names.pk, ...(q.skBetween ? { '#sk': names.sk } : {}) },
        ExpressionAttributeValues: values,
        Limit: page.limit + 1,
        ...(after
          ? {
              ExclusiveStartKey: {
                pk: after.k,
                sk: q.entity.toUpperCase(),
                [names.pk]: after.p,
                [names.sk]: after.s,
              },
            }
          : {}),
      }),
    ),
  );
  record(ctx, 'Query', out.ConsumedCapacity);
  const found = out.Items ?? [];
  const items: Item[] = [];
  let bytes = 0;
  for (const item of found.slice(0, page.limit)) {
    bytes += recordBytes(item);
    if (items.length > 0 && page.maxBytes !== undefined && bytes > page.maxBytes) break;
    items.push(item);
  }
  const more = items.length < found.length || out.LastEvaluatedKey !== undefined;
  const last = items.at(-1);
  if (!more || !last) return { items };
  return {
    items,
    next: encodeCursor({ p: q.partition, k: String(last.pk), s: String(last[names.sk]) }),
  };
}

async function pageOf<S extends z.$ZodType>(
  ctx: StoreContext,
  q: PageQuery,
  page: PageRequest,
  schema: S,
): Promise<Page<z.output<S>>> {
  const out = await queryPage(ctx, q, page);
  const items = out.items.map((i) => fromItem(schema, i, q.entity));
  return out.next ? { items, next: out.next } : { items };
}

/** Inclusive [from, to] over `<instant>#<id>` sort keys. */
const within = (period: Period): [string, string] => [
  timedSk(toIso(period.from), ''),
  upToBound(toIso(period.to)),
];

export function createPagedReads(ctx: StoreContext): PagedReads {
  return {
    customers: (page) =>
      pageOf(
        ctx,
        { entity: 'customer', index: INDEX.byParent, partition: CUSTOMERS_PARTITION },
        page,
        Customer,
      ),
    servers: (customerId, page) =>
      pageOf(
        ctx,
        customerId
          ? { entity: 'server', index: INDEX.byParent, partition: `CUSTOMER#${customerId}#SERVER` }
          : { entity: 'server', index: INDEX.listing, partition: LISTING.servers },
        page,
        Server,
      ),
    changesOfCustomer: (customerId, which, page, period) =>
      pageOf(
        ctx,
        {
          entity: 'change',
          ...(which === 'all'
            ? { index: INDEX.byOwner, partition: `CUSTOMER#${customerId}#CHANGE` }
            : { index: INDEX.listing, partition: LISTING.changes(customerId, which === 'upcoming') }),
          ...(period ? { skBetween: within(period) } : {}),
        },
        page,
        Change,
      ),
    noticesOfCustomer: async (customerId, page) => {
      const found = await pageOf(
        ctx,
        { entity: 'notice', index: INDEX.byParent, partition: `CUSTOMER#${customerId}#NOTICE` },
        page,
        Notice,
      );
      return { ...found, items: await withLines(ctx, found.items) }; // C3.4: every line of a large notice
    },
    backupsOfCustomer: (customerId, period, page) =>
      pageOf(
        ctx,
        {
          entity: 'backup',
          index: INDEX.listing,
          partition: LISTING.backups(customerId),
          skBetween: within(period),
        },
        page,
        BackupRun,
      ),
    requestsOfCustomer: (customerId, period, page) =>
      pageOf(
        ctx,
        {
          entity: 'request',
          index: INDEX.byOwner,
          partition: `CUSTOMER#${customerId}#REQUEST`,
          skBetween: within(period),
        },
        page,
        PostponementRequest,
      ),
    auditOfCustomer: (customerId, period, page) =>
      pageOf(
        ctx,
        {
          entity: 'audit',
          index: INDEX.byParent,
          partition: `CUSTOMER#${customerId}#AUDIT`,
          skBetween: within(period),
        },
        page,
        AuditEvent,
      ),
    pendingReviews: (page) =>
      pageOf(
        ctx,
        { entity: 'request', index: INDEX.listing, partition: LISTING.reviews },
        page,
        PostponementRequest,
      ),
  };
}
