/**
 * Single-table design (issue 3). One on-demand table, keys `pk`/`sk`, three GSIs (all project ALL,
 * so a query never needs a second read). Every read is GetItem, BatchGetItem or Query: never Scan
 * (a guard test reads every file under functions/ and local/ for it).
 *
 * Items: `{ pk, sk, entity, record, createdHash, contentHash, [gsi1pk, gsi1sk], [gsi2pk, gsi2sk],
 * [agendaPk, agendaSk], [ttl] }`. `record` is the domain record as written; reads parse it with the
 * domain zod schema. `createdHash`/`contentHash` are sha256 of the canonical JSON of the record as
 * first created / as now stored: they tell a replay ("already done") from a conflict when a
 * conditional write fails (ReturnValuesOnConditionCheckFailure = ALL_OLD).
 *
 * | entity  | pk                 | gsi1 (byParent)                          | gsi2 (byOwner)                          | agenda (sparse)                                  |
 * |---------|--------------------|------------------------------------------|-----------------------------------------|--------------------------------------------------|
 * | customer| CUSTOMER#<id>      | CUSTOMERS / <id>                         |                                         |                                                  |
 * | server  | SERVER#<id>        | CUSTOMER#<cid>#SERVER / <id>             | PLATFORM#<p>#SERVER / <id>              |                                                  |
 * | release | RELEASE#<id>       | PLATFORM#<p>#RELEASE / <validatedAt>#<id>| RELEASES / <validatedAt>#<id>           |                                                  |
 * | change  | CHANGE#<id>        | SERVER#<sid>#CHANGE / <applyAt>#<id>     | CUSTOMER#<cid>#CHANGE / <applyAt>#<id>  | planned: AGENDA#notice#<n> / <noticeAt>#<id>     |
 * |         |                    |                                          |                                         | notified, postponed: AGENDA#apply#<n> / <applyAt>#<id> |
 * |         |                    |                                          |                                         | applying: AGENDA#applying#<n> / <applyAt>#<id>   |
 * | notice  | NOTICE#<id>        | CUSTOMER#<cid>#NOTICE / <sendBy>#<id>    |                                         |                                                  |
 * | token   | TOKEN#<sha256 hex> |                                          |                                         |                                  (+ ttl, C12.2)  |
 * | feed    | FEED#<sha256 hex>  | CUSTOMER#<cid>#FEED / <createdAt>#<hash> |                                         |                                                  |
 * | request | REQUEST#<id>       | CHANGE#<changeId>#REQUEST / <receivedAt>#<id> | CUSTOMER#<cid>#REQUEST / <receivedAt>#<id> | pending-review: AGENDA#review#<n> / <receivedAt>#<id> |
 * | backup  | BACKUP#<id>        | SERVER#<sid>#BACKUP / <scheduledFor>#<id>| running + sent: COMMAND#<cmd>#BACKUP / <sid>#<id> | planned, failed: AGENDA#backup-due#<n>; running: AGENDA#backup-running#<n> / <scheduledFor>#<id> |
 * | audit   | AUDIT#<id>         | CUSTOMER#<cid>#AUDIT / <at>#<id>         | SUBJECT#<subjectId>#AUDIT / <at>#<id>   |                                                  |
 * | run     | RUN#<runKey>       |                                          |                                         |                                                  |
 * | alert   | ALERT#<id>         | ALERTS / <at>#<id>                       |                                         | pending, publishing: AGENDA#alert-outbox#<n> / <at>#<id> |
 * | mailevent | MAILEVENT#<attempt>#<type> | ATTEMPT#<attempt>#MAIL / <at>#<type> |                                  |                                                  |
 * Notices also sit in AGENDA#notice-outbox#<n> / <createdAt>#<id> while `pending` or `sending`
 * (DESIGN.md rule 7: the outbox).
 * `sk` is the entity name in capitals (one item per pk today; room for children later).
 *
 * Access patterns: get-by-id = GetItem on pk. customers = Query gsi1 `CUSTOMERS`. servers by
 * customer / platform, releases by platform (or all), changes by server / customer, notices by
 * customer, requests by change / customer, backups by server (sk BETWEEN from..to), audit by
 * customer and period (sk BETWEEN) and by subject = Query on gsi1/gsi2. Due work = Query the sparse
 * agenda index on every shard with `agendaSk < '<upTo>$'` ('$' sorts right after the '#' separator,
 * so the bound includes every id due exactly at `upTo`); the key exists only while the item is in
 * an actionable state, so the index holds only pending work and a late or skipped run catches up
 * everything due up to its own time (C11.2). Agenda partitions are sharded by a hash of the id
 * (AGENDA_SHARDS) so a fleet-wide urgent release (C5.1) does not write one hot partition. Pending
 * CS reviews = agenda `review` shards. Run ledger = conditional Put on `RUN#<runKey>` (C11.2).
 *
 * Listing index (gsi3, issue 16: the API's list pages read one key range per page, whatever the
 * size of the customer): `listingKeys` in entity-keys.ts adds, beside the keys above,
 * | server  | SERVERS / <customerId>#<id>                          (every server, customer by customer)
 * | change  | CUSTOMER#<cid>#CHANGE#upcoming or #past / <applyAt>#<id>  (upcoming = planned, notified, postponed)
 * | backup  | CUSTOMER#<cid>#BACKUP / <scheduledFor>#<id>           (a customer's backups in a period)
 * | request | pending-review only: REVIEWS / <receivedAt>#<id>      (the CS review queue)
 * Pages: Query with Limit = page size + 1 from an opaque cursor (paged-reads.ts), so one page is
 * one request. A table created before this index has no gsi3 keys on items not written since: a
 * one-off rewrite of those items (same record, keys recomputed) fills it.
 *
 * Instants in keys are `toISOString()` (fixed width, UTC), so string order is time order.
 *
 * GSI reads are eventually consistent on AWS: a list may briefly return a record as it was just
 * before a write. That is safe because every state change is conditional on the version it read
 * (a stale read ends in ConflictError, never in double work); GetItem reads are strongly consistent.
 *
 * Limits: every Query paginates on LastEvaluatedKey. TransactWriteItems carries at most 100 items
 * (see change-store.ts for how updateChanges splits). No state change uses BatchWriteItem, because it
 * cannot carry conditions (C10.1); batch-write.ts (chunks of 25) exists for bulk fixture loading.
 * A Change keeps at most HISTORY_CAP transitions in its item (oldest dropped); the complete record of
 * every transition is the append-only audit log (C10.1), which the caller writes with each update.
 * Every item is checked against MAX_ITEM_BYTES (DynamoDB's hard limit is 400 KB).
 */
import { createHash } from 'node:crypto';

export const AGENDA_SHARDS = 4;
export const HISTORY_CAP = 100;
export const MAX_ITEM_BYTES = 350_000;

export type AgendaKind =
  | 'notice'
  | 'apply'
  | 'applying'
  | 'review'
  | 'backup-due'
  | 'backup-running'
  | 'notice-outbox'
  | 'alert-outbox';

export type EntityName =
  | 'customer'
  | 'server'
  | 'release'
  | 'change'
  | 'notice'
  | 'token'
  | 'feed'
  | 'request'
  | 'backup'
  | 'audit'
  | 'run'
  | 'alert'
  | 'mailevent';

export type IndexKeys = {
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  agendaPk?: string;
  agendaSk?: string;
  gsi3pk?: string;
  gsi3sk?: string;
};

export const primaryKey = (entity: EntityName, id: string) => ({
  pk: `${entity.toUpperCase()}#${id}`,
  sk: entity.toUpperCase(),
});

/** A sort key that orders by time, then id. */
export const timedSk = (iso: string, id: string): string => `${iso}#${id}`;

/** Exclusive upper bound of every timedSk at or before `iso`. */
export const upToBound = (iso: string): string => `${iso}$`;

export function agendaShard(id: string): number {
  return (createHash('sha256').update(id).digest()[0] ?? 0) % AGENDA_SHARDS;
}

export const agendaPartition = (kind: AgendaKind, shard: number): string => `AGENDA#${kind}#${shard}`;

export const agendaKeys = (kind: AgendaKind, iso: string, id: string) => ({
  agendaPk: agendaPartition(kind, agendaShard(id)),
  agendaSk: timedSk(iso, id),
});
