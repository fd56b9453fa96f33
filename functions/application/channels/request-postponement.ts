/**
 * C4.1–C4.5, C5.4, C2.2, C12.1: a customer asks to move one or more changes. Each request is stored
 * WITH its decision (judged on the receipt time, C11.3), its audit events (C10.1: the request, the
 * risk acceptance in the customer's words, the decision) and, when granted, the change's move; one
 * notice per outcome tells the customer's contacts (C4.5) or the CS team (C4.4). DESIGN.md rule 1:
 * when it fits (the usual case: up to about a dozen changes) all of it, the notices' claims
 * included, is ONE transaction. Idempotent: the request id derives from the inbound message id or
 * the API idempotency key, so a replay finds the decisions and finishes the notices.
 */
import { type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import { assertTransition } from '../../domain/change-state.ts';
import type { Holder } from '../../domain/claims.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { decidePostponement } from '../../domain/postponement-policy.ts';
import {
  type Change,
  type Channel,
  type Customer,
  type PostponementDecision,
  PostponementRequest,
  type RiskAcceptance,
} from '../../domain/records.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import type { Write } from '../ports.ts';
import { moveWrites } from '../shared/change-moves.ts';
import { decisionNoticeDraft } from '../shared/decision-notice.ts';
import { holderOf } from '../shared/holder.ts';
import { dispatchNotice, type PreparedNotice, prepareNotice, sendPrepared } from '../shared/notice-outbox.ts';
import { auditEvent, stableId } from './audit-events.ts';
import type { ChannelDeps } from './deps.ts';

export type PostponementInput = {
  changeIds: string[];
  customerId: string;
  via: Channel;
  requester: string;
  reason: string;
  requestedDate?: string | undefined;
  riskAcceptance?: RiskAcceptance | undefined;
  /** C11.3: the service's receipt time. */
  receivedAt: Instant;
  /** The inbound message id or the API idempotency key (or request id). */
  requestKey: string;
};

export type PostponementResult = {
  requestId: string;
  changeId: string;
  outcome: PostponementDecision['outcome'];
  clause: string;
  reason: string;
  newApplyAt?: string | undefined;
};

export const requestIdFor = (
  via: Channel,
  customerId: string,
  requestKey: string,
  changeId: string,
): string => `pr-${stableId(via, customerId, requestKey, changeId)}`;

/** C12.1: a change of another customer looks exactly like a missing one. */
export async function loadOwnChange(
  deps: ChannelDeps,
  changeId: string,
  customerId: string,
): Promise<Change> {
  const change = await deps.store.changes.getChange(changeId);
  if (!change || change.customerId !== customerId) throw new NotFoundError('change', changeId);
  return change;
}

/** One change's decision: found (a replay) or made now, with the writes that record it. */
type Decided = { result: PostponementResult; change: Change; writes: Write[] };

/** Transactions hold 100 items. */
const TRANSACTION_ITEMS = 100;

export async function requestPostponement(
  deps: ChannelDeps,
  input: PostponementInput,
): Promise<PostponementResult[]> {
  const me = holderOf(deps);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await decideAll(deps, me, input);
    } catch (error) {
      // A concurrent delivery of the same request committed first: read what it decided.
      if (!(error instanceof ConflictError) || attempt > 0) throw error;
    }
  }
}

async function decideAll(
  deps: ChannelDeps,
  me: Holder,
  input: PostponementInput,
): Promise<PostponementResult[]> {
  const changes: Change[] = [];
  for (const id of input.changeIds) changes.push(await loadOwnChange(deps, id, input.customerId));
  const customer = await deps.store.directory.getCustomer(input.customerId);
  if (!customer) throw new NotFoundError('customer', input.customerId);

  const decided: Decided[] = [];
  for (const change of changes) decided.push(await decideOne(deps, input, customer, change));

  // C4.5: one notice per outcome, named after its first request, so a replay finds it.
  const now = deps.clock.now();
  const drafts = (['granted', 'refused', 'pending-review'] as const).flatMap((outcome) => {
    const group = decided.filter((d) => d.result.outcome === outcome);
    const first = group[0];
    if (!first) return [];
    return [
      decisionNoticeDraft(deps, {
        outcome,
        customer,
        changes: group.map((g) => g.change),
        requestId: first.result.requestId,
        clause: first.result.clause,
        reason: first.result.reason,
        at: now,
      }),
    ];
  });
  const decisionWrites = decided.flatMap((d) => d.writes);
  const fresh = decisionWrites.length > 0;
  const prepared: PreparedNotice[] = fresh ? drafts.map((d) => prepareNotice(deps, d, me, now)) : [];
  const all = [...decisionWrites, ...prepared.flatMap((p) => p.writes)];
  if (fresh && all.length <= TRANSACTION_ITEMS) {
    await deps.store.commit(all); // decisions, moves and the notices' claims together
    for (const p of prepared) await sendPrepared(deps, p, me);
  } else {
    // A replay (the decisions are recorded), or a request too large for one transaction: each
    // decision in its own transaction, then each notice created or resumed on its own.
    for (const d of decided) if (d.writes.length) await deps.store.commit(d.writes);
    for (const draft of drafts) await dispatchNotice(deps, draft, me);
  }
  return decided.map((d) => d.result);
}

async function decideOne(
  deps: ChannelDeps,
  input: PostponementInput,
  customer: Customer,
  change: Change,
): Promise<Decided> {
  const requestId = requestIdFor(input.via, input.customerId, input.requestKey, change.id);
  const existing = await deps.store.requests.getRequest(requestId);
  if (existing?.decision) {
    return { result: resultOf(requestId, change.id, existing.decision), change, writes: [] };
  }
  const request = parseOrThrow(
    PostponementRequest,
    {
      id: requestId,
      changeId: change.id,
      customerId: input.customerId,
      via: input.via,
      requester: input.requester,
      reason: input.reason,
      requestedDate: input.requestedDate,
      riskAcceptance: input.riskAcceptance,
      receivedAt: toIso(input.receivedAt),
    },
    'postponement request',
  );
  const actor = `${input.via}:${input.requester}`;
  const now = deps.clock.now();
  const verdict = decidePostponement({ change, request, customer, cfg: deps.cfg, now: input.receivedAt });
  const decision: PostponementDecision = {
    outcome: verdict.outcome,
    clause: verdict.clause,
    reason: verdict.reason,
    decidedBy: 'policy',
    decidedAt: toIso(now),
    ...(verdict.newApplyAt ? { newApplyAt: toIso(verdict.newApplyAt) } : {}),
  };
  const writes: Write[] = [
    { create: 'request', record: { ...request, decision } },
    {
      audit: auditEvent({
        type: 'postponement.requested',
        actor,
        at: input.receivedAt,
        subjectId: requestId,
        customerId: input.customerId,
        clause: 'C4.1',
        data: {
          changeId: change.id,
          via: input.via,
          reason: request.reason,
          requestedDate: request.requestedDate,
        },
        key: requestId,
      }),
    },
    ...(request.riskAcceptance
      ? [
          {
            // C4.3: who, when, exact words.
            audit: auditEvent({
              type: 'postponement.risk-accepted',
              actor,
              at: input.receivedAt,
              subjectId: requestId,
              customerId: input.customerId,
              clause: 'C4.3',
              data: { changeId: change.id, ...request.riskAcceptance },
              key: requestId,
            }),
          },
        ]
      : []),
    {
      audit: auditEvent({
        type: `postponement.${decision.outcome}`,
        actor: 'policy',
        at: now,
        subjectId: requestId,
        customerId: input.customerId,
        clause: decision.clause,
        data: { changeId: change.id, reason: decision.reason, newApplyAt: decision.newApplyAt },
        key: requestId,
      }),
    },
  ];
  let after = change;
  if (decision.outcome === 'granted' && decision.newApplyAt) {
    const move = grantMove(change, requestId, decision, now);
    writes.push(...moveWrites(move));
    after = move.next;
  }
  return { result: resultOf(requestId, change.id, decision), change: after, writes };
}

/** C4.4 / C5.4: the granted change moves to its new date (its writes join the decision's transaction). */
export function grantMove(change: Change, requestId: string, decision: PostponementDecision, now: Instant) {
  assertTransition(change.state, 'postponed');
  const newApplyAt = decision.newApplyAt ?? change.applyAt;
  const next: Change = {
    ...change,
    state: 'postponed',
    applyAt: newApplyAt,
    originalApplyAt: change.originalApplyAt ?? change.applyAt,
    postponementCount: change.postponementCount + 1,
    version: change.version + 1,
    history: [
      ...change.history,
      {
        at: toIso(now),
        from: change.state,
        to: 'postponed',
        actor: decision.decidedBy,
        reason: `postponement ${requestId} granted: ${decision.reason}`.slice(0, 1000),
        clause: decision.clause,
      },
    ],
  };
  const audit = auditEvent({
    type: 'change.postponed',
    actor: decision.decidedBy,
    at: now,
    subjectId: change.id,
    customerId: change.customerId,
    clause: decision.clause,
    data: { requestId, from: change.applyAt, to: newApplyAt },
    key: requestId,
  });
  return { update: { next, expectedVersion: change.version }, audit, next };
}

const resultOf = (requestId: string, changeId: string, d: PostponementDecision): PostponementResult => ({
  requestId,
  changeId,
  outcome: d.outcome,
  clause: d.clause,
  reason: d.reason,
  newApplyAt: d.newApplyAt ? toIso(toInstant(d.newApplyAt)) : undefined,
});
