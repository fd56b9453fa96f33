/**
 * The one mapping from why an emailed request was not taken to the words a registered contact
 * reads (C12.2: why, and what to do). Nobody else ever gets a reply.
 */
import { RISK_STATEMENT } from './risk-statement.ts';

export type InboundRefusal =
  | 'no-token'
  | 'token-refused'
  | 'unknown-command'
  | 'invalid-date'
  | 'no-reason'
  | 'not-found'
  | 'invalid-request';

const GRAMMAR =
  'To ask for a postponement, reply to the notice email itself (keep its reply address) and write, ' +
  'above the quoted notice, for example:\n\n' +
  '  Please postpone to 2026-12-09 because <your important business reason>. ' +
  'We accept the interim risks.\n\n' +
  'The date (YYYY-MM-DD) is optional: without one we move the change to the next window (or ' +
  'night, for urgent work). A postponement takes effect only when you accept the interim risks ' +
  `(C4.3): "${RISK_STATEMENT}"\n\n` +
  'A change cannot be skipped or cancelled (C2.2); only its date can be moved, within the limits of ' +
  'your service contract. You can also use the customer API: POST /v1/changes/{id}/postponements.';

const WHY: Record<InboundRefusal, string> = {
  'no-token':
    'We could not tell which notice your email answers: it was not sent to the reply address of a notice.',
  'token-refused':
    'The reply address you wrote to is no longer valid: it was already used for a request, or the ' +
    'deadline for postponing the changes of that notice has passed (C12.2, C4.2). Each notice ' +
    'accepts one emailed request.',
  'unknown-command': 'We could not read a postponement request in your email.',
  'invalid-date': 'The date in your request is not a valid calendar date.',
  'no-reason': 'Your request did not give an important business reason, which is required (C4.1).',
  'not-found': 'The changes of that notice are no longer on record for your organisation.',
  'invalid-request': 'Your request could not be recorded as written.',
};

export function replyText(refusal: InboundRefusal, detail?: string): string {
  const lines = [WHY[refusal]];
  if (detail) lines.push(detail);
  lines.push('', 'Nothing has been changed.', '', GRAMMAR);
  return lines.join('\n');
}
