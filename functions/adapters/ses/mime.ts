/**
 * The MIME message of an OutgoingMail, built with nodemailer's MailComposer behind the Mailer port
 * (issue 14): only the functions that send mail carry it.
 *
 * Note: SES replaces the Message-ID and Date headers with its own on sending; the Message-ID set
 * here still identifies the message on every other transport and in tests.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingMail } from '../../mail/outgoing-mail.ts';

export async function toMime(mail: OutgoingMail): Promise<Uint8Array> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== undefined ? { html: mail.html } : {}),
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    date: mail.date,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: mail.inReplyTo } : {}),
    headers: mail.headers,
    ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
  });
  return composer.compile().build();
}
