/**
 * C4.1–C4.5, C5.4, C2.2, C12.1: a customer asks to move one or more changes. Each request is
 * stored with its decision (C10.1); a granted one moves the change (conditional write); a
 * pending-review one waits in the CS queue; a refused one is recorded. One notice per outcome
 * tells the customer's contacts (C4.5). Idempotent: the request id derives from the inbound
 * message id or the API idempotency key, so a replay returns the first decision.
 */
import { type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import { assertTransition } from '../../domain/change-state.ts';
import { NotFoundError } from '../../domain/errors.ts';
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
import { sendDecisionNotice } from '../shared/decision-notice.ts';
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

const NOTICE_KIND = {
  granted: 'postponement-granted',
  refused: 'postponement-refused',
  'pending-review': 'postponement-review',
} as const;

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

export async function requestPostponement(
  deps: ChannelDeps,
  input: PostponementInput,
): Promise<PostponementResult[]> {
  const changes: Change[] = [];
  for (const id of input.changeIds) changes.push(await loadOwnChange(deps, id, input.customerId));
  const customer = await deps.store.directory.getCustomer(input.customerId);
  if (!customer) throw new NotFoundError('customer', input.customerId);

  const results: { result: PostponementResult; change: Change }[] = [];
  for (const change of changes) results.push(await decideOne(deps, input, customer, change));

  for (const outcome of ['granted', 'refused', 'pending-review'] as const) {
    const group = results.filter((r) => r.result.outcome === outcome);
    const first = group[0];
    if (!first) continue;
    // C4.5: one notice per outcome; its id derives from the first request, so a replay finds it.
    await sendDecisionNotice(deps, {
      kind: NOTICE_KIND[outcome],
      customerId: input.customerId,
      changes: group.map((g) => g.change),
      requestId: first.result.requestId,
      clause: first.result.clause,
      reason: first.result.reason,
      at: deps.clock.now(),
    });
  }
  return results.map((r) => r.result);
}

async function decideOne(
  deps: ChannelDeps,
  input: PostponementInput,
  customer: Customer,
  change: Change,
): Promise<{ result: PostponementResult; change: Change }> {
  const { store } = deps;
  const requestId = requestIdFor(input.via, input.customerId, input.requestKey, change.id);
  const existing = await store.requests.getRequest(requestId);
  if (existing?.decision) {
    const current = (await store.changes.getChange(change.id)) ?? change;
    return { result: resultOf(requestId, change.id, existing.decision), change: current };
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
  if (!existing) {
    await store.requests.saveRequest(
      request,
      auditEvent({
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
    );
    if (request.riskAcceptance) {
      // C4.3: who, when, exact words.
      await store.audit.append([
        auditEvent({
          type: 'postponement.risk-accepted',
          actor,
          at: input.receivedAt,
          subjectId: requestId,
          customerId: input.customerId,
          clause: 'C4.3',
          data: { changeId: change.id, ...request.riskAcceptance },
          key: requestId,
        }),
      ]);
    }
  }

  const now = deps.clock.now();
  // A retry after a crash between moving the change and recording the decision: the change's
  // history already names this request, so the grant is not applied twice.
  const earlier = change.history.find((t) => t.reason.includes(requestId));
  const verdict = earlier
    ? {
        outcome: 'granted' as const,
        clause: earlier.clause ?? 'C4.4',
        reason: earlier.reason,
        newApplyAt: change.applyAt,
      }
    : decidePostponement({ change, request, customer, cfg: deps.cfg, now: input.receivedAt });
  const decision: PostponementDecision = {
    outcome: verdict.outcome,
    clause: verdict.clause,
    reason: verdict.reason,
    decidedBy: 'policy',
    decidedAt: toIso(now),
  };
  if (verdict.newApplyAt) decision.newApplyAt = isoOf(verdict.newApplyAt);

  let after = change;
  if (decision.outcome === 'granted' && !earlier && decision.newApplyAt) {
    after = await grant(deps, change, requestId, decision, now);
  }
  await store.requests.decide(
    requestId,
    decision,
    auditEvent({
      type: `postponement.${decision.outcome}`,
      actor: 'policy',
      at: now,
      subjectId: requestId,
      customerId: input.customerId,
      clause: decision.clause,
      data: { changeId: change.id, reason: decision.reason, newApplyAt: decision.newApplyAt },
      key: requestId,
    }),
  );
  return { result: resultOf(requestId, change.id, decision), change: after };
}

/** C4.4 / C5.4: the granted change moves to its new date, conditional on its version. */
export async function grant(
  deps: ChannelDeps,
  change: Change,
  requestId: string,
  decision: PostponementDecision,
  now: Instant,
): Promise<Change> {
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
  await deps.store.changes.updateChanges(
    [{ next, expectedVersion: change.version }],
    [
      auditEvent({
        type: 'change.postponed',
        actor: decision.decidedBy,
        at: now,
        subjectId: change.id,
        customerId: change.customerId,
        clause: decision.clause,
        data: { requestId, from: change.applyAt, to: newApplyAt },
        key: requestId,
      }),
    ],
  );
  return next;
}

const isoOf = (value: unknown): string =>
  typeof value === 'string' ? toIso(toInstant(value)) : toIso(value as Instant);

const resultOf = (requestId: string, changeId: string, d: PostponementDecision): PostponementResult => ({
  requestId,
  changeId,
  outcome: d.outcome,
  clause: d.clause,
  reason: d.reason,
  newApplyAt: d.newApplyAt,
});
