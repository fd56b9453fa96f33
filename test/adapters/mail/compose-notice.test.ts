import { describe, expect, it } from 'vitest';
import { sendEmailInput } from '../../../functions/adapters/ses/send-email-input.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { NoticeKind } from '../../../functions/domain/records.ts';
import { composeNotice } from '../../../functions/mail/compose-notice.ts';
import { type SentEmail, sentEmail } from '../../support/sent-email.ts';
import { customer, lines, TOKEN, viewOf } from './notice-views.ts';

/**
 * The notice as SES is asked to send it (SendEmail, Simple content), with the Message-ID the
 * composer gives it (SES replaces Message-ID on sending, so it is not in the request).
 */
type Mail = SentEmail & { messageId: string | undefined };
const parse = async (kind: NoticeKind, overrides = {}): Promise<Mail> => {
  const mail = await composeNotice(viewOf(kind, overrides));
  return { ...sentEmail(sendEmailInput(mail)), messageId: mail.messageId };
};

/** The properties of the one VEVENT and of the calendar, from the .ics text (lines unfolded). */
function icsFields(ics: string): Map<string, string> {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const fields = new Map<string, string>();
  for (const line of unfolded.split(/\r\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

const icsOf = (mail: Mail) => mail.attachments.find((a) => a.filename?.endsWith('.ics'));

describe('composeNotice: headers of every kind', () => {
  it.each(NoticeKind.options)(
    'C12.2 %s carries Auto-Submitted, its Message-ID domain and the token Reply-To',
    async (kind) => {
      const mail = await parse(kind);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.messageId).toMatch(/^<notice-[A-Za-z0-9-]+\.[0-9a-f]{16}@mail\.patch\.example>$/);
      expect(mail.replyTo).toEqual([`reply+${TOKEN}@replies.patch.example`]);
      expect(mail.headers.get('x-notice-kind')).toBe(kind);
      expect(mail.subject?.length).toBeGreaterThan(10);
      expect(mail.headers.get('x-contract-clauses')).toMatch(/^C\d/);
    },
  );

  it.each(NoticeKind.options.filter((k) => k !== 'postponement-review'))(
    'C3.3 %s names no clause id and no internal id in what the customer reads',
    async (kind) => {
      const mail = await parse(kind);
      for (const text of [mail.subject ?? '', mail.text ?? '', mail.html || '']) {
        expect(text).not.toMatch(/\bC\d{1,2}(?:\.\d)?\b/);
        expect(text).not.toContain(viewOf(kind).noticeId);
        expect(text).not.toMatch(/\bnotice[:-]/i);
      }
    },
  );

  it("C4.4 the CS team's review notice keeps its clause ids and notice id", async () => {
    const text = (await parse('postponement-review')).text ?? '';
    expect(text).toContain('Contract clauses: C4.3, C4.4');
    expect(text).toContain(viewOf('postponement-review').noticeId);
  });

  it('sends to the customer contacts unless told otherwise', async () => {
    const mail = await parse('scheduled');
    expect(mail.to).toEqual(customer.contacts);
  });

  it('takes the Message-ID domain from a named sender when none is configured', async () => {
    const mail = await parse('failure', {
      from: '"Patch Promise" <notices@patch.example>',
      messageIdDomain: undefined,
    });
    expect(mail.messageId).toMatch(/@patch\.example>$/);
    expect(mail.from).toBe('"Patch Promise" <notices@patch.example>');
  });

  it('C4.4 refuses a review notice without its CS recipients', async () => {
    await expect(composeNotice(viewOf('postponement-review', { to: undefined }))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('C12.2 has no Reply-To when no reply is expected', async () => {
    const mail = await parse('failure', { replyTo: undefined });
    expect(mail.replyTo).toEqual([]);
  });

  it('keeps one Message-ID per notice, and a different one for another notice', async () => {
    const a = await parse('scheduled');
    const b = await parse('scheduled');
    const c = await parse('scheduled', { noticeId: 'another-notice' });
    expect(a.messageId).toBe(b.messageId);
    expect(c.messageId).not.toBe(a.messageId);
  });
});

describe('composeNotice: scheduled notice', () => {
  it('C3.3 says what changes, its class, why, and the window in local time with the zone', async () => {
    const mail = await parse('scheduled');
    const text = mail.text ?? '';
    expect(text).toContain('Wednesday, 2 December 2026 at 01:00 GMT (Europe/London)');
    expect(text).toContain('Wednesday, 2 December 2026 at 05:00 GMT (Europe/London)');
    expect(text).toContain('Platform 7.2');
    expect(text).toContain('version 7.2.0');
    expect(text).toContain('Class: important');
    expect(text).toContain('Why: Fixes CVE-2026-1234');
    expect(text).not.toContain('Why: Platform 7.2');
    expect(text).toContain('mi-0123456789abcdef0');
    expect(text).toContain('mi-0123456789abcdef1');
  });

  it('C3.4 lists every change of the window in one notice', async () => {
    const text = (await parse('scheduled')).text ?? '';
    expect(text.match(/Server: mi-/g)).toHaveLength(2);
    expect(text).toContain('2 changes');
  });

  it('C7.1 C4.3 C2.2 states the loss of service, the risks of postponing and that there is no opt-out', async () => {
    const text = (await parse('scheduled')).text ?? '';
    expect(text).toContain('partial or complete loss of service');
    expect(text).toContain("server's reliability and the availability, privacy and integrity of your data");
    expect(text).toContain('cannot be skipped or cancelled');
    expect(text).not.toMatch(/unsubscribe|opt out/i);
  });

  it('C4.1 C4.2 says how to ask for a postponement and until when, in local time', async () => {
    const text = (await parse('scheduled')).text ?? '';
    expect(text).toContain(
      'Reply to this email before Tuesday, 1 December 2026 at 18:00 GMT (Europe/London)',
    );
    expect(text).toContain('POSTPONE to <YYYY-MM-DD> because <your business reason>. We accept the risks.');
  });

  it('C4.1 gives the API route of each change with its id', async () => {
    const text = (await parse('scheduled')).text ?? '';
    expect(text).toContain('POST /v1/changes/rel-7.2:mi-0123456789abcdef0/postponements');
    expect(text).toContain('POST /v1/changes/rel-7.2:mi-0123456789abcdef1/postponements');
    expect(text).not.toContain('(postponement request for the change)');
  });

  it('C3.3 says plainly when a release has no description, instead of repeating its title', async () => {
    for (const description of ['', '  ', 'Platform 7.2 <script>alert(1)</script>.']) {
      const text =
        (
          await parse('scheduled', {
            lines: lines.map((l) => ({ ...l, release: { ...l.release, description } })),
          })
        ).text ?? '';
      expect(text).toContain('Why: The vendor gave no further description of this release.');
      expect(text).not.toMatch(/Why: Platform/);
    }
  });

  it('C4.4 states the postponement limits from the contract configuration', async () => {
    const text = (await parse('scheduled')).text ?? '';
    expect(text).toContain('at most 28 days after the window we first notified for the change');
    expect(text).toContain('moved at most twice in all');
    const stricter = await parse('scheduled', {
      limits: { ...viewOf('scheduled').limits, maxDaysAfterOriginal: 14, maxCount: 1 },
    });
    expect(stricter.text).toContain('at most 14 days after the window we first notified');
    expect(stricter.text).toContain('moved at most once in all');
  });

  it('C11.1 writes times in the customer zone, summer time included', async () => {
    const newYork = { ...customer, timeZone: 'America/New_York' };
    const summer = await parse('scheduled', {
      customer: newYork,
      window: { start: toInstant('2026-07-01T05:00:00Z'), end: toInstant('2026-07-01T09:00:00Z') },
      postponeUntil: toInstant('2026-06-30T22:00:00Z'),
    });
    expect(summer.text).toContain('Wednesday, 1 July 2026 at 01:00 GMT-4 (America/New_York)');
    expect(summer.text).toContain('Tuesday, 30 June 2026 at 18:00 GMT-4 (America/New_York)');
  });

  it('C3.3 attaches the window as an iCalendar event in UTC with a UID stable per notice', async () => {
    const first = icsOf(await parse('scheduled'));
    const again = icsOf(await parse('scheduled'));
    const other = icsOf(await parse('scheduled', { noticeId: 'other' }));
    expect(first?.contentType).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    const fields = icsFields(first?.content.toString('utf8') ?? '');
    expect(fields.get('METHOD')).toBe('PUBLISH');
    expect(fields.get('DTSTART')).toBe('20261202T010000Z');
    expect(fields.get('DTEND')).toBe('20261202T050000Z');
    expect(fields.get('UID')).toMatch(/^[0-9a-f]{32}@mail\.patch\.example$/);
    expect(icsFields(again?.content.toString('utf8') ?? '').get('UID')).toBe(fields.get('UID'));
    expect(icsFields(other?.content.toString('utf8') ?? '').get('UID')).not.toBe(fields.get('UID'));
  });

  it('escapes every value in the HTML part', async () => {
    const html = (await parse('scheduled')).html || '';
    expect(html).not.toContain('<script>');
    expect(html).toContain('Platform 7.2 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Acme &lt;Holdings&gt; &amp; &quot;Sons&quot;');
    expect(html).toContain('hypervisor &amp; the storage driver');
  });

  it('C3.3 refuses a view without a window or deadline', async () => {
    await expect(composeNotice(viewOf('scheduled', { window: undefined }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(composeNotice(viewOf('urgent', { postponeUntil: undefined }))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('composeNotice: the other kinds', () => {
  it('C5.2 C5.4 an urgent notice says tonight, the same-day deadline, and attaches the slot', async () => {
    const mail = await parse('urgent', {
      window: { start: toInstant('2026-12-03T01:00:00Z'), end: toInstant('2026-12-03T05:00:00Z') },
      postponeUntil: toInstant('2026-12-02T18:00:00Z'),
    });
    expect(mail.subject).toContain('Urgent patch tonight');
    expect(mail.text).toContain('Thursday, 3 December 2026 at 01:00 GMT (Europe/London)');
    expect(mail.text).toContain('before Wednesday, 2 December 2026 at 18:00 GMT (Europe/London)');
    expect(mail.text).toContain('partial or complete loss of service');
    expect(mail.text).toContain('privacy and integrity');
    expect(mail.text).toContain('without the usual notice of 7 days');
    expect(mail.text).toContain('by 1 night unless you name a date, and by at most 3 nights');
    expect(mail.text).toContain('POST /v1/changes/rel-7.2:mi-0123456789abcdef0/postponements');
    expect(icsFields(icsOf(mail)?.content.toString('utf8') ?? '').get('DTSTART')).toBe('20261203T010000Z');
  });

  it('C4.5 a granted postponement confirms the new date in local time, without a calendar file', async () => {
    const mail = await parse('postponement-granted');
    expect(mail.text).toContain('Wednesday, 9 December 2026 at 01:00 GMT (Europe/London)');
    expect(mail.headers.get('x-contract-clauses')).toContain('C4.5');
    expect(icsOf(mail)).toBeUndefined();
  });

  it('C4.2 a refusal gives its reason, and what the customer can still do', async () => {
    const mail = await parse('postponement-refused');
    expect(mail.text).toContain(
      'We cannot accept your request: Your request arrived after 18:00 on the day before the window.',
    );
    expect(mail.headers.get('x-contract-clauses')).toContain('C4.2');
    expect(mail.text).toContain('POSTPONE to <YYYY-MM-DD>');
  });

  it('C2.2 refusing an opt-out says the change cannot be skipped but its date can move', async () => {
    const mail = await parse('postponement-refused', {
      refusal: { clause: 'C2.2', reason: 'A change cannot be skipped or cancelled.' },
    });
    expect(mail.text).toContain('you can ask to move its date');
  });

  it('C4.4 a review notice goes to the CS team with the request, escaped in HTML', async () => {
    const mail = await parse('postponement-review');
    expect(mail.to).toEqual(['cs@patch.example']);
    expect(mail.text).toContain('Requested date: 2027-01-20');
    expect(mail.text).toContain('Risk acceptance (C4.3): We accept the risks.');
    expect(mail.html || '').toContain('Quarter-end &lt;close&gt;');
  });

  it('C8.3 a failure notice says it was reversed, the server still works, and when it is repeated', async () => {
    const mail = await parse('failure');
    expect(mail.text).toContain('reversed automatically');
    expect(mail.text).toContain('your server still works, on its previous version');
    expect(mail.text).toContain('We will repeat the change on Wednesday, 9 December 2026 at 01:00 GMT');
    expect(mail.headers.get('x-contract-clauses')).toContain('C8.3');
  });
});
