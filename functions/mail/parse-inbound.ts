/**
 * An inbound email (SES receipt) read for the postponement channel (C4.1, C12.2): who sent it,
 * which reply token it carries, whether it is automatic, whether SES's verdicts pass, and the
 * command written above the quoted notice. It never throws: a message it cannot read comes back
 * with `parseable: false` and the problems found, to be recorded and ignored.
 */
import { simpleParser } from 'mailparser';
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

type Parsed = Awaited<ReturnType<typeof simpleParser>>;

function addressesOf(field: Parsed['to']): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter((a) => a !== '');
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
    const source = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    // skipHtmlToText: an HTML-only reply is converted by extractReplyText, which cuts it at its quote
    // container first; mailparser's own conversion would flatten the quote into the customer's text.
    parsed = await simpleParser(source, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipHtmlToText: true,
    });
  } catch (error) {
    return unparseable(meta, `the message could not be parsed: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  if (parsed.headerLines.length === 0) return unparseable(meta, 'the message has no header section');
  const fromList = addressesOf(parsed.from);
  if (fromList.length !== 1) problems.push(`expected one From address, found ${fromList.length}`);
  const from = fromList.length === 1 ? fromList[0]?.toLowerCase() : undefined;
  const subject = parsed.subject ?? '';
  const candidates = [...meta.recipients, ...addressesOf(parsed.to), ...addressesOf(parsed.cc)];
  const token = candidates.map(tokenFromAddress).find((t) => t !== undefined);
  const reason = automaticReason(parsed.headerLines, from, subject);
  const failed = failedVerdicts(meta.verdicts);
  const replyText = extractReplyText(parsed.text, parsed.html || undefined);
  return {
    parseable: from !== undefined,
    problems,
    from,
    messageId: parsed.messageId,
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
