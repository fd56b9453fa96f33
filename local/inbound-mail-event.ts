/**
 * A customer's reply as the stack receives it: a real MIME message (nodemailer MailComposer)
 * addressed to the notice's Reply-To token address, inside the SES receipt notification that the
 * SES receipt rule's SNS action publishes (content base64, with the mail service's verdicts), as
 * the SNS event the inbound-mail function gets. C11.3: the receipt timestamp is the service's own.
 */
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Instant } from '../functions/domain/calendar.ts';
import { toIso } from '../functions/domain/calendar.ts';
import type { SesSnsEvent } from './service-api.ts';

export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';
export type MailVerdicts = Partial<Record<'spf' | 'dkim' | 'dmarc' | 'spam' | 'virus', VerdictStatus>>;

export type InboundMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  verdicts?: MailVerdicts;
  receivedAt: Instant;
};

export const TOPIC_ARN = 'arn:aws:sns:eu-west-2:000000000000:patch-promise-inbound-mail';

/** The raw MIME bytes of a reply. */
export async function composeReply(mail: InboundMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    date: new Date(mail.receivedAt.epochMilliseconds),
    messageId: `<${randomUUID()}@${mail.from.split('@')[1] ?? 'customer.example'}>`,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
    headers: mail.headers ?? {},
  });
  return composer.compile().build();
}

/** The header list of a raw message (SES puts it in `mail.headers`). */
function headerList(raw: Buffer): { name: string; value: string }[] {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  return head
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => {
      const i = line.indexOf(':');
      return { name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() };
    })
    .filter((h) => h.name);
}

/** The SNS event carrying the SES receipt notification of `mail`. */
export async function sesSnsEvent(mail: InboundMail): Promise<SesSnsEvent> {
  const raw = await composeReply(mail);
  const headers = headerList(raw);
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  const at = toIso(mail.receivedAt);
  const verdict = (key: keyof MailVerdicts) => ({ status: mail.verdicts?.[key] ?? 'PASS' });
  const messageId = randomUUID();
  const notification = {
    notificationType: 'Received',
    mail: {
      timestamp: at,
      source: mail.from,
      messageId,
      destination: [mail.to],
      headersTruncated: false,
      headers,
      commonHeaders: {
        returnPath: mail.from,
        from: [header('From') ?? mail.from],
        date: header('Date') ?? new Date(mail.receivedAt.epochMilliseconds).toUTCString(),
        to: [mail.to],
        messageId: header('Message-ID') ?? messageId,
        subject: mail.subject,
      },
    },
    receipt: {
      timestamp: at,
      processingTimeMillis: 420,
      recipients: [mail.to],
      spamVerdict: verdict('spam'),
      virusVerdict: verdict('virus'),
      spfVerdict: verdict('spf'),
      dkimVerdict: verdict('dkim'),
      dmarcVerdict: verdict('dmarc'),
      action: { type: 'SNS', topicArn: TOPIC_ARN, encoding: 'BASE64' },
    },
    content: raw.toString('base64'),
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: TOPIC_ARN,
          Subject: 'Amazon SES Email Receipt Notification',
          Message: JSON.stringify(notification),
          Timestamp: at,
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
