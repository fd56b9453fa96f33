/**
 * The daily runs in customer local time (C11.1): the 12:00 notice run (C3.2, C5.2) and the 18:00
 * cutoff run (C5.5). A run's instant follows C11.2 (gap → forward, fold → first occurrence).
 */
import { type Instant, isBefore, localDateOf, localToInstant, type Temporal } from './calendar.ts';
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
