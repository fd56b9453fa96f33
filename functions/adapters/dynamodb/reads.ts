/** GetItem, paginated Query and the sharded agenda query. Never Scan (table-design.ts). */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-codec.ts';
import { record, type StoreContext, withCapacity } from './store-context.ts';
import { INDEX, TABLE_DEFINITION } from './table-definition.ts';
import {
  AGENDA_SHARDS,
  type AgendaKind,
  agendaPartition,
  type EntityName,
  primaryKey,
} from './table-design.ts';

export async function getItem(ctx: StoreContext, entity: EntityName, id: string): Promise<Item | undefined> {
  const out = await ctx.doc.send(
    new GetCommand(
      withCapacity(ctx, { TableName: ctx.tableName, Key: primaryKey(entity, id), ConsistentRead: true }),
    ),
  );
  record(ctx, 'GetItem', out.ConsumedCapacity);
  return out.Item;
}

const BATCH_GET_LIMIT = 100;

/** BatchGetItem in chunks of 100 keys, retrying UnprocessedKeys; order of `ids` is kept. */
export async function getItems(ctx: StoreContext, entity: EntityName, ids: string[]): Promise<Item[]> {
  const unique = [...new Set(ids)];
  const found = new Map<string, Item>();
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
    let keys: Record<string, unknown>[] = unique
      .slice(i, i + BATCH_GET_LIMIT)
      .map((id) => primaryKey(entity, id));
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt > 0) await backoff(attempt);
      const out = await ctx.doc.send(
        new BatchGetCommand(
          withCapacity(ctx, { RequestItems: { [ctx.tableName]: { Keys: keys, ConsistentRead: true } } }),
        ),
      );
      record(ctx, 'BatchGetItem', out.ConsumedCapacity);
      for (const item of out.Responses?.[ctx.tableName] ?? []) found.set(String(item.pk), item);
      keys = (out.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return ids.flatMap((id) => {
    const item = found.get(primaryKey(entity, id).pk);
    return item ? [item] : [];
  });
}

export const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));

export type IndexName = (typeof INDEX)[keyof typeof INDEX];

export type PartitionQuery = {
  /** A GSI; without one, the table itself (its `pk`/`sk`), read consistently. */
  index?: IndexName;
  partition: string;
  /** Sort keys that start with this prefix. */
  skPrefix?: string;
  /** Inclusive range on the sort key. */
  skBetween?: [string, string];
  /** Exclusive upper bound on the sort key. */
  skBelow?: string;
  /** Keeps only the items it accepts, page by page (the others are never held, nor parsed). */
  keep?: (item: Item) => boolean;
};

/** The key attributes of a GSI, or of the table itself when no index is named. */
export function keyNames(index: IndexName | undefined): { pk: string; sk: string } {
  if (index === undefined) return { pk: 'pk', sk: 'sk' };
  const gsi = TABLE_DEFINITION.globalSecondaryIndexes.find((g) => g.indexName === index);
  if (!gsi) throw new Error(`unknown index ${index}`);
  return { pk: gsi.partitionKey.name, sk: gsi.sortKey.name };
}

/**
 * Queries one partition of a GSI and follows LastEvaluatedKey to the end. A reversed range holds
 * nothing: it reads nothing (DynamoDB would refuse BETWEEN with its bounds the wrong way round).
 */
export async function queryPartition(ctx: StoreContext, q: PartitionQuery): Promise<Item[]> {
  if (q.skBetween && isEmptyRange(q.skBetween)) return [];
  const names = keyNames(q.index);
  let condition = '#pk = :pk';
  const values: Record<string, unknown> = { ':pk': q.partition };
  if (q.skBetween) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = q.skBetween[0];
    values[':to'] = q.skBetween[1];
  } else if (q.skBelow !== undefined) {
    condition += ' AND #sk < :below';
    values[':below'] = q.skBelow;
  } else if (q.skPrefix !== undefined) {
    condition += ' AND begins_with(#sk, :prefix)';
    values[':prefix'] = q.skPrefix;
  }
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.doc.send(
      new QueryCommand(
        withCapacity(ctx, {
          TableName: ctx.tableName,
          ...(q.index ? { IndexName: q.index } : { ConsistentRead: true }),
          KeyConditionExpression: condition,
          ExpressionAttributeNames: {
            '#pk': names.pk,
            ...(q.skBetween || q.skBelow !== undefined || q.skPrefix !== undefined
              ? { '#sk': names.sk }
              : {}),
          },
          ExpressionAttributeValues: values,
          ExclusiveStartKey: start,
          Limit: ctx.pageSize,
        }),
      ),
    );
    record(ctx, 'Query', out.ConsumedCapacity);
    items.push(...(q.keep ? (out.Items ?? []).filter(q.keep) : (out.Items ?? [])));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every shard of one agenda, optionally only keys below `skBelow`, merged in due-time order. */
export async function queryAgenda(
  ctx: StoreContext,
  kind: AgendaKind,
  skBelow?: string,
  keep?: (item: Item) => boolean,
): Promise<Item[]> {
  const shards = Array.from({ length: AGENDA_SHARDS }, (_, shard) =>
    queryPartition(ctx, { index: INDEX.agenda, partition: agendaPartition(kind, shard), skBelow, keep }),
  );
  const items = (await Promise.all(shards)).flat();
  return items.sort((a, b) => byteOrder(String(a.agendaSk), String(b.agendaSk)));
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** True when an inclusive sort-key range [low, high] is empty (low sorts after high). */
export const isEmptyRange = ([low, high]: readonly [string, string]): boolean => byteOrder(low, high) > 0;

/**
 * An agenda filter for a fan-out worker (runs/fan-out.ts): only the records of these customers are
 * kept, page by page, so a worker holds its own share of a fleet-wide agenda, not all of it.
 */
export const ofCustomers = (
  customerIds: readonly string[] | undefined,
): ((item: Item) => boolean) | undefined => {
  if (!customerIds) return undefined;
  const ids = new Set(customerIds);
  return (item) => ids.has(String((item.record as { customerId?: unknown } | undefined)?.customerId));
};
