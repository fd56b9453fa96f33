/**
 * The contract's configurable decisions (docs/contract.md, every **Decision**), with its defaults.
 * One validated object; deployments override any part of it.
 */
import * as z from 'zod';
import { LocalTime, MaintenanceWindow, TimeZone, Weekday } from './records.ts';
import { parseOrThrow } from './validation.ts';

export const ContractConfig = z.object({
  /** C3.2: notice at least this many hours before the window starts. */
  noticeLeadHours: z.number().int().min(1).default(168),
  /** C3.2 / C5.2: the daily notice run, local time. */
  noticeRunTime: LocalTime.default('12:00'),
  /** C4.2 / C5.4 / C5.5: the postponement cutoff and the daily cutoff run, local time. */
  cutoffTime: LocalTime.default('18:00'),
  /** C4.4: "minor adjustments" for scheduled work. */
  scheduledPostponement: z
    .object({
      maxDaysAfterOriginal: z.number().int().min(0).default(28),
      maxCount: z.number().int().min(0).default(2),
    })
    .default({ maxDaysAfterOriginal: 28, maxCount: 2 }),
  /** C5.2 / C5.4: urgent work. */
  urgent: z
    .object({
      applyTime: LocalTime.default('01:00'),
      defaultPostponeNights: z.number().int().min(1).default(1),
      maxPostponeNights: z.number().int().min(1).default(3),
    })
    .default({ applyTime: '01:00', defaultPostponeNights: 1, maxPostponeNights: 3 }),
  /** C8.2: failure notice within this many working hours. */
  failureNoticeWorkingHours: z.number().min(0).default(4),
  /** C8.2: the CS team's working hours. */
  workingHours: z
    .object({
      timeZone: TimeZone.default('Europe/London'),
      days: z.array(Weekday).min(1).default(['MON', 'TUE', 'WED', 'THU', 'FRI']),
      start: LocalTime.default('09:00'),
      end: LocalTime.default('17:30'),
      /** Bank holiday calendar (bank-holiday-dates.ts): England and Wales by default; null: none. */
      holidays: z
        .object({ country: z.string().default('GB'), region: z.string().optional().default('ENG') })
        .nullable()
        .default({ country: 'GB', region: 'ENG' }),
    })
    .default({
      timeZone: 'Europe/London',
      days: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
      start: '09:00',
      end: '17:30',
      holidays: { country: 'GB', region: 'ENG' },
    }),
  /** C9.4: backup calendar, local time. */
  backups: z
    .object({
      fullWeekday: Weekday.default('SUN'),
      fullTime: LocalTime.default('02:00'),
      incrementalTime: LocalTime.default('23:00'),
    })
    .default({ fullWeekday: 'SUN', fullTime: '02:00', incrementalTime: '23:00' }),
  /** Words: defaults for a new customer. */
  defaults: z
    .object({
      timeZone: TimeZone.default('Europe/London'),
      maintenanceWindow: MaintenanceWindow.default({ weekday: 'WED', start: '01:00', durationHours: 4 }),
    })
    .default({
      timeZone: 'Europe/London',
      maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
    }),
  /** C12.2: how long a notice's reply token stays valid after its postponement deadline. */
  replyTokenGraceHours: z.number().int().min(0).default(24),
});
export type ContractConfig = z.infer<typeof ContractConfig>;

export const defaultConfig = (): ContractConfig => ContractConfig.parse({});

export const loadConfig = (overrides: unknown = {}): ContractConfig =>
  parseOrThrow(ContractConfig, overrides, 'contract configuration');
