/**
 * The contract's configurable decisions (docs/contract.md, every **Decision**), with its defaults.
 * One validated object; deployments override any part of it.
 */
import * as z from 'zod/mini';
import { LocalTime, MaintenanceWindow, TimeZone, Weekday } from './records.ts';
import { parseOrThrow } from './validation.ts';
import './zod-messages.ts';

export const ContractConfig = z.object({
  /** C3.2: notice at least this many hours before the window starts. */
  noticeLeadHours: z._default(z.int().check(z.gte(1)), 168),
  /** C3.2 / C5.2: the daily notice run, local time. */
  noticeRunTime: z._default(LocalTime, '12:00'),
  /** C4.2 / C5.4 / C5.5: the postponement cutoff and the daily cutoff run, local time. */
  cutoffTime: z._default(LocalTime, '18:00'),
  /** C4.4: "minor adjustments" for scheduled work. */
  scheduledPostponement: z._default(
    z.object({
      maxDaysAfterOriginal: z._default(z.int().check(z.gte(0)), 28),
      maxCount: z._default(z.int().check(z.gte(0)), 2),
    }),
    { maxDaysAfterOriginal: 28, maxCount: 2 },
  ),
  /** C5.2 / C5.4: urgent work. */
  urgent: z._default(
    z.object({
      applyTime: z._default(LocalTime, '01:00'),
      defaultPostponeNights: z._default(z.int().check(z.gte(1)), 1),
      maxPostponeNights: z._default(z.int().check(z.gte(1)), 3),
    }),
    { applyTime: '01:00', defaultPostponeNights: 1, maxPostponeNights: 3 },
  ),
  /** C8.2: failure notice within this many working hours. */
  failureNoticeWorkingHours: z._default(z.number().check(z.gte(0)), 4),
  /** C8.2: the CS team's working hours. */
  workingHours: z._default(
    z.object({
      timeZone: z._default(TimeZone, 'Europe/London'),
      days: z._default(z.array(Weekday).check(z.minLength(1)), ['MON', 'TUE', 'WED', 'THU', 'FRI']),
      start: z._default(LocalTime, '09:00'),
      end: z._default(LocalTime, '17:30'),
      /** Bank holiday calendar (bank-holiday-dates.ts): England and Wales by default; null: none. */
      holidays: z._default(
        z.nullable(
          z.object({
            country: z._default(z.string(), 'GB'),
            region: z._default(z.optional(z.string()), 'ENG'),
          }),
        ),
        { country: 'GB', region: 'ENG' },
      ),
    }),
    {
      timeZone: 'Europe/London',
      days: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
      start: '09:00',
      end: '17:30',
      holidays: { country: 'GB', region: 'ENG' },
    },
  ),
  /** C9.4: backup calendar, local time. */
  backups: z._default(
    z.object({
      fullWeekday: z._default(Weekday, 'SUN'),
      fullTime: z._default(LocalTime, '02:00'),
      incrementalTime: z._default(LocalTime, '23:00'),
    }),
    { fullWeekday: 'SUN', fullTime: '02:00', incrementalTime: '23:00' },
  ),
  /** Words: defaults for a new customer. */
  defaults: z._default(
    z.object({
      timeZone: z._default(TimeZone, 'Europe/London'),
      maintenanceWindow: z._default(MaintenanceWindow, { weekday: 'WED', start: '01:00', durationHours: 4 }),
    }),
    {
      timeZone: 'Europe/London',
      maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
    },
  ),
  /** C12.2: how long a notice's reply token stays valid after its postponement deadline. */
  replyTokenGraceHours: z._default(z.int().check(z.gte(0)), 24),
});
export type ContractConfig = z.infer<typeof ContractConfig>;

export const defaultConfig = (): ContractConfig => ContractConfig.parse({});

export const loadConfig = (overrides: unknown = {}): ContractConfig =>
  parseOrThrow(ContractConfig, overrides, 'contract configuration');
