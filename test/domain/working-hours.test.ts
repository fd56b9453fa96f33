import { describe, expect, it } from 'vitest';
import { publicHolidayDates } from '../../functions/domain/bank-holidays.ts';
import { loadConfig } from '../../functions/domain/config.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import { failureNoticeDeadline } from '../../functions/domain/failure-replan.ts';
import {
  addWorkingHours,
  isWorkingInstant,
  workingHoursBetween,
} from '../../functions/domain/working-hours.ts';
import { at, cfg, iso } from './support.ts';

describe('C8.2 working hours (Mon–Fri 09:00–17:30 Europe/London, bank holidays excluded)', () => {
  it('C8.2 a Friday 16:00 failure must be notified by Monday 11:30', () => {
    expect(iso(failureNoticeDeadline(at('2026-11-27T16:00:00Z'), cfg))).toBe('2026-11-30T11:30:00.000Z');
  });

  it('C8.2 counts opening inclusive and closing exclusive', () => {
    expect(isWorkingInstant(at('2026-11-24T09:00:00Z'), cfg)).toBe(true);
    expect(isWorkingInstant(at('2026-11-24T08:59:59.999Z'), cfg)).toBe(false);
    expect(isWorkingInstant(at('2026-11-24T17:29:59.999Z'), cfg)).toBe(true);
    expect(isWorkingInstant(at('2026-11-24T17:30:00Z'), cfg)).toBe(false);
    expect(isWorkingInstant(at('2026-11-28T10:00:00Z'), cfg)).toBe(false); // Saturday
  });

  it('C8.2 starting outside working hours counts from the next opening', () => {
    expect(iso(addWorkingHours(at('2026-11-24T20:00:00Z'), 4, cfg))).toBe('2026-11-25T13:00:00.000Z');
    expect(iso(addWorkingHours(at('2026-11-28T10:00:00Z'), 1, cfg))).toBe('2026-11-30T10:00:00.000Z');
    expect(iso(addWorkingHours(at('2026-11-24T07:00:00Z'), 0, cfg))).toBe('2026-11-24T09:00:00.000Z');
  });

  it('C8.2 a result that uses up a day exactly lands on the closing time', () => {
    expect(iso(addWorkingHours(at('2026-11-24T13:30:00Z'), 4, cfg))).toBe('2026-11-24T17:30:00.000Z');
  });

  it('C8.2 Christmas 2026: Christmas Day (Friday) and the Boxing Day substitute (Monday 28) are not working days', () => {
    const dates = publicHolidayDates(2026, cfg.workingHours.holidays);
    expect([...dates].filter((d) => d.startsWith('2026-12'))).toEqual([
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
    expect(isWorkingInstant(at('2026-12-25T10:00:00Z'), cfg)).toBe(false);
    expect(isWorkingInstant(at('2026-12-28T10:00:00Z'), cfg)).toBe(false);
    expect(isWorkingInstant(at('2026-12-29T10:00:00Z'), cfg)).toBe(true);
    expect(iso(failureNoticeDeadline(at('2026-12-24T16:00:00Z'), cfg))).toBe('2026-12-29T11:30:00.000Z');
  });

  it('C8.2 Easter 2027: Good Friday 26 March and Easter Monday 29 March are not working days, across the clock change', () => {
    expect(isWorkingInstant(at('2027-03-26T10:00:00Z'), cfg)).toBe(false);
    expect(isWorkingInstant(at('2027-03-29T09:00:00Z'), cfg)).toBe(false);
    // Thursday 15:00 GMT: 2.5 h that day, then Tuesday 09:00 BST + 1.5 h = 10:30 BST.
    expect(iso(failureNoticeDeadline(at('2027-03-25T15:00:00Z'), cfg))).toBe('2027-03-30T09:30:00.000Z');
  });

  it('C8.2 / C11.2 spring forward 2026-03-29: Friday 16:00 GMT + 4 h is Monday 11:30 BST', () => {
    expect(iso(addWorkingHours(at('2026-03-27T16:00:00Z'), 4, cfg))).toBe('2026-03-30T10:30:00.000Z');
  });

  it('C8.2 / C11.2 fall back 2026-10-25: Friday 16:00 BST + 4 h is Monday 11:30 GMT', () => {
    expect(iso(addWorkingHours(at('2026-10-23T15:00:00Z'), 4, cfg))).toBe('2026-10-26T11:30:00.000Z');
  });

  it('C8.2 leap day 2028-02-29 (a Tuesday) is a working day', () => {
    expect(isWorkingInstant(at('2028-02-29T10:00:00Z'), cfg)).toBe(true);
    expect(iso(addWorkingHours(at('2028-02-28T16:00:00Z'), 4, cfg))).toBe('2028-02-29T11:30:00.000Z');
  });

  it('C8.2 counts working hours between two instants, weekends and holidays excluded', () => {
    expect(workingHoursBetween(at('2026-11-27T16:00:00Z'), at('2026-11-30T11:30:00Z'), cfg)).toBe(4);
    expect(workingHoursBetween(at('2026-12-24T09:00:00Z'), at('2026-12-29T09:00:00Z'), cfg)).toBe(8.5);
  });

  it('C8.2 working hours are configurable (days, times, zone, no holidays)', () => {
    const custom = loadConfig({
      workingHours: {
        timeZone: 'America/New_York',
        days: ['SAT'],
        start: '10:00',
        end: '12:00',
        holidays: null,
      },
    });
    // Saturday 2026-12-26 10:00 EST = 15:00Z; 3 h → 2 h that day, 1 h the next Saturday.
    expect(iso(addWorkingHours(at('2026-12-25T12:00:00Z'), 3, custom))).toBe('2027-01-02T16:00:00.000Z');
  });

  it('C8.2 refuses a negative number of hours and an unknown holiday country', () => {
    expect(() => addWorkingHours(at('2026-11-24T10:00:00Z'), -1, cfg)).toThrow(ValidationError);
    const bad = loadConfig({ workingHours: { holidays: { country: 'XX' } } });
    expect(() => addWorkingHours(at('2026-11-24T10:00:00Z'), 1, bad)).toThrow(/country/);
  });
});
