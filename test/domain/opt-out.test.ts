import { describe, expect, it } from 'vitest';
import { detectOptOut, isOptOutRequest, refuseOptOut } from '../../functions/domain/opt-out.ts';

describe('C2.2 detecting a request to skip or cancel', () => {
  it.each([
    'Please cancel this change',
    'We want to skip this update',
    'We opt out of upgrades',
    'Never apply this patch to our server',
    "Don't apply this, thanks",
    'Do not install the upgrade',
    'We do not want this update',
  ])('C2.2 detects an opt-out in "%s"', (text) => {
    expect(detectOptOut(text)).toBeDefined();
    expect(refuseOptOut(text)?.clause).toBe('C2.2');
  });

  it.each([
    'Month-end close: please move it to the 10th',
    'Our auditors are on site, we need a later date',
    'Busy week, please postpone',
  ])('C2.2 does not treat "%s" as an opt-out', (text) => {
    expect(isOptOutRequest(text)).toBe(false);
    expect(refuseOptOut(text)).toBeUndefined();
  });

  it('C2.2 a cancel with a requested date is a postponement request', () => {
    expect(isOptOutRequest('cancel Wednesday please', '2026-12-10')).toBe(false);
    expect(isOptOutRequest('cancel Wednesday please')).toBe(true);
  });

  it('C2.2 the refusal names the deadline when given', () => {
    expect(
      refuseOptOut('cancel it', 'Tuesday, 1 December 2026 at 18:00 GMT (Europe/London)')?.reason,
    ).toContain('before Tuesday, 1 December 2026 at 18:00 GMT (Europe/London)');
  });
});
