import { describe, expect, it } from 'vitest';
import { exampleDate, replyText } from '../../../functions/application/channels/inbound-replies.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';

describe('the words of a reply to a contact (C12.2)', () => {
  it('takes the example date from the notice: its next window, or the next night for urgent work', () => {
    const receivedAt = toInstant('2026-11-24T15:00:00Z');
    const firstApplyAt = toInstant('2026-12-02T01:00:00Z');
    expect(exampleDate({ receivedAt, notice: { firstApplyAt, urgent: false } })).toBe('2026-12-09');
    expect(exampleDate({ receivedAt, notice: { firstApplyAt, urgent: true } })).toBe('2026-12-03');
  });

  it('reads the window in the customer zone', () => {
    const firstApplyAt = toInstant('2026-12-02T06:00:00Z'); // 01:00 in New York
    expect(
      exampleDate({
        receivedAt: toInstant('2026-11-24T15:00:00Z'),
        timeZone: 'America/New_York',
        notice: { firstApplyAt, urgent: false },
      }),
    ).toBe('2026-12-09');
  });

  it('never gives a past date: two weeks after receipt when the notice is unknown or its window long gone', () => {
    const receivedAt = toInstant('2027-06-30T15:00:00Z');
    expect(exampleDate({ receivedAt })).toBe('2027-07-14');
    const old = { firstApplyAt: toInstant('2026-12-02T01:00:00Z'), urgent: false };
    expect(exampleDate({ receivedAt, notice: old })).toBe('2027-07-14');
  });

  it.each([
    'no-token',
    'token-refused',
    'unknown-command',
    'invalid-date',
    'ambiguous-date',
    'no-reason',
    'not-found',
    'invalid-request',
    'too-large',
  ] as const)('C12.2 answers %s with why, what to do and the example, and no clause id', (refusal) => {
    const text = replyText(refusal, undefined, { exampleDate: '2027-01-13' });
    expect(text).toContain('Nothing has been changed.');
    expect(text).toContain('Please postpone to 2027-01-13 because');
    expect(text).toContain('POST /v1/changes/<change id>/postponements');
    expect(text).not.toMatch(/\bC\d{1,2}(?:\.\d)?\b/);
  });
});
