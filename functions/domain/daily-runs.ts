/**
 * The daily runs in customer local time (C11.1): the 12:00 notice run (C3.2, C5.2) and the 18:00
 * cutoff run (C5.5). A run's instant follows C11.2 (gap → forward, fold → first occurrence).
 */
import { type Instant, isBefore, localDateOf, localToInstant, type Temporal, weekdayOf } from './calendar.ts';
import type { ContractConfig } from './config.ts';

/** C11.1: the first run at local wall time `time` in `zone` at or after `now`. */
export function dailyRunAtOrAfter(now: Instant, zone: string, time: string): Instant {
  let date: Temporal.PlainDate = localDateOf(now, zone).subtract({ days: 1 });
  for (;;) {
    const run = localToInstant(date, time, zone);
    if (!isBefore(run, now)) return run;
    date = date.add({ days: 1 });
  }
}

/** C3.2 / C5.2: the first daily 12:00 local notice run at or after `now`. */
export const nextNoticeRun = (now: Instant, zone: string, cfg: ContractConfig): Instant =>
  dailyRunAtOrAfter(now, zone, cfg.noticeRunTime);

/** C5.5: the first daily 18:00 local cutoff run at or after `now`. */
export const nextCutoffRun = (now: Instant, zone: string, cfg: ContractConfig): Instant =>
  dailyRunAtOrAfter(now, zone, cfg.cutoffTime);

/**
 * C9.1 C9.2 C11.2: the latest firings at or before `now` of the two backup runs that create slots
 * (the daily incremental, the weekly full), each in the zone's local time.
 */
export function latestBackupFirings(
  now: Instant,
  zone: string,
  cfg: ContractConfig,
): { incremental: Instant; full: Instant } {
  const { fullWeekday, fullTime, incrementalTime } = cfg.backups;
  let incremental = dailyRunAtOrAfter(now.subtract({ hours: 48 }), zone, incrementalTime);
  for (;;) {
    const next = dailyRunAtOrAfter(incremental.add({ minutes: 1 }), zone, incrementalTime);
    if (isBefore(now, next)) break;
    incremental = next;
  }
  let date = localDateOf(now, zone);
  for (;;) {
    if (weekdayOf(date) === fullWeekday) {
      const full = localToInstant(date, fullTime, zone);
      if (!isBefore(now, full)) return { incremental, full };
    }
    date = date.subtract({ days: 1 });
  }
}
