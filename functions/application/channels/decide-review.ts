/**
 * C4.4: a postponement beyond the minor-adjustment limits waits as `pending-review`; the CS team
 * approves or refuses it with a reason, and the customer is told (C4.5). The decision, the change's
 * move and the notice's claim are ONE transaction (DESIGN.md rule 1); deciding the same review
 * again the same way finishes its notice and changes nothing else.
 */
import { toInstant, toIso } from '../../domain/calendar.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { PostponementDecision, PostponementRequest } from '../../domain/records.ts';
import type { Page, PageRequest } from '../paged-reads.ts';
import type { Write } from '../ports.ts';
import { moveWrites } from '../shared/change-moves.ts';
import { decisionNoticeDraft } from '../shared/decision-notice.ts';
import { held, holderOf } from '../shared/holder.ts';
import { dispatchNotice, prepareNotice, sendPrepared } from '../shared/notice-outbox.ts';
import { auditEvent } from './audit-events.ts';
import type { ChannelDeps } from './deps.ts';
import { grantMove } from './request-postponement.ts';

export type ReviewInput = {
  requestId: string;
  approve: boolean;
  reason: string;
  /** The CS identity that decides (C10.1). */
  actor: string;
};

const outcomeOf = (approve: boolean) => (approve ? ('granted' as const) : ('refused' as const));

export async function listReviews(deps: ChannelDeps): Promise<PostponementRequest[]> {
  return deps.store.requests.listPendingReviews();
}

/** A page of the review queue, oldest request first (what the CS API serves). */
export const reviewQueue = (deps: ChannelDeps, page: PageRequest): Promise<Page<PostponementRequest>> =>
  deps.store.pages.pendingReviews(page);

export async function decideReview(deps: ChannelDeps, input: ReviewInput): Promise<PostponementDecision> {
  const d = held(deps);
  try {
    return await decideOnce(d, input);
  } catch (error) {
    // A concurrent delivery of the same decision committed first: what it decided is the answer.
    if (!(error instanceof ConflictError)) throw error;
    return decideOnce(d, input);
  }
}

async function decideOnce(deps: ChannelDeps, input: ReviewInput): Promise<PostponementDecision> {
  const { store } = deps;
  const me = holderOf(deps);
  const request = await store.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError('postponement request', input.requestId);
  const pending = request.decision;
  const customer = await store.directory.getCustomer(request.customerId);
  if (!customer) throw new NotFoundError('customer', request.customerId);
  if (pending?.outcome !== 'pending-review') {
    // The same decision again (a retry of the CS call): finish its notice, change nothing.
    const same =
      pending?.decidedBy === input.actor &&
      pending.outcome === outcomeOf(input.approve) &&
      pending.reason === input.reason;
    if (pending && same) {
      const change = await store.changes.getChange(request.changeId);
      if (change) await dispatchNotice(deps, draftOf(deps, request, pending, customer, [change]), me);
      return pending;
    }
    throw new ConflictError(
      `request ${input.requestId} is not waiting for review (it is ${pending?.outcome ?? 'undecided'})`,
    );
  }
  const change = await store.changes.getChange(request.changeId);
  if (!change) throw new NotFoundError('change', request.changeId);
  const now = deps.clock.now();
  const decision: PostponementDecision = {
    outcome: outcomeOf(input.approve),
    clause: 'C4.4',
    reason: input.reason,
    decidedBy: input.actor,
    decidedAt: toIso(now),
    ...(input.approve && pending.newApplyAt ? { newApplyAt: pending.newApplyAt } : {}),
  };
  const writes: Write[] = [
    { replace: 'request', record: { ...request, decision }, seen: request },
    {
      audit: auditEvent({
        type: `postponement.review-${input.approve ? 'approved' : 'refused'}`,
        actor: input.actor,
        at: now,
        subjectId: request.id,
        customerId: request.customerId,
        clause: 'C4.4',
        data: { changeId: change.id, reason: input.reason, newApplyAt: decision.newApplyAt },
        key: `review:${request.id}`,
      }),
    },
  ];
  let after = change;
  if (input.approve) {
    const move = grantMove(change, request.id, decision, now);
    writes.push(...moveWrites(move));
    after = move.next;
  }
  const prepared = prepareNotice(deps, draftOf(deps, request, decision, customer, [after]), me, now);
  await store.commit([...writes, ...prepared.writes]);
  await sendPrepared(deps, prepared, me);
  return decision;
}

function draftOf(
  deps: ChannelDeps,
  request: PostponementRequest,
  decision: PostponementDecision,
  customer: Parameters<typeof decisionNoticeDraft>[1]['customer'],
  changes: Parameters<typeof decisionNoticeDraft>[1]['changes'],
) {
  return decisionNoticeDraft(deps, {
    outcome: decision.outcome,
    customer,
    changes,
    requestId: request.id,
    clause: 'C4.4',
    reason: decision.reason,
    at: toInstant(decision.decidedAt),
  });
}
