/**
 * Plays one scenario action through the service's own entry points: a release through the CS
 * release path (urgent ones through the urgent-patch function), a postponement or cancel by the
 * customer API or by a real emailed reply to the latest notice, a CS review decision.
 */

import { RISK_STATEMENT } from '../../functions/application/channels/risk-statement.ts';
import type { Store } from '../../functions/application/ports.ts';
import { type Instant, toIso } from '../../functions/domain/calendar.ts';
import { PENDING_STATES } from '../../functions/domain/change-state.ts';
import type { Change, Notice, Release } from '../../functions/domain/records.ts';
import { type MailVerdicts, sesSnsEvent } from '../inbound-mail-event.ts';
import type { ApiAnswer, LocalServiceApi } from '../service-api.ts';
import type { SesLocalStore } from '../services/ses-local.ts';
import type { Action } from './schema.ts';

export type ActionDeps = { service: LocalServiceApi; mail: SesLocalStore; store: Store };
export type ActionOutcome = { note: string; answer?: ApiAnswer };

/** The notices that plan work (the ones a customer replies to), newest first. */
const REPLYABLE = new Set(['scheduled', 'urgent', 'failure', 'postponement-granted']);

export async function latestNoticeOf(
  store: Store,
  customerId: string,
  releaseId: string,
): Promise<Notice | undefined> {
  const notices = await store.notices.listNoticesByCustomer(customerId);
  return notices
    .filter(
      (n) => n.status === 'sent' && REPLYABLE.has(n.kind) && n.changes.some((c) => c.releaseId === releaseId),
    )
    .sort((a, b) => Date.parse(b.sentAt ?? '') - Date.parse(a.sentAt ?? ''))[0];
}

async function pendingChanges(
  store: Store,
  customerId: string,
  releaseId: string,
  serverId?: string,
): Promise<Change[]> {
  const changes = await store.changes.listChangesByCustomer(customerId);
  return changes.filter(
    (c) =>
      c.releaseId === releaseId && (!serverId || c.serverId === serverId) && PENDING_STATES.includes(c.state),
  );
}

/** Emails a reply to the latest notice of `releaseId` to `customerId`, through the inbound-mail function. */
async function reply(
  deps: ActionDeps,
  at: Instant,
  input: {
    customerId: string;
    releaseId: string;
    from: string;
    text: string;
    subject?: string;
    verdicts?: MailVerdicts;
    headers?: Record<string, string>;
  },
): Promise<ActionOutcome> {
  const notice = await latestNoticeOf(deps.store, input.customerId, input.releaseId);
  if (!notice?.messageId)
    return { note: `no notice of ${input.releaseId} to ${input.customerId} to reply to` };
  const sent = (await deps.mail.list()).find((m) => m.messageId === notice.messageId);
  const replyTo = sent?.replyTo[0]?.replace(/^.*<([^>]+)>.*$/, '$1');
  if (!replyTo) return { note: `notice ${notice.id} has no Reply-To address in the mail store` };
  const outcomes = await deps.service.inboundMail(
    await sesSnsEvent({
      from: input.from,
      to: replyTo,
      subject: input.subject ?? `Re: ${sent?.subject ?? 'your notice'}`,
      text: input.text,
      inReplyTo: `<${notice.messageId}@email.amazonses.com>`,
      ...(input.headers ? { headers: input.headers } : {}),
      ...(input.verdicts ? { verdicts: input.verdicts } : {}),
      receivedAt: at,
    }),
  );
  return { note: `replied to notice ${notice.id} as ${input.from}: ${JSON.stringify(outcomes)}` };
}

const riskWords = (accept: boolean | string): string | undefined =>
  accept === true ? RISK_STATEMENT : typeof accept === 'string' ? accept : undefined;

export async function playAction(deps: ActionDeps, action: Action, at: Instant): Promise<ActionOutcome> {
  switch (action.type) {
    case 'release': {
      const release: Release = {
        ...action.release,
        description: action.release.description ?? '',
        validatedAt: toIso(at),
      };
      if (release.class === 'urgent')
        await deps.service.urgentPatch(release, action.targets, release.validatedBy);
      else await deps.service.registerRelease(release, release.validatedBy);
      return { note: `${release.class} release ${release.id} registered by ${release.validatedBy}` };
    }
    case 'postpone': {
      const words = riskWords(action.acceptRisk);
      if (action.via === 'email') {
        // The reply grammar (functions/mail/reply-grammar.md): POSTPONE [to DATE] because REASON. RISK.
        const accept = action.acceptRisk === true ? 'We accept the interim risks.' : words;
        const text = [
          `Postpone${action.newDate ? ` to ${action.newDate}` : ''} because ${action.reason}.`,
          accept,
        ]
          .filter(Boolean)
          .join(' ');
        return reply(deps, at, { ...action, text });
      }
      const changes = await pendingChanges(deps.store, action.customerId, action.releaseId, action.serverId);
      if (!changes.length)
        return { note: `no pending change of ${action.releaseId} for ${action.customerId}` };
      const answer = await deps.service.postponeByApi({
        customerId: action.customerId,
        changeIds: changes.map((c) => c.id),
        requester: action.from,
        reason: action.reason,
        ...(words ? { acceptedRisk: words } : {}),
        ...(action.newDate ? { requestedDate: action.newDate } : {}),
      });
      return { note: `API postponement: HTTP ${answer.status}`, answer };
    }
    case 'email':
      return reply(deps, at, {
        ...action.replyToNoticeOf,
        from: action.from,
        text: action.body,
        ...(action.subject ? { subject: action.subject } : {}),
        ...(action.verdicts ? { verdicts: action.verdicts } : {}),
        ...(action.headers ? { headers: action.headers } : {}),
      });
    case 'cancel': {
      const customer = await deps.store.directory.getCustomer(action.customerId);
      const from = action.from ?? customer?.contacts[0] ?? 'unknown@customer.example';
      if (action.via === 'email') {
        const text = 'Please cancel this change. We do not want it applied to our servers.';
        return reply(deps, at, { customerId: action.customerId, releaseId: action.releaseId, from, text });
      }
      const changes = await pendingChanges(deps.store, action.customerId, action.releaseId);
      const answer = await deps.service.cancelByApi({
        customerId: action.customerId,
        changeIds: changes.map((c) => c.id),
        requester: from,
      });
      return { note: `API cancel: HTTP ${answer.status}`, answer };
    }
    case 'review': {
      const pending = await deps.service.pendingReviews();
      const chosen = pending.filter(
        (p) =>
          (!action.customerId || p.customerId === action.customerId) &&
          (!action.releaseId || p.changeId.startsWith(`${action.releaseId}:`)),
      );
      const approve = action.decision === 'approve';
      const reason = action.reason ?? (approve ? 'approved by the CS team' : 'refused by the CS team');
      for (const p of chosen) await deps.service.decideReview(p.requestId, approve, action.by, reason);
      return { note: `${action.decision} ${chosen.length} pending review(s)` };
    }
  }
}
