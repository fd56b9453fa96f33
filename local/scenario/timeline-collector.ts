/**
 * Builds the timeline from the service's own records, never from what the simulator meant to do:
 * the store (changes with their transition history, notices, backups, and the audit log for
 * requests and decisions), the local SES store (what was actually sent) and the alert channel.
 */
import type { Store } from '../../functions/application/ports.ts';
import type { AuditEvent, BackupRun, Change, Notice } from '../../functions/domain/records.ts';
import type { RaisedAlert } from '../recording-alerter.ts';
import type { StoredEmail } from '../services/ses-local.ts';
import { type ApplyOutcome, sortTimeline, type TimelineEvent } from './timeline.ts';

const FINISHED: ReadonlySet<string> = new Set(['succeeded', 'failed-rolled-back', 'rollback-failed']);
/** C7.1: how a notice says that applying may cause loss of service. */
const LOSS_OF_SERVICE =
  /loss of service|service (?:will|may) be (?:partially |completely )?(?:unavailable|interrupted)/i;

export function changeEvents(change: Change): TimelineEvent[] {
  const base = {
    changeId: change.id,
    serverId: change.serverId,
    releaseId: change.releaseId,
    class: change.class,
    customerId: change.customerId,
  };
  const events: TimelineEvent[] = [];
  for (const t of change.history) {
    if (t.to === 'applying') events.push({ at: t.at, type: 'apply.started', ...base, source: 'audit' });
    else if (FINISHED.has(t.to)) {
      events.push({
        at: t.at,
        type: 'apply.finished',
        ...base,
        outcome: t.to as ApplyOutcome,
        source: 'audit',
      });
    }
  }
  return events;
}

export function noticeEvent(notice: Notice, mail?: StoredEmail): TimelineEvent | undefined {
  if (notice.status !== 'sent' || !notice.sentAt) return undefined;
  const text = `${mail?.body.text ?? ''} ${mail?.body.html ?? ''}`;
  return {
    at: notice.sentAt,
    type: 'notice.sent',
    customerId: notice.customerId,
    to: notice.to,
    kind: notice.kind,
    changes: notice.changes.map((c) => ({
      changeId: c.changeId,
      serverId: c.serverId,
      releaseId: c.releaseId,
      applyAt: c.applyAt,
    })),
    noticeId: notice.id,
    source: mail ? 'mail' : 'audit',
    ...(mail ? { subject: mail.subject, saysLossOfService: LOSS_OF_SERVICE.test(text) } : {}),
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Requests and decisions from the audit log (C10.1), as the channels record them. */
export function auditEvents(event: AuditEvent): TimelineEvent[] {
  const changeId = str(event.data.changeId);
  if (!changeId) return [];
  if (event.type === 'postponement.requested' || event.type === 'cancellation.requested') {
    const via = str(event.data.via) === 'email' ? 'email' : 'api';
    return [
      {
        at: event.at,
        type: 'request.received',
        customerId: event.customerId ?? '',
        via,
        changeId,
        from: event.actor.replace(/^(email|api):/, ''),
        requestId: event.subjectId,
        source: 'audit',
      },
    ];
  }
  const decided = /^postponement\.(granted|refused|pending-review|review-approved|review-refused)$/.exec(
    event.type,
  );
  if (!decided?.[1]) return [];
  const decision =
    decided[1] === 'review-approved' ? 'granted' : decided[1] === 'review-refused' ? 'refused' : decided[1];
  const newApplyAt = str(event.data.newApplyAt);
  return [
    {
      at: event.at,
      type: 'postponement.decided',
      changeId,
      decision: decision as 'granted' | 'refused' | 'pending-review',
      clause: event.clause ?? 'C4',
      ...(newApplyAt && decision === 'granted' ? { newApplyAt } : {}),
      customerId: event.customerId,
      reason: str(event.data.reason),
      requestId: event.subjectId,
      source: 'audit',
    },
  ];
}

/**
 * C9: every finished attempt of a backup, from the audit log (a retried backup keeps one record,
 * so its failed attempts live only in the log), with the record's server, image and kind.
 */
export function backupEvents(
  audit: readonly AuditEvent[],
  backups: ReadonlyMap<string, BackupRun>,
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const startedAt = new Map<string, string>();
  for (const a of [...audit].sort((x, y) => Date.parse(x.at) - Date.parse(y.at))) {
    if (a.type === 'backup.started') startedAt.set(a.subjectId, a.at);
    const outcome =
      a.type === 'backup.succeeded' ? 'succeeded' : a.type === 'backup.failed' ? 'failed' : undefined;
    const backup = backups.get(a.subjectId);
    if (!outcome || !backup) continue;
    const copies = Array.isArray(a.data.copies) ? a.data.copies.map(String) : backup.copies;
    const started = startedAt.get(a.subjectId);
    events.push({
      at: a.at,
      type: 'backup.finished',
      serverId: backup.serverId,
      image: backup.image,
      kind: backup.kind,
      outcome,
      copies,
      customerId: backup.customerId,
      ...(started ? { startedAt: started } : {}),
      source: 'audit',
    });
  }
  return events;
}

export async function collectTimeline(input: {
  store: Store;
  emails: StoredEmail[];
  alerts: RaisedAlert[];
  from: Parameters<Store['audit']['listByCustomer']>[1];
  to: Parameters<Store['audit']['listByCustomer']>[2];
}): Promise<TimelineEvent[]> {
  const { store } = input;
  const mailById = new Map(input.emails.map((m) => [m.messageId, m]));
  const events: TimelineEvent[] = [];
  for (const customer of await store.directory.listCustomers()) {
    for (const change of await store.changes.listChangesByCustomer(customer.id))
      events.push(...changeEvents(change));
    for (const notice of await store.notices.listNoticesByCustomer(customer.id)) {
      const e = noticeEvent(notice, notice.messageId ? mailById.get(notice.messageId) : undefined);
      if (e) events.push(e);
    }
    const audit = await store.audit.listByCustomer(customer.id, input.from, input.to);
    for (const a of audit) events.push(...auditEvents(a));
    const backups = new Map<string, BackupRun>();
    for (const server of await store.directory.listServersByCustomer(customer.id)) {
      for (const b of await store.backups.listBackupsByServer(server.id)) backups.set(b.id, b);
    }
    events.push(...backupEvents(audit, backups));
  }
  for (const alert of input.alerts) {
    events.push({
      at: alert.at,
      type: 'alert.raised',
      reason: alert.reason,
      ...(alert.clause ? { clause: alert.clause } : {}),
      ...(alert.subjectId ? { subjectId: alert.subjectId } : {}),
      ...(alert.customerId ? { customerId: alert.customerId } : {}),
    });
  }
  return sortTimeline(events);
}
