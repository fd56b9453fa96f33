/**
 * Conditional writes in one TransactWriteItems (C10.1): a state change and its audit events commit
 * together or not at all. When a condition fails, ALL_OLD returns the stored item; its hashes tell a
 * replay (the same write already committed: success, nothing written twice) from a conflict
 * (someone else won: ConflictError).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { type Item, type StoredState, storedState } from './item-codec.ts';
import { record, type StoreContext, withCapacity } from './store-context.ts';
import { TABLE_DEFINITION } from './table-definition.ts';

export const TRANSACTION_LIMIT = 100;

export type Condition = {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
};

export type TxPut = {
  item: Item;
  /**
   * 'put' replaces the item; 'update' keeps `createdHash` and removes index keys `item` lacks;
   * 'delete' removes the item (only its keys are read).
   */
  mode?: 'put' | 'update' | 'delete';
  condition: Condition;
  /** 'record' items decide replay vs conflict; 'audit' items ride along. */
  role: 'record' | 'audit';
  /** For messages: `change abc`. */
  label: string;
  /** True when the stored item is exactly what this write would leave (an earlier, identical write). */
  isReplay: (stored: StoredState) => boolean;
  /** Set for writes that need the item to exist: a missing item throws NotFoundError. */
  notFound?: { entity: string; id: string };
};

export type TxOutcome = 'written' | 'replayed';

/** New item: the pk must not exist; a replay is a stored item created from the same content. */
export const createCondition: Condition = { expression: 'attribute_not_exists(pk)' };
export const sameCreation = (createdHash: string) => (s: StoredState) => s.createdHash === createdHash;
export const sameContent = (item: Item) => (s: StoredState) => s.contentHash === item.contentHash;

/** Optimistic concurrency on the record's `version`. */
export const versionCondition = (expectedVersion: number): Condition => ({
  expression: '#record.#version = :expectedVersion',
  names: { '#record': 'record', '#version': 'version' },
  values: { ':expectedVersion': expectedVersion },
});

/** Audit items are created once and never updated or deleted (C10.1). */
export function auditPut(item: Item, id: string): TxPut {
  return {
    item,
    condition: createCondition,
    role: 'audit',
    label: `audit event ${id}`,
    isReplay: sameContent(item),
  };
}

type Reason = { Code?: string; Item?: Record<string, unknown> };

/** Runs up to 100 conditional puts atomically. */
export async function transact(ctx: StoreContext, puts: TxPut[]): Promise<TxOutcome> {
  if (puts.length === 0) return 'written';
  if (puts.length > TRANSACTION_LIMIT)
    throw new Error(`a transaction holds at most ${TRANSACTION_LIMIT} items`);
  const command = new TransactWriteCommand(
    withCapacity(ctx, {
      TransactItems: puts.map((p) => transactItem(ctx.tableName, p)),
    }),
  );
  try {
    const out = await ctx.doc.send(command);
    record(ctx, 'TransactWriteItems', out.ConsumedCapacity);
    return 'written';
  } catch (error) {
    record(ctx, 'TransactWriteItems', undefined);
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    return judge(puts, reasons);
  }
}

/**
 * Attributes that come and go with the record's state (sparse indexes, TTL): every index key of
 * the table definition, so an index added there is cleared by an update like the others.
 */
const OPTIONAL_ATTRIBUTES = [
  ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((g) => [g.partitionKey.name, g.sortKey.name]),
  TABLE_DEFINITION.timeToLiveAttribute,
];

function transactItem(tableName: string, p: TxPut) {
  const common = {
    TableName: tableName,
    ...(p.condition.expression
      ? {
          ConditionExpression: p.condition.expression,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        }
      : {}),
  };
  if (p.mode === 'delete') {
    return {
      Delete: {
        ...common,
        Key: { pk: p.item.pk, sk: p.item.sk },
        ExpressionAttributeNames: p.condition.names,
        ExpressionAttributeValues: p.condition.values,
      },
    };
  }
  if (p.mode !== 'update') {
    return {
      Put: {
        ...common,
        Item: p.item,
        ExpressionAttributeNames: p.condition.names,
        ExpressionAttributeValues: p.condition.values,
      },
    };
  }
  const { pk, sk, createdHash: _kept, ...rest } = p.item;
  const names: Record<string, string> = { ...p.condition.names };
  const values: Record<string, unknown> = { ...p.condition.values };
  const sets = Object.entries(rest).map(([name, value], i) => {
    names[`#u${i}`] = name;
    values[`:u${i}`] = value;
    return `#u${i} = :u${i}`;
  });
  const removes = OPTIONAL_ATTRIBUTES.filter((name) => !(name in rest)).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  return {
    Update: {
      ...common,
      Key: { pk, sk },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function cancellationReasons(error: unknown): Reason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: Reason[] }).CancellationReasons ?? []) as Reason[];
}

function judge(puts: TxPut[], reasons: Reason[]): TxOutcome {
  if (reasons.some((r) => r.Code === 'TransactionConflict')) {
    throw new ConflictError(`${labels(puts)}: another write to the same record was in progress`);
  }
  const outcomes = puts.map((put, i) => {
    const reason = reasons[i];
    if (reason?.Code !== 'ConditionalCheckFailed') return { put, failed: false, replay: false };
    const stored = storedState(reason.Item);
    if (!stored.exists && put.notFound) throw new NotFoundError(put.notFound.entity, put.notFound.id);
    return { put, failed: true, replay: put.isReplay(stored) };
  });
  // Records decide replay vs conflict; a transaction of audit events alone is judged by them.
  const records = outcomes.filter((o) => o.put.role === 'record');
  const deciding = records.length > 0 ? records : outcomes;
  if (deciding.every((o) => o.failed && o.replay)) return 'replayed';
  const lost = outcomes.filter((o) => o.failed && !o.replay);
  if (lost.length === 0 && outcomes.every((o) => !o.failed)) {
    throw new Error(`transaction cancelled: ${reasons.map((r) => r.Code).join(', ')}`);
  }
  const culprits = lost.length > 0 ? lost : outcomes.filter((o) => o.failed);
  throw new ConflictError(
    `${labels(culprits.map((o) => o.put))} changed since it was read, or already exists`,
  );
}

const labels = (puts: TxPut[]): string => [...new Set(puts.map((p) => p.label))].join(', ');
