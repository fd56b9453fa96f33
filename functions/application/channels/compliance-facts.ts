/**
 * C10.2: the records a compliance report judges, loaded once for one customer and period, and the
 * shape of one clause's verdict.
 */
import { type Instant, isAfter, isBefore, toInstant } from '../../domain/calendar.ts';
import type { ContractConfig } from '../../domain/config.ts';
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
} from '../../domain/records.ts';
import type { BaseDeps } from '../shared/deps.ts';

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

export const sentNoticesFor = (changeId: string, f: Facts, kinds: Notice['kind'][]): Notice[] =>
  f.notices.filter(
    (n) =>
      n.status === 'sent' &&
      n.sentAt &&
      kinds.includes(n.kind) &&
      n.changes.some((l) => l.changeId === changeId),
  );

export async function loadFacts(
  deps: BaseDeps,
  customer: Customer,
  from: Instant,
  to: Instant,
): Promise<Facts> {
  const { store } = deps;
  const [servers, changes, notices, requests, audit] = await Promise.all([
    store.directory.listServersByCustomer(customer.id),
    store.changes.listChangesByCustomer(customer.id),
    store.notices.listNoticesByCustomer(customer.id),
    store.requests.listRequestsByCustomer(customer.id),
    store.audit.listByCustomer(customer.id, from, to),
  ]);
  const backups = (
    await Promise.all(servers.map((s) => store.backups.listBackupsByServer(s.id, from, to)))
  ).flat();
  const releases = new Map<string, Release>();
  const latestByPlatform = new Map<string, Release>();
  for (const platform of new Set(servers.map((s) => s.platform))) {
    for (const r of await store.releases.listReleases(platform)) {
      releases.set(r.id, r);
      if (isAfter(toInstant(r.validatedAt), to)) continue;
      const best = latestByPlatform.get(platform);
      if (!best || best.validatedAt < r.validatedAt) latestByPlatform.set(platform, r);
    }
  }
  for (const c of changes) {
    if (!releases.has(c.releaseId)) {
      const r = await store.releases.getRelease(c.releaseId);
      if (r) releases.set(r.id, r);
    }
  }
  return {
    customer,
    servers,
    releases,
    latestByPlatform,
    changes,
    notices,
    requests,
    backups,
    audit,
    from,
    to,
    now: deps.clock.now(),
    cfg: deps.cfg,
  };
}

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
