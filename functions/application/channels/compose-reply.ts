/**
 * C12.2: the plain-text reply to a registered contact whose email could not be taken as a
 * request. Marked auto-replied so an out-of-office on the other side does not answer it back.
 */
import type { Instant } from '../../domain/calendar.ts';
import { ATTEMPT_TAG, type OutgoingMail } from '../ports.ts';

export type ReplyInput = {
  from: string;
  to: string;
  subject: string;
  inReplyTo?: string | undefined;
  text: string;
  date: Instant;
  /** DESIGN.md rule 4: the sending attempt, so the mail service's events name this reply. */
  attemptId?: string | undefined;
};

export async function composeReply(input: ReplyInput): Promise<OutgoingMail> {
  const subject = /^re:/i.test(input.subject) ? input.subject : `Re: ${input.subject || 'your message'}`;
  return {
    from: input.from,
    to: [input.to],
    subject,
    text: input.text,
    date: new Date(input.date.epochMilliseconds),
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      ...(input.attemptId ? { 'X-Notice-Attempt': input.attemptId } : {}),
    },
    ...(input.attemptId ? { tags: { [ATTEMPT_TAG]: input.attemptId } } : {}),
  };
}
