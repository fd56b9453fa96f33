/**
 * Composes a notice (the Mailer sends it and SES composes the MIME, adapters/ses/send-email-input.ts):
 * a text and an HTML part, `Auto-Submitted: auto-generated` (RFC 3834, so well-behaved auto-responders stay silent), the
 * reply-token address as Reply-To (C12.2), and for advance notices the window as an .ics
 * attachment (C3.3, C5.2).
 *
 * Note: SES sets the Message-ID and Date headers itself (the SES Mailer does not send these two);
 * the Message-ID set here identifies the notice for any other transport and in tests, and the
 * notice id travels in `X-Notice-Id` regardless.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../domain/errors.ts';
import { renderHtml, renderText } from './notice-blocks.ts';
import { windowCalendar } from './notice-calendar.ts';
import { noticeContent } from './notice-content.ts';
import { footer } from './notice-phrases.ts';
import type { NoticeView } from './notice-view.ts';
import type { OutgoingMail } from './outgoing-mail.ts';

/** `notices@patch.example` or `"Patch Promise" <notices@patch.example>` → `patch.example`. */
const domainOf = (address: string): string =>
  address.slice(address.lastIndexOf('@') + 1).replace(/[>\s]+$/, '');

/** `<notice-<readable id>.<hash>@domain>`: stable per notice, valid whatever the id's characters. */
export function noticeMessageId(noticeId: string, domain: string): string {
  const readable = noticeId.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 40);
  const hash = createHash('sha256').update(noticeId).digest('hex').slice(0, 16);
  return `<notice-${readable}.${hash}@${domain}>`;
}

export const calendarUid = (noticeId: string, domain: string): string =>
  `${createHash('sha256').update(noticeId).digest('hex').slice(0, 32)}@${domain}`;

export async function composeNotice(view: NoticeView): Promise<OutgoingMail> {
  // C4.4: a review goes to the CS team, never by default to the customer it is about.
  if (view.kind === 'postponement-review' && !view.to) {
    throw new ValidationError('a postponement-review notice needs its CS recipients', [
      { path: 'to', message: 'required' },
    ]);
  }
  const to = view.to ?? view.customer.contacts;
  if (to.length === 0) throw new ValidationError('a notice needs at least one recipient');
  const domain = view.messageIdDomain ?? domainOf(view.from);
  const content = noticeContent(view);
  const blocks = [...content.blocks, footer(view, content.clauses)];
  const text = renderText(blocks);
  const attachments =
    (view.kind === 'scheduled' || view.kind === 'urgent') && view.window
      ? [
          {
            filename: 'maintenance-window.ics',
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: windowCalendar({
              uid: calendarUid(view.noticeId, domain),
              summary: content.subject,
              description: text,
              start: view.window.start,
              end: view.window.end,
              stamp: view.date,
            }),
          },
        ]
      : [];
  return {
    from: view.from,
    to,
    ...(view.replyTo ? { replyTo: view.replyTo } : {}),
    subject: content.subject,
    text,
    html: renderHtml(blocks, content.subject),
    messageId: noticeMessageId(view.noticeId, domain),
    date: new Date(view.date.epochMilliseconds),
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Notice-Id': view.noticeId,
      ...(view.attemptId ? { 'X-Notice-Attempt': view.attemptId } : {}),
      'X-Notice-Kind': view.kind,
      'X-Contract-Clauses': [...new Set(content.clauses)].join(', '),
    },
    attachments,
  };
}
