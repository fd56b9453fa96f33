/**
 * The SES v2 SendEmail request of an OutgoingMail, with Simple content (issue 14): SES composes the
 * MIME message from the subject, the text and HTML bodies, the headers and the attachments, so no
 * MIME library travels in any bundle.
 *
 * What SES sets itself rather than taking from the OutgoingMail: the From, To, Reply-To and Subject
 * headers (from the request's own fields), Content-Type and the MIME structure, and Message-ID and
 * Date, which SES replaces on every message anyway ("Amazon SES header fields"): `mail.messageId`
 * and `mail.date` are not sent. A custom header that names one of these is refused with
 * MailRejectedError: the message could never go out as composed.
 */
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { MailRejectedError } from '../../application/mail-errors.ts';
import type { OutgoingMail } from '../../mail/outgoing-mail.ts';

const UTF8 = 'UTF-8';

/** Headers the request's own fields and SES set; never custom headers (lower-case). */
const SET_BY_SES = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'return-path',
  'sender',
]);

/** Longest encoded-word payload per RFC 2047 (75 characters in all) in UTF-8 bytes before base64. */
const WORD_BYTES = 45;

/**
 * A header value as SES v2 takes it (printable ASCII): a value with other characters becomes RFC
 * 2047 encoded-words (base64, UTF-8), split on character boundaries, as MailComposer wrote them.
 */
export function headerValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

function headersOf(mail: OutgoingMail): { Name: string; Value: string }[] {
  const headers = Object.entries(mail.headers).map(([Name, value]) => {
    if (SET_BY_SES.has(Name.toLowerCase())) {
      throw new MailRejectedError(
        'ReservedHeader',
        `the ${Name} header is set by SES from the request, not as a custom header`,
      );
    }
    return { Name, Value: headerValue(value) };
  });
  if (mail.inReplyTo) {
    headers.push({ Name: 'In-Reply-To', Value: headerValue(mail.inReplyTo) });
    headers.push({ Name: 'References', Value: headerValue(mail.inReplyTo) });
  }
  return headers;
}

export function sendEmailInput(
  mail: OutgoingMail,
  options: { configurationSetName?: string | undefined } = {},
): SendEmailCommandInput {
  const headers = headersOf(mail);
  return {
    FromEmailAddress: mail.from,
    Destination: { ToAddresses: mail.to },
    ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
    Content: {
      Simple: {
        Subject: { Data: mail.subject, Charset: UTF8 },
        Body: {
          Text: { Data: mail.text, Charset: UTF8 },
          ...(mail.html !== undefined ? { Html: { Data: mail.html, Charset: UTF8 } } : {}),
        },
        ...(headers.length ? { Headers: headers } : {}),
        ...(mail.attachments?.length
          ? {
              Attachments: mail.attachments.map((a) => ({
                FileName: a.filename,
                // e.g. `text/calendar; charset=utf-8; method=PUBLISH` (at most 78 characters).
                ContentType: a.contentType,
                ContentDisposition: 'ATTACHMENT' as const,
                ContentTransferEncoding: 'BASE64' as const,
                RawContent: Buffer.from(a.content, 'utf8'),
              })),
            }
          : {}),
      },
    },
    // DESIGN.md rule 4: the attempt's tag comes back in the configuration set's events.
    ...(mail.tags ? { EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
    ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
  };
}
