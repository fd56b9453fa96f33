/**
 * The one mapping from why an emailed request was not taken to the words a registered contact
 * reads (C12.2: why, and what to do). Nobody else ever gets a reply. The words name no clause ids
 * and no internal ids; the example date is always ahead of the reply, near the notice's window.
 */
import { type Instant, Temporal } from '../../domain/calendar.ts';
import { dateInWords } from '../../mail/reply-date.ts';
import { RISK_STATEMENT } from './risk-statement.ts';

export type InboundRefusal =
  | 'no-token'
  | 'token-refused'
  | 'unknown-command'
  | 'invalid-date'
  | 'ambiguous-date'
  | 'no-reason'
  | 'not-found'
  | 'invalid-request'
  | 'too-large';

/** What the reply's example uses: a date (YYYY-MM-DD) the customer could really ask for. */
export type ReplyContext = { exampleDate: string };

/**
 * The example date of a reply: a week after the notice's first change (its next window; the next
 * night for an urgent notice), or two weeks after receipt when the notice is not known; never
 * before the day after receipt.
 */
export function exampleDate(input: {
  receivedAt: Instant;
  timeZone?: string | undefined;
  notice?: { firstApplyAt: Instant; urgent: boolean } | undefined;
}): string {
  const zone = input.timeZone ?? 'UTC';
  const received = input.receivedAt.toZonedDateTimeISO(zone).toPlainDate();
  const fromNotice = input.notice
    ? input.notice.firstApplyAt
        .toZonedDateTimeISO(zone)
        .toPlainDate()
        .add({ days: input.notice.urgent ? 1 : 7 })
    : undefined;
  const earliest = received.add({ days: 1 });
  return fromNotice && Temporal.PlainDate.compare(fromNotice, earliest) >= 0
    ? fromNotice.toString()
    : received.add({ days: 14 }).toString();
}

const grammar = (date: string): string =>
  'To ask for a postponement, reply to the notice email itself (keep its reply address) and write, ' +
  'above the quoted notice, for example:\n\n' +
  `  Please postpone to ${date} because <your important business reason>. We accept the interim risks.\n\n` +
  `The date is optional: without one we move the change to the next window (or night, for urgent ` +
  `work). Write it as ${date} or ${dateInWords(date)}. A postponement takes effect only when you ` +
  `accept the interim risks: "${RISK_STATEMENT}"\n\n` +
  'A change cannot be skipped or cancelled; only its date can be moved, within the limits of your ' +
  'service contract. You can also use the customer API: POST /v1/changes/<change id>/postponements, ' +
  'with the change ids listed in the notice.';

const WHY: Record<InboundRefusal, string> = {
  'no-token':
    'We could not tell which notice your email answers: it was not sent to the reply address of a notice.',
  'token-refused':
    'The reply address you wrote to is no longer valid: it was already used for a request, or the ' +
    'deadline for postponing the changes of that notice has passed. Each notice accepts one emailed request.',
  'unknown-command': 'We could not read a postponement request in your email.',
  'invalid-date': 'We could not read the date in your request as a calendar date.',
  'ambiguous-date': 'We could not tell for certain which date your request asks for.',
  'no-reason': 'Your request did not give an important business reason, which is required.',
  'not-found': 'The changes of that notice are no longer on record for your organisation.',
  'invalid-request': 'Your request could not be recorded as written.',
  'too-large': 'Your email is larger than we accept, so we did not read it.',
};

/** What to do, beyond the grammar, for the refusals that need it. */
const WHAT_TO_DO: Partial<Record<InboundRefusal, (c: ReplyContext) => string>> = {
  'invalid-date': (c) => `Please write the date as ${c.exampleDate} or ${dateInWords(c.exampleDate)}.`,
  'ambiguous-date': (c) =>
    `Please write the one date you want, as ${c.exampleDate} or ${dateInWords(c.exampleDate)}, right after "postpone to".`,
  'too-large': () =>
    'A postponement request needs only a few lines of text: reply to the notice again without ' +
    'attachments (this reply address still works).',
};

export function replyText(
  refusal: InboundRefusal,
  detail: string | undefined,
  context: ReplyContext,
): string {
  const lines = [WHY[refusal]];
  if (detail) lines.push(detail);
  const whatToDo = WHAT_TO_DO[refusal]?.(context);
  if (whatToDo) lines.push(whatToDo);
  lines.push('', 'Nothing has been changed.', '', grammar(context.exampleDate));
  return lines.join('\n');
}

/** "15.2 MB": a size as the customer reads it. */
export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
