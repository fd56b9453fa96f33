/**
 * C10.2: the records a compliance report judges, for one customer and period, the shape of one
 * clause's verdict, and the indexes the checks read them through. Pure: the application loads the
 * records (channels/compliance-facts.ts); everything here is a function of them.
 *
 * Every check reads the facts through `indexOf(facts)`, built once per facts object: looking a
 * change, a notice or a backup up is a map read, so a report is linear in the records of the
 * period (issue 15: scans inside loops made it quadratic).
 */
import { type Instant, isAfter, isBefore, toInstant } from './calendar.ts';
import type { ContractConfig } from './config.ts';
import type {
  AuditEvent,
  BackupRun,
  Change,
  ChangeTransition,
  Customer,
  Notice,
  PostponementRequest,
  Release,
  Server,
} from './records.ts';

export type Facts = {
  customer: Customer;
  servers: Server[];
  releases: Map<string, Release>;
  /** The latest release of each platform validated before the end of the period (C2.1). */
  latestByPlatform: Map<string, Release>;
  changes: Change[];
  notices: Notice[];
  requests: PostponementRequest[];
  backups: BackupRun[];
  audit: AuditEvent[];
  from: Instant;
  to: Instant;
  /** When the report is made: deadlines not yet reached are not breaches. */
  now: Instant;
  cfg: ContractConfig;
};

export type Breach = { subjectId: string; explanation: string };
export type EvidenceRef = { id: string; type: string; at: string; subjectId: string };
export type ClauseStatus = 'held' | 'not-held' | 'no-evidence';
export type ClauseVerdict = {
  clause: string;
  title: string;
  status: ClauseStatus;
  summary: string;
  breaches: Breach[];
  evidence: EvidenceRef[];
};

export const inPeriod = (iso: string | undefined, f: Pick<Facts, 'from' | 'to'>): boolean =>
  iso !== undefined && !isBefore(toInstant(iso), f.from) && !isAfter(toInstant(iso), f.to);

/** Transitions of a change into `to` that happened within the period. */
export const transitionsInPeriod = (
  change: Change,
  to: ChangeTransition['to'],
  f: Facts,
): ChangeTransition[] => change.history.filter((t) => t.to === to && inPeriod(t.at, f));

/** The last instant obligations are judged at: the end of the period, or now if that is earlier. */
export const horizonOf = (f: Pick<Facts, 'to' | 'now'>): Instant => (isBefore(f.now, f.to) ? f.now : f.to);

/** One attempt of a backup: from its `backup.started` record to its outcome's. */
export type BackupAttempt = { backup: BackupRun; start: string; end: string; ok: boolean };

export type FactIndex = {
  changeById: Map<string, Change>;
  changesByServer: Map<string, Change[]>;
  /** Sent notices listing a change, by change id. */
  sentNoticesByChange: Map<string, Notice[]>;
  requestsByChange: Map<string, PostponementRequest[]>;
  serverById: Map<string, Server>;
  backupsByServerImage: Map<string, BackupRun[]>;
  /** When each server's rollback first failed (C6.3: automatic work on it stops there). */
  haltedAt: Map<string, string>;
  /** When each server was registered, if that happened in the period (`server.added`). */
  registeredAt: Map<string, string>;
  /** Every attempt of every backup of the period, in time order. */
  backupAttempts: BackupAttempt[];
  /** The first `backup.started` of each backup. */
  firstStartOf: Map<string, string>;
  /** `change.postponed` records by the request that moved the change. */
  postponedByRequest: Map<string, AuditEvent>;
};

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

const INDEXES = new WeakMap<Facts, FactIndex>();

/** The indexes of `f`, built on first use (one pass over each kind of record). */
export function indexOf(f: Facts): FactIndex {
  const known = INDEXES.get(f);
  if (known) return known;
  const changeById = new Map(f.changes.map((c) => [c.id, c]));
  const changesByServer = new Map<string, Change[]>();
  const haltedAt = new Map<string, string>();
  for (const c of f.changes) {
    push(changesByServer, c.serverId, c);
    for (const t of c.history) {
      const since = haltedAt.get(c.serverId);
      if (t.to === 'rollback-failed' && (!since || t.at < since)) haltedAt.set(c.serverId, t.at);
    }
  }
  const sentNoticesByChange = new Map<string, Notice[]>();
  for (const n of f.notices)
    if (n.status === 'sent' && n.sentAt) for (const l of n.changes) push(sentNoticesByChange, l.changeId, n);
  const requestsByChange = new Map<string, PostponementRequest[]>();
  for (const r of f.requests) push(requestsByChange, r.changeId, r);
  const backupsByServerImage = new Map<string, BackupRun[]>();
  for (const b of f.backups) push(backupsByServerImage, `${b.serverId}/${b.image}`, b);
  const backupById = new Map(f.backups.map((b) => [b.id, b]));
  const registeredAt = new Map<string, string>();
  const firstStartOf = new Map<string, string>();
  const postponedByRequest = new Map<string, AuditEvent>();
  const backupAttempts: BackupAttempt[] = [];
  const open = new Map<string, string>();
  const audit = [...f.audit].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const e of audit) {
    if (e.type === 'server.added' && !registeredAt.has(e.subjectId)) registeredAt.set(e.subjectId, e.at);
    else if (e.type === 'change.postponed' && typeof e.data.requestId === 'string')
      postponedByRequest.set(e.data.requestId, e);
    else if (e.type === 'backup.started') {
      open.set(e.subjectId, e.at);
      if (!firstStartOf.has(e.subjectId)) firstStartOf.set(e.subjectId, e.at);
    } else if (e.type === 'backup.succeeded' || e.type === 'backup.failed') {
      const backup = backupById.get(e.subjectId);
      const start = open.get(e.subjectId);
      open.delete(e.subjectId);
      if (backup && start)
        backupAttempts.push({ backup, start, end: e.at, ok: e.type === 'backup.succeeded' });
    }
  }
  const index: FactIndex = {
    changeById,
    changesByServer,
    sentNoticesByChange,
    requestsByChange,
    serverById: new Map(f.servers.map((s) => [s.id, s])),
    backupsByServerImage,
    haltedAt,
    registeredAt,
    backupAttempts,
    firstStartOf,
    postponedByRequest,
  };
  INDEXES.set(f, index);
  return index;
}

export const sentNoticesFor = (changeId: string, f: Facts, kinds: Notice['kind'][]): Notice[] =>
  (indexOf(f).sentNoticesByChange.get(changeId) ?? []).filter((n) => kinds.includes(n.kind));

/** The audit events of the period whose type starts with one of `prefixes` or that cite `clause`. */
export function evidenceFor(f: Facts, clause: string, prefixes: string[]): EvidenceRef[] {
  return f.audit
    .filter((e) => e.clause?.startsWith(clause) || prefixes.some((p) => e.type.startsWith(p)))
    .map((e) => ({ id: e.id, type: e.type, at: e.at, subjectId: e.subjectId }));
}

/** A verdict from its breaches and whether anything in the period could show the clause at work. */
export function verdict(
  clause: string,
  title: string,
  breaches: Breach[],
  checked: number,
  evidence: EvidenceRef[],
  what: string,
): ClauseVerdict {
  const status: ClauseStatus = breaches.length
    ? 'not-held'
    : checked > 0 || evidence.length
      ? 'held'
      : 'no-evidence';
  const summary =
    status === 'not-held'
      ? `${breaches.length} breach${breaches.length === 1 ? '' : 'es'} among ${checked} ${what} checked`
      : status === 'held'
        ? `${checked} ${what} checked, none in breach`
        : `no ${what} in the period`;
  return { clause, title, status, summary, breaches, evidence };
}
