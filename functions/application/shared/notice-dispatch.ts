/**
 * Sending one notice, safely (C3.2, C3.4, C5.2, C8.2, C4.5, C12.2):
 * create the Notice `pending` under its deterministic id → issue a reply token (only the hash is
 * stored; it expires `replyTokenGraceHours` after the postponement deadline) → compose the MIME
 * message → send → mark `sent`. A notice already `sent` is never sent again, so a replayed run or
 * event sends nothing twice. A permanent rejection marks it `failed` and alerts the CS team.
 */
import { randomBytes } from 'node:crypto';
import { type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import type { Change, Customer, Notice, NoticeKind, Release } from '../../domain/records.ts';
import { composeNotice } from '../../mail/compose-notice.ts';
import {
  type NoticeView,
  type NoticeViewLine,
  type NoticeViewRequest,
  noticeLimits,
} from '../../mail/notice-view.ts';
import { hashToken, issueReplyToken, replyAddress } from '../../mail/reply-token.ts';
import { auditEventOf, SYSTEM_ACTOR } from './audit.ts';
import type { NoticeDeps } from './deps.ts';
import { isMailRejected } from './mail-rejection.ts';

export type NoticeDraft = {
  id: string;
  kind: NoticeKind;
  customer: Customer;
  /** The changes the notice is about, as they are now (their applyAt is the date notified). */
  changes: Change[];
  /** The latest instant the notice may be sent and still keep its clause. */
  sendBy: Instant;
  /** C4.2 / C5.4: when set, the notice invites a reply and carries a reply token (C12.2). */
  postponeUntil?: Instant;
  window?: { start: Instant; end: Instant };
  newApplyAt?: Instant;
  refusal?: { clause: string; reason: string };
  repeatAt?: Instant;
  request?: NoticeViewRequest;
  /** Recipients when not the customer's contacts. */
  to?: string[];
  actor?: string;
};

export type DispatchOutcome = 'sent' | 'already-sent' | 'rejected' | 'already-failed';
export type DispatchResult = { notice: Notice; outcome: DispatchOutcome };

export async function dispatchNotice(deps: NoticeDeps, draft: NoticeDraft): Promise<DispatchResult> {
  const { store } = deps;
  const found = await store.notices.getNotice(draft.id);
  if (found?.status === 'sent') return { notice: found, outcome: 'already-sent' };
  if (found?.status === 'failed') return { notice: found, outcome: 'already-failed' };
  const notice = found ?? (await createPending(deps, draft));

  const now = deps.clock.now();
  const replyTo = draft.postponeUntil ? await issueToken(deps, notice, draft.postponeUntil) : undefined;
  const view = await viewOf(deps, draft, replyTo, now);
  const mail = await composeNotice(view);
  try {
    const { messageId } = await deps.mailer.send(mail);
    const sent: Notice = {
      ...notice,
      status: 'sent',
      sentAt: toIso(now),
      messageId,
      version: notice.version + 1,
    };
    await store.notices.updateNotice(sent, notice.version, noticeAudit(sent, 'notice.sent', now, draft));
    return { notice: sent, outcome: 'sent' };
  } catch (error) {
    if (!isMailRejected(error)) throw error; // throttling exhausted, network: the next run retries
    const failed: Notice = { ...notice, status: 'failed', version: notice.version + 1 };
    await store.notices.updateNotice(
      failed,
      notice.version,
      noticeAudit(failed, 'notice.failed', now, draft),
    );
    await deps.alerter.raise({
      reason: `notice ${notice.id} to ${draft.customer.id} was rejected by the mail service: ${(error as Error).message}`,
      clause: 'C3.5',
      subjectId: notice.id,
      customerId: draft.customer.id,
    });
    return { notice: failed, outcome: 'rejected' };
  }
}

async function createPending(deps: NoticeDeps, draft: NoticeDraft): Promise<Notice> {
  const pending: Notice = {
    id: draft.id,
    customerId: draft.customer.id,
    kind: draft.kind,
    to: draft.to ?? draft.customer.contacts,
    changes: draft.changes.map((c) => ({
      changeId: c.id,
      serverId: c.serverId,
      releaseId: c.releaseId,
      applyAt: c.applyAt,
    })),
    ...(draft.postponeUntil ? { postponeUntil: toIso(draft.postponeUntil) } : {}),
    sendBy: toIso(draft.sendBy),
    status: 'pending',
    version: 0,
  };
  const at = deps.clock.now();
  const result = await deps.store.notices.createNotice(
    pending,
    noticeAudit(pending, 'notice.created', at, draft),
  );
  if (result === 'created') return pending;
  return (await deps.store.notices.getNotice(draft.id)) ?? pending;
}

/** C12.2: a fresh token per sending attempt; only its hash is stored, single use, with expiry. */
async function issueToken(deps: NoticeDeps, notice: Notice, postponeUntil: Instant): Promise<string> {
  const token = issueReplyToken((size) => randomBytes(size));
  await deps.store.tokens.issue({
    hash: hashToken(token),
    noticeId: notice.id,
    customerId: notice.customerId,
    expiresAt: postponeUntil.add({ hours: deps.cfg.replyTokenGraceHours }),
  });
  return replyAddress(token, deps.mail.replyDomain);
}

async function viewOf(
  deps: NoticeDeps,
  draft: NoticeDraft,
  replyTo: string | undefined,
  now: Instant,
): Promise<NoticeView> {
  const servers = await deps.store.directory.getServers(draft.changes.map((c) => c.serverId));
  const releases = new Map<string, Release | undefined>();
  const lines: NoticeViewLine[] = [];
  for (const change of draft.changes) {
    if (!releases.has(change.releaseId))
      releases.set(change.releaseId, await deps.store.releases.getRelease(change.releaseId));
    const server = servers.get(change.serverId);
    const release = releases.get(change.releaseId);
    lines.push({
      change: { id: change.id, applyAt: toInstant(change.applyAt), class: change.class },
      server: { id: change.serverId, images: server?.images ?? [] },
      release: {
        id: change.releaseId,
        title: release?.title ?? change.releaseId,
        version: release?.version ?? '',
        class: change.class,
        description: release?.description ?? '',
      },
    });
  }
  return {
    kind: draft.kind,
    noticeId: draft.id,
    customer: draft.customer,
    ...(draft.to ? { to: draft.to } : {}),
    from: deps.mail.from,
    replyTo,
    date: now,
    lines,
    limits: noticeLimits(deps.cfg),
    ...(draft.window ? { window: draft.window } : {}),
    ...(draft.postponeUntil ? { postponeUntil: draft.postponeUntil } : {}),
    ...(draft.newApplyAt ? { newApplyAt: draft.newApplyAt } : {}),
    ...(draft.refusal ? { refusal: draft.refusal } : {}),
    ...(draft.repeatAt ? { repeatAt: draft.repeatAt } : {}),
    ...(draft.request ? { request: draft.request } : {}),
  };
}

function noticeAudit(notice: Notice, type: string, at: Instant, draft: NoticeDraft) {
  return auditEventOf({
    type,
    actor: draft.actor ?? SYSTEM_ACTOR,
    at,
    subjectId: notice.id,
    key: type,
    customerId: notice.customerId,
    clause: CLAUSE_OF_KIND[notice.kind],
    data: {
      kind: notice.kind,
      to: notice.to,
      changes: notice.changes.map((c) => c.changeId),
      sendBy: notice.sendBy,
      ...(notice.messageId ? { messageId: notice.messageId } : {}),
    },
  });
}

const CLAUSE_OF_KIND: Record<NoticeKind, string> = {
  scheduled: 'C3.2',
  urgent: 'C5.2',
  'postponement-granted': 'C4.5',
  'postponement-refused': 'C2.2',
  'postponement-review': 'C4.4',
  failure: 'C8.2',
};
