/**
 * The frame around a customer's words: the greeting above them ("Hi team,", "Hallo,") and the
 * sign-off and signature under them ("Thanks, Kim", "Kind regards" and a name, "Met vriendelijke
 * groet", a title and a phone number), so that the reason and the risk acceptance are recorded
 * without them (C4.1, C4.3). Pure.
 */

/** Closing words in English, Dutch, German, French, Spanish, Italian and Portuguese. */
const CLOSING =
  '(?:many\\s+thanks|thanks\\s+(?:again|a\\s+lot|in\\s+advance)|thank\\s+you(?:\\s+(?:very\\s+much|in\\s+advance))?|thanks|thx|tnx|ty|cheers|' +
  '(?:kind|best|warm|warmest|many)\\s+regards|regards|best\\s+wishes|all\\s+the\\s+best|best|br|kr|sincerely|yours\\s+sincerely|yours\\s+truly|yours|' +
  '(?:met\\s+)?vriendelijke\\s+groet(?:en)?|met\\s+vriendelijke\\s+groet(?:en)?|groet(?:en|jes)?|mvg|bedankt|dank\\s*je(?:\\s+wel)?|' +
  'mit\\s+freundlichen\\s+gr(?:ü|ue)(?:ß|ss)en|(?:viele|beste|liebe|freundliche)\\s+gr(?:ü|ue)(?:ß|ss)e|gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss)|mfg|lg|vg|danke(?:\\s+schön)?|' +
  '(?:bien\\s+)?cordialement|bien\\s+à\\s+vous|salutations(?:\\s+distinguées)?|merci(?:\\s+beaucoup)?|' +
  '(?:un\\s+)?saludos?(?:\\s+cordiales)?|atentamente|(?:muchas\\s+)?gracias|' +
  '(?:cordiali|distinti)\\s+saluti|saluti|grazie(?:\\s+mille)?|' +
  'atenciosamente|cumprimentos|(?:muito\\s+)?obrigad[oa]|abraços?)';

/** A line that is only a closing, perhaps followed by a name: "Thanks, Kim", "Danke und viele Grüße". */
const SIGN_OFF_LINE = new RegExp(
  `^${CLOSING}(?:[\\s,]+(?:and|en|und|et|y|e)\\s+${CLOSING})?[\\s,.!]*(?<rest>.*)$`,
  'iu',
);
/** A name after a closing: up to four capitalised words or initials ("Kim", "J. de Vries"). */
const NAME = /^(?:(?:\p{Lu}[\p{L}'’-]*\.?|de|van|der|den|von|da|di|do|dos|le|la|y)\s*){1,5}$/u;

/** Closings that also end a sentence: "we accept the risks thx", "…, thanks Kim", "… merci". */
const TRAILING_CLOSING =
  '(?:many\\s+thanks|thanks(?:\\s+(?:again|a\\s+lot|in\\s+advance))?|thank\\s+you(?:\\s+(?:very\\s+much|in\\s+advance))?|thx|tnx|ty|cheers|' +
  '(?:kind|best|warm|many)\\s+regards|regards|bedankt|danke(?:\\s+schön)?|merci(?:\\s+beaucoup)?|(?:muchas\\s+)?gracias|grazie(?:\\s+mille)?|(?:muito\\s+)?obrigad[oa])';
const TRAILING = new RegExp(`(?<![\\p{L}])${TRAILING_CLOSING}(?![\\p{L}])`, 'giu');

const isSignOffLine = (line: string): boolean => {
  const m = SIGN_OFF_LINE.exec(line.trim());
  if (!m) return false;
  const rest = (m.groups?.rest ?? '').trim();
  return rest === '' || NAME.test(rest);
};

/** A signature line: short, no sentence in it (a name, a title, a company, a phone, an address). */
const isSignatureLine = (line: string): boolean =>
  line.trim().split(/\s+/).length <= 8 && !/[.!?]\s+\p{Lu}/u.test(line);

/**
 * The customer's text without its closing: cut at the first sign-off line after which only
 * signature lines follow, and never where a request still follows (`keeps(line)` says so).
 */
export function withoutSignature(text: string, keeps: (line: string) => boolean): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!isSignOffLine(lines[i] ?? '')) continue;
    const after = lines.slice(i + 1).filter((l) => l.trim() !== '');
    if (after.every(isSignatureLine) && !after.some(keeps)) return lines.slice(0, i).join('\n').trimEnd();
  }
  return text;
}

/** A sentence without a closing stuck to its end ("We accept the risks thx" → "We accept the risks"). */
export function withoutTrailingSignOff(sentence: string): string {
  for (const m of sentence.matchAll(TRAILING)) {
    const rest = sentence
      .slice(m.index + m[0].length)
      .replace(/[\s,.!]+/g, ' ')
      .trim();
    if (m.index > 0 && (rest === '' || (NAME.test(rest) && rest.split(' ').length <= 3)))
      return sentence.slice(0, m.index).replace(/[\s,;:!-]+$/, '');
  }
  return sentence;
}

const GREETING =
  /^(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|hallo|hoi|beste|goedemorgen|goedemiddag|guten\s+(?:morgen|tag)|liebe[rs]?|sehr\s+geehrte[rs]?|bonjour|bonsoir|hola|buenos\s+días|buenas\s+tardes|estimad[oa]s?|ciao|buongiorno|salve|gentile|olá|ola|bom\s+dia|boa\s+tarde|prezad[oa]s?)(?![\p{L}])[^\n]{0,40}$/iu;

/** The customer's text without a greeting line above it ("Hi Patch team,"), unless it holds a request. */
export function withoutGreeting(text: string, keeps: (line: string) => boolean): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const line = (lines[first] ?? '').trim();
  if (first < 0 || !GREETING.test(line) || line.split(/\s+/).length > 5 || keeps(line)) return text;
  return lines.slice(first + 1).join('\n');
}
