import { describe, expect, it } from 'vitest';
import { toInstant, toIso } from '../../functions/domain/calendar.ts';
import { defaultConfig, loadConfig } from '../../functions/domain/config.ts';
import {
  cronExpression,
  firingsBetween,
  fullBackupCatchUp,
  scheduledRuns,
  scheduleTable,
} from '../../lib/schedules.ts';

describe('the schedule table', () => {
  it('C3.2 C5.5 C6.1 C9.4 derives every run time from the contract defaults', () => {
    const runs = Object.fromEntries(scheduledRuns(defaultConfig()).map((r) => [r.run, cronExpression(r)]));
    expect(runs).toEqual({
      notice: 'cron(0 12 * * ? *)',
      cutoff: 'cron(0 18 * * ? *)',
      apply: 'cron(0 0-5 * * ? *)',
      'backup-full': 'cron(0 2 ? * SUN *)',
      'backup-incremental': 'cron(0 23 * * ? *)',
      'backup-due': 'cron(0 0-17 * * ? *)',
    });
  });

  it('C4.2 C9.4 follows configured times', () => {
    const config = loadConfig({ cutoffTime: '17:30', backups: { fullWeekday: 'SAT', fullTime: '03:15' } });
    const runs = Object.fromEntries(scheduledRuns(config).map((r) => [r.run, cronExpression(r)]));
    expect(runs.cutoff).toBe('cron(30 17 * * ? *)');
    expect(runs['backup-full']).toBe('cron(15 3 ? * SAT *)');
  });

  it('C5.2 refuses an urgent apply time that no apply run fires at', () => {
    expect(() => scheduledRuns(loadConfig({ urgent: { applyTime: '07:00' } }))).toThrow(
      /not an apply run time/,
    );
  });

  it('C11.1 makes one entry per run and zone with the scheduler payload', () => {
    const table = scheduleTable(defaultConfig(), ['Europe/London', 'Asia/Tokyo']);
    expect(table).toHaveLength(12);
    expect(new Set(table.map((e) => e.id)).size).toBe(12);
    expect(table.find((e) => e.id === 'BackupFullAsiaTokyo')).toMatchObject({
      functionName: 'backup',
      timeZone: 'Asia/Tokyo',
      input: { run: 'backup-full', scheduledTime: '<aws.scheduler.scheduled-time>', timeZone: 'Asia/Tokyo' },
    });
  });
});

describe('firings (what EventBridge Scheduler delivers)', () => {
  const london = scheduleTable(defaultConfig(), ['Europe/London']);
  const fired = (from: string, to: string, run: string) =>
    firingsBetween(london, toInstant(from), toInstant(to))
      .filter((f) => f.entry.run === run)
      .map((f) => toIso(f.scheduledTime));

  it('C11.1 fires the notice run at 12:00 London in winter and in summer', () => {
    expect(fired('2026-01-14T00:00:00Z', '2026-01-15T00:00:00Z', 'notice')).toEqual([
      '2026-01-14T12:00:00.000Z',
    ]);
    expect(fired('2026-07-14T00:00:00Z', '2026-07-15T00:00:00Z', 'notice')).toEqual([
      '2026-07-14T11:00:00.000Z',
    ]);
  });

  it('C11.2 skips the 01:00 apply tick that does not exist on the spring-forward night; 02:00 catches up', () => {
    expect(fired('2026-03-28T23:59:00Z', '2026-03-29T06:00:00Z', 'apply')).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
      '2026-03-29T03:00:00.000Z',
      '2026-03-29T04:00:00.000Z',
    ]);
  });

  it('C11.2 fires the repeated 01:00 apply tick once, at its first occurrence, on the fall-back night', () => {
    expect(fired('2026-10-24T22:59:00Z', '2026-10-25T06:00:00Z', 'apply')).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
      '2026-10-25T04:00:00.000Z',
      '2026-10-25T05:00:00.000Z',
    ]);
  });

  it('C9.1 fires the full backup on Sundays only, and the window is half-open (from, to]', () => {
    expect(fired('2026-11-29T02:00:00Z', '2026-12-13T02:00:00Z', 'backup-full')).toEqual([
      '2026-12-06T02:00:00.000Z',
      '2026-12-13T02:00:00.000Z',
    ]);
  });
});

describe('C11.2 the full backup on spring-forward Sundays where its time does not exist (issue 15 #2)', () => {
  const GAP_ZONES = {
    'America/New_York': 'cron(0 3 ? 3 1#2 *)',
    'America/Los_Angeles': 'cron(0 3 ? 3 1#2 *)',
    'America/St_Johns': 'cron(0 3 ? 3 1#2 *)',
    'Europe/Berlin': 'cron(0 3 ? 3 1L *)',
    'Australia/Sydney': 'cron(0 3 ? 10 1#1 *)',
    'Australia/Lord_Howe': 'cron(30 2 ? 10 1#1 *)',
    'Pacific/Auckland': 'cron(0 3 ? 9 1L *)',
  } as const;
  const NO_GAP_AT_TWO = [
    'Europe/London',
    'Europe/Dublin',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'America/Santiago',
    'Pacific/Chatham',
  ];

  it('C11.2 adds a yearly catch-up on exactly that Sunday, at the first instant that exists, where Sunday 02:00 can fall in a gap', () => {
    for (const [zone, cron] of Object.entries(GAP_ZONES)) {
      expect(fullBackupCatchUp(defaultConfig(), zone), zone).toMatchObject({
        id: `BackupFullCatchUp${zone.replace(/[/_]/g, '')}`,
        run: 'backup-full',
        functionName: 'backup',
        expression: cron,
        input: { run: 'backup-full', timeZone: zone },
      });
    }
    for (const zone of NO_GAP_AT_TWO) expect(fullBackupCatchUp(defaultConfig(), zone), zone).toBeUndefined();
  });

  it('C11.2 on the spring-forward Sunday the 02:00 firing is skipped and the catch-up fires once, at the first instant that exists', () => {
    const sundays: Record<keyof typeof GAP_ZONES, [string, string, string]> = {
      'America/New_York': ['2027-03-14T00:00:00Z', '2027-03-15T00:00:00Z', '03:00:00'],
      'America/Los_Angeles': ['2027-03-14T00:00:00Z', '2027-03-15T00:00:00Z', '03:00:00'],
      'America/St_Johns': ['2027-03-14T00:00:00Z', '2027-03-15T00:00:00Z', '03:00:00'],
      'Europe/Berlin': ['2027-03-27T12:00:00Z', '2027-03-28T12:00:00Z', '03:00:00'],
      'Australia/Sydney': ['2026-10-03T00:00:00Z', '2026-10-04T12:00:00Z', '03:00:00'],
      'Australia/Lord_Howe': ['2026-10-03T00:00:00Z', '2026-10-04T12:00:00Z', '02:30:00'],
      'Pacific/Auckland': ['2026-09-26T00:00:00Z', '2026-09-27T12:00:00Z', '03:00:00'],
    };
    const table = scheduleTable(defaultConfig(), Object.keys(GAP_ZONES));
    for (const [zone, [from, to, time]] of Object.entries(sundays)) {
      const full = firingsBetween(table, toInstant(from), toInstant(to)).filter(
        (f) => f.entry.run === 'backup-full' && f.entry.timeZone === zone,
      );
      expect(
        full.map((f) => [f.entry.id, f.scheduledTime.toZonedDateTimeISO(zone).toPlainTime().toString()]),
        zone,
      ).toEqual([[`BackupFullCatchUp${zone.replace(/[/_]/g, '')}`, time]]);
    }
  });

  it('C9.1 on every other Sunday only the regular 02:00 firing fires: the catch-up never recreates its slot', () => {
    const table = scheduleTable(defaultConfig(), ['America/New_York']);
    const full = firingsBetween(
      table,
      toInstant('2027-01-01T00:00:00Z'),
      toInstant('2028-01-01T00:00:00Z'),
    ).filter((f) => f.entry.run === 'backup-full');
    expect(full.filter((f) => f.entry.id.startsWith('BackupFullCatchUp'))).toHaveLength(1);
    expect(full).toHaveLength(52); // 52 Sundays in 2027: the one without 02:00 fires at 03:00 instead
  });

  it('C11.2 follows a configured full-backup time and weekday, and adds nothing when they never fall in a gap', () => {
    const saturday = loadConfig({ backups: { fullWeekday: 'SAT', fullTime: '02:00' } });
    expect(fullBackupCatchUp(saturday, 'America/New_York')).toBeUndefined();
    const half = loadConfig({ backups: { fullWeekday: 'SUN', fullTime: '02:30' } });
    expect(fullBackupCatchUp(half, 'America/New_York')?.expression).toBe('cron(0 3 ? 3 1#2 *)');
  });
});
