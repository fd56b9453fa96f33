/**
 * What happened, as the customer's portal shows it (C10.1, C12.1): the audit trail of the customer's
 * own records in a period, each event with its time in the customer's zone (C11.1) and a sentence
 * saying what it was; and any notice the customer's contacts received, opened as it was sent.
 */
import { formatLocal, type Instant, toInstant } from '../../domain/calendar.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { AuditEvent } from '../../domain/records.ts';
import { renderHtml, renderText } from '../../mail/notice-blocks.ts';
import { noticeContent } from '../../mail/notice-content.ts';
import { footer } from '../../mail/notice-phrases.ts';
import { viewOf } from '../shared/notice-outbox.ts';
import type { ChannelDeps } from './deps.ts';
import { getCustomer } from './onboarding.ts';

export type HistoryEntry = {
  id: string;
  at: string;
  atLocal: string;
  type: string;
  actor: string;
  subjectId: string;
  clause?: string | undefined;
  summary: string;
};

export type HistoryPage = { events: HistoryEntry[]; next?: string };

/** Internal steps the customer has no use for (a notice's claims and retries; routine backups). */
const HIDDEN = /^(notice\.(created|attempt|deferred)|backup\.(planned|running|succeeded)|run\.)/;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function summaryOf(e: AuditEvent, zone: string): string {
  const d = e.data;
  const when = (v: unknown) => (str(v) ? formatLocal(toInstant(String(v)), zone) : undefined);
  const reason = str(d.reason);
  switch (e.type) {
    case 'notice.sent':
      return `Notice (${str(d.kind) ?? 'notice'}) sent to ${Array.isArray(d.to) ? d.to.join(', ') : 'your contacts'}.`;
    case 'notice.failed':
      return `A notice (${str(d.kind) ?? 'notice'}) could not be sent; the change moved to the next slot the notice rules allow (C3.5).`;
    case 'postponement.requested':
      return `Postponement requested through ${str(d.via) ?? 'the API'} for ${str(d.changeId) ?? e.subjectId}${str(d.requestedDate) ? ` to ${d.requestedDate}` : ''}: "${reason ?? ''}".`;
    case 'postponement.risk-accepted':
      return `Interim risks accepted by ${str(d.by) ?? e.actor}: "${str(d.words) ?? ''}".`;
    case 'postponement.granted':
    case 'postponement.refused':
    case 'postponement.pending-review':
    case 'postponement.review-approved':
    case 'postponement.review-refused':
      return `${e.type.replace('postponement.', 'Decision: ').replace('-', ' ')}. ${reason ?? ''}`.trim();
    case 'change.planned':
      return `Change ${e.subjectId} planned for ${when(d.applyAt) ?? 'its window'}.`;
    case 'change.postponed':
      return `Change ${e.subjectId} moved from ${when(d.from) ?? '?'} to ${when(d.to) ?? '?'}.`;
    case 'change.succeeded':
      return `Change ${e.subjectId} applied successfully.`;
    case 'change.failed-rolled-back':
      return `Change ${e.subjectId} failed and was reversed automatically; the server works as before (C6.2).`;
    case 'change.rollback-failed':
      return `Change ${e.subjectId} failed and its rollback failed: automatic work on the server is stopped and our team is on it (C6.3).`;
    default:
      return `${e.type} ${e.subjectId}${reason ? `: ${reason}` : ''}${str(d.applyAt) ? ` (${when(d.applyAt)})` : ''}.`;
  }
}

const cursorOf = (e: AuditEvent): string => Buffer.from(`${e.at}#${e.id}`, 'utf8').toString('base64url');
const keyOf = (e: AuditEvent): string => `${e.at}#${e.id}`;

/** The customer's trail from `from` to `to`, oldest first, `limit` at a time (`next` for the rest). */
export async function customerHistory(
  deps: ChannelDeps,
  customerId: string,
  period: { from: Instant; to: Instant },
  page: { limit: number; next?: string | undefined },
): Promise<HistoryPage> {
  const customer = await getCustomer(deps, customerId);
  const after = page.next ? Buffer.from(page.next, 'base64url').toString('utf8') : '';
  const events = (await deps.store.audit.listByCustomer(customerId, period.from, period.to))
    .filter((e) => e.customerId === customerId && !HIDDEN.test(e.type))
    .filter((e) => keyOf(e) > after);
  const shown = events.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    events: shown.map((e) => ({
      id: e.id,
      at: e.at,
      atLocal: formatLocal(toInstant(e.at), customer.timeZone),
      type: e.type,
      actor: e.actor,
      subjectId: e.subjectId,
      clause: e.clause,
      summary: summaryOf(e, customer.timeZone),
    })),
    ...(last && events.length > shown.length ? { next: cursorOf(last) } : {}),
  };
}

export type NoticeAsSent = {
  id: string;
  kind: string;
  status: string;
  to: string[];
  sentAt?: string | undefined;
  sentAtLocal?: string | undefined;
  subject: string;
  text: string;
  html: string;
};

/**
 * A notice as its recipients read it, composed again from its record (the same content functions as
 * the email). The reply address is not shown: it carried a single-use token that is never stored.
 * Notices to the CS team about the customer (`postponement-review`) are not the customer's to read.
 */
export async function noticeAsSent(
  deps: ChannelDeps,
  customerId: string,
  noticeId: string,
): Promise<NoticeAsSent> {
  const notice = await deps.store.notices.getNotice(noticeId);
  if (!notice || notice.customerId !== customerId || notice.kind === 'postponement-review') {
    throw new NotFoundError('notice', noticeId);
  }
  const customer = await getCustomer(deps, customerId);
  const sentAt = notice.sentAt ? toInstant(notice.sentAt) : deps.clock.now();
  const view = await viewOf(deps, notice, undefined, sentAt);
  if (notice.postponeUntil) view.postponeUntil = toInstant(notice.postponeUntil);
  const content = noticeContent(view);
  const blocks = [...content.blocks, footer(view, content.clauses)];
  return {
    id: notice.id,
    kind: notice.kind,
    status: notice.status,
    to: notice.to,
    sentAt: notice.sentAt,
    sentAtLocal: notice.sentAt ? formatLocal(sentAt, customer.timeZone) : undefined,
    subject: content.subject,
    text: renderText(blocks),
    html: renderHtml(blocks, content.subject),
  };
}
