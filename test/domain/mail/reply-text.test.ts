import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../functions/mail/html-to-text.ts';
import { parseReplyCommand } from '../../../functions/mail/reply-grammar.ts';
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

  it.each([
    [
      'Outlook, Dutch',
      'Van: Patch Promise <n@p.example>\nVerzonden: dinsdag 24 november 2026 12:05\nAan: Jan <jan@acme.example>\nOnderwerp: Planned maintenance',
    ],
    [
      'Outlook, German',
      'Von: Patch Promise <n@p.example>\nGesendet: Dienstag, 24. November 2026 12:05\nAn: Lena\nBetreff: Planned maintenance',
    ],
    [
      'Outlook, French',
      'De : Patch Promise <n@p.example>\nEnvoyé : mardi 24 novembre 2026 12:05\nÀ : Chloé\nObjet : Planned maintenance',
    ],
    [
      'Outlook, Spanish',
      'De: Patch Promise <n@p.example>\nEnviado el: martes, 24 de noviembre de 2026 12:05\nPara: Lucía\nAsunto: Planned maintenance',
    ],
    [
      'Outlook, Italian',
      'Da: Patch Promise <n@p.example>\nInviato: martedì 24 novembre 2026 12:05\nA: Giulia\nOggetto: Planned maintenance',
    ],
    [
      'Outlook, Portuguese',
      'De: Patch Promise <n@p.example>\nEnviado: terça-feira, 24 de novembro de 2026 12:05\nPara: João\nAssunto: Planned maintenance',
    ],
    [
      'Outlook bold labels',
      '*From:* Patch Promise <n@p.example>\n*Sent:* Tuesday, November 24, 2026 12:05 PM\n*To:* ops',
    ],
    [
      'Outlook, a language not listed',
      'Od: Patch Promise <n@p.example>\nWysłano: wtorek, 24 listopada 2026 12:05\nDo: ops\nTemat: Planned maintenance',
    ],
    ['Original Message, Dutch', '-----Oorspronkelijk bericht-----\nVan: Patch'],
    ['Original Message, German', '-----Ursprüngliche Nachricht-----\nVon: Patch'],
    ['Original Message, French', "-----Message d'origine-----\nDe : Patch"],
    ['Original Message, Spanish', '-----Mensaje original-----\nDe: Patch'],
    ['Original Message, Italian', '-----Messaggio originale-----\nDa: Patch'],
    ['Original Message, Portuguese', '-----Mensagem original-----\nDe: Patch'],
    ['Gmail, Dutch', 'Op di 24 nov 2026 om 12:05 schreef Patch Promise <n@p.example>:\n\nquoted'],
    [
      'Apple Mail, Dutch',
      'Op 24 nov. 2026 om 12:05 heeft Patch Promise <n@p.example> het volgende geschreven:\n\nquoted',
    ],
    ['Gmail, German', 'Am Di., 24. Nov. 2026 um 12:05 Uhr schrieb Patch Promise <n@p.example>:\nquoted'],
    ['Gmail, French', 'Le mar. 24 nov. 2026 à 12:05, Patch Promise <n@p.example> a écrit :\nquoted'],
    ['Gmail, Spanish', 'El mar, 24 nov 2026 a las 12:05, Patch Promise (<n@p.example>) escribió:\nquoted'],
    [
      'Gmail, Italian',
      'Il giorno mar 24 nov 2026 alle ore 12:05 Patch Promise <n@p.example> ha scritto:\nquoted',
    ],
    [
      'Gmail, Portuguese',
      'Em ter., 24 de nov. de 2026 às 12:05, Patch Promise <n@p.example> escreveu:\nquoted',
    ],
    [
      'Gmail, Portuguese, wrapped',
      'Em ter., 24 de nov. de 2026 às 12:05, Patch Promise <\nn@p.example> escreveu:\nquoted',
    ],
    ['Thunderbird', 'On 24/11/2026 12:05, Patch Promise wrote:\nquoted'],
    ['a forwarded message, Dutch', '---------- Doorgestuurd bericht ---------\nVan: Patch'],
    ['the notice itself, unmarked', 'Planned maintenance of your servers\n===\nHello Acme,'],
    [
      'the notice itself, from its postponement section',
      'How to ask for a postponement\nReply to this email',
    ],
    [
      'the notice example, unmarked',
      '    POSTPONE to <YYYY-MM-DD> because <your business reason>. We accept the risks.',
    ],
    ['Sent from my iPhone', 'Sent from my iPhone'],
    ['Verzonden vanaf mijn iPhone', 'Verzonden vanaf mijn iPhone'],
    ['Von meinem iPhone gesendet', 'Von meinem iPhone gesendet'],
    ['Envoyé de mon iPhone', 'Envoyé de mon iPhone'],
    ['Enviado desde mi iPhone', 'Enviado desde mi iPhone'],
    ['Inviato da iPhone', 'Inviato da iPhone'],
    ['Enviado do meu iPhone', 'Enviado do meu iPhone'],
    ['Get Outlook for iOS', 'Get Outlook for iOS'],
  ])('C12.2 keeps only the text above %s', (_name, quote) => {
    expect(extractReplyText(`${REQUEST}\n\n${quote}\nWe accept the risks.`, undefined)).toBe(REQUEST);
  });

  it("keeps the customer's own lines that only look like labels", () => {
    const text = 'Reason: our payroll run\nDate: whichever suits you\nPOSTPONE because x.';
    expect(extractReplyText(text, undefined)).toBe(text);
    expect(extractReplyText('Sent from our London office: POSTPONE because x.', undefined)).toBe(
      'Sent from our London office: POSTPONE because x.',
    );
  });

  it.each([
    [
      'Thunderbird',
      '<div class="moz-cite-prefix">On 24/11/2026 12:05, Patch wrote:<br></div><div>We accept the risks.</div>',
    ],
    [
      'Outlook desktop',
      '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>Van:</b> Patch</p></div><p>We accept the risks.</p>',
    ],
    [
      'Outlook on the web',
      '<hr style="display:inline-block;width:98%" tabindex="-1"><div>We accept the risks.</div>',
    ],
  ])('C12.2 cuts an HTML-only reply at the %s quote', (_name, quote) => {
    expect(extractReplyText(undefined, `<p>${REQUEST}</p>${quote}`)).toBe(REQUEST);
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

describe('crafted replies (a reply may be up to 10 MB)', () => {
  it.each([
    ['many "Label: value" lines', () => extractReplyText('Reason: x y\n'.repeat(20_000), undefined)],
    ['many stray "<"', () => htmlToText(`<p>${'<'.repeat(200_000)}`)],
    ['many unclosed <style', () => htmlToText('<style '.repeat(50_000))],
    ['many unclosed comments', () => htmlToText('<!--'.repeat(50_000))],
    ['many unclosed class attributes', () => extractReplyText(undefined, '<div class="a'.repeat(30_000))],
    ['many "<" after a request', () => parseReplyCommand(`postpone because ${'<'.repeat(100_000)}`)],
    [
      'a long text',
      () => parseReplyCommand(`${'word '.repeat(200_000)} postpone to 13 January 2027 because x`),
    ],
  ])('reads %s in linear time (quadratic, each took 10 s or more)', (_name, read) => {
    const started = performance.now();
    read();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
