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
import type { Holder } from '../domain/claims.ts';
import type {
  AlertRecord,
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
import type { FleetCommand, InvocationStatus } from '../fleet/commands.ts';
import type { OutgoingMail } from '../mail/outgoing-mail.ts';
import type { PagedReads } from './paged-reads.ts';

// Owned by the fleet and mail modules (the arrows point down); the ports use them.
export type { FleetCommand, InvocationStatus, OutgoingMail };

export interface Clock {
  now(): Instant;
}

export type { Holder };

/** A reply token as stored (C12.2): its hash only, single use, with expiry. */
export type ReplyTokenRecord = { hash: string; noticeId: string; customerId: string; expiresAt: Instant };

/**
 * A customer's calendar feed secret as stored (C12.1): the sha256 hex of the secret the feed URL
 * carries, never the secret itself; removing the record revokes the feed.
 */
export type FeedTokenRecord = { hash: string; customerId: string; createdAt: string; createdBy: string };

/**
 * One item of a transition (DESIGN.md rule 1). `Store.commit` writes a list of them in ONE
 * transaction: all or nothing.
 * - `create`: a new record under its deterministic id; the same record again is a replay.
 * - `update`: a versioned record (change, notice, backup, alert), conditional on `expectedVersion`;
 *   stored with `version: expectedVersion + 1`.
 * - `replace`: an unversioned record (server, request), conditional on its content being `seen`.
 * - `revoke`: a reply token no longer valid (its attempt was lost, C12.2), or a calendar feed
 *   secret its customer revoked or replaced.
 * - `audit`: an append-only event (C10.1).
 */
export type Write =
  | { create: 'change'; record: Change }
  | { create: 'notice'; record: Notice }
  | { create: 'backup'; record: BackupRun }
  | { create: 'alert'; record: AlertRecord }
  | { create: 'request'; record: PostponementRequest }
  | { create: 'release'; record: Release }
  | { create: 'token'; record: ReplyTokenRecord }
  | { create: 'feed'; record: FeedTokenRecord }
  | { update: 'change'; record: Change; expectedVersion: number }
  | { update: 'notice'; record: Notice; expectedVersion: number }
  | { update: 'backup'; record: BackupRun; expectedVersion: number }
  | { update: 'alert'; record: AlertRecord; expectedVersion: number }
  | { replace: 'server'; record: Server; seen: Server }
  | { replace: 'request'; record: PostponementRequest; seen: PostponementRequest }
  | { revoke: 'token'; hash: string }
  | { revoke: 'feed'; hash: string }
  | { audit: AuditEvent };

/**
 * `written`: the transaction committed now. `replayed`: every record of it was already exactly as
 * it would leave them (an earlier delivery committed it). A lost race throws ConflictError; more
 * than 100 items throw ValidationError (split the transition).
 */
export type CommitOutcome = 'written' | 'replayed';

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
  /** DESIGN.md rule 7: notices `pending` or `sending` (the outbox), oldest first. */
  listOutbox(customerIds?: readonly string[]): Promise<Notice[]>;
  /** As ChangeUpdate: stored with `version: expectedVersion + 1`, returned as stored. */
  updateNotice(next: Notice, expectedVersion: number, audit: AuditEvent): Promise<Notice>;
}

/** C12.2: reply tokens are stored hashed, single use, with expiry. */
export interface ReplyTokenStore {
  /** Idempotent on the same token; a different token under the same hash is a ConflictError. */
  issue(token: { hash: string; noticeId: string; customerId: string; expiresAt: Instant }): Promise<void>;
  /**
   * Consumes the token at `at` for the message `by` with a conditional write (valid while `at` <
   * `expiresAt`). Returns its notice and customer, or throws PolicyRefusal('C12.2', …) when unknown,
   * expired, or already used by another message (the same message again is a replay: DESIGN.md rule 3).
   */
  consume(hash: string, at: Instant, by: string): Promise<{ noticeId: string; customerId: string }>;
  /**
   * Whose token this is, without using it (undefined when unknown), so that a reply from someone
   * who is not that customer's contact (a forwarded notice) never burns the contact's token.
   */
  owner(hash: string): Promise<{ noticeId: string; customerId: string } | undefined>;
}

/** The customers' calendar feed secrets, by hash (written through `Store.commit`). */
export interface FeedTokenStore {
  get(hash: string): Promise<FeedTokenRecord | undefined>;
  listByCustomer(customerId: string): Promise<FeedTokenRecord[]>;
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
   * transactions as fit; returns how many it created. A slot that exists already is no creation,
   * whatever the run computed for it this time (the first writer wins: C9.4 C11.2).
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
   * True for the first claim of `runKey`, for a claim that was released, and for an uncompleted
   * claim that `holder` may take over (DESIGN.md rule 5: its own earlier attempt, or a claim whose
   * deadline has passed); false while another invocation holds it, or once it completed.
   */
  claim(runKey: string, holder: Holder, at: Instant): Promise<boolean>;
  /** Gives an uncompleted claim back after a failed run, so the retry of that delivery runs (C11.2). */
  release(runKey: string): Promise<void>;
  /** Records the summary once; completing a completed run is a no-op. */
  complete(runKey: string, at: Instant, summary: Record<string, unknown>): Promise<void>;
  get(runKey: string): Promise<RunRecord | undefined>;
}

export type RunRecord = {
  runKey: string;
  claimedAt: string;
  holder?: string;
  until?: string;
  completedAt?: string;
  summary?: Record<string, unknown>;
};

/** The CS team's alerts as recorded (DESIGN.md rule 4), for the outbox and the console. */
export interface AlertStore {
  getAlert(id: string): Promise<AlertRecord | undefined>;
  /** Alerts not yet published (pending, or publishing by an invocation that may have died). */
  listUnpublished(customerIds?: readonly string[]): Promise<AlertRecord[]>;
  /** Alerts raised in a period, newest last. */
  listAlerts(from: Instant, to: Instant): Promise<AlertRecord[]>;
}

/** What the mail service's sending events said of an attempt (recorded by the mail-events function). */
export type MailEventRecord = {
  attemptId: string;
  noticeId?: string | undefined;
  type: 'send' | 'reject' | 'bounce' | 'delivery' | 'complaint' | 'rendering-failure' | 'delivery-delay';
  messageId: string;
  at: string;
};

export interface MailEventStore {
  /** Idempotent on (attempt, type). */
  recordMailEvent(event: MailEventRecord): Promise<void>;
  listMailEvents(attemptId: string): Promise<MailEventRecord[]>;
}

/** The records and their transitions: what the runs use (a run function's bundle carries only this). */
export interface RecordStore {
  /** DESIGN.md rule 1: a transition's writes in one transaction. */
  commit(writes: readonly Write[]): Promise<CommitOutcome>;
  alerts: AlertStore;
  mailEvents: MailEventStore;
  directory: DirectoryStore;
  releases: ReleaseStore;
  changes: ChangeStore;
  notices: NoticeStore;
  tokens: ReplyTokenStore;
  feeds: FeedTokenStore;
  requests: RequestStore;
  backups: BackupStore;
  audit: AuditLog;
  runs: RunLedger;
}

/** The records, and the lists the channels serve. */
export interface Store extends RecordStore {
  /** Read side: the lists the API serves, a page at a time (paged-reads.ts). */
  pages: PagedReads;
}

/** The message tag that names a notice's sending attempt in the mail service's events. */
export const ATTEMPT_TAG = 'notice-attempt';
/** The message tag that names the notice (base64url of its id: tag values allow no ':'). */
export const NOTICE_TAG = 'notice-id';

export const noticeTagOf = (noticeId: string): string => Buffer.from(noticeId, 'utf8').toString('base64url');
export const noticeOfTag = (tag: string): string => Buffer.from(tag, 'base64url').toString('utf8');

/**
 * DESIGN.md rule 4: what became of a sending attempt whose invocation is gone, by the mail
 * service's own events. `sent`: accepted (never send it again); `rejected`: refused for good;
 * `lost`: provably never accepted (send a new attempt); `unknown`: its events may still arrive.
 */
export type AttemptOutcome = 'sent' | 'rejected' | 'lost' | 'unknown';

export interface MailTracker {
  outcome(
    attempt: { id: string; at: Instant },
    now: Instant,
  ): Promise<{ outcome: AttemptOutcome; messageId?: string | undefined }>;
}

export interface Mailer {
  /**
   * Sends one message (the adapter composes its MIME). Retries throttling with backoff; throws MailRejectedError on a
   * permanent rejection.
   */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

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

/** A server's SSM agent as SSM last saw it (DescribeInstanceInformation). */
export type AgentState = {
  /** PingStatus Online: a command sent now is delivered; otherwise it waits until its delivery timeout. */
  online: boolean;
  lastPingAt?: string;
};

/** What a command's status says of it as a whole (SSM ListCommands). */
export type CommandStatus =
  | 'Pending'
  | 'InProgress'
  | 'Success'
  | 'Cancelled'
  | 'Failed'
  | 'TimedOut'
  | 'Cancelling';

/** A command SSM holds for a server (ListCommands), to find one sent before a crash by its comment. */
export type SentCommand = {
  commandId: string;
  comment: string;
  instanceIds: string[];
  /** The document's name as SSM reports it (the deployed name). */
  document: string;
  parameters: Record<string, string[]>;
  /** ISO 8601 instant. */
  requestedAt: string;
  status: CommandStatus;
};

export type SentCommandQuery = {
  instanceId: string;
  /** The comment exactly, or its start (matched on this side: SSM has no comment filter). */
  comment?: string;
  commentPrefix?: string;
  document?: FleetCommand['document'];
  /** Only commands requested at or after this instant. */
  after?: Instant;
};

export interface Fleet {
  sendCommand(command: FleetCommand): Promise<{ commandId: string }>;
  /**
   * DESIGN.md rule 4: the commands sent to one instance, newest first, narrowed by their Comment (a
   * send's unique key; exactly, or by its start), document and time, so a send that may have
   * happened before a crash is found and adopted, never repeated.
   */
  findCommands(query: SentCommandQuery): Promise<SentCommand[]>;
  /** The command's invocations; with `instanceId`, only that server's (one small page, not 50). */
  listInvocations(commandId: string, instanceId?: string): Promise<Invocation[]>;
  /** The agents of these servers; a server SSM does not know is absent from the map. */
  describeInstances(instanceIds: readonly string[]): Promise<Map<string, AgentState>>;
}

/** `id`: the alert's record (DESIGN.md rule 4); a repeat of the same id is the same alert. */
export type Alert = { id?: string; reason: string; clause?: string; subjectId?: string; customerId?: string };

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
