import { describe, expect, it } from 'vitest';
import { latestBackupFirings } from '../../functions/domain/daily-runs.ts';
import { at, cfg, iso } from './support.ts';

describe('C9.1 C9.2 C11.2 the latest firings of the slot-creating backup runs', () => {
  it('C9.2 the latest 23:00 incremental and the latest Sunday 02:00 full, in the zone', () => {
    const latest = latestBackupFirings(at('2026-11-04T00:00:00Z'), 'Europe/London', cfg);
    expect([iso(latest.incremental), iso(latest.full)]).toEqual([
      '2026-11-03T23:00:00.000Z',
      '2026-11-01T02:00:00.000Z',
    ]);
  });

  it('C11.2 on the spring-forward Sunday the full run that fired is the first instant that exists (03:00 CEST)', () => {
    const latest = latestBackupFirings(at('2027-03-28T02:00:00Z'), 'Europe/Berlin', cfg);
    expect(iso(latest.full)).toBe('2027-03-28T01:00:00.000Z');
  });

  it('C9.2 at the very instant of a firing, that firing is the latest', () => {
    const latest = latestBackupFirings(at('2026-11-03T23:00:00Z'), 'Europe/London', cfg);
    expect(iso(latest.incremental)).toBe('2026-11-03T23:00:00.000Z');
  });
});
