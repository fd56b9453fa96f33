import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { type InboundMeta, parseInbound, type Verdicts } from '../../../functions/mail/parse-inbound.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';
const REPLY_ADDRESS = `reply+${TOKEN}@replies.patch.example`;
const PASS: Verdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

const meta = (verdicts: Partial<Verdicts> = {}): InboundMeta => ({
  receivedAt: toInstant('2026-11-24T15:02:11Z'),
  verdicts: { ...PASS, ...verdicts },
  recipients: [REPLY_ADDRESS],
});

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, 'fixtures', name));
const parseFixture = (name: string, verdicts: Partial<Verdicts> = {}) =>
  parseInbound(fixture(name), meta(verdicts));

describe('parseInbound: replies people write', () => {
  it('C4.1 C4.3 reads a plain reply above a ">" quoted notice', async () => {
    const mail = await parseFixture('plain-reply.eml');
    expect(mail).toMatchObject({
      parseable: true,
      from: 'ops@acme.example',
      token: TOKEN,
      isAutomatic: false,
      verdictsPass: true,
      command: {
        type: 'postpone',
        requestedDate: '2026-12-09',
        reason: 'our payroll run is on the 2nd',
        riskAcceptanceWords: 'We accept the risks.',
      },
    });
    expect(mail.replyText).not.toContain('cannot be skipped');
    expect(mail.receivedAt.toString()).toBe('2026-11-24T15:02:11Z');
  });

  it('C4.1 reads a Gmail reply whose attribution line wraps', async () => {
    const mail = await parseFixture('gmail-reply.eml');
    expect(mail.command).toEqual({
      type: 'postpone',
      requestedDate: '2026-12-16',
      reason: 'the finance team closes the quarter that week',
      riskAcceptanceWords: 'I accept the risks.',
    });
    expect(mail.replyText).not.toMatch(/wrote:|YYYY/);
  });

  it('C4.1 reads an Outlook reply whose notice follows a From:/Sent: block without quote marks', async () => {
    const mail = await parseFixture('outlook-reply.eml');
    expect(mail.command).toMatchObject({
      type: 'postpone',
      reason: 'our plant runs a 24-hour production test that night',
      riskAcceptanceWords:
        'We hereby accept the risks to reliability, availability, privacy and integrity until the new date.',
    });
    expect(mail.command).not.toHaveProperty('requestedDate');
    expect(mail.replyText).toContain('Omar');
    expect(mail.replyText).not.toContain('Sent:');
  });

  it('C4.1 reads an Apple Mail reply written over several lines, quoted-printable and flowed', async () => {
    const mail = await parseFixture('apple-reply.eml');
    expect(mail.command).toEqual({
      type: 'postpone',
      requestedDate: '2026-12-16',
      reason: 'we are migrating our ERP that week – the whole team is on it',
      riskAcceptanceWords: 'We accept the risks.',
    });
  });

  it('C4.1 reads an HTML-only reply, converting it to text and dropping the Outlook quote', async () => {
    const mail = await parseFixture('html-only-reply.eml');
    expect(mail.command).toEqual({
      type: 'postpone',
      requestedDate: '2026-12-09',
      reason: 'the auditors are on site & need every server',
      riskAcceptanceWords: 'We accept the risks.',
    });
    expect(mail.replyText).not.toContain('<');
  });

  it('C4.1 reads the request written above a forwarded notice, not the notice itself', async () => {
    const mail = await parseFixture('forwarded-notice.eml');
    expect(mail.command).toEqual({
      type: 'postpone',
      reason: 'the new branch opens that day',
      riskAcceptanceWords: 'We accept the risks.',
    });
    expect(mail.replyText).not.toContain('Forwarded message');
  });

  it('C2.2 recognises a request to cancel, above an Outlook "Original Message" block', async () => {
    const mail = await parseFixture('opt-out.eml');
    expect(mail.command).toEqual({
      type: 'opt-out',
      words: "Please cancel it and don't apply it to our servers.",
    });
  });

  it('C4.3 leaves the risk acceptance out when only the quoted notice has the sentence', async () => {
    const mail = await parseFixture('missing-risk.eml');
    expect(mail.command).toEqual({
      type: 'postpone',
      requestedDate: '2026-12-09',
      reason: 'of our year-end change freeze',
    });
  });
});

describe('parseInbound: what must not count as a request (C12.2)', () => {
  it('C12.2 reports a DMARC failure on a spoofed From, still reading the text for the record', async () => {
    const mail = await parseFixture('spoofed-from.eml', { dmarc: 'FAIL', spf: 'FAIL' });
    expect(mail.verdictsPass).toBe(false);
    expect(mail.failedVerdicts).toContain('dmarc FAIL');
    expect(mail.from).toBe('ops@acme.example');
    expect(mail.command.type).toBe('postpone');
  });

  it.each([
    ['spam', { spam: 'FAIL' }],
    ['virus', { virus: 'FAIL' }],
    ['gray dmarc', { dmarc: 'GRAY' }],
    ['spf and dkim both failing', { spf: 'FAIL', dkim: 'GRAY' }],
  ] as const)('C12.2 does not pass a message with %s', async (_name, verdicts) => {
    expect((await parseFixture('plain-reply.eml', verdicts)).verdictsPass).toBe(false);
  });

  it('C12.2 passes DMARC with one of SPF and DKIM', async () => {
    expect((await parseFixture('plain-reply.eml', { spf: 'FAIL' })).verdictsPass).toBe(true);
  });

  it('C12.2 takes an out-of-office (Auto-Submitted: auto-replied) as automatic, never as a request', async () => {
    const mail = await parseFixture('out-of-office.eml');
    expect(mail.isAutomatic).toBe(true);
    expect(mail.automaticReason).toBe('Auto-Submitted: auto-replied');
    expect(mail.command).toEqual({ type: 'unknown' });
  });

  it('C12.2 takes a delivery-status bounce as automatic', async () => {
    const mail = await parseFixture('bounce.eml');
    expect(mail.isAutomatic).toBe(true);
    expect(mail.automaticReason).toBe('empty Return-Path (bounce)');
    expect(mail.command).toEqual({ type: 'unknown' });
    expect(mail.token).toBe(TOKEN);
  });

  it('C12.2 takes mailing-list traffic as automatic', async () => {
    const mail = await parseFixture('mailing-list.eml');
    expect(mail.isAutomatic).toBe(true);
    expect(mail.automaticReason).toBe('Precedence: list');
    expect(mail.command).toEqual({ type: 'unknown' });
  });

  it.each([
    ['X-Autoreply: yes', 'x-autoreply header'],
    ['X-Autorespond: yes', 'x-autorespond header'],
    ['Precedence: bulk', 'Precedence: bulk'],
    ['List-Id: <x.lists.example>', 'List-Id header (mailing list)'],
    [
      'Content-Type: multipart/report; report-type=delivery-status; boundary=b',
      'multipart/report (delivery status)',
    ],
  ])('C12.2 takes a message with "%s" as automatic', async (header, reason) => {
    const raw = `From: ops@acme.example\r\nTo: ${REPLY_ADDRESS}\r\nSubject: Re: notice\r\n${header}\r\n\r\n--b\r\n\r\nPOSTPONE because x. We accept the risks.\r\n--b--\r\n`;
    const mail = await parseInbound(raw, meta());
    expect(mail.automaticReason).toBe(reason);
    expect(mail.command).toEqual({ type: 'unknown' });
  });

  it.each([
    ['Out of Office: Planned maintenance', 'subject "Out of Office: Planned maintenance"'],
    ['Automatic reply: Planned maintenance', 'subject "Automatic reply: Planned maintenance"'],
  ])('C12.2 takes the subject "%s" as automatic', async (subject, reason) => {
    const raw = `From: ops@acme.example\r\nTo: ${REPLY_ADDRESS}\r\nSubject: ${subject}\r\n\r\nPOSTPONE because x. We accept the risks.\r\n`;
    expect((await parseInbound(raw, meta())).automaticReason).toBe(reason);
  });

  it('C12.2 takes a person replying with Auto-Submitted: no as a person', async () => {
    const raw = `From: ops@acme.example\r\nTo: ${REPLY_ADDRESS}\r\nAuto-Submitted: no\r\nSubject: Re: notice\r\n\r\nPOSTPONE because x. We accept the risks.\r\n`;
    expect((await parseInbound(raw, meta())).isAutomatic).toBe(false);
  });
});

describe('parseInbound: never throws', () => {
  it('reads what it can of broken MIME', async () => {
    const mail = await parseFixture('broken-mime.eml');
    expect(mail.from).toBe('ops@acme.example');
    expect(mail.token).toBe(TOKEN);
    expect(mail.isAutomatic).toBe(false);
  });

  it.each([
    ['empty input', ''],
    ['binary noise', new Uint8Array([0, 255, 13, 10, 13, 10, 1, 2, 3, 0xfe])],
    ['a body without headers', '\r\n\r\nPOSTPONE because x. We accept the risks.'],
  ])('marks %s unparseable, with the token from the envelope', async (_name, raw) => {
    const mail = await parseInbound(raw, meta());
    expect(mail.parseable).toBe(false);
    expect(mail.problems.length).toBeGreaterThan(0);
    expect(mail.command).toEqual({ type: 'unknown' });
    expect(mail.token).toBe(TOKEN);
  });

  it('refuses an ambiguous From with several addresses', async () => {
    const raw = `From: ops@acme.example, eve@evil.example\r\nTo: ${REPLY_ADDRESS}\r\nSubject: Re\r\n\r\nPOSTPONE because x.\r\n`;
    const mail = await parseInbound(raw, meta());
    expect(mail.from).toBeUndefined();
    expect(mail.parseable).toBe(false);
  });

  it('finds the token in the To header when the envelope does not carry it', async () => {
    const mail = await parseInbound(fixture('plain-reply.eml'), { ...meta(), recipients: [] });
    expect(mail.token).toBe(TOKEN);
  });

  it('C4.1 reads a reply with a huge attachment', async () => {
    const big = Buffer.alloc(12 * 1024 * 1024, 0x61);
    const raw = await new MailComposer({
      from: 'ops@acme.example',
      to: REPLY_ADDRESS,
      subject: 'Re: Planned maintenance',
      text: 'POSTPONE to 2026-12-09 because the attached plan needs that night. We accept the risks.',
      attachments: [{ filename: 'plan.bin', content: big }],
    })
      .compile()
      .build();
    const mail = await parseInbound(new Uint8Array(raw), meta());
    expect(raw.length).toBeGreaterThan(16 * 1024 * 1024);
    expect(mail.command).toMatchObject({ type: 'postpone', requestedDate: '2026-12-09' });
  });
});
