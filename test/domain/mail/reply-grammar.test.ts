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
    expect(parseReplyCommand('POSTPONE to 2026-02-30 because x. We accept the risks.')).toMatchObject({
      type: 'postpone',
      invalidDate: '2026-02-30',
    });
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
