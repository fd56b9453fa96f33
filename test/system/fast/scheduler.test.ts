import { describe, expect, it } from 'vitest';
import { toInstant, toIso } from '../../../functions/domain/calendar.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import { LocalScheduler, tickInput } from '../../../local/scheduler.ts';

const cfg = defaultConfig();
const iso = (ticks: { scheduledTime: Parameters<typeof toIso>[0] }[]) =>
  ticks.map((t) => toIso(t.scheduledTime));

describe('local scheduler (reads lib/schedules.ts)', () => {
  it('C3.2 C5.5 delivers the 12:00 notice and 18:00 cutoff runs in customer local time, in order', () => {
    const scheduler = new LocalScheduler(cfg, ['Europe/London', 'America/New_York']);
    const ticks = scheduler.ticksBetween(
      toInstant('2026-11-23T00:00:00Z'),
      toInstant('2026-11-24T00:00:00Z'),
    );
    const notice = ticks.filter((t) => t.run === 'notice');
    expect(notice.map((t) => [t.timeZone, toIso(t.scheduledTime)])).toEqual([
      ['Europe/London', '2026-11-23T12:00:00.000Z'],
      ['America/New_York', '2026-11-23T17:00:00.000Z'],
    ]);
    const times = ticks.map((t) => t.scheduledTime.epochMilliseconds);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(tickInput(notice[0] as (typeof ticks)[number])).toEqual({
      run: 'notice',
      scheduledTime: '2026-11-23T12:00:00.000Z',
      timeZone: 'Europe/London',
    });
  });

  it('C9.4 delivers the weekly full backup on Sunday 02:00 and the incremental daily at 23:00 local', () => {
    const scheduler = new LocalScheduler(cfg, ['Europe/London']);
    const ticks = scheduler.ticksBetween(
      toInstant('2026-11-23T00:00:00Z'),
      toInstant('2026-11-30T00:00:00Z'),
    );
    expect(iso(ticks.filter((t) => t.run === 'backup-full'))).toEqual(['2026-11-29T02:00:00.000Z']);
    expect(ticks.filter((t) => t.run === 'backup-incremental')).toHaveLength(7);
    expect(ticks.filter((t) => t.run === 'apply')).toHaveLength(7 * 6);
  });

  it('C11.2 skips no hour twice across the autumn fold: 01:00 London fires once on 25 October 2026', () => {
    const scheduler = new LocalScheduler(cfg, ['Europe/London']);
    const ticks = scheduler.ticksBetween(
      toInstant('2026-10-24T22:00:00Z'),
      toInstant('2026-10-25T06:00:00Z'),
    );
    expect(iso(ticks.filter((t) => t.run === 'apply'))).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
      '2026-10-25T04:00:00.000Z',
      '2026-10-25T05:00:00.000Z',
    ]);
  });

  it('C11.2 applies the scenario faults: skipRun drops the firing, duplicateRun delivers it twice', () => {
    const scheduler = new LocalScheduler(
      cfg,
      ['Europe/London'],
      [
        { kind: 'skip', run: 'notice', at: toInstant('2026-11-24T00:00:00Z') },
        { kind: 'duplicate', run: 'cutoff', at: toInstant('2026-11-23T18:00:00Z') },
      ],
    );
    const ticks = scheduler.ticksBetween(
      toInstant('2026-11-23T00:00:00Z'),
      toInstant('2026-11-26T00:00:00Z'),
    );
    expect(iso(ticks.filter((t) => t.run === 'notice'))).toEqual([
      '2026-11-23T12:00:00.000Z',
      '2026-11-25T12:00:00.000Z',
    ]);
    const cutoffs = ticks.filter((t) => t.run === 'cutoff');
    expect(cutoffs.map((t) => [toIso(t.scheduledTime), t.delivery])).toEqual([
      ['2026-11-23T18:00:00.000Z', 1],
      ['2026-11-23T18:00:00.000Z', 2],
      ['2026-11-24T18:00:00.000Z', 1],
      ['2026-11-25T18:00:00.000Z', 1],
    ]);
  });
});
