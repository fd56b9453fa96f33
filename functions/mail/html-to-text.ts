/**
 * Enough HTML-to-text for a customer's reply: block elements become line breaks, tags go,
 * entities are decoded. It is not a renderer; it only has to keep the words and their order.
 */
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** Drops comments; an unclosed one runs to the end, as in a browser. Linear on any input. */
function withoutComments(html: string): string {
  let out = '';
  let at = 0;
  for (let open = html.indexOf('<!--'); open >= 0; open = html.indexOf('<!--', at)) {
    const close = html.indexOf('-->', open + 4);
    out += html.slice(at, open);
    at = close < 0 ? html.length : close + 3;
  }
  return out + html.slice(at);
}

/** Drops head, style, script and title elements with their content; an unclosed one loses only its tag. */
function withoutHiddenElements(html: string): string {
  const lower = html.toLowerCase();
  const open = /<(head|style|script|title)\b/gi;
  let out = '';
  let at = 0;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    if (m.index < at) continue;
    const close = lower.indexOf(`</${(m[1] ?? '').toLowerCase()}`, m.index);
    const end = close < 0 ? html.indexOf('>', m.index) : lower.indexOf('>', close);
    out += html.slice(at, m.index);
    at = end < 0 ? html.length : end + 1;
    open.lastIndex = at;
  }
  return out + html.slice(at);
}

export function htmlToText(html: string): string {
  // [^<>]: a stray "<" never makes a tag run to the end of the message (linear on any input).
  const text = withoutHiddenElements(withoutComments(html))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)\s*>/gi, '\n')
    .replace(/<(p|div|li|tr|h[1-6]|blockquote|pre|table|hr)\b[^<>]*>/gi, '\n')
    .replace(/<[^<>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
