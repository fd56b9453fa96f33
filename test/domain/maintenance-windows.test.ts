import { describe, expect, it } from 'vitest';
import { Temporal } from '../../functions/domain/calendar.ts';
import {
  windowContaining,
  windowOnOrAfterDate,
  windowsFrom,
} from '../../functions/domain/maintenance-windows.ts';
import { at, customerIn, iso, london } from './support.ts';

describe('Words / C3.1 maintenance windows', () => {
  it('C3.1 lists the windows whose start is at or after an instant, a week apart', () => {
    const windows = windowsFrom(at('2026-11-25T01:00:00Z'), london, 3);
    expect(windows.map((w) => iso(w.start))).toEqual([
      '2026-11-25T01:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
      '2026-12-09T01:00:00.000Z',
    ]);
    expect(iso(windowsFrom(at('2026-11-25T01:00:00.001Z'), london, 1)[0]?.start)).toBe(
      '2026-12-02T01:00:00.000Z',
    );
  });

  it('C9.4 finds the window containing an instant (start inclusive, end exclusive)', () => {
    expect(iso(windowContaining(at('2026-11-25T01:00:00Z'), london)?.start)).toBe('2026-11-25T01:00:00.000Z');
    expect(iso(windowContaining(at('2026-11-25T04:59:59Z'), london)?.end)).toBe('2026-11-25T05:00:00.000Z');
    expect(windowContaining(at('2026-11-25T05:00:00Z'), london)).toBeUndefined();
    expect(windowContaining(at('2026-11-24T02:00:00Z'), london)).toBeUndefined();
  });

  it('C4.4 the window on or after a requested local date', () => {
    expect(iso(windowOnOrAfterDate(Temporal.PlainDate.from('2026-12-02'), london).start)).toBe(
      '2026-12-02T01:00:00.000Z',
    );
    expect(iso(windowOnOrAfterDate(Temporal.PlainDate.from('2026-12-03'), london).start)).toBe(
      '2026-12-09T01:00:00.000Z',
    );
  });

  it('C11.2 a fall-back window 01:00–05:00 on 2026-10-25 lasts five real hours', () => {
    const sunday = customerIn('Europe/London', 'SUN', '01:00', 4);
    const w = windowOnOrAfterDate(Temporal.PlainDate.from('2026-10-25'), sunday);
    expect(iso(w.start)).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(w.end)).toBe('2026-10-25T05:00:00.000Z');
    expect(windowContaining(at('2026-10-25T04:30:00Z'), sunday)?.date.toString()).toBe('2026-10-25');
  });
});
