/**
 * Dates as customers write them in a reply (C4.1, C4.4): `2027-01-13`, `13 January 2027`,
 * `January 13, 2027`, `Wed 13th Jan 2027`, `13/01/2027`, `13. Januar 2027`, `13 de enero de 2027`…
 * Each date found is read into one of: a calendar date, two readings (05/01/2027: 5 January or
 * 1 May), a date that does not exist, a weekday that contradicts its date, or a date missing its
 * year. Nothing here guesses: a reading that is not certain says so, and the caller refuses it.
 * Pure: text in, mentions out.
 */
import { Temporal } from 'temporal-polyfill';

export type DateReading =
  | { kind: 'date'; date: string }
  /** Both day-first and month-first readings are real dates (05/01/2027). */
  | { kind: 'ambiguous'; dates: [string, string] }
  /** No such day (31 February 2027, 2027-13-01). */
  | { kind: 'invalid' }
  /** The weekday written is not the weekday of the date written. */
  | { kind: 'weekday-mismatch'; date: string; weekday: string }
  /** No year, or a two-digit one (13/01, 13/01/27); `13 January` without a reference date too. */
  | { kind: 'incomplete' };

export type DateMention = { index: number; end: number; written: string; reading: DateReading };

// Month names and their usual abbreviations in English, Dutch, German, French, Spanish, Italian
// and Portuguese (the languages of the quote headers reply-text.ts recognises).
const MONTHS: readonly (readonly string[])[] = [
  [
    'january',
    'jan',
    'januari',
    'januar',
    'jänner',
    'janvier',
    'janv',
    'enero',
    'ene',
    'gennaio',
    'gen',
    'janeiro',
  ],
  [
    'february',
    'feb',
    'februari',
    'februar',
    'février',
    'fevrier',
    'févr',
    'fevr',
    'febrero',
    'febbraio',
    'fevereiro',
    'fev',
  ],
  ['march', 'mar', 'maart', 'mrt', 'märz', 'maerz', 'mär', 'mars', 'marzo', 'março', 'marco'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mei', 'mai', 'mayo', 'maggio', 'mag', 'maio'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho'],
  ['august', 'aug', 'augustus', 'août', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set', 'setembro'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  [
    'december',
    'dec',
    'dezember',
    'dez',
    'décembre',
    'decembre',
    'déc',
    'diciembre',
    'dic',
    'dicembre',
    'dezembro',
  ],
];

// Weekdays (Monday first), names of three letters or more only: two-letter forms ("do", "di")
// are ordinary words too often.
const WEEKDAYS: readonly (readonly string[])[] = [
  [
    'monday',
    'mon',
    'maandag',
    'montag',
    'lundi',
    'lun',
    'lunes',
    'lunedì',
    'lunedi',
    'segunda-feira',
    'segunda',
    'seg',
  ],
  [
    'tuesday',
    'tue',
    'tues',
    'dinsdag',
    'dienstag',
    'mardi',
    'martes',
    'martedì',
    'martedi',
    'terça-feira',
    'terca-feira',
    'terça',
    'ter',
  ],
  [
    'wednesday',
    'wed',
    'woensdag',
    'mittwoch',
    'mercredi',
    'mer',
    'miércoles',
    'miercoles',
    'mié',
    'mie',
    'mercoledì',
    'mercoledi',
    'quarta-feira',
    'quarta',
    'qua',
  ],
  [
    'thursday',
    'thu',
    'thur',
    'thurs',
    'donderdag',
    'donnerstag',
    'jeudi',
    'jeu',
    'jueves',
    'jue',
    'giovedì',
    'giovedi',
    'gio',
    'quinta-feira',
    'quinta',
    'qui',
  ],
  [
    'friday',
    'fri',
    'vrijdag',
    'freitag',
    'vendredi',
    'ven',
    'viernes',
    'vie',
    'venerdì',
    'venerdi',
    'sexta-feira',
    'sexta',
    'sex',
  ],
  ['saturday', 'sat', 'zaterdag', 'samstag', 'samedi', 'sam', 'sábado', 'sabado', 'sáb', 'sab', 'sabato'],
  ['sunday', 'sun', 'zondag', 'sonntag', 'dimanche', 'dim', 'domingo', 'dom', 'domenica'],
];

const ENGLISH_MONTHS = MONTHS.map((names) => names[0] ?? '');
const ENGLISH_WEEKDAYS = WEEKDAYS.map((names) => names[0] ?? '');

const indexOfName = (table: readonly (readonly string[])[]) => {
  const map = new Map<string, number>();
  table.forEach((names, i) => {
    for (const name of names) map.set(name, i + 1);
  });
  return map;
};
const MONTH_OF = indexOfName(MONTHS);
const WEEKDAY_OF = indexOfName(WEEKDAYS);

const alternation = (table: readonly (readonly string[])[]) =>
  table
    .flat()
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
const MONTH = `(?<month>${alternation(MONTHS)})\\.?`;
const WEEKDAY = `(?:(?<weekday>${alternation(WEEKDAYS)})\\.?,?\\s+(?:the\\s+)?)?`;
const DAY = '(?<day>[0-3]?\\d)(?:st|nd|rd|th|er|re|e|º|ª|°)?\\.?';
const YEAR = '(?<year>\\d{4})';
const START = '(?<![\\p{L}\\p{N}])';
const END = '(?![\\p{L}\\p{N}])';

/** The ways a date is written, tried together; the longest match at the earliest place wins. */
const FORMS: {
  re: RegExp;
  read: (g: Record<string, string | undefined>, ref?: Temporal.PlainDate) => DateReading;
}[] = [
  {
    // 13 January 2027, Wed 13th Jan 2027, the 13th of January, 13-Jan-2027, 13 de enero de 2027
    re: new RegExp(
      `${START}${WEEKDAY}(?:the\\s+)?${DAY}(?:\\s*(?:of|de)\\s+|[\\s./-]+)${MONTH}(?:[\\s,./-]*(?:de\\s+)?${YEAR})?${END}`,
      'giu',
    ),
    read: (g, ref) => textual(g, ref),
  },
  {
    // January 13, 2027; Wednesday, Jan. 13th 2027; January the 13th
    re: new RegExp(`${START}${WEEKDAY}${MONTH}[\\s.]+(?:the\\s+)?${DAY}(?:,?\\s*${YEAR})?${END}`, 'giu'),
    read: (g, ref) => textual(g, ref),
  },
  {
    // 2027-01-13, 2027/1/13, 2027.01.13: year first is always year-month-day.
    re: /(?<![\p{L}\p{N}./-])(?<year>\d{4})([-/.])(?<month>\d{1,2})\2(?<day>\d{1,2})(?![\p{L}\p{N}]|[-/.]\d)/gu,
    read: (g) => exact(Number(g.year), Number(g.month), Number(g.day)),
  },
  {
    // 13/01/2027, 1-13-2027, 13.01.2027, 13/01/27: day-first or month-first, whichever is real.
    re: /(?<![\p{L}\p{N}./-])(?<a>\d{1,2})([-/.])(?<b>\d{1,2})\2(?<year>\d{4}|\d{2})(?![\p{L}\p{N}]|[-/.]\d)/gu,
    read: (g) =>
      g.year?.length === 4 ? numeric(Number(g.a), Number(g.b), Number(g.year)) : { kind: 'incomplete' },
  },
  {
    // 13/01: no year.
    re: /(?<![\p{L}\p{N}./-])(?<a>\d{1,2})\/(?<b>\d{1,2})(?![\p{L}\p{N}]|[-/.]\d)/gu,
    read: () => ({ kind: 'incomplete' }),
  },
];

function dateOf(year: number, month: number, day: number): Temporal.PlainDate | undefined {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

function exact(year: number, month: number, day: number): DateReading {
  const date = dateOf(year, month, day);
  return date ? { kind: 'date', date: date.toString() } : { kind: 'invalid' };
}

/** `a/b/yyyy`: both readings are tried; a single real one is certain, two different ones are not. */
function numeric(a: number, b: number, year: number): DateReading {
  const dayFirst = dateOf(year, b, a);
  const monthFirst = dateOf(year, a, b);
  if (dayFirst && monthFirst && !dayFirst.equals(monthFirst))
    return { kind: 'ambiguous', dates: [dayFirst.toString(), monthFirst.toString()] };
  const date = dayFirst ?? monthFirst;
  return date ? { kind: 'date', date: date.toString() } : { kind: 'invalid' };
}

/**
 * A date with its month in words. Without a year, the first such date on or after the reference
 * (the day before receipt, so that "today" in any zone still counts) is meant; without a
 * reference, the date is incomplete.
 */
function textual(g: Record<string, string | undefined>, ref?: Temporal.PlainDate): DateReading {
  const month = MONTH_OF.get((g.month ?? '').toLowerCase()) ?? 0;
  const day = Number(g.day);
  let date: Temporal.PlainDate | undefined;
  if (g.year) date = dateOf(Number(g.year), month, day);
  else if (ref) {
    if (!dateOf(2028, month, day)) return { kind: 'invalid' }; // 2028 is a leap year: 29 February exists
    for (let year = ref.year; year <= ref.year + 4 && !date; year++) {
      const candidate = dateOf(year, month, day);
      if (candidate && Temporal.PlainDate.compare(candidate, ref) >= 0) date = candidate;
    }
  } else return { kind: 'incomplete' };
  if (!date) return { kind: 'invalid' };
  const weekday = g.weekday ? WEEKDAY_OF.get(g.weekday.toLowerCase()) : undefined;
  if (weekday !== undefined && weekday !== date.dayOfWeek)
    return {
      kind: 'weekday-mismatch',
      date: date.toString(),
      weekday: capital(ENGLISH_WEEKDAYS[weekday - 1] ?? ''),
    };
  return { kind: 'date', date: date.toString() };
}

/**
 * Every date written in `text`, in order. `receivedOn` (YYYY-MM-DD, the receipt date) lets a date
 * without a year ("13 January") mean its next occurrence.
 */
export function findDates(text: string, receivedOn?: string): DateMention[] {
  const ref = receivedOn ? Temporal.PlainDate.from(receivedOn).subtract({ days: 1 }) : undefined;
  const found: DateMention[] = [];
  for (const form of FORMS) {
    for (const m of text.matchAll(form.re)) {
      found.push({
        index: m.index,
        end: m.index + m[0].length,
        written: m[0].trim().replace(/^the\s+/i, ''),
        reading: form.read(m.groups ?? {}, ref),
      });
    }
  }
  // Earliest first; at one place the longest; drop what overlaps a mention already kept.
  found.sort((x, y) => x.index - y.index || y.end - x.end);
  const kept: DateMention[] = [];
  for (const mention of found) {
    const last = kept.at(-1);
    if (!last || mention.index >= last.end) kept.push(mention);
  }
  return kept;
}

/**
 * Words that say "a date or a span of time" without being one we can read: a weekday or month on
 * its own, "tomorrow", "two weeks", "the 13th", a year. After "postpone to", they must be refused,
 * never replaced by "the next window".
 */
const DATE_LIKE = new RegExp(
  `${START}(?:${alternation(MONTHS)}|${alternation(WEEKDAYS)}|today|tonight|tomorrow|days?|weeks?|weekend|fortnight|months?|years?|quarter|christmas|easter|holidays?|\\d{1,2}(?:st|nd|rd|th)|(?:19|20)\\d\\d|\\d{1,2}[/.-]\\d{1,2})${END}`,
  'iu',
);
export const looksLikeDate = (text: string): boolean => DATE_LIKE.test(text);

const capital = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** 2027-01-13 → "13 January 2027": how replies to the customer write a date. */
export function dateInWords(iso: string): string {
  const date = Temporal.PlainDate.from(iso);
  return `${date.day} ${capital(ENGLISH_MONTHS[date.month - 1] ?? '')} ${date.year}`;
}

/** 2027-01-13 → "Wednesday". */
export const weekdayName = (iso: string): string =>
  capital(ENGLISH_WEEKDAYS[Temporal.PlainDate.from(iso).dayOfWeek - 1] ?? '');
