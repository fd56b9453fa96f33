/**
 * The reply grammar (reply-grammar.md): what a customer writes above the quoted notice to ask for
 * a postponement (C4.1, C4.3, C5.4), and what counts as a request to skip or cancel (C2.2).
 * Pure: text in, command out; it never throws.
 */
import { Temporal } from 'temporal-polyfill';

export type ReplyCommand =
  | {
      type: 'postpone';
      /** The local date asked for (`to YYYY-MM-DD`), when one is named and valid. */
      requestedDate?: string;
      /** A date-like text that is not a real date: the request must not fall back to "next window". */
      invalidDate?: string;
      /** C4.1: the business reason; empty when none was given. */
      reason: string;
      /** C4.3: the sentence that accepts the risks, word for word; absent when there is none. */
      riskAcceptanceWords?: string;
    }
  | { type: 'opt-out'; words: string }
  | { type: 'unknown' };

const POSTPONE = /\b(?:postpone|postponement|postponing|reschedule|defer)\b/i;
const OPT_OUT =
  /\b(?:cancel|skip|opt(?:ing)?[\s-]*out|unsubscribe|exempt|exclude|(?:do\s+not|don't|dont|never)\s+(?:apply|install|patch|upgrade|update)|(?:refuse|decline|reject)\s+(?:the|this|these|all)?\s*(?:patch|change|upgrade|update)s?)\b/i;
const DATE_AFTER_WORD = /\b(?:to|until|till|on|for|after)\s+(?:the\s+)?(\d{4}-\d{1,2}-\d{1,2})\b/i;
const ANY_DATE = /\b(\d{4}-\d{1,2}-\d{1,2})\b/;
const REASON = /\b(?:because|reason\s*(?:is|:|-)|due\s+to)\s*/i;
/** C4.3: an explicit first-person acceptance; "we do not accept the risks" does not match. */
const RISK =
  /\b(?:we|i)\s+(?:(?:hereby|fully|explicitly|expressly|do|formally)\s+)*(?:accept|assume|take)\s+(?:(?:full|the|all|any|these|those|such|interim)\s+)*(?:responsibility\s+for\s+(?:(?:the|all|any|these|interim)\s+)*)?(?:interim\s+)?risks?\b/i;
const PLACEHOLDER = /<[^>]*>/;

/** Collapses line breaks and decoration so the grammar reads one flowing text. */
export function normaliseReply(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sentence around [start, end): from the previous sentence end to the next one (inclusive). */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? ')) + 1;
  const rest = text.slice(end);
  const stop = rest.search(/[.!?](?:\s|$)/);
  const to = stop < 0 ? text.length : end + stop + 1;
  return text.slice(from, to).trim();
}

function requestedDate(text: string): { requestedDate?: string; invalidDate?: string } {
  const literal = DATE_AFTER_WORD.exec(text)?.[1] ?? ANY_DATE.exec(text)?.[1];
  if (!literal) return {};
  try {
    const [y, m, d] = literal.split('-').map(Number);
    const date = Temporal.PlainDate.from(
      { year: y ?? 0, month: m ?? 0, day: d ?? 0 },
      { overflow: 'reject' },
    );
    return { requestedDate: date.toString() };
  } catch {
    return { invalidDate: literal };
  }
}

/** The reason runs from its keyword to the risk acceptance (its sentence, or its first word) or the end. */
function reasonOf(
  text: string,
  riskSentenceStart: number | undefined,
  riskStart: number | undefined,
): string {
  const match = REASON.exec(text);
  if (!match) return '';
  const from = match.index + match[0].length;
  const to =
    riskSentenceStart !== undefined && riskSentenceStart > from
      ? riskSentenceStart
      : riskStart !== undefined && riskStart > from
        ? riskStart
        : text.length;
  const reason = text
    .slice(from, to)
    .trim()
    .replace(/^[:,\s-]+/, '')
    .replace(/(?:[.,;!\s]|\b(?:and|so)\b)+$/i, '');
  return PLACEHOLDER.test(reason) ? '' : reason;
}

export function parseReplyCommand(text: string): ReplyCommand {
  const flat = normaliseReply(text);
  if (flat === '') return { type: 'unknown' };
  const postpone = POSTPONE.exec(flat);
  if (!postpone) {
    const optOut = OPT_OUT.exec(flat);
    if (!optOut) return { type: 'unknown' };
    return { type: 'opt-out', words: sentenceAround(flat, optOut.index, optOut.index + optOut[0].length) };
  }
  const risk = RISK.exec(flat);
  const riskSentence = risk ? sentenceAround(flat, risk.index, risk.index + risk[0].length) : undefined;
  const riskSentenceStart = riskSentence ? flat.indexOf(riskSentence) : undefined;
  const at = (index: number | undefined) => (index === undefined ? undefined : index - postpone.index);
  const reason = reasonOf(flat.slice(postpone.index), at(riskSentenceStart), at(risk?.index));
  // The notice's own example quoted back, placeholders and all, is not a request.
  if (!reason && PLACEHOLDER.test(flat)) return { type: 'unknown' };
  return {
    type: 'postpone',
    ...requestedDate(flat.slice(postpone.index)),
    reason,
    ...(riskSentence ? { riskAcceptanceWords: riskSentence } : {}),
  };
}
