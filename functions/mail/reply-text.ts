/**
 * The customer's own words in a reply: the text above the quoted notice. Mail programs mark the
 * quote differently; each marker below cuts the text at its first line.
 */
import { htmlToText } from './html-to-text.ts';

/** Lines that start a quoted or forwarded message, or a signature. */
const CUT_LINES: RegExp[] = [
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook (plain text)
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i, // Gmail forward
  /^Begin forwarded message:\s*$/i, // Apple Mail forward
  /^_{10,}\s*$/, // Outlook separator before its From:/Sent: block
  /^>/, // quoted lines
  /^--\s?$/, // signature separator (RFC 3676)
  /^(?:On|Le|Am|El|Il|Op)\s.*\b(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef)\b.{0,200}:\s*$/i, // "On … wrote:"
];

/** A Gmail/Apple attribution that the client wrapped over two or three lines. */
function isWrappedAttribution(lines: string[], index: number): boolean {
  const first = lines[index] ?? '';
  if (!/^(?:On|Le|Am|El|Il|Op)\s/.test(first)) return false;
  return [2, 3].some((count) =>
    /^(?:On|Le|Am|El|Il|Op)\s.{0,300}?\b(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef)\b.{0,200}:\s*$/.test(
      lines.slice(index, index + count).join(' '),
    ),
  );
}

/** An Outlook header block: `From: …` followed within three lines by `Sent:` or `Date:`. */
function isOutlookHeader(lines: string[], index: number): boolean {
  if (!/^\*?(?:From|Von|De)\s*:\*?\s/i.test(lines[index] ?? '')) return false;
  return lines
    .slice(index + 1, index + 4)
    .some((line) => /^\*?(?:Sent|Date|Gesendet|Envoyé)\s*:/i.test(line));
}

/** Cuts HTML at the first quote container, so only the text written above it is converted. */
function htmlAboveQuote(html: string): string {
  const markers = [
    /<blockquote\b/i,
    /<div[^>]+class="[^"]*gmail_quote/i,
    /<div[^>]+id="(?:divRplyFwdMsg|appendonsend)"/i,
    /<hr\b[^>]*id="stopSpelling"/i,
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
    if (CUT_LINES.some((re) => re.test(line)) || isWrappedAttribution(lines, i) || isOutlookHeader(lines, i))
      break;
    kept.push(raw[i] ?? '');
  }
  return kept.join('\n').trim();
}
