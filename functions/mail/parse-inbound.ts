/**
 * An inbound email (SES receipt) read for the postponement channel (C4.1, C12.2): who sent it,
 * which reply token it carries, whether it is automatic, whether SES's verdicts pass, and the
 * command written above the quoted notice. It never throws: a message it cannot read comes back
 * with `parseable: false` and the problems found, to be recorded and ignored.
 */
import PostalMime, { type Address, addressParser, type Email } from 'postal-mime';
import type { Instant } from '../domain/calendar.ts';
import { automaticReason } from './automatic-mail.ts';
import { parseReplyCommand, type ReplyCommand } from './reply-grammar.ts';
import { extractReplyText } from './reply-text.ts';
import { tokenFromAddress } from './reply-token.ts';

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';
export type Verdicts = { spf: Verdict; dkim: Verdict; dmarc: Verdict; spam: Verdict; virus: Verdict };

export type InboundMeta = {
  /** C11.3: the mail service's receipt time, which deadlines are judged on. */
  receivedAt: Instant;
  verdicts: Verdicts;
  /** Envelope recipients from the SES receipt (the reply-token address is one of them). */
  recipients: string[];
};

export type InboundMail = {
  parseable: boolean;
  problems: string[];
  /** The single From address, lowercased; undefined when absent or ambiguous. */
  from: string | undefined;
  messageId: string | undefined;
  subject: string;
  receivedAt: Instant;
  token: string | undefined;
  isAutomatic: boolean;
  automaticReason: string | undefined;
  verdictsPass: boolean;
  failedVerdicts: string[];
  /** The customer's own words, above the quoted notice. */
  replyText: string;
  /** Always `unknown` for an automatic message or one without a single From (C12.2). */
  command: ReplyCommand;
  /** A message over the size limit: only its headers were read (who sent it, to which address). */
  tooLarge?: { bytes: number; limit: number };
};

/**
 * C12.2 "passes the mail service's authentication verdicts": DMARC must pass (the From domain
 * is authenticated and aligned), at least one of SPF and DKIM must pass, and the spam and virus
 * scans must pass. GRAY, PROCESSING_FAILED and DISABLED are not a pass.
 */
export function failedVerdicts(verdicts: Verdicts): string[] {
  const failed: string[] = [];
  if (verdicts.dmarc !== 'PASS') failed.push(`dmarc ${verdicts.dmarc}`);
  if (verdicts.spf !== 'PASS' && verdicts.dkim !== 'PASS')
    failed.push(`spf ${verdicts.spf}, dkim ${verdicts.dkim}`);
  if (verdicts.spam !== 'PASS') failed.push(`spam ${verdicts.spam}`);
  if (verdicts.virus !== 'PASS') failed.push(`virus ${verdicts.virus}`);
  return failed;
}

/** Every mailbox of an address list, groups flattened. */
function addressesOf(list: readonly Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => m.address ?? '')
    .filter((a) => a !== '');
}

/** Every From mailbox: postal-mime keeps the first only, C12.2 needs to know there was exactly one. */
const fromAddressesOf = (parsed: Email): string[] =>
  addressesOf(
    parsed.headers.filter((h) => h.key === 'from').flatMap((h) => addressParser(h.value, { flatten: true })),
  );

type Parsed = { email: Email; hasPlain: boolean; hasHtml: boolean };

/**
 * windows-1252 bytes 0x80–0x9F as the WHATWG Encoding Standard decodes them (also for the
 * iso-8859-1 label). Node 20's TextDecoder decodes that range as C1 control characters instead
 * (Outlook's "=96" en dash arrives as U+0096); no mail text means a C1 control, so they are mapped.
 */
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const c1AsCp1252 = (value: string | undefined): string | undefined =>
  value?.replace(/[\u0080-\u009f]/g, (c) => CP1252.charAt(c.charCodeAt(0) - 0x80));

/**
 * postal-mime (issue 14: a parser that fits a Lambda) fills the missing one of the text and HTML
 * bodies from the other; an HTML-only reply must reach extractReplyText as HTML, which cuts it at
 * its quote container before converting (a converted body would carry the quote into the
 * customer's text). So only the parts the message really has are kept.
 */
async function parseMime(source: Uint8Array | string): Promise<Parsed> {
  const parser = new PostalMime();
  const parsed = await parser.parse(source);
  const email: Email = {
    ...parsed,
    subject: c1AsCp1252(parsed.subject),
    text: c1AsCp1252(parsed.text),
    html: c1AsCp1252(parsed.html),
  };
  const types = (parser as unknown as { textTypes: Set<'plain' | 'html'> }).textTypes;
  return { email, hasPlain: types.has('plain'), hasHtml: types.has('html') };
}

function unparseable(meta: InboundMeta, problem: string): InboundMail {
  const failed = failedVerdicts(meta.verdicts);
  return {
    parseable: false,
    problems: [problem],
    from: undefined,
    messageId: undefined,
    subject: '',
    receivedAt: meta.receivedAt,
    token: meta.recipients.map(tokenFromAddress).find((t) => t !== undefined),
    isAutomatic: false,
    automaticReason: undefined,
    verdictsPass: failed.length === 0,
    failedVerdicts: failed,
    replyText: '',
    command: { type: 'unknown' },
  };
}

export async function parseInbound(raw: Uint8Array | string, meta: InboundMeta): Promise<InboundMail> {
  let parsed: Parsed;
  try {
    parsed = await parseMime(raw);
  } catch (error) {
    return unparseable(meta, `the message could not be parsed: ${(error as Error).message}`);
  }
  const { email } = parsed;
  const problems: string[] = [];
  if (email.headerLines.length === 0) return unparseable(meta, 'the message has no header section');
  const fromList = fromAddressesOf(email);
  if (fromList.length !== 1) problems.push(`expected one From address, found ${fromList.length}`);
  const from = fromList.length === 1 ? fromList[0]?.toLowerCase() : undefined;
  const subject = email.subject ?? '';
  const candidates = [...meta.recipients, ...addressesOf(email.to), ...addressesOf(email.cc)];
  const token = candidates.map(tokenFromAddress).find((t) => t !== undefined);
  const reason = automaticReason(email.headerLines, from, subject);
  const failed = failedVerdicts(meta.verdicts);
  const replyText = extractReplyText(
    parsed.hasPlain ? email.text : undefined,
    parsed.hasHtml ? email.html || undefined : undefined,
  );
  return {
    parseable: from !== undefined,
    problems,
    from,
    messageId: email.messageId,
    subject,
    receivedAt: meta.receivedAt,
    token,
    isAutomatic: reason !== undefined,
    automaticReason: reason,
    verdictsPass: failed.length === 0,
    failedVerdicts: failed,
    replyText,
    // C12.2: an automatic message, or one without a single sender, is never a request.
    command:
      reason === undefined && from !== undefined
        ? parseReplyCommand(replyText, { receivedOn: meta.receivedAt.toString().slice(0, 10) })
        : { type: 'unknown' },
  };
}

/** The header section of a message: up to its first empty line (or all of `head` when none is there). */
function headerSection(head: Uint8Array): Buffer {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  if (ends.length > 0) return Buffer.concat([bytes.subarray(0, Math.min(...ends)), Buffer.from('\r\n\r\n')]);
  const lastLine = bytes.lastIndexOf('\n');
  return Buffer.concat([bytes.subarray(0, lastLine < 0 ? bytes.length : lastLine), Buffer.from('\r\n\r\n')]);
}

/**
 * A message over the size limit, read from its first bytes only: its headers say who sent it, to
 * which reply address, and whether it is automatic, so that a registered contact can be told why
 * it was not read (C12.2). Its body is not read: it carries no command.
 */
export async function parseOversizeInbound(
  head: Uint8Array,
  size: { bytes: number; limit: number },
  meta: InboundMeta,
): Promise<InboundMail> {
  const mail = await parseInbound(headerSection(head), meta);
  return {
    ...mail,
    problems: [...mail.problems, `message of ${size.bytes} bytes, over the limit of ${size.limit}`],
    replyText: '',
    command: { type: 'unknown' },
    tooLarge: size,
  };
}
