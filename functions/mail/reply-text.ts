/**
 * The customer's own words in a reply: the text above the quoted notice (C4.1, C12.2). Mail
 * programs mark the quote differently, in the customer's language (quote-markers.ts); each marker
 * cuts the text at its first line. As a last guard, the notice's own lines (its headings, its
 * example request) cut it too, so a quote in a form nobody foresaw still never counts as the
 * customer's request or risk acceptance.
 */
import { htmlToText } from './html-to-text.ts';
import { NOTICE_HEADINGS, NOTICE_LINES } from './notice-phrases.ts';
import {
  ATTRIBUTION_OPENERS,
  ATTRIBUTION_VERBS,
  DEVICE_FOOTER,
  FORWARD_OPENERS,
  HEADER_LABELS,
  ORIGINAL_MESSAGE,
} from './quote-markers.ts';

const any = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');

/** `From:`, `*Van:*`, `De :` (French spacing), `**Sent:**`. */
const label = (labels: readonly string[]) =>
  new RegExp(`^\\*{0,2}(?:${any(labels)})\\s*\\*{0,2}\\s*:\\*{0,2}(?:\\s|$)`, 'iu');
const FROM = label(HEADER_LABELS.from);
const SENT = label(HEADER_LABELS.sent);
const TO_OR_SUBJECT = label([...HEADER_LABELS.to, ...HEADER_LABELS.subject]);

const ATTRIBUTION = new RegExp(
  `^(?:${any(ATTRIBUTION_OPENERS)})\\s.{0,300}?(?<![\\p{L}])(?:${any(ATTRIBUTION_VERBS)})(?![\\p{L}]).{0,200}:\\s*$`,
  'iu',
);
const OPENS_ATTRIBUTION = new RegExp(`^(?:${any(ATTRIBUTION_OPENERS)})\\s`, 'iu');

/** Lines that start a quoted or forwarded message, a signature, or a phone's footer. */
const CUT_LINES: RegExp[] = [
  new RegExp(`^-{2,}\\s*(?:${any(ORIGINAL_MESSAGE)})\\s*-{2,}\\s*$`, 'iu'), // Outlook, Gmail forward
  /^-{4,}\s*[\p{L}' ]{3,40}?\s*-{4,}\s*$/u, // the same separator in any other language
  new RegExp(`^(?:${any(FORWARD_OPENERS)})\\s*:\\s*$`, 'iu'), // Apple Mail forward
  /^_{10,}\s*$/, // Outlook separator before its From:/Sent: block
  /^>/, // quoted lines
  /^--\s?$/, // signature separator (RFC 3676)
  ATTRIBUTION, // "On … wrote:", "Op … schreef …:", "Le … a écrit :"
  DEVICE_FOOTER, // "Sent from my iPhone"
];

/** An attribution the client wrapped over two or three lines. */
function isWrappedAttribution(lines: string[], index: number): boolean {
  if (!OPENS_ATTRIBUTION.test(lines[index] ?? '')) return false;
  return [2, 3].some((count) => ATTRIBUTION.test(lines.slice(index, index + count).join(' ')));
}

/** Outlook's header block: `From:` (or its translation) followed by `Sent:`/`Date:`, or by `To:` and `Subject:`. */
function isOutlookHeader(lines: string[], index: number): boolean {
  if (!FROM.test(lines[index] ?? '')) return false;
  const next = lines.slice(index + 1, index + 6).filter((l) => l !== '');
  return next.some((l) => SENT.test(l)) || next.filter((l) => TO_OR_SUBJECT.test(l)).length >= 2;
}

/** A header block in a language not listed: three `Label: value` lines, a sender address, a date or time. */
const HEADER_LINE = /^\*{0,2}\p{L}[\p{L} .'-]{0,24}?\s*\*{0,2}:\*{0,2}\s+\S/u;
function isHeaderBlock(lines: string[], index: number): boolean {
  const block: string[] = [];
  // A header block is a few lines; looking no further keeps a reply of many "Label: value" lines linear.
  for (let i = index; i < Math.min(lines.length, index + 12) && HEADER_LINE.test(lines[i] ?? ''); i++)
    block.push(lines[i] ?? '');
  return (
    block.length >= 3 &&
    /@[\w-]+(?:\.[\w-]+)+/.test(block[0] ?? '') &&
    block.some((l) => /\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b/.test(l))
  );
}

/** A line of the notice itself: where a quote nobody marked begins. */
const lineOfNotice = (line: string): boolean => {
  const bare = line
    .replace(/^[>\s]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return NOTICE_HEADINGS.includes(bare) || NOTICE_LINES.some((re) => re.test(bare));
};

/** Cuts HTML at the first quote container, so only the text written above it is converted. */
function htmlAboveQuote(html: string): string {
  // Bounded repeats ({0,500}): a crafted message of many unclosed tags stays linear.
  const markers = [
    /<blockquote\b/i,
    /<div\b[^<>]{0,500}?class="[^"<>]{0,500}?(?:gmail_quote|moz-cite-prefix|yahoo_quoted|OutlookMessageHeader)/i,
    /<div\b[^<>]{0,500}?id="(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)"/i,
    /<hr\b[^<>]{0,500}?(?:id="stopSpelling"|tabindex="-1")/i,
    // Outlook desktop: the header block sits in a div with a thin top border.
    /<div\b[^<>]{0,500}?style="[^"<>]{0,500}?border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)/i,
  ];
  const cut = Math.min(...markers.map((m) => html.search(m)).filter((i) => i >= 0), html.length);
  return html.slice(0, cut);
}

export function extractReplyText(text: string | undefined, html: string | undefined): string {
  const source = text?.trim() ? text : html ? htmlToText(htmlAboveQuote(html)) : '';
  const raw = source.replace(/\r\n?/g, '\n').split('\n');
  const lines = raw.map((line) => line.trim());
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (
      CUT_LINES.some((re) => re.test(line)) ||
      isWrappedAttribution(lines, i) ||
      isOutlookHeader(lines, i) ||
      isHeaderBlock(lines, i) ||
      lineOfNotice(line)
    )
      break;
    kept.push(raw[i] ?? '');
  }
  return kept.join('\n').trim();
}
