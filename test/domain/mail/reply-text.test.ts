import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../functions/mail/html-to-text.ts';
import { extractReplyText } from '../../../functions/mail/reply-text.ts';

const REQUEST = 'POSTPONE because x. We accept the risks.';

describe('extractReplyText', () => {
  it.each([
    ['">" quoted lines', `${REQUEST}\n\n> the notice\n> more`],
    ['Gmail attribution', `${REQUEST}\n\nOn Tue, 24 Nov 2026 at 12:05, Patch <n@p.example> wrote:\n> x`],
    [
      'wrapped attribution',
      `${REQUEST}\n\nOn Tue, 24 Nov 2026 at 12:05, Patch Promise <\nn@p.example> wrote:\n\nquoted`,
    ],
    [
      'wrapped attribution before quotes',
      `${REQUEST}\nOn Tue, 24 Nov 2026 at 12:05, Patch <\nn@p.example> wrote:\n> quoted`,
    ],
    ['German attribution', `${REQUEST}\n\nAm 24.11.2026 um 12:05 schrieb Patch <n@p.example>:\nquoted`],
    ['Outlook original message', `${REQUEST}\n\n-----Original Message-----\nFrom: Patch\nquoted`],
    ['Outlook header block', `${REQUEST}\n\nFrom: Patch <n@p.example>\nSent: Tuesday\nTo: ops\nquoted`],
    ['Outlook underscores', `${REQUEST}\n\n________________________________\nFrom: Patch\nquoted`],
    ['Gmail forward', `${REQUEST}\n\n---------- Forwarded message ---------\nFrom: Patch\nquoted`],
    ['Apple forward', `${REQUEST}\n\nBegin forwarded message:\n\nFrom: Patch\nquoted`],
    ['signature', `${REQUEST}\n-- \nOlivia, Acme`],
  ])('keeps only the text above %s', (_name, text) => {
    expect(extractReplyText(text, undefined)).toBe(REQUEST);
  });

  it('keeps a "From:" line that is not an Outlook header block', () => {
    expect(extractReplyText('From: the ops team\nPOSTPONE because x.', undefined)).toBe(
      'From: the ops team\nPOSTPONE because x.',
    );
  });

  it('converts an HTML-only reply and drops its quote', () => {
    const html = `<div>POSTPONE because <b>x</b> &amp; y.</div><div>We accept the risks.</div><blockquote>POSTPONE to &lt;YYYY-MM-DD&gt;</blockquote>`;
    expect(extractReplyText(undefined, html)).toBe('POSTPONE because x & y.\n\nWe accept the risks.');
    expect(extractReplyText('  ', html)).toBe('POSTPONE because x & y.\n\nWe accept the risks.');
  });

  it('prefers the text part when there is one', () => {
    expect(extractReplyText('plain words', '<p>html words</p>')).toBe('plain words');
  });
});

describe('htmlToText', () => {
  it('drops head, style and script, breaks blocks into lines and decodes entities', () => {
    const html =
      '<html><head><title>t</title><style>p{}</style></head><body><p>a&nbsp;b</p><script>x()</script><p>&#8211; &#x41; &lt;c&gt;</p>a<br>b</body></html>';
    expect(htmlToText(html)).toBe('a b\n\n– A <c>\na\nb');
  });
});
