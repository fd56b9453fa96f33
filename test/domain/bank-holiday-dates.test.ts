import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_YEARS } from '../../functions/domain/bank-holiday-dates.ts';
import { publicHolidayDates } from '../../functions/domain/bank-holidays.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import { HORIZON_YEARS, renderModule, TARGET } from '../../scripts/bank-holidays.ts';

describe('C8.2 bank holidays as generated data (scripts/bank-holidays.ts)', () => {
  it('C8.2 the checked-in dates are exactly what the script computes from date-holidays', () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(renderModule());
  });

  it(`C8.2 the dates cover the current year and the ${HORIZON_YEARS} after it`, () => {
    const year = new Date().getUTCFullYear();
    expect(HOLIDAY_YEARS.first).toBeLessThanOrEqual(year);
    expect(HOLIDAY_YEARS.last).toBeGreaterThanOrEqual(year + HORIZON_YEARS);
  });

  it('C8.2 a year outside the data is a clear error, not a year without holidays', () => {
    expect(() => publicHolidayDates(HOLIDAY_YEARS.last + 1, { country: 'GB', region: 'ENG' })).toThrow(
      ValidationError,
    );
    expect(() => publicHolidayDates(2026, { country: 'GB', region: 'XX' })).toThrow(/region/);
  });
});
