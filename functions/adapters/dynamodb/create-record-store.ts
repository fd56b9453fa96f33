/**
 * The composition of the DynamoDB record store: one table (table-design.ts), one document client.
 * `client` is a DynamoDBClient built once at module scope by the caller (real or local endpoint).
 * The runs need only this; the channels add the paged lists (create-dynamo-store.ts), so a run
 * function's bundle does not carry them (issue 14).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordStore } from '../../application/ports.ts';
import { createAlertStore } from './alert-store.ts';
import { createAuditLog } from './audit-log.ts';
import { createBackupStore } from './backup-store.ts';
import { createChangeStore } from './change-store.ts';
import { createDirectoryStore } from './directory-store.ts';
import { createFeedTokenStore } from './feed-token-store.ts';
import { createMailEventStore } from './mail-event-store.ts';
import { createNoticeStore } from './notice-store.ts';
import { createReleaseStore } from './release-store.ts';
import { createReplyTokenStore } from './reply-token-store.ts';
import { createRequestStore } from './request-store.ts';
import { createRunLedger } from './run-ledger.ts';
import type { StoreContext, StoreMeter } from './store-context.ts';
import { commit } from './unit-of-work.ts';

export type DynamoStoreOptions = {
  client: DynamoDBClient;
  tableName: string;
  /** Query page size (Limit); unset lets DynamoDB fill 1 MB pages. */
  pageSize?: number;
  /** When given, every request asks for consumed capacity and is totalled here. */
  meter?: StoreMeter;
};

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function storeContext(options: DynamoStoreOptions): StoreContext {
  return {
    doc: documentClient(options.client),
    tableName: options.tableName,
    pageSize: options.pageSize,
    meter: options.meter,
  };
}

export const createRecordStore = (options: DynamoStoreOptions): RecordStore =>
  recordStoreOn(storeContext(options));

/** The record store on a context the caller shares with other parts (the paged lists). */
export function recordStoreOn(ctx: StoreContext): RecordStore {
  return {
    commit: (writes) => commit(ctx, writes),
    alerts: createAlertStore(ctx),
    mailEvents: createMailEventStore(ctx),
    directory: createDirectoryStore(ctx),
    releases: createReleaseStore(ctx),
    changes: createChangeStore(ctx),
    notices: createNoticeStore(ctx),
    tokens: createReplyTokenStore(ctx),
    feeds: createFeedTokenStore(ctx),
    requests: createRequestStore(ctx),
    backups: createBackupStore(ctx),
    audit: createAuditLog(ctx),
    runs: createRunLedger(ctx),
  };
}
