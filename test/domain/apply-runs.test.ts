import { describe, expect, it } from 'vitest';
import { applyRunFor, applyRunSlots, isDue } from '../../functions/domain/apply-runs.ts';
import { at, iso } from './support.ts';

describe('C11.2 the hourly apply run', () => {
  const applyAt = '2026-11-25T01:00:00.000Z';

  it('C11.2 a notified or postponed change is due once its apply time is at or before now (catch-up)', () => {
    expect(isDue({ state: 'notified', applyAt }, at('2026-11-25T00:59:59.999Z'))).toBe(false);
    expect(isDue({ state: 'notified', applyAt }, at(applyAt))).toBe(true);
    expect(isDue({ state: 'postponed', applyAt }, at('2026-11-27T09:00:00Z'))).toBe(true);
  });

  it('C3.5 a change without its notice is never due', () => {
    expect(isDue({ state: 'planned', applyAt }, at('2026-11-26T00:00:00Z'))).toBe(false);
    expect(isDue({ state: 'applying', applyAt }, at('2026-11-26T00:00:00Z'))).toBe(false);
  });

  it('C11.2 a late run covers every missed hourly tick after the last one', () => {
    expect(applyRunSlots(at('2026-11-25T00:00:00Z'), at('2026-11-25T03:30:00Z')).map(iso)).toEqual([
      '2026-11-25T01:00:00.000Z',
      '2026-11-25T02:00:00.000Z',
      '2026-11-25T03:00:00.000Z',
    ]);
    expect(applyRunSlots(at('2026-11-25T01:00:00Z'), at('2026-11-25T01:00:00Z'))).toEqual([]);
  });

  it('C11.2 the run that sends a change is the first tick at or after its apply time', () => {
    expect(iso(applyRunFor(at(applyAt)))).toBe(applyAt);
    expect(iso(applyRunFor(at('2026-11-25T01:00:00.001Z')))).toBe('2026-11-25T02:00:00.000Z');
  });
});
