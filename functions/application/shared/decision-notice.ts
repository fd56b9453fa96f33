/**
 * C4.5 / C2.2 / C4.4: the notice that follows a postponement decision, for the channels (API and
 * email). Granted → the new date to the customer's contacts; refused → the reason and what the
 * customer can still do; pending-review → the request to the CS team (`reviewTo`).
 */
import { type Instant, toInstant } from '../../domain/calendar.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { postponementDeadline } from '../../domain/planning.ts';
import type { Change, NoticeKind } from '../../domain/records.ts';
import type { NoticeDeps } from './deps.ts';
import { decisionNoticeIdOf } from './ids.ts';
import { type DispatchResult, dispatchNotice, type NoticeDraft } from './notice-dispatch.ts';

export type DecisionNoticeInput = {
  kind: Extract<NoticeKind, 'postponement-granted' | 'postponement-refused' | 'postponement-review'>;
  customerId: string;
  /** The changes as they are after the decision (their new applyAt when granted). */
  changes: Change[];
  requestId: string;
  clause: string;
  reason: string;
  at: Instant;
};

export async function sendDecisionNotice(
  deps: NoticeDeps & { reviewTo?: string[] },
  input: DecisionNoticeInput,
): Promise<DispatchResult> {
  const customer = await deps.store.directory.getCustomer(input.customerId);
  if (!customer) throw new NotFoundError('customer', input.customerId);
  const first = input.changes[0];
  const draft: NoticeDraft = {
    id: decisionNoticeIdOf(input.customerId, input.kind, input.requestId),
    kind: input.kind,
    customer,
    changes: input.changes,
    sendBy: input.at,
    actor: 'system',
  };
  if (input.kind === 'postponement-granted' && first) {
    draft.newApplyAt = toInstant(first.applyAt); // C4.5: the new date
  }
  if (input.kind === 'postponement-refused') {
    draft.refusal = { clause: input.clause, reason: input.reason };
    if (first) {
      const until = postponementDeadline(toInstant(first.applyAt), customer, deps.cfg);
      if (until.epochMilliseconds > input.at.epochMilliseconds) draft.postponeUntil = until; // may ask again
    }
  }
  if (input.kind === 'postponement-review') {
    const request = await deps.store.requests.getRequest(input.requestId);
    if (!request) throw new NotFoundError('request', input.requestId);
    draft.to = deps.reviewTo ?? [deps.mail.from];
    draft.request = {
      id: request.id,
      requester: request.requester,
      receivedAt: toInstant(request.receivedAt),
      reason: request.reason,
      ...(request.requestedDate ? { requestedDate: request.requestedDate } : {}),
      ...(request.riskAcceptance ? { riskAcceptanceWords: request.riskAcceptance.words } : {}),
    };
  }
  return dispatchNotice(deps, draft);
}
