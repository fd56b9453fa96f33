import { describe, expect, it } from 'vitest';
import { formatLocal, localToInstant, toInstant } from '../../functions/domain/calendar.ts';
import { TimeZone } from '../../functions/domain/records.ts';
import { TIME_ZONES } from '../../functions/domain/time-zones.ts';

describe('the IANA time zones a customer may have', () => {
  it('C11.1 every listed zone is one this runtime computes local times in (so none can fail later)', () => {
    for (const zone of TIME_ZONES) {
      expect(() => localToInstant('2026-03-29', '01:30', zone), zone).not.toThrow();
      expect(formatLocal(toInstant('2026-11-25T01:00:00Z'), zone)).toContain(`(${zone})`);
    }
  });

  it('C11.1 accepts current and former names of a zone and UTC, and refuses what is not an IANA zone', () => {
    for (const zone of ['Europe/London', 'Europe/Kyiv', 'Europe/Kiev', 'Asia/Kolkata', 'US/Eastern', 'UTC'])
      expect(TimeZone.safeParse(zone).success, zone).toBe(true);
    for (const zone of ['Mars/Base', 'GMT+1', 'EST', 'europe/london', ''])
      expect(TimeZone.safeParse(zone).success, zone).toBe(false);
  });
});
