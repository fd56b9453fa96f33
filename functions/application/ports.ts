/**
 * Ports (STYLE.md habit 3): what the use cases need from the outside world. The DynamoDB, SES,
 * SSM and SNS adapters implement them; the local runtime wires the same adapters to local
 * endpoints. Use cases depend on these interfaces only.
 *
 * Conventions for every store port:
 * - Reads return records parsed with the domain's zod schemas, never raw attribute maps.
 * - Every state change is a conditional write (optimistic `version`, or a state precondition) in
 *   one transaction with its audit events (C10.1). A lost race throws ConflictError.
 * - Creation is idempotent on the record's deterministic id: writing the same record twice is a
 *   no-op reported as `existing`; writing a different record under the same id is a ConflictError.
 */
import type { Instant } from '../domain/calendar.ts';
import type {
  AuditEvent,
  BackupRun,
  Change,
  Customer,
  Notice,
  PostponementDecision,
  PostponementRequest,
  Release,
  Server,
  ServerStatus,
} from '../domain/records.ts';
import type { PagedReads } from './paged-reads.ts';

export interface Clock {
  now(): Instant;
}

export type CreateResult = 'created' | 'existing';

export interface DirectoryStore {
  /** Create or replace; saving identical data is a no-op (no second audit event). */
  saveCustomer(customer: Customer, audit: AuditEvent): Promise<void>;
  getCustomer(id: string): Promise<Customer | undefined>;
  /** The customers among `ids` by id, read in batches (BatchGetItem); unknown ids are absent. */
  getCustomers(ids: readonly string[]): Promise<Map<string, Customer>>;
  listCustomers(): Promise<Customer[]>;
  /** Create or replace; cannot change `status` (ConflictError): only setServerStatus does (C6.3). */
  saveServer(server: Server, audit: AuditEvent): Promise<void>;
  getServer(id: string): Promise<Server | undefined>;
  /** The registered servers among `ids` by id, read in batches (BatchGetItem); unknown ids are absent. */
  getServers(ids: readonly string[]): Promise<Map<string, Server>>;
  listServersByCustomer(customerId: string): Promise<Server[]>;
  listServersByPlatform(platform: string): Promise<Server[]>;
  /** C6.3: `needs-attention` stops all automatic work on the server. */
  setServerStatus(serverId: string, status: ServerStatus, audit: AuditEvent): Promise<void>;
}

export interface ReleaseStore {
  addRelease(release: Release, audit: AuditEvent): Promise<CreateResult>;
  getRelease(id: string): Promise<Release | undefined>;
  listReleases(platform?: string): Promise<Release[]>;
}

/**
 * A guarded update: `next` is written only if the stored version is still `expectedVersion`. The
 * store writes it with `version: expectedVersion + 1` (whatever `next.version` says) and returns
 * the records as stored. Replaying an update that already committed is a success.
 */
export type ChangeUpdate = { next: Change; expectedVersion: number };

export interface ChangeStore {
  createChange(change: Change, audit: AuditEvent): Promise<CreateResult>;
  getChange(id: string): Promise<Change | undefined>;
  /** The changes among `ids` that exist, in the order of `ids`. */
  getChanges(ids: string[]): Promise<Change[]>;
  listChangesByServer(serverId: string): Promise<Change[]>;
  listChangesByCustomer(customerId: string): Promise<Change[]>;
  /**
   * C3.2 / C5.2: `planned` changes whose notice run is at or before `upTo` (catch-up, C11.2).
   * With `customerIds` (here and below), only those customers' records are kept, as the agenda is
   * read: a fan-out worker holds its own share, not the fleet's.
   */
  listChangesToNotify(upTo: Instant, customerIds?: readonly string[]): Promise<Change[]>;
  /** C3.1 / C5.2: `notified` or `postponed` changes whose apply time is at or before `upTo`. */
  listChangesToApply(upTo: Instant, customerIds?: readonly string[]): Promise<Change[]>;
  /** Changes sent to a server and waiting for a result (for the reconciler). */
  listChangesApplying(customerIds?: readonly string[]): Promise<Change[]>;
  /**
   * How many changes of each customer sit in an agenda (due a notice or an application by `upTo`,
   * or applying), counted without holding them: what a fan-out coordinator weighs.
   */
  countChangesByCustomer(
    agenda: 'notice' | 'apply' | 'applying',
    upTo?: Instant,
  ): Promise<Map<string, number>>;
  /**
   * Every update conditional on its version, in one transaction with the audit events when they
   * fit (at most 100 items); larger batches split per change (see change-store.ts) and a lost race
   * throws one ConflictError naming the changes not written. Returns the stored records.
   */
  updateChanges(updates: ChangeUpdate[], audit: AuditEvent[]): Promise<Change[]>;
}

export interface NoticeStore {
  /** Deterministic id (customer × window × kind, C3.4), so a second run finds the first notice. */
  createNotice(notice: Notice, audit: AuditEvent): Promise<CreateResult>;
  getNotice(id: string): Promise<Notice | undefined>;
  listNoticesByCustomer(customerId: string): Promise<Notice[]>;
  /** As ChangeUpdate: stored with `version: expectedVersion + 1`, returned as stored. */
  updateNotice(next: Notice, expectedVersion: number, audit: AuditEvent): Promise<Notice>;
}

/** C12.2: reply tokens are stored hashed, single use, with expiry. */
export interface ReplyTokenStore {
  /** Idempotent on the same token; a different token under the same hash is a ConflictError. */
  issue(token: { hash: string; noticeId: string; customerId: string; expiresAt: Instant }): Promise<void>;
  /**
   * Consumes the token at `at` with a conditional write (valid while `at` < `expiresAt`). Returns its notice and customer, or
   * throws PolicyRefusal('C12.2', …) when unknown, already used or expired.
   */
  consume(hash: string, at: Instant): Promise<{ noticeId: string; customerId: string }>;
  /**
   * Whose token this is, without using it (undefined when unknown), so that a reply from someone
   * who is not that customer's contact (a forwarded notice) never burns the contact's token.
   */
  owner(hash: string): Promise<{ noticeId: string; customerId: string } | undefined>;
}

export interface RequestStore {
  saveRequest(request: PostponementRequest, audit: AuditEvent): Promise<CreateResult>;
  getRequest(id: string): Promise<PostponementRequest | undefined>;
  listRequestsByChange(changeId: string): Promise<PostponementRequest[]>;
  listRequestsByCustomer(customerId: string): Promise<PostponementRequest[]>;
  listPendingReviews(): Promise<PostponementRequest[]>;
  /**
   * Records the decision, conditional on the request having none yet (or pending-review). The same
   * decision again is a no-op; a different one on a decided request is a ConflictError.
   */
  decide(requestId: string, decision: PostponementDecision, audit: AuditEvent): Promise<void>;
}

export interface BackupStore {
  createBackup(run: BackupRun, audit: AuditEvent): Promise<CreateResult>;
  /**
   * Creates those of `runs` that do not exist yet, each with its audit event, in as few
   * transactions as fit; returns how many it created. The same record again is no creation; a
   * different record under an existing id is a ConflictError.
   */
  createBackups(runs: readonly { run: BackupRun; audit: AuditEvent }[]): Promise<number>;
  getBackup(id: string): Promise<BackupRun | undefined>;
  /** Runs with `from` ≤ scheduledFor ≤ `to` (either bound optional), oldest first. */
  listBackupsByServer(serverId: string, from?: Instant, to?: Instant): Promise<BackupRun[]>;
  /** `planned` or `failed` (retry, C9.4) backups scheduled at or before `upTo`. */
  listBackupsDue(upTo: Instant, customerIds?: readonly string[]): Promise<BackupRun[]>;
  listBackupsRunning(customerIds?: readonly string[]): Promise<BackupRun[]>;
  /** The running backups one command was sent for on one server (a bounded read, whatever its history). */
  listRunningBackupsOfCommand(commandId: string, serverId: string): Promise<BackupRun[]>;
  /** As ChangeUpdate: stored with `version: expectedVersion + 1`, returned as stored. */
  updateBackup(next: BackupRun, expectedVersion: number, audit: AuditEvent): Promise<BackupRun>;
  /**
   * Several guarded updates, each with its audit event, in as few transactions as fit (a backup
   * and its event always in the same one). Every transaction is attempted; when some lose a race,
   * the others stay written and one ConflictError names the backups that were not.
   */
  updateBackups(updates: readonly BackupUpdate[]): Promise<BackupRun[]>;
}

export type BackupUpdate = { next: BackupRun; expectedVersion: number; audit: AuditEvent };

export interface AuditLog {
  /** Append-only: never updated or deleted (C10.1). */
  append(events: AuditEvent[]): Promise<void>;
  /** Events with `from` ≤ at ≤ `to`, oldest first (C10.2). */
  listByCustomer(customerId: string, from: Instant, to: Instant): Promise<AuditEvent[]>;
  listBySubject(subjectId: string): Promise<AuditEvent[]>;
}

/** C11.2: a run delivered twice does its work once. Keyed by the schedule's own scheduled time. */
export interface RunLedger {
  /**
   * True for the first claim of `runKey`, and for a claim that was released or went stale (held
   * longer than RUN_LEASE_MINUTES without completing: its run died); false while another delivery
   * holds it or once it completed.
   */
  claim(runKey: string, at: Instant): Promise<boolean>;
  /** Gives an uncompleted claim back after a failed run, so the retry of that delivery runs (C11.2). */
  release(runKey: string): Promise<void>;
  /** Records the summary once; completing a completed run is a no-op. */
  complete(runKey: string, at: Instant, summary: Record<string, unknown>): Promise<void>;
  get(runKey: string): Promise<RunRecord | undefined>;
}

export type RunRecord = {
  runKey: string;
  claimedAt: string;
  completedAt?: string;
  summary?: Record<string, unknown>;
};

export interface Store {
  directory: DirectoryStore;
  releases: ReleaseStore;
  changes: ChangeStore;
  notices: NoticeStore;
  tokens: ReplyTokenStore;
  requests: RequestStore;
  backups: BackupStore;
  audit: AuditLog;
  runs: RunLedger;
  /** Read side: the lists the API serves, a page at a time (paged-reads.ts). */
  pages: PagedReads;
}

/** A complete MIME message, built by the notice composer. */
export type OutgoingMail = { from: string; to: string[]; raw: Uint8Array };

export interface Mailer {
  /**
   * Sends one raw MIME message. Retries throttling with backoff; throws MailRejectedError on a
   * permanent rejection.
   */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export type FleetCommand = {
  document: 'PatchServer' | 'BackupImage';
  instanceIds: string[]; // at most 50 per command
  parameters: Record<string, string[]>;
  comment: string; // carries the run id
  maxConcurrency: string;
  maxErrors: string;
  timeoutSeconds?: number;
};

export type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'Cancelling'
  | 'TimedOut'
  | 'Failed'
  | 'Undeliverable'
  | 'DeliveryTimedOut'
  | 'Terminated'
  | 'InvalidPlatform'
  | 'AccessDenied';

export type Invocation = {
  commandId: string;
  instanceId: string;
  status: InvocationStatus;
  /** The document's exit code: which step failed (see the PatchServer document). */
  responseCode?: number;
  comment?: string;
  /** The start of the script's output (BackupImage: one result line per image, C9.3). */
  output?: string;
};

export interface Fleet {
  sendCommand(command: FleetCommand): Promise<{ commandId: string }>;
  /** The command's invocations; with `instanceId`, only that server's (one small page, not 50). */
  listInvocations(commandId: string, instanceId?: string): Promise<Invocation[]>;
}

export type Alert = { reason: string; clause?: string; subjectId?: string; customerId?: string };

/** The CS team's alert channel (SNS). */
export interface Alerter {
  raise(alert: Alert): Promise<void>;
}

/** The scheduled runs that fan out at scale (bench/DESIGN.md): each has its own shard queue. */
export const SHARDED_RUNS = ['notice', 'apply', 'backup-full', 'backup-incremental'] as const;
export type ShardedRun = (typeof SHARDED_RUNS)[number];

/**
 * One shard of a fanned-out run: the run, its zone and own scheduled time (C11.1, C11.2), and the
 * whole customers the worker serves (C3.4). `index` of `count` names it in the run ledger.
 */
export type RunShard = {
  run: ShardedRun;
  timeZone: string;
  scheduledTime: string;
  index: number;
  count: number;
  customerIds: string[];
};

/** The shard queue of one run (SQS): at-least-once; every worker run is idempotent (C11.2). */
export interface WorkQueue {
  send(shards: readonly RunShard[]): Promise<void>;
}
