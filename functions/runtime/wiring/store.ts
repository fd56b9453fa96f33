/**
 * Composition, the table: the DynamoDB client and the store, built once per container (module
 * scope) and only when a function first asks. Every function's composition root (its handler.ts)
 * imports only the wiring modules it uses, so a bundle carries only the SDK clients it calls
 * (issue 14). Each client honours the SDK's standard endpoint variables (`AWS_ENDPOINT_URL`,
 * `AWS_ENDPOINT_URL_DYNAMODB`, …), so the local system points the same adapters at local services.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRecordStore } from '../../adapters/dynamodb/create-record-store.ts';
import type { RecordStore } from '../../application/ports.ts';
import type { BaseDeps } from '../../application/shared/deps.ts';
import { readContractConfig } from '../env.ts';
import { systemClock } from '../system-clock.ts';

let dynamodb: DynamoDBClient | undefined;
const stores = new Map<string, RecordStore>();

/** The one DynamoDB client of this container. */
export function dynamoClient(): DynamoDBClient {
  dynamodb ??= new DynamoDBClient({});
  return dynamodb;
}

/** The record store (the runs' part of the store; the channels add the paged lists, paged-store.ts). */
export function storeFor(tableName: string): RecordStore {
  const found = stores.get(tableName);
  if (found) return found;
  const store = createRecordStore({ client: dynamoClient(), tableName });
  stores.set(tableName, store);
  return store;
}

/** Store, system clock and the contract configuration (CONTRACT_CONFIG overrides). */
export function baseDeps(env: { TABLE_NAME: string }): BaseDeps {
  return { store: storeFor(env.TABLE_NAME), clock: systemClock, cfg: readContractConfig() };
}
