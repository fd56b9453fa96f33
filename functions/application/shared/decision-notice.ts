/**
 * C4.5 / C2.2 / C4.4: the notice that follows a postponement decision, for the channels (API and
 * email) and the cutoff run. Granted → the new date to the customer's contacts; refused → the reason
 * and what the customer can still do; pending-review → the request to the CS team (`reviewTo`).
 * The draft is prepared with the decision's own transaction (notice-outbox.ts prepareNotice).
 */
import { type Instant, toInstant } from '../../domain/calendar.ts';
import { postponementDeadline } from '../../domain/planning.ts';
import type { Change, Customer, DecisionOutcome, NoticeKind } from '../../domain/records.ts';
import type { NoticeDeps } from './deps.ts';
import { decisionNoticeIdOf } from './ids.ts';
import type { NoticeDraft } from './notice-outbox.ts';

export const NOTICE_KIND: Record<DecisionOutcome, Extract<NoticeKind, `postponement-${string}`>> = {
  granted: 'postponement-granted',
  refused: 'postponement-refused',
  'pending-review': 'postponement-review',
};

export type DecisionNoticeInput = {
  outcome: DecisionOutcome;
  customer: Customer;
  /** The changes as they are after the decision (their new applyAt when granted). */
  changes: Change[];
  /** The request the notice is named after (the first of its group). */
  requestId: string;
  clause: string;
  reason: string;
  at: Instant;
};

export function decisionNoticeDraft(
  deps: NoticeDeps & { reviewTo?: string[] | undefined },
  input: DecisionNoticeInput,
): NoticeDraft {
  const kind = NOTICE_KIND[input.outcome];
  const first = input.changes[0];
  const draft: NoticeDraft = {
    id: decisionNoticeIdOf(input.customer.id, kind, input.requestId),
    kind,
    customer: input.customer,
    changes: input.changes,
    sendBy: input.at,
    actor: 'system',
  };
  if (kind === 'postponement-granted' && first) draft.newApplyAt = toInstant(first.applyAt); // C4.5
  if (kind === 'postponement-refused') {
    draft.refusal = { clause: input.clause, reason: input.reason };
    if (first) {
      const until = postponementDeadline(toInstant(first.applyAt), input.customer, deps.cfg);
      if (until.epochMilliseconds > input.at.epochMilliseconds) draft.postponeUntil = until; // may ask again
    }
  }
  if (kind === 'postponement-review') {
    draft.to = deps.reviewTo ?? [deps.mail.from];
    draft.requestId = input.requestId;
  }
  return draft;
}
