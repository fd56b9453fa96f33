/**
 * C4.3, C12.2: only the customer's own new text counts. Every notice the service sends (rendered by
 * composeNotice, so its real wording: the risk statement, the example request) is quoted back under
 * a reply in the ways mail programs quote, in seven languages, and in ways none of them uses
 * (no marker at all, an unknown language); the command read is always the one the customer's own
 * words give alone.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { sendEmailInput } from '../../../functions/adapters/ses/send-email-input.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { NoticeKind } from '../../../functions/domain/records.ts';
import { composeNotice } from '../../../functions/mail/compose-notice.ts';
import { parseInbound } from '../../../functions/mail/parse-inbound.ts';
import { parseReplyCommand } from '../../../functions/mail/reply-grammar.ts';
import { sentEmail } from '../../support/sent-email.ts';
import { TOKEN, viewOf } from './notice-views.ts';

const KINDS: NoticeKind[] = [
  'scheduled',
  'urgent',
  'postponement-granted',
  'postponement-refused',
  'failure',
];
const RECEIVED = '2026-11-24T15:02:11Z';

type Notice = { text: string; html: string };
type Reply = { text?: string; html?: string };

const HEADERS: Record<string, string[]> = {
  English: ['From', 'Sent', 'To', 'Subject'],
  Dutch: ['Van', 'Verzonden', 'Aan', 'Onderwerp'],
  German: ['Von', 'Gesendet', 'An', 'Betreff'],
  French: ['De ', 'Envoyé ', 'À ', 'Objet '],
  Spanish: ['De', 'Enviado el', 'Para', 'Asunto'],
  Italian: ['Da', 'Inviato', 'A', 'Oggetto'],
  Portuguese: ['De', 'Enviado', 'Para', 'Assunto'],
  Polish: ['Od', 'Wysłano', 'Do', 'Temat'],
};
const outlookBlock = ([from, sent, to, subject]: string[]) =>
  [
    `${from}: Patch Promise <notices@patch.example>`,
    `${sent}: 24.11.2026 12:05`,
    `${to}: ops@acme.example`,
    `${subject}: Planned maintenance of your servers`,
  ].join('\n');

const ATTRIBUTIONS = [
  'On Tue, 24 Nov 2026 at 12:05, Patch Promise <notices@patch.example> wrote:',
  'Op di 24 nov 2026 om 12:05 schreef Patch Promise <notices@patch.example>:',
  'Am Di., 24. Nov. 2026 um 12:05 Uhr schrieb Patch Promise <notices@patch.example>:',
  'Le mar. 24 nov. 2026 à 12:05, Patch Promise <notices@patch.example> a écrit :',
  'El mar, 24 nov 2026 a las 12:05, Patch Promise (<notices@patch.example>) escribió:',
  'Il giorno mar 24 nov 2026 alle ore 12:05 Patch Promise <notices@patch.example> ha scritto:',
  'Em ter., 24 de nov. de 2026 às 12:05, Patch Promise <notices@patch.example> escreveu:',
];

/** How a reply carries the notice under the customer's words. */
const STYLES: Record<string, (own: string, notice: Notice) => Reply> = {
  ...Object.fromEntries(
    ATTRIBUTIONS.map((a, i) => [
      `attribution ${i + 1}, ">" quoted`,
      (own: string, n: Notice) => ({ text: `${own}\n\n${a}\n\n${n.text.replace(/^/gm, '> ')}` }),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(HEADERS).map(([language, labels]) => [
      `Outlook header in ${language}, unquoted`,
      (own: string, n: Notice) => ({ text: `${own}\n\n${outlookBlock(labels)}\n\n${n.text}` }),
    ]),
  ),
  'no marker at all': (own, n) => ({ text: `${own}\n\n${n.text}` }),
  'HTML-only, inside a blockquote': (own, n) => ({ html: `<p>${own}</p><blockquote>${n.html}</blockquote>` }),
  'HTML-only, in an unknown wrapper': (own, n) => ({
    html: `<div>${own.replace(/\n/g, '<br>')}</div><div class="x-quoted">${n.html}</div>`,
  }),
};

const OWN = [
  'Thanks, noted.',
  'Please postpone because of our audit.',
  'Please postpone to 16 December 2026 because of our audit.\nWe accept the risks.',
  'Could you postpone it?',
];

/** The notice's text and HTML bodies as SES is asked to send them. */
async function rendered(kind: NoticeKind): Promise<Notice> {
  const mail = sentEmail(sendEmailInput(await composeNotice(viewOf(kind))));
  return { text: mail.text, html: mail.html ?? '' };
}

async function read(reply: Reply) {
  const raw = await new MailComposer({
    from: 'ops@acme.example',
    to: `reply+${TOKEN}@replies.patch.example`,
    subject: 'Re: Planned maintenance of your servers',
    ...reply,
  })
    .compile()
    .build();
  return parseInbound(raw, {
    receivedAt: toInstant(RECEIVED),
    verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' },
    recipients: [],
  });
}

describe('a quoted notice never speaks for the customer (C4.3, C12.2)', () => {
  it.each(KINDS)("C4.3 reads only the customer's words above a quoted %s notice", async (kind) => {
    const notice = await rendered(kind);
    if (kind === 'scheduled' || kind === 'urgent' || kind === 'postponement-refused')
      expect(notice.text).toContain('We accept the risks.'); // the danger is real: the notice says it
    for (const [style, quote] of Object.entries(STYLES)) {
      for (const own of OWN) {
        const mail = await read(quote(own, notice));
        const alone = parseReplyCommand(own, { receivedOn: RECEIVED.slice(0, 10) });
        expect({ style, own, command: mail.command }).toEqual({ style, own, command: alone });
      }
    }
  });

  it.each(KINDS)('C4.3 recognises every paragraph of a %s notice quoted without any marker', async (kind) => {
    const notice = await rendered(kind);
    const paragraphs = notice.text.split(/\n\s*\n/).filter((p) => p.trim() !== '' && !/^Hello /.test(p));
    expect(paragraphs.length).toBeGreaterThan(3);
    for (const paragraph of paragraphs) {
      for (const own of OWN) {
        const mail = await read({ text: `${own}\n\n${paragraph}` });
        expect({ paragraph, replyText: mail.replyText }).toEqual({ paragraph, replyText: own });
      }
    }
  });
});
