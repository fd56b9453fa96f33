/**
 * What every store adapter shares: the document client, the table name, an optional page size
 * (forces Query pagination in tests) and an optional meter that totals requests and consumed
 * capacity per operation (for the benchmark).
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type OperationTotals = { requests: number; capacityUnits: number };

/** Mutable totals; pass one to createDynamoStore and read it after the work. */
export type StoreMeter = {
  requests: number;
  capacityUnits: number;
  byOperation: Record<string, OperationTotals>;
};

export const createStoreMeter = (): StoreMeter => ({ requests: 0, capacityUnits: 0, byOperation: {} });

export type StoreContext = {
  doc: DynamoDBDocumentClient;
  tableName: string;
  pageSize?: number;
  meter?: StoreMeter;
};

type Capacity = ConsumedCapacity | ConsumedCapacity[] | undefined;

/** Adds `ReturnConsumedCapacity: 'TOTAL'` when metering, so the meter sees every unit. */
export function withCapacity<T extends object>(ctx: StoreContext, input: T): T {
  return ctx.meter ? { ...input, ReturnConsumedCapacity: 'TOTAL' } : input;
}

export function record(ctx: StoreContext, operation: string, consumed: Capacity): void {
  const meter = ctx.meter;
  if (!meter) return;
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  const totals = meter.byOperation[operation] ?? { requests: 0, capacityUnits: 0 };
  totals.requests += 1;
  totals.capacityUnits += units;
  meter.byOperation[operation] = totals;
  meter.requests += 1;
  meter.capacityUnits += units;
}
