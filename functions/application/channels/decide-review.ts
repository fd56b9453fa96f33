/**
 * C4.4: a postponement beyond the minor-adjustment limits waits as `pending-review`; the CS team
 * approves or refuses it with a reason, and the customer is told (C4.5). The decision, the change's
 * move and the notice's claim are ONE transaction (DESIGN.md rule 1); deciding the same review
 * again the same way finishes its notice and changes nothing else.
 */
import { toInstant, toIso } from '../../domain/calendar.ts';
import { canTransition } from '../../domain/change-state.ts';
import type { Holder } from '../../domain/claims.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { Change, PostponementDecision, PostponementRequest } from '../../domain/records.ts';
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

/**
 * C4.4: the requests waiting for the CS team. One whose change has moved on (superseded, applied,
 * rescheduled after a failure) can no longer be decided: it closes itself here, with word to the
 * customer, and is not listed.
 */
export async function listReviews(deps: ChannelDeps): Promise<PostponementRequest[]> {
  const d = held(deps);
  const waiting: PostponementRequest[] = [];
  for (const request of await d.store.requests.listPendingReviews()) {
    const change = await d.store.changes.getChange(request.changeId);
    if (change && staleReason(change)) await closeStale(d, request, change);
    else waiting.push(request);
  }
  return waiting;
}

/** Why a review of this change can no longer be decided (C2.1, C6.4), or undefined while it can. */
export function staleReason(change: Change): string | undefined {
  if (canTransition(change.state, 'postponed')) return undefined;
  if (change.state === 'superseded') {
    const by = change.history.at(-1)?.reason ?? 'replaced by a newer release';
    return `The change your request was about was ${by}: the newer release gets its own notice, and you can ask to move it from there.`;
  }
  if (change.state === 'applying' || change.state === 'succeeded') {
    return 'The change your request was about has already been applied, so its date can no longer be moved.';
  }
  return 'The change your request was about was rescheduled after a failed application; you can ask to move it from its new notice.';
}

const SYSTEM = 'system:review-closed';

/** C4.4: a review that can no longer be decided is closed, refused with its reason, and the customer told. */
async function closeStale(
  deps: ChannelDeps & { holder: Holder },
  request: PostponementRequest,
  change: Change,
) {
  const reason = staleReason(change) as string;
  const now = deps.clock.now();
  const decision: PostponementDecision = {
    outcome: 'refused',
    clause: 'C2.1',
    reason,
    decidedBy: SYSTEM,
    decidedAt: toIso(now),
  };
  const customer = await deps.store.directory.getCustomer(request.customerId);
  if (!customer) throw new NotFoundError('customer', request.customerId);
  const prepared = prepareNotice(
    deps,
    draftOf(deps, request, decision, customer, [change]),
    deps.holder,
    now,
  );
  try {
    await deps.store.commit([
      { replace: 'request', record: { ...request, decision }, seen: request },
      {
        audit: auditEvent({
          type: 'postponement.review-closed',
          actor: SYSTEM,
          at: now,
          subjectId: request.id,
          customerId: request.customerId,
          clause: 'C4.4',
          data: { changeId: change.id, state: change.state, reason },
          key: `review:${request.id}`,
        }),
      },
      ...prepared.writes,
    ]);
  } catch (error) {
    if (error instanceof ConflictError) return; // closed or decided meanwhile
    throw error;
  }
  await sendPrepared(deps, prepared, deps.holder);
  return decision;
}

/**
 * A page of the review queue, oldest request first (what the CS API serves). As in listReviews, a
 * request whose change has moved on closes itself and is left out of the page.
 */
export async function reviewQueue(deps: ChannelDeps, page: PageRequest): Promise<Page<PostponementRequest>> {
  const d = held(deps);
  const found = await d.store.pages.pendingReviews(page);
  const changes = await d.store.changes.getChanges(found.items.map((r) => r.changeId));
  const byId = new Map(changes.map((c) => [c.id, c]));
  const items: PostponementRequest[] = [];
  for (const request of found.items) {
    const change = byId.get(request.changeId);
    if (change && staleReason(change)) await closeStale(d, request, change);
    else items.push(request);
  }
  return { ...found, items };
}

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
    // The same decision again (a retry of the CS call), or a review that closed itself: finish its
    // notice, change nothing.
    const same =
      pending?.decidedBy === SYSTEM ||
      (pending?.decidedBy === input.actor &&
        pending.outcome === outcomeOf(input.approve) &&
        pending.reason === input.reason);
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
  if (staleReason(change)) {
    // C4.4: the change moved on since the request; it closes itself instead of failing the CS call.
    return (await closeStale({ ...deps, holder: me }, request, change)) ?? decideOnce(deps, input);
  }
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
