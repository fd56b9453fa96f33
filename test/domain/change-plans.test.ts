import { describe, expect, it } from 'vitest';
import { hoursBetween } from '../../functions/domain/calendar.ts';
import {
  planScheduledChange,
  planUrgentChange,
  postponementDeadline,
  replanFrom,
} from '../../functions/domain/change-plans.ts';
import { loadConfig } from '../../functions/domain/config.ts';
import { nextCutoffRun, nextNoticeRun } from '../../functions/domain/daily-runs.ts';
import { at, cfg, customerIn, iso, london, newYork, singapore } from './support.ts';

describe('C3.2 / C5.2 the daily 12:00 local notice run', () => {
  it('C3.2 is the first 12:00 local run at or after now', () => {
    expect(iso(nextNoticeRun(at('2026-11-24T12:00:00Z'), 'Europe/London', cfg))).toBe(
      '2026-11-24T12:00:00.000Z',
    );
    expect(iso(nextNoticeRun(at('2026-11-24T12:00:00.001Z'), 'Europe/London', cfg))).toBe(
      '2026-11-25T12:00:00.000Z',
    );
    expect(iso(nextNoticeRun(at('2026-11-24T05:00:00Z'), 'Asia/Singapore', cfg))).toBe(
      '2026-11-25T04:00:00.000Z',
    );
  });

  it('C11.2 on the spring-forward day 2026-03-29 the run is 12:00 BST', () => {
    expect(iso(nextNoticeRun(at('2026-03-29T00:30:00Z'), 'Europe/London', cfg))).toBe(
      '2026-03-29T11:00:00.000Z',
    );
  });

  it('C5.5 the cutoff run is 18:00 local', () => {
    expect(iso(nextCutoffRun(at('2026-11-24T12:00:00Z'), 'America/New_York', cfg))).toBe(
      '2026-11-24T23:00:00.000Z',
    );
  });
});

describe('C3.1 / C3.2 scheduled work', () => {
  it('C3.1 applies in the first window at least 168 h after the first notice run', () => {
    // Monday 23 Nov 23:00 → notice Tuesday 24 Nov 12:00; + 168 h = Tuesday 1 Dec 12:00 → Wednesday 2 Dec 01:00.
    const plan = planScheduledChange({ from: at('2026-11-23T23:00:00Z'), customer: london, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-11-24T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-12-02T01:00:00.000Z');
    expect(iso(plan.windowEnd)).toBe('2026-12-02T05:00:00.000Z');
  });

  it('C3.2 a window exactly 168 h after the notice run is allowed; 1 ms less is not', () => {
    const early = loadConfig({ noticeRunTime: '01:00' });
    const exact = planScheduledChange({ from: at('2026-11-25T01:00:00Z'), customer: london, cfg: early });
    expect(iso(exact.noticeAt)).toBe('2026-11-25T01:00:00.000Z');
    expect(iso(exact.applyAt)).toBe('2026-12-02T01:00:00.000Z');
    expect(hoursBetween(exact.noticeAt, exact.applyAt)).toBe(168);
    const later = planScheduledChange({ from: at('2026-11-25T01:00:00.001Z'), customer: london, cfg: early });
    expect(iso(later.noticeAt)).toBe('2026-11-26T01:00:00.000Z');
    expect(iso(later.applyAt)).toBe('2026-12-09T01:00:00.000Z');
  });

  it('C3.2 / C11.2 across the spring-forward 2026-03-29 the window keeps its 01:00 local start', () => {
    const plan = planScheduledChange({ from: at('2026-03-24T09:00:00Z'), customer: london, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-03-24T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-04-01T00:00:00.000Z'); // 01:00 BST
  });

  it('C11.2 a Sunday 01:00 window on 2026-03-29 (does not exist) starts at 02:00 BST', () => {
    const sunday = customerIn('Europe/London', 'SUN', '01:00', 4);
    const plan = planScheduledChange({ from: at('2026-03-21T11:00:00Z'), customer: sunday, cfg });
    expect(iso(plan.applyAt)).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(plan.windowEnd)).toBe('2026-03-29T04:00:00.000Z'); // 05:00 BST
  });

  it('C11.2 a Sunday 01:00 window on 2026-10-25 (occurs twice) starts at the first 01:00 (BST)', () => {
    const sunday = customerIn('Europe/London', 'SUN', '01:00', 4);
    const plan = planScheduledChange({ from: at('2026-10-17T10:00:00Z'), customer: sunday, cfg });
    expect(iso(plan.applyAt)).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(plan.windowEnd)).toBe('2026-10-25T05:00:00.000Z'); // 05:00 GMT
  });

  it('C11.2 America/New_York: a Sunday 02:00 window on 2026-03-08 starts at 03:00 EDT', () => {
    const ny = customerIn('America/New_York', 'SUN', '02:00', 3);
    const plan = planScheduledChange({ from: at('2026-02-28T16:00:00Z'), customer: ny, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-02-28T17:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(plan.windowEnd)).toBe('2026-03-08T09:00:00.000Z');
  });

  it('C3.1 leap day 2028-02-29 is a window day like any other', () => {
    const tuesday = customerIn('Europe/London', 'TUE', '01:00', 4);
    const plan = planScheduledChange({ from: at('2028-02-21T11:00:00Z'), customer: tuesday, cfg });
    expect(iso(plan.noticeAt)).toBe('2028-02-21T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2028-02-29T01:00:00.000Z');
  });

  it('C11.1 plans in the customer zone (Singapore, no daylight saving)', () => {
    const plan = planScheduledChange({ from: at('2026-11-23T23:00:00Z'), customer: singapore, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-11-24T04:00:00.000Z'); // 12:00 SGT Tuesday
    expect(iso(plan.applyAt)).toBe('2026-12-01T17:00:00.000Z'); // Wednesday 2 Dec 01:00 SGT
  });
});

describe('C5.2 / C5.3 urgent work', () => {
  it('C5.3 validated at exactly 12:00:00 goes on that night; one millisecond later, the next night', () => {
    const tonight = planUrgentChange({ validatedAt: at('2026-11-24T12:00:00Z'), customer: london, cfg });
    expect(iso(tonight.noticeAt)).toBe('2026-11-24T12:00:00.000Z');
    expect(iso(tonight.applyAt)).toBe('2026-11-25T01:00:00.000Z');
    const tomorrow = planUrgentChange({ validatedAt: at('2026-11-24T12:00:00.001Z'), customer: london, cfg });
    expect(iso(tomorrow.noticeAt)).toBe('2026-11-25T12:00:00.000Z');
    expect(iso(tomorrow.applyAt)).toBe('2026-11-26T01:00:00.000Z');
  });

  it('C5.2 / C11.2 the night of 2026-03-29: 01:00 does not exist, so it applies at 02:00 BST', () => {
    const plan = planUrgentChange({ validatedAt: at('2026-03-28T11:00:00Z'), customer: london, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-03-28T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('C5.2 / C11.2 the night of 2026-10-25: 01:00 occurs twice, so it applies at the first (BST)', () => {
    const plan = planUrgentChange({ validatedAt: at('2026-10-24T10:00:00Z'), customer: london, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-10-24T11:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-10-25T00:00:00.000Z');
  });

  it('C5.2 / C11.2 America/New_York fall back 2026-11-01: applies at the first 01:00 (EDT)', () => {
    const plan = planUrgentChange({ validatedAt: at('2026-10-31T15:00:00Z'), customer: newYork, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-10-31T16:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-11-01T05:00:00.000Z');
  });

  it('C5.2 leap day 2028-02-29: validated before noon on the 28th applies on the 29th, after noon on 1 March', () => {
    const before = planUrgentChange({ validatedAt: at('2028-02-28T11:00:00Z'), customer: london, cfg });
    expect(iso(before.applyAt)).toBe('2028-02-29T01:00:00.000Z');
    const after = planUrgentChange({ validatedAt: at('2028-02-28T12:00:01Z'), customer: london, cfg });
    expect(iso(after.noticeAt)).toBe('2028-02-29T12:00:00.000Z');
    expect(iso(after.applyAt)).toBe('2028-03-01T01:00:00.000Z');
  });
});

describe('C4.2 / C5.4 postponement deadline', () => {
  it('C4.2 is 18:00:00 local on the day before the window', () => {
    expect(iso(postponementDeadline(at('2026-12-02T01:00:00Z'), london, cfg))).toBe(
      '2026-12-01T18:00:00.000Z',
    );
    expect(iso(postponementDeadline(at('2026-11-04T06:00:00Z'), newYork, cfg))).toBe(
      '2026-11-03T23:00:00.000Z',
    );
  });

  it('C5.4 for urgent work is 18:00 local on the notice day', () => {
    const plan = planUrgentChange({ validatedAt: at('2026-11-24T09:00:00Z'), customer: singapore, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-11-25T04:00:00.000Z');
    expect(iso(postponementDeadline(plan.applyAt, singapore, cfg))).toBe('2026-11-25T10:00:00.000Z');
  });
});

describe('C3.5 replanning a change that cannot keep its slot', () => {
  it('C3.5 a scheduled change goes to the next window with its full notice, an urgent one to the next urgent night', () => {
    const from = at('2026-11-24T13:00:00Z');
    const customer = london;
    expect(replanFrom({ changeClass: 'important', from, customer, cfg })).toEqual(
      planScheduledChange({ from, customer, cfg }),
    );
    expect(replanFrom({ changeClass: 'upgrade', from, customer, cfg })).toEqual(
      planScheduledChange({ from, customer, cfg }),
    );
    expect(replanFrom({ changeClass: 'urgent', from, customer, cfg })).toEqual(
      planUrgentChange({ validatedAt: from, customer, cfg }),
    );
  });

  it('C3.5 C5.2 an urgent change replanned by the 12:00 notice run itself goes to the night after the NEXT 12:00 run', () => {
    // The run at 12:00 has already chosen what it sends: "tonight" (notice due at this very run)
    // would never be notified, and the next run would replan it to its own night again, forever.
    const plan = replanFrom({
      changeClass: 'urgent',
      from: at('2026-11-24T12:00:00Z'),
      customer: london,
      cfg,
    });
    expect(iso(plan.noticeAt)).toBe('2026-11-25T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-11-26T01:00:00.000Z');
  });

  it('C3.5 a scheduled change replanned by the 12:00 run itself is noticed at the next run, 168 h before its window', () => {
    const from = at('2026-11-24T12:00:00Z'); // Tuesday: the first window 168 h after today's run is Wed 2 Dec
    const plan = replanFrom({ changeClass: 'important', from, customer: london, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-11-25T12:00:00.000Z');
    expect(hoursBetween(plan.noticeAt, plan.applyAt)).toBeGreaterThanOrEqual(168);
    expect(iso(plan.applyAt)).toBe('2026-12-09T01:00:00.000Z');
  });
});
