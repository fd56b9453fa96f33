/**
 * Request meters as SDK middleware: every command a client sends is counted by name, and for
 * DynamoDB the consumed capacity is totalled. The store already asks for
 * `ReturnConsumedCapacity: 'TOTAL'` when given a meter (store-context.ts); this middleware adds it
 * to any request that lacks it and says how many it had to add (`capacityAdded`), so no request
 * escapes the count. A `Scan` is counted like any other command: the bench fails on one (run.ts).
 *
 * DynamoDB Local under-reports multi-item transactions: for TransactWriteItems it returns the
 * capacity of about one item, whatever the number of items (a 10-item transaction of 2 KB items
 * with two index copies each reports 12 or 16 units instead of 120). Those requests' write units
 * are therefore computed here from the items themselves, by the rule DynamoDB Local applies to a
 * single item: 2 units per started KB of the item, for the table and again for every index the
 * item is written to or removed from. It matches Local's report for a single Put; for an Update it
 * is lower by the index entries whose key changed (Local bills those as a delete and a put, which
 * needs the old item to know). `transactionUnitsReported` keeps what Local said.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SSMClient } from '@aws-sdk/client-ssm';

export type Counts = {
  requests: number;
  byCommand: Record<string, number>;
  /** DynamoDB only: capacity units reported by ConsumedCapacity, split read / write by command. */
  capacityUnits: number;
  readUnits: number;
  writeUnits: number;
  /** DynamoDB only: requests that did not ask for consumed capacity until the middleware added it. */
  capacityAdded: number;
  /** DynamoDB only: what DynamoDB Local reported for TransactWriteItems (replaced by the item-based count). */
  transactionUnitsReported: number;
  /** DynamoDB only: the same requests' write units counted item by item (included in writeUnits). */
  transactionUnitsCounted: number;
  /** DynamoDB only: items put, updated or deleted (each item of a batch or transaction counted). */
  itemsWritten: number;
};

export const emptyCounts = (): Counts => ({
  requests: 0,
  byCommand: {},
  capacityUnits: 0,
  readUnits: 0,
  writeUnits: 0,
  capacityAdded: 0,
  transactionUnitsReported: 0,
  transactionUnitsCounted: 0,
  itemsWritten: 0,
});

/** What happened between two snapshots. */
export function diffCounts(after: Counts, before: Counts): Counts {
  const byCommand: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byCommand)) {
    const d = v - (before.byCommand[k] ?? 0);
    if (d) byCommand[k] = d;
  }
  return {
    requests: after.requests - before.requests,
    byCommand,
    capacityUnits: after.capacityUnits - before.capacityUnits,
    readUnits: after.readUnits - before.readUnits,
    writeUnits: after.writeUnits - before.writeUnits,
    capacityAdded: after.capacityAdded - before.capacityAdded,
    transactionUnitsReported: after.transactionUnitsReported - before.transactionUnitsReported,
    transactionUnitsCounted: after.transactionUnitsCounted - before.transactionUnitsCounted,
    itemsWritten: after.itemsWritten - before.itemsWritten,
  };
}

export const snapshot = (c: Counts): Counts => ({ ...c, byCommand: { ...c.byCommand } });

const READ_COMMANDS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);
const WITH_CAPACITY = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const unitsOf = (c: Capacity): number =>
  (c === undefined ? [] : Array.isArray(c) ? c : [c]).reduce((s, x) => s + (x.CapacityUnits ?? 0), 0);

type AnyClient = { middlewareStack: DynamoDBClient['middlewareStack'] };

function count(counts: Counts, name: string): void {
  counts.requests += 1;
  counts.byCommand[name] = (counts.byCommand[name] ?? 0) + 1;
}

/** Counts every DynamoDB request (document-client commands share this stack) and its capacity. */
export function meterDynamo(client: DynamoDBClient, counts: Counts): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      count(counts, name);
      const input = args.input as Record<string, unknown>;
      if (WITH_CAPACITY.has(name) && input.ReturnConsumedCapacity === undefined) {
        input.ReturnConsumedCapacity = 'TOTAL';
        counts.capacityAdded += 1;
      }
      counts.itemsWritten += itemsWrittenBy(name, input);
      const result = await next(args);
      let units = unitsOf((result.output as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
      if (name === 'TransactWriteItemsCommand') {
        counts.transactionUnitsReported += units;
        units = transactionWriteUnits(input);
        counts.transactionUnitsCounted += units;
      }
      counts.capacityUnits += units;
      if (READ_COMMANDS.has(name)) counts.readUnits += units;
      else counts.writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'benchDynamoMeter', priority: 'high' },
  );
}

/** How many items a write request puts, updates or deletes (0 for reads). */
export function itemsWrittenBy(name: string, input: Record<string, unknown>): number {
  if (name === 'PutItemCommand' || name === 'UpdateItemCommand' || name === 'DeleteItemCommand') return 1;
  if (name === 'TransactWriteItemsCommand')
    return ((input.TransactItems ?? []) as Record<string, unknown>[]).filter((t) => !t.ConditionCheck).length;
  if (name === 'BatchWriteItemCommand')
    return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce(
      (n, requests) => n + requests.length,
      0,
    );
  return 0;
}

/** Counts every request of an SES or SSM client by command name. */
export function meterRequests(client: SESv2Client | SSMClient, counts: Counts): void {
  (client as unknown as AnyClient).middlewareStack.add(
    (next, context) => async (args) => {
      count(counts, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestMeter', priority: 'high' },
  );
}

/** The attributes that put an item in a global secondary index (table-definition.ts). */
const INDEX_KEYS = ['gsi1pk', 'gsi2pk', 'agendaPk'];
const KB = 1024;

/** Write units of a TransactWriteItems request, item by item (see the header). */
export function transactionWriteUnits(input: Record<string, unknown>): number {
  const items = (input.TransactItems ?? []) as Record<string, Record<string, unknown>>[];
  let units = 0;
  for (const entry of items) {
    const put = entry.Put;
    const update = entry.Update;
    if (put) {
      const item = (put.Item ?? {}) as Record<string, unknown>;
      const size = attributesSize(item);
      const copies = 1 + INDEX_KEYS.filter((k) => k in item).length;
      units += 2 * Math.ceil(size / KB) * copies;
    } else if (update) {
      const names = (update.ExpressionAttributeNames ?? {}) as Record<string, string>;
      const values = (update.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
      const expression = String(update.UpdateExpression ?? '');
      const [setPart = '', removePart = ''] = expression.replace(/^SET /, '').split(' REMOVE ');
      const set: Record<string, unknown> = { ...((update.Key ?? {}) as Record<string, unknown>) };
      for (const assignment of setPart.split(', ')) {
        const [name, value] = assignment.split(' = ');
        if (name && value) set[names[name] ?? name] = values[value];
      }
      const removed = removePart ? removePart.split(', ').map((n) => names[n] ?? n) : [];
      const size = attributesSize(set);
      const copies = 1 + INDEX_KEYS.filter((k) => k in set).length;
      // An index entry removed is a delete of the item's copy there, billed like a write of it.
      const dropped = INDEX_KEYS.filter((k) => removed.includes(k)).length;
      units += 2 * Math.ceil(size / KB) * (copies + dropped);
    } else {
      units += 2; // ConditionCheck / Delete: one unit, doubled in a transaction
    }
  }
  return units;
}

/** DynamoDB's item size: attribute names plus values (UTF-8 strings, numbers, nested maps and lists). */
function attributesSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return Math.ceil(String(value).length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + 1 + valueSize(v), 0);
  if (value instanceof Set) return [...value].reduce((s: number, v) => s + valueSize(v), 0);
  const entries = Object.entries(value as Record<string, unknown>);
  // An AttributeValue ({ S: … }, { M: … }): the value it wraps.
  if (
    entries.length === 1 &&
    ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'].includes(entries[0]?.[0] ?? '')
  ) {
    const [type, inner] = entries[0] as [string, unknown];
    if (type === 'M') return 3 + attributesSize(inner as Record<string, unknown>);
    if (type === 'N') return Math.ceil(String(inner).length / 2) + 1;
    return valueSize(inner);
  }
  return 3 + attributesSize(value as Record<string, unknown>);
}
