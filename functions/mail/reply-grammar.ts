/**
 * The reply grammar (reply-grammar.md): what a customer writes above the quoted notice to ask for
 * a postponement (C4.1, C4.3, C5.4), and what counts as a request to skip or cancel (C2.2).
 * Pure: text in, command out; it never throws. The grammar is matched on a flattened copy of the
 * text, but every word it records (reason, risk acceptance, opt-out) is cut from the customer's
 * own text, in its own case, punctuation and line breaks.
 */
import { type DateMention, dateInWords, findDates, looksLikeDate } from './reply-date.ts';
import { withoutGreeting, withoutSignature, withoutTrailingSignOff } from './reply-signature.ts';

/** Why a date the customer wrote cannot be used; `explanation` is written for the customer. */
export type DateProblem = {
  /** `unreadable`: not a date we can read; `ambiguous`: more than one date it could mean. */
  kind: 'unreadable' | 'ambiguous';
  written: string;
  explanation: string;
};

export type ReplyCommand =
  | {
      type: 'postpone';
      /** The local date asked for, when one is named and certain. */
      requestedDate?: string;
      /** A date was written but cannot be used: the request must be refused, never moved to "the next window". */
      dateProblem?: DateProblem;
      /** C4.1: the business reason, as written (whitespace collapsed); empty when none was given. */
      reason: string;
      /** C4.3: the sentence that accepts the risks, verbatim, without a sign-off; absent when there is none. */
      riskAcceptanceWords?: string;
    }
  | { type: 'opt-out'; words: string }
  | { type: 'unknown' };

export type GrammarOptions = {
  /** The receipt date (YYYY-MM-DD): a date written without its year means its next occurrence. */
  receivedOn?: string | undefined;
};

const POSTPONE = /\b(?:postpone|postponement|postponing|reschedule|defer)\b/i;
const OPT_OUT =
  /\b(?:cancel|skip|opt(?:ing)?[\s-]*out|unsubscribe|exempt|exclude|(?:do\s+not|don't|dont|never)\s+(?:apply|install|patch|upgrade|update)|(?:refuse|decline|reject)\s+(?:the|this|these|all)?\s*(?:patch|change|upgrade|update)s?)\b/i;
const REASON = /\b(?:because|reason\s*(?:is|:|-)|due\s+to)\s*/i;
/** C4.3: an explicit first-person acceptance; "we do not accept the risks" does not match. */
const RISK =
  /\b(?:we|i)\s+(?:(?:hereby|fully|explicitly|expressly|do|formally)\s+)*(?:accept|assume|take)\s+(?:(?:full|the|all|any|these|those|such|interim)\s+)*(?:responsibility\s+for\s+(?:(?:the|all|any|these|interim)\s+)*)?(?:interim\s+)?risks?\b/i;
const PLACEHOLDER = /<[^<>]*>/;
/** The words that put a date in the postponement's place: strong ones name the new date. */
const DATE_LEAD =
  /(?:^|[\s,(])(?:(?<strong>to|until|till|til|after|or|new\s+date|date|moved?\s+(?:it\s+|them\s+)?to)|(?<weak>for|on|by))\s*:?\s+(?:(?:the|next|this|coming|following|maintenance|window|slot|of|on|night)\s+){0,4}$/i;

/** The text as the grammar reads it, with where each of its characters came from. */
type Flat = { text: string; from: number[] };

/**
 * Decoration removed (Markdown emphasis, smart quotes), whitespace collapsed. A paragraph break,
 * or a line break between a line without punctuation and one starting with a capital, becomes
 * "\n": it ends a sentence. Any other run of whitespace becomes one space.
 */
function flatten(original: string): Flat {
  const chars: string[] = [];
  const from: number[] = [];
  const QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"' };
  let i = 0;
  while (i < original.length) {
    const c = original[i] ?? '';
    if (/\s/.test(c)) {
      let j = i;
      while (j < original.length && /\s/.test(original[j] ?? '')) j++;
      if (chars.length > 0 && j < original.length) {
        const run = original.slice(i, j);
        const before = chars[chars.length - 1] ?? '';
        const next = original[j] ?? '';
        const breaks =
          /\n[^\n]*\n/.test(run) ||
          (run.includes('\n') && /[\p{L}\p{N}]/u.test(before) && /\p{Lu}/u.test(next));
        chars.push(breaks ? '\n' : ' ');
        from.push(i);
      }
      i = j;
      continue;
    }
    if (c !== '*' && c !== '_' && c !== '`') {
      chars.push(QUOTES[c] ?? c);
      from.push(i);
    }
    i++;
  }
  return { text: chars.join(''), from };
}

/** The customer's own characters behind flat[start, end). */
const verbatim = (original: string, flat: Flat, start: number, end: number): string =>
  end <= start ? '' : original.slice(flat.from[start] ?? 0, (flat.from[end - 1] ?? 0) + 1);

/** The sentence around [start, end) of the flat text: from the previous sentence end to the next one. */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  const before = text.slice(0, start);
  let from =
    Math.max(
      before.lastIndexOf('. '),
      before.lastIndexOf('! '),
      before.lastIndexOf('? '),
      before.lastIndexOf('\n'),
    ) + 1;
  while (from < start && /\s/.test(text[from] ?? '')) from++;
  const stop = text.slice(end).search(/[.!?](?=\s|$)|\n/);
  const to = stop < 0 ? text.length : end + stop + (text[end + stop] === '\n' ? 0 : 1);
  return [from, to];
}

/** The sentence around [start, end), as the customer wrote it, without a sign-off stuck to its end. */
function ownSentence(original: string, flat: Flat, start: number, end: number): string {
  const [from, to] = sentenceAround(flat.text, start, end);
  return withoutTrailingSignOff(verbatim(original, flat, from, to).trim()).trim();
}

const quoted = (m: DateMention) => `"${m.written}"`;

function problemOf(m: DateMention): { requestedDate?: string; dateProblem?: DateProblem } {
  const r = m.reading;
  const problem = (kind: DateProblem['kind'], explanation: string) => ({
    dateProblem: { kind, written: m.written, explanation },
  });
  switch (r.kind) {
    case 'date':
      return { requestedDate: r.date };
    case 'ambiguous':
      return problem(
        'ambiguous',
        `${quoted(m)} can be read as ${dateInWords(r.dates[0])} or as ${dateInWords(r.dates[1])}.`,
      );
    case 'weekday-mismatch':
      return problem('ambiguous', `${quoted(m)}: ${dateInWords(r.date)} is not a ${r.weekday}.`);
    case 'invalid':
      return problem('unreadable', `${quoted(m)} is not a date in the calendar.`);
    case 'incomplete':
      return problem('unreadable', `${quoted(m)} does not give the year in full.`);
  }
}

/**
 * C4.1, C4.4: the date the customer asks for. It is read only where a request puts it: in the
 * sentence that asks to postpone, before the reason, after "to", "until", "on"… ("POSTPONE to
 * 13 January 2027 because …"), or after "New date:" anywhere. A date there that is not certain, or
 * a date elsewhere that follows "to"/"until" (it may be the one meant), is a problem to ask the
 * customer about; a date that only describes the reason ("because the auditors come on 2 December")
 * is not a request. Without any, the change moves to the next window or night.
 */
function requestedDateOf(
  flat: string,
  slot: [number, number],
  receivedOn: string | undefined,
): { requestedDate?: string; dateProblem?: DateProblem } {
  const mentions = findDates(flat, receivedOn).map((m) => {
    const lead = DATE_LEAD.exec(flat.slice(Math.max(0, m.index - 80), m.index));
    const inSlot = m.index >= slot[0] && m.index < slot[1];
    const label = lead?.groups?.strong && /date/i.test(lead.groups.strong);
    return { m, inSlot, strong: Boolean(lead?.groups?.strong), weak: Boolean(lead?.groups?.weak), label };
  });
  const placed = mentions.filter((x) => (x.inSlot && (x.strong || x.weak)) || x.label);
  const chosen = placed.some((x) => x.strong) ? placed.filter((x) => x.strong) : placed;
  const distinct = [...new Map(chosen.map((x) => [JSON.stringify(x.m.reading), x.m])).values()];
  if (distinct.length > 1) {
    const list = distinct.map(quoted).join(' and ');
    return {
      dateProblem: {
        kind: 'ambiguous',
        written: list,
        explanation: `Your email names more than one date to move the change to: ${list}.`,
      },
    };
  }
  const [only] = distinct;
  if (only) return problemOf(only);
  const unplaced = mentions.find((x) => x.inSlot || x.strong);
  if (unplaced) {
    return {
      dateProblem: {
        kind: 'ambiguous',
        written: unplaced.m.written,
        explanation: `Your email mentions ${quoted(unplaced.m)}, but not as the date to move the change to.`,
      },
    };
  }
  // Date-like words after "to", "until"… in the request itself: refused, never "the next window".
  const slotText = flat.slice(slot[0], slot[1]);
  const lead = /(?:^|[\s,(])(?:to|until|till|til|after|for|on|by|new\s+date)\s*:?\s+(?<rest>.*)$/i.exec(
    slotText,
  );
  const rest = lead?.groups?.rest?.trim() ?? '';
  if (rest && looksLikeDate(rest)) {
    const written = rest.replace(/[.,;:!?]+$/, '').slice(0, 60);
    return {
      dateProblem: {
        kind: 'unreadable',
        written,
        explanation: `We could not read "${written}" as a calendar date.`,
      },
    };
  }
  return {};
}

/** The reason runs from its keyword to the risk acceptance (its sentence, or its first word) or the end. */
function reasonOf(
  original: string,
  flat: Flat,
  offset: number,
  riskSentenceStart: number | undefined,
  riskStart: number | undefined,
): { text: string; keywordAt?: number } {
  const text = flat.text.slice(offset);
  const match = REASON.exec(text);
  if (!match) return { text: '' };
  const from = match.index + match[0].length;
  const cutByRisk =
    !(riskSentenceStart !== undefined && riskSentenceStart > from) &&
    riskStart !== undefined &&
    riskStart > from;
  const to =
    riskSentenceStart !== undefined && riskSentenceStart > from
      ? riskSentenceStart
      : cutByRisk && riskStart !== undefined
        ? riskStart
        : text.length;
  const words = verbatim(original, flat, offset + from, offset + to)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[:,\s-]+/, '');
  // "because of payroll and we accept the risks": the joining word belongs to neither.
  const trailing = cutByRisk ? /(?:[.,;!\s]|\b(?:and|so)\b)+$/i : /[.,;!\s]+$/;
  const reason = withoutTrailingSignOff(words).replace(trailing, '');
  return { text: PLACEHOLDER.test(reason) ? '' : reason, keywordAt: offset + match.index };
}

export function parseReplyCommand(text: string, options: GrammarOptions = {}): ReplyCommand {
  const keeps = (line: string) => POSTPONE.test(line) || RISK.test(line) || OPT_OUT.test(line);
  const own = withoutGreeting(withoutSignature(text.replace(/\r\n?/g, '\n'), keeps), keeps);
  const flat = flatten(own);
  if (flat.text === '') return { type: 'unknown' };
  const postpone = POSTPONE.exec(flat.text);
  if (!postpone) {
    const optOut = OPT_OUT.exec(flat.text);
    if (!optOut) return { type: 'unknown' };
    return { type: 'opt-out', words: ownSentence(own, flat, optOut.index, optOut.index + optOut[0].length) };
  }
  const risk = RISK.exec(flat.text);
  const riskRange = risk ? sentenceAround(flat.text, risk.index, risk.index + risk[0].length) : undefined;
  const riskWords = risk ? ownSentence(own, flat, risk.index, risk.index + risk[0].length) : undefined;
  const at = (index: number | undefined) => (index === undefined ? undefined : index - postpone.index);
  const reason = reasonOf(own, flat, postpone.index, at(riskRange?.[0]), at(risk?.index));
  // The notice's own example quoted back, placeholders and all, is not a request.
  if (!reason.text && PLACEHOLDER.test(flat.text)) return { type: 'unknown' };
  const slotEnd = Math.min(
    sentenceAround(flat.text, postpone.index, postpone.index + postpone[0].length)[1],
    reason.keywordAt ?? flat.text.length,
    riskRange && riskRange[0] > postpone.index ? riskRange[0] : flat.text.length,
  );
  return {
    type: 'postpone',
    ...requestedDateOf(flat.text, [postpone.index + postpone[0].length, slotEnd], options.receivedOn),
    reason: reason.text,
    ...(riskWords ? { riskAcceptanceWords: riskWords } : {}),
  };
}
