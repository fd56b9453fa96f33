/**
 * C4.4: a postponement beyond the minor-adjustment limits waits as `pending-review`; the CS team
 * approves or refuses it with a reason, and the customer is told (C4.5).
 */
import { toIso } from '../../domain/calendar.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { PostponementDecision, PostponementRequest } from '../../domain/records.ts';
import type { Page, PageRequest } from '../paged-reads.ts';
import { sendDecisionNotice } from '../shared/decision-notice.ts';
import { auditEvent } from './audit-events.ts';
import type { ChannelDeps } from './deps.ts';
import { grant } from './request-postponement.ts';

export type ReviewInput = {
  requestId: string;
  approve: boolean;
  reason: string;
  /** The CS identity that decides (C10.1). */
  actor: string;
};

export async function listReviews(deps: ChannelDeps): Promise<PostponementRequest[]> {
  return deps.store.requests.listPendingReviews();
}

/** A page of the review queue, oldest request first (what the CS API serves). */
export const reviewQueue = (deps: ChannelDeps, page: PageRequest): Promise<Page<PostponementRequest>> =>
  deps.store.pages.pendingReviews(page);

export async function decideReview(deps: ChannelDeps, input: ReviewInput): Promise<PostponementDecision> {
  const { store } = deps;
  const request = await store.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError('postponement request', input.requestId);
  const pending = request.decision;
  if (pending?.outcome !== 'pending-review') {
    throw new ConflictError(
      `request ${input.requestId} is not waiting for review (it is ${pending?.outcome ?? 'undecided'})`,
    );
  }
  const change = await store.changes.getChange(request.changeId);
  if (!change) throw new NotFoundError('change', request.changeId);
  const now = deps.clock.now();
  const decision: PostponementDecision = {
    outcome: input.approve ? 'granted' : 'refused',
    clause: 'C4.4',
    reason: input.reason,
    decidedBy: input.actor,
    decidedAt: toIso(now),
  };
  if (input.approve && pending.newApplyAt) decision.newApplyAt = pending.newApplyAt;
  const after = input.approve ? await grant(deps, change, request.id, decision, now) : change;
  await store.requests.decide(
    request.id,
    decision,
    auditEvent({
      type: `postponement.review-${input.approve ? 'approved' : 'refused'}`,
      actor: input.actor,
      at: now,
      subjectId: request.id,
      customerId: request.customerId,
      clause: 'C4.4',
      data: { changeId: change.id, reason: input.reason, newApplyAt: decision.newApplyAt },
    }),
  );
  await sendDecisionNotice(deps, {
    kind: input.approve ? 'postponement-granted' : 'postponement-refused',
    customerId: request.customerId,
    changes: [after],
    requestId: request.id,
    clause: 'C4.4',
    reason: input.reason,
    at: now,
  });
  return decision;
}
