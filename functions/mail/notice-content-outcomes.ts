/**
 * The notices that follow an event: a postponement granted (C4.5), refused (C2.2, C4.2, C5.4),
 * sent to the CS team for review (C4.4), and a failed application (C8.3). What goes to customers
 * names no clause id (they stay in the clauses list and the X-Contract-Clauses header); the review
 * notice is the CS team's and keeps them.
 */
import { ValidationError } from '../domain/errors.ts';
import type { NoticeContent } from './notice-blocks.ts';
import { changeList, greeting, HEADINGS, local, plural, REPLY_EXAMPLE } from './notice-phrases.ts';
import type { NoticeView } from './notice-view.ts';

function need<T>(value: T | undefined, view: NoticeView, field: string): T {
  if (value === undefined) {
    throw new ValidationError(`a ${view.kind} notice needs ${field}`, [{ path: field, message: 'required' }]);
  }
  return value;
}

/** C4.5: confirmation of a granted postponement, with the new date. */
export function grantedContent(view: NoticeView): NoticeContent {
  const newDate = local(view, need(view.newApplyAt, view, 'newApplyAt'));
  return {
    subject: `Postponement granted: new date ${newDate}`,
    clauses: ['C4.3', 'C4.5'],
    blocks: [
      { kind: 'heading', text: HEADINGS.granted },
      greeting(view),
      {
        kind: 'paragraph',
        text: `Your postponement request is granted. ${plural(view.lines.length, 'change', 'changes')} will now be applied on ${newDate}.`,
      },
      changeList(view),
      {
        kind: 'paragraph',
        // C4.3, C7.1
        text:
          "We recorded your acceptance of the interim risks to the server's reliability and to the " +
          'availability, privacy and integrity of your data until then. Expect a partial or complete ' +
          'loss of service while the changes are applied.',
      },
    ],
  };
}

/** C2.2 / C4.2 / C5.4: a clear refusal that says why and what the customer can do. */
export function refusedContent(view: NoticeView): NoticeContent {
  const refusal = need(view.refusal, view, 'refusal');
  const whatYouCanDo =
    refusal.clause === 'C2.2'
      ? 'A change cannot be skipped or cancelled, but you can ask to move its date, with a line such as:'
      : 'If the deadline has not passed, you can send a new request with a line such as:';
  const deadline = view.postponeUntil
    ? ` Requests are accepted until ${local(view, view.postponeUntil)}.`
    : '';
  return {
    subject: 'Postponement request refused',
    clauses: [refusal.clause, 'C2.2', 'C4.1'],
    blocks: [
      { kind: 'heading', text: HEADINGS.refused },
      greeting(view),
      { kind: 'paragraph', text: `We cannot accept your request: ${refusal.reason}` },
      ...(view.lines.length > 0
        ? [
            { kind: 'paragraph' as const, text: 'These changes keep their date:' },
            changeList(view, { route: true }),
          ]
        : []),
      { kind: 'paragraph', text: `${whatYouCanDo}${deadline}` },
      { kind: 'example', text: REPLY_EXAMPLE },
    ],
  };
}

/** C4.4: a request beyond the minor-adjustment limits, sent to the CS team to approve or refuse. */
export function reviewContent(view: NoticeView): NoticeContent {
  const request = need(view.request, view, 'request');
  return {
    subject: `Postponement to review: ${view.customer.name} (${view.customer.id})`,
    clauses: ['C4.3', 'C4.4'],
    blocks: [
      { kind: 'heading', text: HEADINGS.review },
      {
        kind: 'paragraph',
        text:
          `Customer ${view.customer.name} (${view.customer.id}) asks for a postponement beyond the minor ` +
          'adjustments granted automatically (C4.4). Please approve or refuse it.',
      },
      {
        kind: 'list',
        items: [
          `Request: ${request.id}`,
          `From: ${request.requester}`,
          `Received: ${local(view, request.receivedAt)}`,
          `Requested date: ${request.requestedDate ?? 'next window'}`,
          `Reason: ${request.reason}`,
          `Risk acceptance (C4.3): ${request.riskAcceptanceWords ?? 'none given'}`,
        ],
      },
      changeList(view),
    ],
  };
}

/** C8.3: the change was reversed, the server still works, and when it will be repeated. */
export function failureContent(view: NoticeView): NoticeContent {
  const repeat = local(view, need(view.repeatAt, view, 'repeatAt'));
  return {
    subject: `Change reversed automatically, to be repeated on ${repeat}`,
    clauses: ['C6.2', 'C6.4', 'C8.1', 'C8.3'],
    blocks: [
      { kind: 'heading', text: HEADINGS.failure },
      greeting(view),
      {
        kind: 'paragraph',
        text:
          // C6.2
          `Applying ${plural(view.lines.length, 'change', 'changes')} to your servers did not succeed. The ` +
          'change was reversed automatically: your server still works, on its previous version.',
      },
      changeList(view),
      {
        kind: 'paragraph',
        text:
          // C6.4, C7.1
          `We will repeat the change on ${repeat}. Expect a partial or complete loss of service ` +
          'while it is applied.',
      },
    ],
  };
}
