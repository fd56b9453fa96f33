import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLY_EXAMPLE } from '../../../functions/mail/notice-phrases.ts';
import { parseReplyCommand } from '../../../functions/mail/reply-grammar.ts';

describe('parseReplyCommand: postponement requests (C4.1, C4.3)', () => {
  it('C4.1 C4.3 reads the documented form', () => {
    expect(
      parseReplyCommand('POSTPONE to 2026-12-09 because our payroll runs that night. We accept the risks.'),
    ).toEqual({
      type: 'postpone',
      requestedDate: '2026-12-09',
      reason: 'our payroll runs that night',
      riskAcceptanceWords: 'We accept the risks.',
    });
  });

  it('C4.1 is case insensitive and tolerant of punctuation and line breaks', () => {
    expect(
      parseReplyCommand('postpone,\nTO 2026-12-9,\nBECAUSE: the auditors\nare here!\n\nI ACCEPT THE RISKS!'),
    ).toEqual({
      type: 'postpone',
      requestedDate: '2026-12-09',
      reason: 'the auditors are here',
      riskAcceptanceWords: 'I ACCEPT THE RISKS!',
    });
  });

  it('C4.4 leaves the date out when none is named (next window or night)', () => {
    const command = parseReplyCommand('Please postpone because of a trade show. We accept the risks.');
    expect(command).toEqual({
      type: 'postpone',
      reason: 'of a trade show',
      riskAcceptanceWords: 'We accept the risks.',
    });
  });

  it('C4.1 flags a date that does not exist instead of dropping it', () => {
    const command = parseReplyCommand('POSTPONE to 2026-02-30 because x. We accept the risks.');
    expect(command).toMatchObject({
      type: 'postpone',
      dateProblem: { kind: 'unreadable', written: '2026-02-30' },
    });
    expect(command).not.toHaveProperty('requestedDate');
  });

  it('C4.1 gives an empty reason when none is written', () => {
    expect(parseReplyCommand('POSTPONE to 2026-12-09. We accept the risks.')).toMatchObject({ reason: '' });
  });

  it('C4.3 records other explicit acceptances word for word', () => {
    const cases: [string, string][] = [
      ['Postpone because x. We fully accept the interim risks.', 'We fully accept the interim risks.'],
      [
        'Postpone because x. I accept full responsibility for the risks to our data.',
        'I accept full responsibility for the risks to our data.',
      ],
      ['We accept the risks. Please postpone because x.', 'We accept the risks.'],
    ];
    for (const [text, words] of cases) {
      expect(parseReplyCommand(text)).toMatchObject({
        type: 'postpone',
        reason: 'x',
        riskAcceptanceWords: words,
      });
    }
  });

  it('C4.3 ends the reason where an acceptance in the same sentence begins', () => {
    expect(parseReplyCommand('Postpone because of payroll and we accept the risks')).toMatchObject({
      reason: 'of payroll',
      riskAcceptanceWords: 'Postpone because of payroll and we accept the risks',
    });
  });

  it('C4.3 does not take a refusal or a question as acceptance', () => {
    for (const text of [
      'POSTPONE because x. We do not accept the risks.',
      "POSTPONE because x. We don't accept the risks.",
      'POSTPONE because x. What are the risks?',
      'POSTPONE because x. The risks are yours.',
    ]) {
      expect(parseReplyCommand(text)).not.toHaveProperty('riskAcceptanceWords');
    }
  });

  it('C4.1 reads a postponement whose reason mentions skipping as a postponement', () => {
    expect(
      parseReplyCommand('Postpone because we cannot skip the payroll run. We accept the risks.'),
    ).toMatchObject({
      type: 'postpone',
      reason: 'we cannot skip the payroll run',
    });
  });
});

describe('parseReplyCommand: everything else', () => {
  it.each([
    'Please skip this update.',
    'We want to opt out of these upgrades.',
    'Cancel the change please',
    'Do not install this patch on our servers.',
    'We decline the upgrade.',
    'Unsubscribe',
  ])('C2.2 recognises "%s" as an opt-out, with the words', (text) => {
    const command = parseReplyCommand(text);
    expect(command.type).toBe('opt-out');
    expect(command.type === 'opt-out' ? text.includes(command.words) : false).toBe(true);
  });

  it.each(['', '   \n ', 'Thanks, noted.', 'Who is this?', REPLY_EXAMPLE])(
    'returns unknown for "%s"',
    (text) => {
      expect(parseReplyCommand(text)).toEqual({ type: 'unknown' });
    },
  );

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(['postpone', 'opt-out', 'unknown']).toContain(parseReplyCommand(text).type);
      }),
    );
  });
});

/** Received 20 December 2026: a date written without its year is the next one from then. */
const RECEIVED = { receivedOn: '2026-12-20' };
const asking = (date: string) =>
  parseReplyCommand(
    `Please POSTPONE to ${date} because our auditors are on site. We accept the risks.`,
    RECEIVED,
  );

describe('parseReplyCommand: the date the customer writes (C4.1, C4.4)', () => {
  it.each([
    '2027-01-13',
    '13 January 2027',
    'January 13, 2027',
    '13 Jan 2027',
    'Jan 13 2027',
    'Wednesday 13 January 2027',
    'Wed, Jan. 13th, 2027',
    '13th January 2027',
    'the 13th of January 2027',
    '13-Jan-2027',
    '13/01/2027',
    '01/13/2027',
    '13.01.2027',
    '13 January',
    'January 13th',
    '13. Januar 2027',
    '13 janvier 2027',
    '13 de enero de 2027',
  ])('C4.1 reads "%s" as 13 January 2027', (written) => {
    const command = asking(written);
    expect(command).toMatchObject({ type: 'postpone', requestedDate: '2027-01-13' });
    expect(command).not.toHaveProperty('dateProblem');
  });

  it('C4.1 refuses a numeric date that reads both ways, naming both readings', () => {
    const command = asking('05/01/2027');
    expect(command).not.toHaveProperty('requestedDate');
    expect(command).toMatchObject({
      dateProblem: {
        kind: 'ambiguous',
        written: '05/01/2027',
        explanation: '"05/01/2027" can be read as 5 January 2027 or as 1 May 2027.',
      },
    });
  });

  it('C4.1 reads a numeric date whose two readings are the same day', () => {
    expect(asking('05/05/2027')).toMatchObject({ requestedDate: '2027-05-05' });
  });

  it('C4.1 refuses a weekday that contradicts its date', () => {
    expect(asking('Tuesday 13 January 2027')).toMatchObject({
      dateProblem: {
        kind: 'ambiguous',
        explanation: '"Tuesday 13 January 2027": 13 January 2027 is not a Tuesday.',
      },
    });
  });

  it.each(['31 February 2027', '2026-02-30', '31/02/2027', '13/01/27', '13/01'])(
    'C4.1 refuses "%s", which is not a complete calendar date',
    (written) => {
      const command = asking(written);
      expect(command).not.toHaveProperty('requestedDate');
      expect(command).toMatchObject({ dateProblem: { kind: 'unreadable', written } });
    },
  );

  it.each([
    ['next Tuesday', 'next Tuesday'],
    ['the first week of January', 'the first week of January'],
    ['mid-January', 'mid-January'],
  ])(
    'C4.1 refuses date-like words it cannot read ("%s") instead of moving to the next window',
    (written, shown) => {
      expect(asking(written)).toMatchObject({
        dateProblem: { kind: 'unreadable', explanation: `We could not read "${shown}" as a calendar date.` },
      });
    },
  );

  it('C4.1 refuses a year-less date when it does not know when the reply arrived', () => {
    expect(parseReplyCommand('Postpone to 13 January because x. We accept the risks.')).toMatchObject({
      dateProblem: { kind: 'unreadable', written: '13 January' },
    });
  });

  it('C4.4 moves to the next window when the customer says so, or names no date', () => {
    for (const text of [
      'Postpone to the next window because x. We accept the risks.',
      'Please postpone because x. We accept the risks.',
    ]) {
      const command = parseReplyCommand(text, RECEIVED);
      expect(command).not.toHaveProperty('requestedDate');
      expect(command).not.toHaveProperty('dateProblem');
    }
  });

  it('C4.1 does not take a date that only describes the reason as the date asked for', () => {
    const command = parseReplyCommand(
      'Please postpone because our auditors arrive on 2 January 2027. We accept the risks.',
      RECEIVED,
    );
    expect(command).toMatchObject({ type: 'postpone', reason: 'our auditors arrive on 2 January 2027' });
    expect(command).not.toHaveProperty('requestedDate');
    expect(command).not.toHaveProperty('dateProblem');
  });

  it('C4.1 takes the date of the request, not the one in the reason', () => {
    expect(
      parseReplyCommand(
        'Please postpone the 23 December maintenance to 13 January 2027 because the auditors come on 6 January 2027. We accept the risks.',
        RECEIVED,
      ),
    ).toMatchObject({ requestedDate: '2027-01-13' });
  });

  it('C4.1 asks about a date in the request that no "to" or "on" places', () => {
    expect(
      parseReplyCommand(
        'Please postpone the 23 December maintenance because x. We accept the risks.',
        RECEIVED,
      ),
    ).toMatchObject({
      dateProblem: {
        kind: 'ambiguous',
        explanation: 'Your email mentions "23 December", but not as the date to move the change to.',
      },
    });
  });

  it('C4.1 reads a "New date:" line anywhere in the reply', () => {
    expect(
      parseReplyCommand(
        'Please postpone because of our audit.\nNew date: 13/01/2027\nWe accept the risks.',
        RECEIVED,
      ),
    ).toMatchObject({ requestedDate: '2027-01-13' });
  });

  it('C4.1 asks which date when a reply names two, or names one away from the request', () => {
    expect(
      parseReplyCommand('Postpone to 6 January or 13 January because x. We accept the risks.', RECEIVED),
    ).toMatchObject({ dateProblem: { kind: 'ambiguous', written: '"6 January" and "13 January"' } });
    const elsewhere = parseReplyCommand(
      'Please postpone because our freeze lasts. Move it to 13 January 2027. We accept the risks.',
      RECEIVED,
    );
    expect(elsewhere).not.toHaveProperty('requestedDate');
    expect(elsewhere).toMatchObject({ dateProblem: { kind: 'ambiguous', written: '13 January 2027' } });
  });

  it('C4.1 never grants a date the customer did not write (property)', () => {
    const forms: ((d: { y: number; m: number; d: number }) => string)[] = [
      ({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ({ y, m, d }) => `${d} ${MONTHS[m - 1]} ${y}`,
      ({ y, m, d }) => `${MONTHS[m - 1]} ${d}, ${y}`,
      ({ y, m, d }) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`,
      ({ y, m, d }) => `${m}/${d}/${y}`,
      ({ y, m, d }) => `${d}.${m}.${y}`,
    ];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.nat({ max: forms.length - 1 }),
        (when, form) => {
          const date = { y: when.getUTCFullYear(), m: when.getUTCMonth() + 1, d: when.getUTCDate() };
          const iso = when.toISOString().slice(0, 10);
          const command = asking(forms[form]?.(date) ?? '');
          if (command.type !== 'postpone') throw new Error('not read as a postponement');
          if (command.requestedDate !== undefined) expect(command.requestedDate).toBe(iso);
          else expect(command.dateProblem?.kind).toBe('ambiguous');
        },
      ),
    );
  });
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

describe("parseReplyCommand: the customer's exact words (C4.3)", () => {
  it("C4.3 records the acceptance in the customer's own case, without a sign-off stuck to it", () => {
    expect(parseReplyCommand('postpone because of the audit, we ACCEPT the RISKS thx')).toMatchObject({
      reason: 'of the audit',
      riskAcceptanceWords: 'postpone because of the audit, we ACCEPT the RISKS',
    });
  });

  it('C4.3 keeps the line breaks, emphasis and quotes the customer wrote inside the sentence', () => {
    expect(
      parseReplyCommand('Postpone because x.\nWe *fully* accept the\ninterim risks, on behalf of “Acme”.'),
    ).toMatchObject({ riskAcceptanceWords: 'We *fully* accept the\ninterim risks, on behalf of “Acme”.' });
  });

  it('C4.1 C4.3 records the reason and the acceptance without the signature under them', () => {
    const cases = [
      'We accept the risks. Please postpone because our auditors are on site that week.\n\nThanks, Kim',
      'We accept the risks. Please postpone because our auditors are on site that week\nThanks,\nKim',
      'We accept the risks. Please postpone because our auditors are on site that week.\n\nKind regards,\nKim Jansen\nIT Operations | Acme B.V.\n+31 20 555 0100',
      'We accept the risks. Please postpone because our auditors are on site that week. Cheers, Kim',
      'We accept the risks. Please postpone because our auditors are on site that week.\nMet vriendelijke groet,\n\nKim Jansen',
    ];
    for (const text of cases) {
      expect(parseReplyCommand(text)).toMatchObject({
        reason: 'our auditors are on site that week',
        riskAcceptanceWords: 'We accept the risks.',
      });
    }
  });

  it('C4.3 leaves a greeting line out of the sentence it records', () => {
    for (const greeting of ['Hi,', 'Hello Patch team,', 'Hallo,', 'Bonjour,', 'Dear Sir or Madam,']) {
      expect(
        parseReplyCommand(`${greeting}\npostpone because of the audit, we accept the risks`),
      ).toMatchObject({
        riskAcceptanceWords: 'postpone because of the audit, we accept the risks',
      });
    }
    expect(parseReplyCommand('Hi, postpone because x, we accept the risks')).toMatchObject({
      riskAcceptanceWords: 'Hi, postpone because x, we accept the risks',
    });
  });

  it('C4.3 keeps a sign-off line that a request follows', () => {
    expect(parseReplyCommand('Thanks!\nPlease postpone because x. We accept the risks.')).toMatchObject({
      type: 'postpone',
      riskAcceptanceWords: 'We accept the risks.',
    });
  });

  it('C4.3 ends the acceptance at a line break before a new sentence without a full stop', () => {
    expect(parseReplyCommand('Please postpone because x\nWe accept the risks\nOur CTO agrees')).toMatchObject(
      {
        reason: 'x',
        riskAcceptanceWords: 'We accept the risks',
      },
    );
  });
});
