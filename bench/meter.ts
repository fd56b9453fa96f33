/**
 * Request meters as SDK middleware: every command a client sends is counted by name, and for
 * DynamoDB the consumed capacity is totalled. The store already asks for
 * `ReturnConsumedCapacity: 'TOTAL'` when given a meter (store-context.ts); this middleware adds it
 * to any request that lacks it and says how many it had to add (`capacityAdded`), so no request
 * escapes the count. A `Scan` is counted like any other command: the bench fails on one (run.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
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
};

export const emptyCounts = (): Counts => ({
  requests: 0,
  byCommand: {},
  capacityUnits: 0,
  readUnits: 0,
  writeUnits: 0,
  capacityAdded: 0,
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
      const result = await next(args);
      const units = unitsOf((result.output as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
      counts.capacityUnits += units;
      if (READ_COMMANDS.has(name)) counts.readUnits += units;
      else counts.writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'benchDynamoMeter', priority: 'high' },
  );
}

/** Counts every request of an SES or SSM client by command name. */
export function meterRequests(client: SESClient | SSMClient, counts: Counts): void {
  (client as unknown as AnyClient).middlewareStack.add(
    (next, context) => async (args) => {
      count(counts, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestMeter', priority: 'high' },
  );
}
