/** The index keys of each record (table-design.ts): which GSI partitions and agendas it sits in. */
import type { MailEventRecord } from '../../application/ports.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import type {
  AlertRecord,
  AuditEvent,
  BackupRun,
  Change,
  Customer,
  Notice,
  PostponementRequest,
  Release,
  Server,
} from '../../domain/records.ts';
import { agendaKeys, type IndexKeys, timedSk } from './table-design.ts';

export const CUSTOMERS_PARTITION = 'CUSTOMERS';
export const RELEASES_PARTITION = 'RELEASES';

/**
 * The listing index (gsi3, table-design.ts): the partitions the API's list pages read, one key
 * range per page. Read side only; each record's key function below spreads its listing keys in.
 */
export const LISTING = {
  servers: 'SERVERS',
  reviews: 'REVIEWS',
  changes: (customerId: string, upcoming: boolean) =>
    `CUSTOMER#${customerId}#CHANGE#${upcoming ? 'upcoming' : 'past'}`,
  backups: (customerId: string) => `CUSTOMER#${customerId}#BACKUP`,
} as const;

const serverListing = (s: Server): IndexKeys => ({
  gsi3pk: LISTING.servers,
  gsi3sk: `${s.customerId}#${s.id}`,
});
const changeListing = (c: Change): IndexKeys => ({
  gsi3pk: LISTING.changes(c.customerId, PENDING_STATES.includes(c.state)),
  gsi3sk: timedSk(c.applyAt, c.id),
});
const backupListing = (b: BackupRun): IndexKeys => ({
  gsi3pk: LISTING.backups(b.customerId),
  gsi3sk: timedSk(b.scheduledFor, b.id),
});
/** C4.4: only requests waiting for the CS team are in the review queue. */
const requestListing = (r: PostponementRequest): IndexKeys =>
  r.decision?.outcome === 'pending-review'
    ? { gsi3pk: LISTING.reviews, gsi3sk: timedSk(r.receivedAt, r.id) }
    : {};

export const customerKeys = (c: Customer): IndexKeys => ({ gsi1pk: CUSTOMERS_PARTITION, gsi1sk: c.id });

export const serverKeys = (s: Server): IndexKeys => ({
  gsi1pk: `CUSTOMER#${s.customerId}#SERVER`,
  gsi1sk: s.id,
  gsi2pk: `PLATFORM#${s.platform}#SERVER`,
  gsi2sk: s.id,
  ...serverListing(s),
});

export const releaseKeys = (r: Release): IndexKeys => ({
  gsi1pk: `PLATFORM#${r.platform}#RELEASE`,
  gsi1sk: timedSk(r.validatedAt, r.id),
  gsi2pk: RELEASES_PARTITION,
  gsi2sk: timedSk(r.validatedAt, r.id),
});

/** C11.2: the agenda key exists only while the change waits for a run. */
export function changeKeys(c: Change): IndexKeys {
  const keys: IndexKeys = {
    gsi1pk: `SERVER#${c.serverId}#CHANGE`,
    gsi1sk: timedSk(c.applyAt, c.id),
    gsi2pk: `CUSTOMER#${c.customerId}#CHANGE`,
    gsi2sk: timedSk(c.applyAt, c.id),
    ...changeListing(c),
  };
  switch (c.state) {
    case 'planned':
      return { ...keys, ...agendaKeys('notice', c.noticeAt, c.id) };
    case 'notified':
    case 'postponed':
      return { ...keys, ...agendaKeys('apply', c.applyAt, c.id) };
    case 'applying':
      return { ...keys, ...agendaKeys('applying', c.applyAt, c.id) };
    default:
      return keys;
  }
}

/** DESIGN.md rule 7: a notice sits in the outbox while it is to be sent or maybe sent. */
export function noticeKeys(n: Notice): IndexKeys {
  const keys: IndexKeys = { gsi1pk: `CUSTOMER#${n.customerId}#NOTICE`, gsi1sk: timedSk(n.sendBy, n.id) };
  return n.status === 'pending' || n.status === 'sending'
    ? { ...keys, ...agendaKeys('notice-outbox', n.createdAt ?? n.sendBy, n.id) }
    : keys;
}

export const ALERTS_PARTITION = 'ALERTS';

/** Every alert by time (the console); unpublished ones in the alert outbox (DESIGN.md rule 4). */
export function alertKeys(a: AlertRecord): IndexKeys {
  const keys: IndexKeys = { gsi1pk: ALERTS_PARTITION, gsi1sk: timedSk(a.at, a.id) };
  return a.status === 'published' ? keys : { ...keys, ...agendaKeys('alert-outbox', a.at, a.id) };
}

export const mailEventId = (e: Pick<MailEventRecord, 'attemptId' | 'type'>): string =>
  `${e.attemptId}#${e.type}`;

export const mailEventKeys = (e: MailEventRecord): IndexKeys => ({
  gsi1pk: `ATTEMPT#${e.attemptId}#MAIL`,
  gsi1sk: timedSk(e.at, e.type),
});

export function requestKeys(r: PostponementRequest): IndexKeys {
  const keys: IndexKeys = {
    gsi1pk: `CHANGE#${r.changeId}#REQUEST`,
    gsi1sk: timedSk(r.receivedAt, r.id),
    gsi2pk: `CUSTOMER#${r.customerId}#REQUEST`,
    gsi2sk: timedSk(r.receivedAt, r.id),
    ...requestListing(r),
  };
  // C4.4: only requests waiting for the CS team sit in the review agenda.
  return r.decision?.outcome === 'pending-review'
    ? { ...keys, ...agendaKeys('review', r.receivedAt, r.id) }
    : keys;
}

export function backupKeys(b: BackupRun): IndexKeys {
  const keys: IndexKeys = {
    gsi1pk: `SERVER#${b.serverId}#BACKUP`,
    gsi1sk: timedSk(b.scheduledFor, b.id),
    ...backupListing(b),
  };
  if (b.state === 'planned' || b.state === 'failed') {
    return { ...keys, ...agendaKeys('backup-due', b.scheduledFor, b.id) }; // C9.4: failed ones are retried
  }
  if (b.state === 'running') {
    // While it runs, its command finds it directly (the result handler; the server's history grows).
    const byCommand = b.commandId
      ? { gsi2pk: `COMMAND#${b.commandId}#BACKUP`, gsi2sk: `${b.serverId}#${b.id}` }
      : {};
    return { ...keys, ...byCommand, ...agendaKeys('backup-running', b.scheduledFor, b.id) };
  }
  return keys;
}

export function auditKeys(e: AuditEvent): IndexKeys {
  const bySubject = { gsi2pk: `SUBJECT#${e.subjectId}#AUDIT`, gsi2sk: timedSk(e.at, e.id) };
  return e.customerId
    ? { gsi1pk: `CUSTOMER#${e.customerId}#AUDIT`, gsi1sk: timedSk(e.at, e.id), ...bySubject }
    : bySubject;
}
