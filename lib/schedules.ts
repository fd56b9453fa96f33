/**
 * THE schedule table (STYLE.md habit 7): when each scheduled run fires, in customer local time, for
 * each configured time zone. The CDK stack turns every entry into an EventBridge Scheduler schedule
 * with `ScheduleExpressionTimezone`; the local runtime reads the same entries (and `firingsBetween`)
 * to drive its virtual clock. Pure data and small helpers: no CDK import, no `process.env`.
 *
 * Times come from ContractConfig (functions/domain/config.ts), the single source of truth.
 */
import { type Instant, localDateOf, Temporal } from '../functions/domain/calendar.ts';
import type { ContractConfig } from '../functions/domain/config.ts';
import type { Weekday } from '../functions/domain/records.ts';
import type { RunName } from '../functions/domain/run-names.ts';

export type { RunName } from '../functions/domain/run-names.ts';

/** The Lambda functions that scheduled runs invoke (a subset of the function catalog). */
export type ScheduledFunctionName = 'notice' | 'cutoff' | 'apply' | 'backup';

/**
 * Words: a maintenance window starts on the hour between 00:00 and 05:00 local, so the overnight
 * apply run fires at each of these hours (C3.1, C5.2). It also reconciles (C11.2: a skipped or late
 * tick is caught up by the next one).
 */
export const APPLY_HOURS = [0, 1, 2, 3, 4, 5] as const;

/**
 * C9.4 (issue 15 #9): a backup moved out of a window or away from patch work runs when that work
 * ends, which is on the hour after a window (it starts 00:00–05:00 and lasts 1–12 hours) or after
 * urgent work: the hourly `backup-due` run sends what has come due from 00:00 to 17:00. At 00:00
 * and after it also runs a slot-creating run whose delivery never came (C11.2: the 23:00
 * incremental an hour late, not the next evening).
 */
export const BACKUP_DUE_HOURS = Array.from({ length: 18 }, (_, i) => i);

/** One run of the table: which function, at which local times, on which days. */
export type ScheduledRun = {
  run: RunName;
  functionName: ScheduledFunctionName;
  /** Local wall-clock times `HH:MM`. */
  times: string[];
  /** `undefined` means every day. */
  weekday?: Weekday;
  clause: string;
  description: string;
};

/** The payload every scheduled invocation receives (the handlers parse it). */
export type ScheduledRunInput = {
  run: RunName;
  /** EventBridge Scheduler substitutes the scheduled instant (ISO 8601 UTC) here. */
  scheduledTime: string;
  timeZone: string;
};

/** One schedule to create: a run in one time zone. */
export type ScheduleEntry = {
  /** PascalCase construct id, unique in the table: `NoticeEuropeLondon`. */
  id: string;
  run: RunName;
  functionName: ScheduledFunctionName;
  timeZone: string;
  /** EventBridge Scheduler cron in local time: `cron(0 12 * * ? *)`. */
  expression: string;
  times: string[];
  weekday?: Weekday;
  /** Only on the `nth` (or last) `weekday` of this month, once a year (a DST catch-up). */
  yearly?: YearlyDay;
  clause: string;
  description: string;
  input: ScheduledRunInput;
};

/** A day once a year: the nth (1–5) or last `weekday` of `month` (1–12); cron `#` and `L`. */
export type YearlyDay = { month: number; nth: number | 'last' };

export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';

const hh = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

/** The runs, derived from the contract configuration. */
export function scheduledRuns(config: ContractConfig): ScheduledRun[] {
  const applyTimes = APPLY_HOURS.map(hh);
  // C5.2: the urgent overnight slot must be one of the apply run's ticks.
  if (!applyTimes.includes(config.urgent.applyTime)) {
    throw new Error(
      `urgent.applyTime ${config.urgent.applyTime} is not an apply run time (${applyTimes.join(', ')})`,
    );
  }
  return [
    {
      run: 'notice',
      functionName: 'notice',
      times: [config.noticeRunTime],
      clause: 'C3.2 C5.2',
      description: 'daily notice run',
    },
    {
      run: 'cutoff',
      functionName: 'cutoff',
      times: [config.cutoffTime],
      clause: 'C4.2 C5.4 C5.5',
      description: 'daily postponement cutoff run',
    },
    {
      run: 'apply',
      functionName: 'apply',
      times: applyTimes,
      clause: 'C3.1 C5.2 C6.1 C11.2',
      description: 'hourly overnight apply and reconcile run',
    },
    {
      run: 'backup-full',
      functionName: 'backup',
      times: [config.backups.fullTime],
      weekday: config.backups.fullWeekday,
      clause: 'C9.1 C9.4',
      description: 'weekly full backup of every image',
    },
    {
      run: 'backup-due',
      functionName: 'backup',
      times: BACKUP_DUE_HOURS.map(hh),
      clause: 'C9.4 C6.5',
      description: 'hourly sending of backups moved out of windows and patch work',
    },
    {
      run: 'backup-incremental',
      functionName: 'backup',
      times: [config.backups.incrementalTime],
      clause: 'C9.2 C9.4',
      description: 'daily incremental backup of the Active Directory image',
    },
  ];
}

const CRON_DAY_NUMBER: Record<Weekday, number> = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

const splitTime = (time: string): { hour: number; minute: number } => {
  const [hour, minute] = time.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
};

/**
 * The EventBridge Scheduler cron for a run's local times: `cron(minutes hours day-of-month month
 * day-of-week year)`. Several times must share their minute (one cron expression per run).
 */
export function cronExpression(run: Pick<ScheduleEntry, 'times' | 'weekday' | 'yearly'>): string {
  const parts = run.times.map(splitTime);
  const minutes = [...new Set(parts.map((p) => p.minute))];
  if (minutes.length !== 1) throw new Error(`run times ${run.times.join(', ')} must share their minute`);
  const hours = parts.map((p) => p.hour).sort((a, b) => a - b);
  const contiguous = hours.length > 2 && hours.every((h, i) => i === 0 || h === (hours[i - 1] ?? -2) + 1);
  const hourField = contiguous ? `${hours[0]}-${hours[hours.length - 1]}` : hours.join(',');
  if (run.yearly && run.weekday) {
    // Day of week as a number (1 = SUN … 7 = SAT), with `#n` (the nth) or `L` (the last).
    const day = CRON_DAY_NUMBER[run.weekday];
    const which = run.yearly.nth === 'last' ? `${day}L` : `${day}#${run.yearly.nth}`;
    return `cron(${minutes[0]} ${hourField} ? ${run.yearly.month} ${which} *)`;
  }
  const [dayOfMonth, dayOfWeek] = run.weekday ? ['?', run.weekday] : ['*', '?'];
  return `cron(${minutes[0]} ${hourField} ${dayOfMonth} * ${dayOfWeek} *)`;
}

const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/**
 * Every run in every configured zone, and the full backup's DST catch-ups (fullBackupCatchUp): the
 * table the stack and the local runtime both read.
 */
export function scheduleTable(config: ContractConfig, timeZones: readonly string[]): ScheduleEntry[] {
  const catchUps = timeZones.flatMap((zone) => {
    const entry = fullBackupCatchUp(config, zone);
    return entry ? [entry] : [];
  });
  return [...runEntries(config, timeZones), ...catchUps];
}

function runEntries(config: ContractConfig, timeZones: readonly string[]): ScheduleEntry[] {
  return scheduledRuns(config).flatMap((run) =>
    timeZones.map((timeZone) => ({
      id: `${pascal(run.run)}${pascal(timeZone)}`,
      run: run.run,
      functionName: run.functionName,
      timeZone,
      expression: cronExpression(run),
      times: run.times,
      ...(run.weekday ? { weekday: run.weekday } : {}),
      clause: run.clause,
      description: `${run.description} (${timeZone}, ${run.clause})`,
      input: { run: run.run, scheduledTime: SCHEDULED_TIME_PLACEHOLDER, timeZone },
    })),
  );
}

/** The years whose daylight-saving rules fullBackupCatchUp reads (rules repeat yearly). */
const CATCH_UP_YEARS = { from: 2026, to: 2046 } as const;

/**
 * C11.2: the weekly full backup's catch-up in `zone`, if its local time can fall in a
 * spring-forward gap there. EventBridge Scheduler skips a firing whose local time does not exist,
 * and the full backup has no other firing that week, so that week's full backup of every image was
 * lost (issue 15 #2: Sunday 02:00 in New York, St John's, Berlin, Sydney, Auckland, Lord Howe).
 * The catch-up fires once a year, on exactly that Sunday (cron `#n` or `L`), at the first instant
 * that exists after the gap (03:00, or 02:30 on Lord Howe): where the slot itself now is (C11.2),
 * so the run finds it due and sends it. On every other day it does not fire, so it never
 * recreates a slot the regular firing made. Undefined where the time never falls in a gap.
 */
export function fullBackupCatchUp(config: ContractConfig, timeZone: string): ScheduleEntry | undefined {
  const { fullWeekday, fullTime } = config.backups;
  const wall = Temporal.PlainTime.from(fullTime);
  const days: { month: number; nth: number; last: boolean; time: string }[] = [];
  let at: Temporal.ZonedDateTime | null = Temporal.PlainDate.from({
    year: CATCH_UP_YEARS.from,
    month: 1,
    day: 1,
  }).toZonedDateTime(timeZone);
  for (;;) {
    at = at.getTimeZoneTransition('next');
    if (!at || at.year >= CATCH_UP_YEARS.to) break;
    const before = at.subtract({ nanoseconds: 1 });
    if (at.offsetNanoseconds <= before.offsetNanoseconds) continue; // a fold, not a gap
    const date = at.toPlainDate();
    if (date.dayOfWeek !== WEEKDAY_NUMBER[fullWeekday]) continue;
    // The gap runs from the wall time just before the transition to the wall time just after.
    const slot = date.toPlainDateTime(wall);
    const gapStart = before.toPlainDateTime().add({ nanoseconds: 1 });
    if (Temporal.PlainDateTime.compare(slot, gapStart) < 0) continue;
    if (Temporal.PlainDateTime.compare(slot, at.toPlainDateTime()) >= 0) continue;
    days.push({
      month: date.month,
      nth: Math.ceil(date.day / 7),
      last: date.day + 7 > date.daysInMonth,
      time: at.toPlainTime().toString({ smallestUnit: 'minute' }),
    });
  }
  const first = days[0];
  if (!first) return undefined;
  const same = (pick: (d: (typeof days)[number]) => unknown) => days.every((d) => pick(d) === pick(first));
  const nth = same((d) => d.nth) ? first.nth : days.every((d) => d.last) ? 'last' : undefined;
  if (!same((d) => d.month) || !same((d) => d.time) || nth === undefined)
    throw new Error(
      `the spring-forward gaps of ${timeZone} that skip the full backup (${fullWeekday} ${fullTime}) follow no single yearly rule; give it a time outside them`,
    );
  const yearly: YearlyDay = { month: first.month, nth };
  const entry = {
    id: `BackupFullCatchUp${pascal(timeZone)}`,
    run: 'backup-full' as const,
    functionName: 'backup' as const,
    timeZone,
    times: [first.time],
    weekday: fullWeekday,
    yearly,
    clause: 'C9.1 C11.2',
    description: `catch-up of the weekly full backup on the ${nth === 'last' ? 'last' : ordinal(nth)} ${fullWeekday} of month ${first.month}, when ${fullTime} does not exist (${timeZone}, C9.1 C11.2)`,
    input: { run: 'backup-full' as const, scheduledTime: SCHEDULED_TIME_PLACEHOLDER, timeZone },
  };
  return { ...entry, expression: cronExpression(entry) };
}

const ordinal = (n: number) => `${n}${['th', 'st', 'nd', 'rd'][n] ?? 'th'}`;

/** A firing of a schedule: the entry and the instant EventBridge Scheduler would deliver. */
export type Firing = { entry: ScheduleEntry; scheduledTime: Instant };

const WEEKDAY_NUMBER: Record<Weekday, number> = { MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6, SUN: 7 };

/** Whether an entry fires on local `date`: every day, its weekday, or its one day a year. */
function onDay(entry: ScheduleEntry, date: Temporal.PlainDate): boolean {
  if (entry.weekday && date.dayOfWeek !== WEEKDAY_NUMBER[entry.weekday]) return false;
  if (!entry.yearly) return true;
  if (date.month !== entry.yearly.month) return false;
  return entry.yearly.nth === 'last'
    ? date.day + 7 > date.daysInMonth
    : Math.ceil(date.day / 7) === entry.yearly.nth;
}

/**
 * The firings in (`from`, `to`], in order, with EventBridge Scheduler's daylight-saving behaviour:
 * a local time that does not exist (spring forward) is skipped, and a local time that occurs twice
 * (fall back) fires once, at its first occurrence. C11.2 is kept by the runs themselves: the next
 * tick processes everything due up to its own time.
 */
export function firingsBetween(entries: readonly ScheduleEntry[], from: Instant, to: Instant): Firing[] {
  const firings: Firing[] = [];
  for (const entry of entries) {
    let date = localDateOf(from, entry.timeZone);
    const last = localDateOf(to, entry.timeZone);
    while (Temporal.PlainDate.compare(date, last) <= 0) {
      if (onDay(entry, date)) {
        for (const time of entry.times) {
          const wall = date.toPlainDateTime(Temporal.PlainTime.from(time));
          const zoned = wall.toZonedDateTime(entry.timeZone, { disambiguation: 'earlier' });
          const skipped = !zoned.toPlainDateTime().equals(wall);
          const at = zoned.toInstant();
          if (!skipped && Temporal.Instant.compare(at, from) > 0 && Temporal.Instant.compare(at, to) <= 0) {
            firings.push({ entry, scheduledTime: at });
          }
        }
      }
      date = date.add({ days: 1 });
    }
  }
  return firings.sort(
    (a, b) =>
      Temporal.Instant.compare(a.scheduledTime, b.scheduledTime) || a.entry.id.localeCompare(b.entry.id),
  );
}
