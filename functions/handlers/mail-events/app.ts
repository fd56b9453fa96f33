/**
 * DESIGN.md rule 4: the mail-events function without its wiring. SNS delivers SES's events for
 * our messages (the configuration set's event destination); each one names its attempt by the
 * message tags the mailer set, and is recorded (runs/record-mail-event.ts).
 */
import { ATTEMPT_TAG, type MailEventRecord, NOTICE_TAG, noticeOfTag } from '../../application/ports.ts';
import { type MailEventResult, recordMailEvent } from '../../application/runs/record-mail-event.ts';
import type { BaseDeps } from '../../application/shared/deps.ts';
import { toInstant, toIso } from '../../domain/calendar.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { eventTypeOf, SesEventMessage } from './schema.ts';

export type MailEventOutcome = MailEventResult | { ignored: string };

export const mailEventsApp =
  (deps: BaseDeps) =>
  async (message: string, invocation?: Holder): Promise<MailEventOutcome> => {
    const event = parseOrThrow(SesEventMessage, parseJson(message), 'SES event');
    const type = eventTypeOf(event.eventType);
    const attemptId = event.mail.tags[ATTEMPT_TAG]?.[0];
    if (!type) return { ignored: `event type ${event.eventType} is not tracked` };
    if (!attemptId) return { ignored: 'not a notice of ours (no attempt tag)' };
    const noticeTag = event.mail.tags[NOTICE_TAG]?.[0];
    const record: MailEventRecord = {
      attemptId,
      noticeId: noticeTag ? noticeOfTag(noticeTag) : undefined,
      type,
      messageId: event.mail.messageId,
      at: toIso(toInstant(new Date(event.mail.timestamp).toISOString())),
    };
    return recordMailEvent({ ...deps, holder: invocation }, record);
  };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // the schema then says what is wrong with it
  }
}
