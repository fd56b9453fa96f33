/**
 * Sending notices (C3.2, C3.4, C4.5, C5.2, C8.2, C12.2) as side effects (DESIGN.md rules 2–4, 7):
 *
 *   prepare  → the notice is created ALREADY CLAIMED by this invocation (`sending`, attempt 1, its
 *              reply token's hash), in the same transaction as the transition that calls for it;
 *   send     → composed (the attempt id in a header and a message tag) and sent;
 *   record   → `sent`, in one transaction with what a sent notice brings about (its changes
 *              planned → notified, for advance and failure notices).
 *
 * A notice found in flight is resumed, never sent blindly again: `sent` notices finish their
 * record; a `sending` attempt of a dead invocation is resolved by the mail service's events (the
 * MailTracker): sent → recorded, lost → a new attempt with a new token (the lost one's revoked),
 * unknown → left for the next pass. `pending` means "nothing left yet": sent when still in time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Instant, isAfter, toInstant, toIso } from '../../domain/calendar.ts';
import { claimOf, type Holder, heldByOther } from '../../domain/claims.ts';
import { ConflictError } from '../../domain/errors.ts';
import type {
  Change,
  Customer,
  Notice,
  NoticeAttempt,
  NoticeDetails,
  NoticeKind,
} from '../../domain/records.ts';
import { composeNotice } from '../../mail/compose-notice.ts';
import { type NoticeView, type NoticeViewLine, noticeLimits } from '../../mail/notice-view.ts';
import { hashToken, issueReplyToken, replyAddress } from '../../mail/reply-token.ts';
import { MailRejectedError, MailUnavailableError } from '../mail-errors.ts';
import { ATTEMPT_TAG, NOTICE_TAG, noticeTagOf, type Write } from '../ports.ts';
import { alertIdOf, alertWrite, publishAlerts } from './alerts.ts';
import { auditEventOf, SYSTEM_ACTOR } from './audit.ts';
import { moveChange } from './change-moves.ts';
import type { BaseDeps, NoticeDeps } from './deps.ts';
import { RUN_DELIVERY_GRACE_MINUTES } from './notice-timing.ts';

export type NoticeDraft = {
  id: string;
  kind: NoticeKind;
  customer: Customer;
  /** The changes the notice is about, as they are now (their applyAt is the date notified). */
  changes: Change[];
  /** The latest instant the notice may be sent and still keep its clause. */
  sendBy: Instant;
  /** C4.2 / C5.4: when set, the notice invites a reply and carries a reply token (C12.2). */
  postponeUntil?: Instant | undefined;
  window?: { start: Instant; end: Instant } | undefined;
  newApplyAt?: Instant | undefined;
  refusal?: { clause: string; reason: string } | undefined;
  repeatAt?: Instant | undefined;
  /** C4.4: the request a review notice asks the CS team to decide. */
  requestId?: string | undefined;
  /** Recipients when not the customer's contacts. */
  to?: string[] | undefined;
  actor?: string | undefined;
};

export type DispatchOutcome =
  | 'sent'
  | 'already-sent'
  | 'rejected'
  | 'already-failed'
  /** Another live invocation is sending it, or the mail service's events have not come yet. */
  | 'in-flight'
  /** The mail service is unavailable: nothing left; a `pending` intent stays for a later pass. */
  | 'deferred'
  /** Not sent: too late to keep its clause (its changes are replanned, C3.5). */
  | 'late';
export type DispatchResult = { notice: Notice; outcome: DispatchOutcome };

/** A notice created already claimed, with the plain token its message will carry. */
export type PreparedNotice = { notice: Notice; token: string | undefined; writes: Write[] };

/** Advance and failure notices announce when their changes are applied: sent, they are `notified`. */
const ANNOUNCES: Partial<Record<NoticeKind, string>> = { scheduled: 'C3.2', urgent: 'C5.2', failure: 'C6.4' };

/** The changes a notice's audit events name one by one (the notice record lists them all). */
const AUDITED_LINES = 100;

/** Transactions hold 100 items: the notice and its event, then a change and its event each. */
const MOVES_PER_TRANSACTION = 49;

export const attemptIdOf = (noticeId: string, n: number): string =>
  `na-${createHash('sha256').update(`${noticeId}\u0000${n}`).digest('hex').slice(0, 40)}`;

/** DESIGN.md rule 2: the notice, claimed by `me` for its first attempt, and the writes that create it. */
export function prepareNotice(
  deps: NoticeDeps,
  draft: NoticeDraft,
  me: Holder,
  now: Instant,
): PreparedNotice {
  const token = draft.postponeUntil ? issueReplyToken((size) => randomBytes(size)) : undefined;
  const attempt = attemptOf(draft.id, 1, me, now, token);
  const notice: Notice = {
    id: draft.id,
    customerId: draft.customer.id,
    kind: draft.kind,
    to: draft.to ?? draft.customer.contacts,
    changes: draft.changes.map((c) => ({
      changeId: c.id,
      serverId: c.serverId,
      releaseId: c.releaseId,
      applyAt: c.applyAt,
      ...(c.binding ? { binding: c.binding } : {}),
    })),
    ...(draft.postponeUntil ? { postponeUntil: toIso(draft.postponeUntil) } : {}),
    sendBy: toIso(draft.sendBy),
    status: 'sending',
    createdAt: toIso(now),
    changeCount: draft.changes.length,
    details: detailsOf(draft),
    attempt,
    version: 0,
  };
  const writes: Write[] = [
    { create: 'notice', record: notice },
    { audit: noticeAudit(notice, 'notice.created', 'created', now) },
    ...tokenWrites(deps, notice, token),
  ];
  return { notice, token, writes };
}

/**
 * One notice on its own: created and claimed in its own transaction, or resumed where an earlier
 * delivery left it. `known`: the changes as the caller holds them (saves a read when recording).
 */
export async function dispatchNotice(
  deps: NoticeDeps,
  draft: NoticeDraft,
  me: Holder,
  known: readonly Change[] = draft.changes,
): Promise<DispatchResult> {
  const found = await deps.store.notices.getNotice(draft.id);
  if (found) return resumeNotice(deps, found, me, known);
  const prepared = prepareNotice(deps, draft, me, deps.clock.now());
  try {
    await deps.store.commit(prepared.writes);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const raced = await deps.store.notices.getNotice(draft.id);
    if (!raced) throw error;
    return resumeNotice(deps, raced, me, known);
  }
  return sendPrepared(deps, prepared, me, known);
}

/** After the transition that prepared it committed: send the claimed attempt, then record it. */
export async function sendPrepared(
  deps: NoticeDeps,
  prepared: Pick<PreparedNotice, 'notice' | 'token'>,
  me: Holder,
  known: readonly Change[] = [],
): Promise<DispatchResult> {
  const { notice, token } = prepared;
  const attempt = notice.attempt as NoticeAttempt;
  let messageId: string;
  try {
    const mail = await composeNotice(await viewOf(deps, notice, token, deps.clock.now()));
    ({ messageId } = await deps.mailer.send({
      ...mail,
      tags: { [ATTEMPT_TAG]: attempt.id, [NOTICE_TAG]: noticeTagOf(notice.id) },
    }));
  } catch (error) {
    if (error instanceof MailRejectedError) return recordFailed(deps, me, notice, error.message);
    if (error instanceof MailUnavailableError) return recordUnavailable(deps, me, notice, error.message);
    throw error; // a network error: maybe sent; the attempt stays in flight and is resolved later
  }
  return recordSent(deps, notice, messageId, known);
}

/** Continues a notice from where it was left (DESIGN.md rule 3). */
export async function resumeNotice(
  deps: NoticeDeps,
  notice: Notice,
  me: Holder,
  known: readonly Change[] = [],
): Promise<DispatchResult> {
  const now = deps.clock.now();
  switch (notice.status) {
    case 'sent':
      await completeSent(deps, notice, known);
      return { notice, outcome: 'already-sent' };
    case 'failed':
      return { notice, outcome: 'already-failed' };
    case 'pending':
      return reattempt(deps, notice, me, known);
    case 'sending': {
      const attempt = notice.attempt;
      if (!attempt) return reattempt(deps, notice, me, known);
      if (heldByOther(attempt, me, now)) return { notice, outcome: 'in-flight' };
      const { outcome, messageId } = await deps.tracker.outcome(
        { id: attempt.id, at: toInstant(attempt.at) },
        now,
      );
      if (outcome === 'sent') return recordSent(deps, notice, messageId ?? `attempt:${attempt.id}`, known);
      if (outcome === 'rejected') return recordFailed(deps, me, notice, 'the mail service rejected it');
      if (outcome === 'unknown') return { notice, outcome: 'in-flight' };
      return reattempt(deps, notice, me, known);
    }
  }
}

/** DESIGN.md rule 7: resumes every notice of these customers left pending or in flight. */
export async function drainNotices(
  deps: NoticeDeps,
  me: Holder,
  customerIds?: readonly string[],
): Promise<DispatchResult[]> {
  const results: DispatchResult[] = [];
  for (const notice of await deps.store.notices.listOutbox(customerIds)) {
    results.push(await resumeNotice(deps, notice, me));
  }
  return results;
}

/**
 * Called by the mail-events function when the mail service reports an attempt accepted: the notice
 * is recorded sent (if that attempt is still the one in flight), with what it brings about.
 */
export async function confirmAttempt(
  deps: BaseDeps,
  noticeId: string,
  attemptId: string,
  messageId: string,
): Promise<DispatchResult | undefined> {
  const notice = await deps.store.notices.getNotice(noticeId);
  if (!notice) return undefined;
  if (notice.status === 'sent') {
    await completeSent(deps, notice, []);
    return { notice, outcome: 'already-sent' };
  }
  if (notice.status !== 'sending' || notice.attempt?.id !== attemptId)
    return { notice, outcome: 'in-flight' };
  return recordSent(deps, notice, messageId, []);
}

/** A new attempt: claimed with a new token, the previous attempt's token revoked (C12.2). */
async function reattempt(
  deps: NoticeDeps,
  notice: Notice,
  me: Holder,
  known: readonly Change[],
): Promise<DispatchResult> {
  const now = deps.clock.now();
  if (!stillInTime(notice, now)) return recordLate(deps, me, notice);
  const postponeUntil = notice.postponeUntil ? toInstant(notice.postponeUntil) : undefined;
  const token =
    postponeUntil && isAfter(postponeUntil, now) ? issueReplyToken((s) => randomBytes(s)) : undefined;
  const n = (notice.attempt?.n ?? 0) + 1;
  const next: Notice = { ...notice, status: 'sending', attempt: attemptOf(notice.id, n, me, now, token) };
  const previousToken = notice.attempt?.tokenHash;
  try {
    await deps.store.commit([
      { update: 'notice', record: next, expectedVersion: notice.version },
      { audit: noticeAudit(next, 'notice.attempt', `attempt-${n}`, now) },
      ...(previousToken ? [{ revoke: 'token' as const, hash: previousToken }] : []),
      ...tokenWrites(deps, next, token),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) return { notice, outcome: 'in-flight' }; // another has it
    throw error;
  }
  return sendPrepared(deps, { notice: { ...next, version: notice.version + 1 }, token }, me, known);
}

/**
 * Advance notices keep their clause only until `sendBy` (with the run's delivery grace, as the
 * notice run judges it); a notice about something already decided (a decision, a failure) is
 * still owed to the customer however late.
 */
function stillInTime(notice: Notice, now: Instant): boolean {
  if (notice.kind !== 'scheduled' && notice.kind !== 'urgent') return true;
  return !isAfter(now, toInstant(notice.sendBy).add({ minutes: RUN_DELIVERY_GRACE_MINUTES }));
}

/** `sent`, with the notified moves of its changes (as many as fit; the rest after). */
async function recordSent(
  deps: BaseDeps,
  notice: Notice,
  messageId: string,
  known: readonly Change[],
): Promise<DispatchResult> {
  const now = deps.clock.now();
  const sent: Notice = { ...notice, status: 'sent', sentAt: toIso(now), messageId, lastError: undefined };
  const moves = await notifiedMoves(deps, sent, known, now);
  try {
    await deps.store.commit([
      { update: 'notice', record: sent, expectedVersion: notice.version },
      { audit: noticeAudit(sent, 'notice.sent', 'sent', now) },
      ...moves.slice(0, MOVES_PER_TRANSACTION).flat(),
    ]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Another invocation recorded it (or a change moved meanwhile): finish from what is stored.
    const stored = await deps.store.notices.getNotice(notice.id);
    if (stored?.status !== 'sent') throw error;
    await completeSent(deps, stored, []);
    return { notice: stored, outcome: 'already-sent' };
  }
  for (let i = MOVES_PER_TRANSACTION; i < moves.length; i += MOVES_PER_TRANSACTION + 1) {
    await deps.store.commit(moves.slice(i, i + MOVES_PER_TRANSACTION + 1).flat());
  }
  return { notice: { ...sent, version: notice.version + 1 }, outcome: 'sent' };
}

/** A sent notice's changes still waiting for it move to `notified` (a replay finishes the record). */
async function completeSent(deps: BaseDeps, notice: Notice, known: readonly Change[]): Promise<void> {
  const moves = await notifiedMoves(deps, notice, known, deps.clock.now());
  for (let i = 0; i < moves.length; i += MOVES_PER_TRANSACTION + 1) {
    try {
      await deps.store.commit(moves.slice(i, i + MOVES_PER_TRANSACTION + 1).flat());
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error; // moved meanwhile: the next pass sees it
    }
  }
}

/** C3.4 / C6.4: each line's change still `planned` for the date the notice announces. */
async function notifiedMoves(
  deps: BaseDeps,
  notice: Notice,
  known: readonly Change[],
  now: Instant,
): Promise<Write[][]> {
  const clause = ANNOUNCES[notice.kind];
  if (!clause || notice.changes.length === 0) return [];
  const ids = notice.changes.map((l) => l.changeId);
  const held = new Map(known.map((c) => [c.id, c]));
  const missing = ids.filter((id) => !held.has(id));
  for (const change of missing.length ? await deps.store.changes.getChanges(missing) : [])
    held.set(change.id, change);
  const out: Write[][] = [];
  for (const line of notice.changes) {
    const change = held.get(line.changeId);
    if (change?.state !== 'planned' || change.applyAt !== line.applyAt) continue;
    const move = moveChange(change, {
      to: 'notified',
      at: now,
      actor: notice.details?.actor ?? `${SYSTEM_ACTOR}:notice`,
      reason: `notice ${notice.id} sent`,
      clause,
      key: notice.id,
      patch: {
        noticeId: notice.id,
        ...(notice.kind === 'failure' ? {} : { originalApplyAt: change.originalApplyAt ?? change.applyAt }),
      },
    });
    out.push([
      { update: 'change', record: move.update.next, expectedVersion: move.update.expectedVersion },
      { audit: move.audit },
    ]);
  }
  return out;
}

/** A permanent rejection: `failed`, and the CS team alerted (C3.5). */
async function recordFailed(deps: NoticeDeps, me: Holder, notice: Notice, why: string) {
  return fail(
    deps,
    me,
    notice,
    `notice ${notice.id} to ${notice.customerId} was rejected by the mail service: ${why}`,
    'rejected',
  );
}

/** Too late to keep its clause: `failed`; its changes are replanned by the notice run (C3.5). */
async function recordLate(deps: NoticeDeps, me: Holder, notice: Notice) {
  return fail(
    deps,
    me,
    notice,
    `notice ${notice.id} to ${notice.customerId} could not be sent by ${notice.sendBy}; its changes stay planned and move to the next slot the notice rules allow`,
    'late',
  );
}

/**
 * The mail service is unavailable (it refused the attempt: nothing left). An advance notice is
 * given up (its changes stay planned; the notice run sends them in a new notice or replans them,
 * C3.5); a notice about something decided stays `pending` and a later pass sends it.
 */
async function recordUnavailable(deps: NoticeDeps, me: Holder, notice: Notice, why: string) {
  if (notice.kind === 'scheduled' || notice.kind === 'urgent') {
    return fail(
      deps,
      me,
      notice,
      `notice ${notice.id} could not be sent: ${why}; its changes stay planned`,
      'deferred',
    );
  }
  const now = deps.clock.now();
  const pending: Notice = { ...notice, status: 'pending', lastError: why.slice(0, 1000) };
  const token = notice.attempt?.tokenHash;
  try {
    await deps.store.commit([
      { update: 'notice', record: pending, expectedVersion: notice.version },
      { audit: noticeAudit(pending, 'notice.deferred', `attempt-${notice.attempt?.n ?? 0}`, now) },
      ...(token ? [{ revoke: 'token' as const, hash: token }] : []),
    ]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  return { notice: { ...pending, version: notice.version + 1 }, outcome: 'deferred' as const };
}

async function fail(
  deps: NoticeDeps,
  me: Holder,
  notice: Notice,
  reason: string,
  outcome: 'rejected' | 'late' | 'deferred',
): Promise<DispatchResult> {
  const now = deps.clock.now();
  const failed: Notice = { ...notice, status: 'failed', lastError: reason.slice(0, 1000) };
  const alertKey = `notice-failed:${notice.id}`;
  const alert = alertWrite(
    { key: alertKey, reason, clause: 'C3.5', subjectId: notice.id, customerId: notice.customerId },
    now,
  );
  const token = notice.attempt?.tokenHash;
  try {
    await deps.store.commit([
      { update: 'notice', record: failed, expectedVersion: notice.version },
      { audit: noticeAudit(failed, 'notice.failed', 'failed', now) },
      alert,
      ...(token && outcome !== 'rejected' ? [{ revoke: 'token' as const, hash: token }] : []),
    ]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const stored = await deps.store.notices.getNotice(notice.id);
    return {
      notice: stored ?? notice,
      outcome: stored?.status === 'sent' ? 'already-sent' : 'already-failed',
    };
  }
  await publishAlerts(deps, me, [alertIdOf(alertKey)]);
  return { notice: { ...failed, version: notice.version + 1 }, outcome };
}

function attemptOf(
  noticeId: string,
  n: number,
  me: Holder,
  now: Instant,
  token: string | undefined,
): NoticeAttempt {
  return {
    ...claimOf(me, now),
    n,
    id: attemptIdOf(noticeId, n),
    ...(token ? { tokenHash: hashToken(token) } : {}),
  };
}

/** C12.2: the attempt's token (hash only), valid until the deadline plus the configured grace. */
function tokenWrites(deps: NoticeDeps, notice: Notice, token: string | undefined): Write[] {
  if (!token || !notice.postponeUntil) return [];
  return [
    {
      create: 'token',
      record: {
        hash: hashToken(token),
        noticeId: notice.id,
        customerId: notice.customerId,
        expiresAt: toInstant(notice.postponeUntil).add({ hours: deps.cfg.replyTokenGraceHours }),
      },
    },
  ];
}

function detailsOf(draft: NoticeDraft): NoticeDetails {
  return {
    ...(draft.window ? { window: { start: toIso(draft.window.start), end: toIso(draft.window.end) } } : {}),
    ...(draft.newApplyAt ? { newApplyAt: toIso(draft.newApplyAt) } : {}),
    ...(draft.refusal ? { refusal: draft.refusal } : {}),
    ...(draft.repeatAt ? { repeatAt: toIso(draft.repeatAt) } : {}),
    ...(draft.requestId ? { requestId: draft.requestId } : {}),
    ...(draft.actor ? { actor: draft.actor } : {}),
  };
}

/** What the message says, from the notice record alone (any invocation can compose it again). */
export async function viewOf(
  deps: NoticeDeps,
  notice: Notice,
  token: string | undefined,
  now: Instant,
): Promise<NoticeView> {
  const customer = await deps.store.directory.getCustomer(notice.customerId);
  if (!customer) throw new Error(`customer ${notice.customerId} of notice ${notice.id} is not registered`);
  const servers = await deps.store.directory.getServers(notice.changes.map((l) => l.serverId));
  const releaseIds = [...new Set(notice.changes.map((l) => l.releaseId))];
  const releases = new Map(
    await Promise.all(releaseIds.map(async (id) => [id, await deps.store.releases.getRelease(id)] as const)),
  );
  const lines: NoticeViewLine[] = notice.changes.map((line) => {
    const release = releases.get(line.releaseId);
    const cls = release?.class ?? 'important';
    return {
      change: {
        id: line.changeId,
        applyAt: toInstant(line.applyAt),
        class: cls,
        ...(line.binding ? { binding: { ...line.binding, until: toInstant(line.binding.until) } } : {}),
      },
      server: { id: line.serverId, images: servers.get(line.serverId)?.images ?? [] },
      release: {
        id: line.releaseId,
        title: release?.title ?? line.releaseId,
        version: release?.version ?? '',
        class: cls,
        description: release?.description ?? '',
      },
    };
  });
  const d = notice.details ?? {};
  const request = d.requestId ? await deps.store.requests.getRequest(d.requestId) : undefined;
  return {
    kind: notice.kind,
    noticeId: notice.id,
    attemptId: notice.attempt?.id,
    customer,
    ...(notice.kind === 'postponement-review' || !sameList(notice.to, customer.contacts)
      ? { to: notice.to }
      : {}),
    from: deps.mail.from,
    replyTo: token ? replyAddress(token, deps.mail.replyDomain) : undefined,
    date: now,
    lines,
    limits: noticeLimits(deps.cfg),
    ...(d.window ? { window: { start: toInstant(d.window.start), end: toInstant(d.window.end) } } : {}),
    ...(notice.postponeUntil && token ? { postponeUntil: toInstant(notice.postponeUntil) } : {}),
    ...(d.newApplyAt ? { newApplyAt: toInstant(d.newApplyAt) } : {}),
    ...(d.refusal ? { refusal: d.refusal } : {}),
    ...(d.repeatAt ? { repeatAt: toInstant(d.repeatAt) } : {}),
    ...(request
      ? {
          request: {
            id: request.id,
            requester: request.requester,
            receivedAt: toInstant(request.receivedAt),
            reason: request.reason,
            ...(request.requestedDate ? { requestedDate: request.requestedDate } : {}),
            ...(request.riskAcceptance ? { riskAcceptanceWords: request.riskAcceptance.words } : {}),
          },
        }
      : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** C10.1: the notice's events. Deterministic ids (rule 6): dated by the notice's own record. */
function noticeAudit(notice: Notice, type: string, key: string, at: Instant) {
  return auditEventOf({
    type,
    actor: notice.details?.actor ?? SYSTEM_ACTOR,
    at,
    subjectId: notice.id,
    key,
    customerId: notice.customerId,
    clause: CLAUSE_OF_KIND[notice.kind],
    data: {
      kind: notice.kind,
      to: notice.to,
      // The notice itself lists every change; its events name the first ones and the count.
      changes: notice.changes.slice(0, AUDITED_LINES).map((c) => c.changeId),
      changeCount: notice.changeCount ?? notice.changes.length,
      sendBy: notice.sendBy,
      ...(notice.attempt ? { attempt: notice.attempt.n } : {}),
      ...(notice.messageId ? { messageId: notice.messageId } : {}),
      ...(notice.lastError ? { error: notice.lastError } : {}),
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
