/**
 * A notice's body as a few kinds of block, rendered once as plain text and once as HTML. Every
 * value reaches the HTML through escapeHtml, so a release title or a refusal reason can never
 * inject markup into the customer's mail.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  /** A line the customer may copy as is (the reply grammar example). */
  | { kind: 'example'; text: string }
  | { kind: 'footer'; text: string };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 72))}`;
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item.replace(/\n/g, '\n  ')}`).join('\n');
    case 'example':
      return `    ${block.text}`;
    case 'footer':
      return `--\n${block.text}`;
  }
}

export const renderText = (blocks: Block[]): string => `${blocks.map(blockText).join('\n\n')}\n`;

const htmlLines = (text: string): string => escapeHtml(text).replace(/\n/g, '<br>');

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h1 style="font-size:18px">${escapeHtml(block.text)}</h1>`;
    case 'paragraph':
      return `<p>${htmlLines(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${htmlLines(item)}</li>`).join('')}</ul>`;
    case 'example':
      return `<pre style="background:#f4f4f4;padding:8px">${escapeHtml(block.text)}</pre>`;
    case 'footer':
      return `<hr><p style="color:#666;font-size:12px">${htmlLines(block.text)}</p>`;
  }
}

export function renderHtml(blocks: Block[], title: string): string {
  const body = blocks.map(blockHtml);
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="font-family:sans-serif">${body.join('\n')}</body></html>`,
  ].join('\n');
}

/** A notice's subject, its blocks and the clauses it cites (notice-content.ts). */
export type NoticeContent = { subject: string; blocks: Block[]; clauses: string[] };
