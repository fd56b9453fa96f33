/** Shared fixtures for the pure domain tests (not a test file itself). */
import { type Instant, toInstant, toIso } from '../../functions/domain/calendar.ts';
import { defaultConfig } from '../../functions/domain/config.ts';
import type { CustomerCalendar } from '../../functions/domain/maintenance-windows.ts';
import type { Weekday } from '../../functions/domain/records.ts';

export const cfg = defaultConfig();
export const at = (iso: string): Instant => toInstant(iso);
export const iso = (instant: Instant | undefined): string | undefined =>
  instant ? toIso(instant) : undefined;

export const customerIn = (
  timeZone: string,
  weekday: Weekday = 'WED',
  start = '01:00',
  durationHours = 4,
): CustomerCalendar => ({ timeZone, maintenanceWindow: { weekday, start, durationHours } });

export const london = customerIn('Europe/London');
export const newYork = customerIn('America/New_York');
export const singapore = customerIn('Asia/Singapore');
