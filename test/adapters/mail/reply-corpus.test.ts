/**
 * The reply corpus (test/fixtures/replies): replies as mail programs send them, in seven languages
 * and five charsets, each quoting the notice as the service renders it. Each says what the service
 * reads from it (C4.1 date and reason, C4.3 exact words) or why it is not a request (C12.2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { parseInbound, type Verdicts } from '../../../functions/mail/parse-inbound.ts';
import { type CorpusEntry, REPLY_CORPUS } from '../../fixtures/replies/corpus.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';
const PASS: Verdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

const read = (entry: CorpusEntry) =>
  parseInbound(readFileSync(new URL(`../../fixtures/replies/${entry.file}`, import.meta.url)), {
    receivedAt: toInstant('2026-11-24T15:02:11Z'),
    verdicts: { ...PASS, ...entry.verdicts },
    recipients: [`reply+${TOKEN}@replies.patch.example`],
  });

describe('the reply corpus, as parsed (C4.1, C4.3, C12.2)', () => {
  it.each(REPLY_CORPUS.map((e) => [e.file, e] as const))('%s', async (_file, entry) => {
    const mail = await read(entry);
    expect(mail.from).toBe(entry.from);
    expect(mail.token).toBe(TOKEN);
    expect(mail.isAutomatic).toBe(entry.automatic !== undefined);
    if (entry.automatic) expect(mail.automaticReason).toBe(entry.automatic);
    expect(mail.verdictsPass).toBe(entry.verdicts === undefined);
    expect(mail.command).toEqual(entry.command);
    // Only the customer's own words: nothing of the quoted notice.
    expect(mail.replyText).not.toMatch(/Planned maintenance|How to ask|<YYYY-MM-DD>|cannot be skipped/);
  });
});
