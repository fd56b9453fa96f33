/**
 * C8.2: the bank holidays that are not working days for the CS team (England and Wales by
 * default). Only date-holidays' `public` holidays count; its substitute days (a Boxing Day that
 * falls on a Saturday moves to Monday) are `public` too, with `substitute: true`, so they count.
 */
import Holidays from 'date-holidays';
import type { Temporal } from './calendar.ts';
import { ValidationError } from './errors.ts';

export type HolidayCalendar = { country: string; region?: string | undefined } | null;

const calendars = new Map<string, Holidays>();
const yearCache = new Map<string, ReadonlySet<string>>();

function calendarFor(country: string, region: string | undefined): Holidays {
  const key = `${country}/${region ?? ''}`;
  const cached = calendars.get(key);
  if (cached) return cached;
  const probe = new Holidays();
  if (!probe.getCountries()[country]) {
    throw new ValidationError(`workingHours.holidays.country: unknown country code ${country}`);
  }
  if (region && !probe.getStates(country)?.[region]) {
    throw new ValidationError(`workingHours.holidays.region: unknown region ${region} of ${country}`);
  }
  const created = region ? new Holidays(country, region) : new Holidays(country);
  calendars.set(key, created);
  return created;
}

/** C8.2: the local dates (`YYYY-MM-DD`) of the public holidays of one year, cached per year. */
export function publicHolidayDates(year: number, holidays: HolidayCalendar): ReadonlySet<string> {
  if (!holidays) return new Set();
  const key = `${holidays.country}/${holidays.region ?? ''}/${year}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  const dates = new Set(
    calendarFor(holidays.country, holidays.region)
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  );
  yearCache.set(key, dates);
  return dates;
}

/** C8.2: true when the local date is a public (bank) holiday, substitute days included. */
export const isPublicHoliday = (date: Temporal.PlainDate, holidays: HolidayCalendar): boolean =>
  publicHolidayDates(date.year, holidays).has(date.toString());
