/**
 * The contract's invariants as properties (fast-check, bounded runs): whatever the instant, zone
 * and window, the plans keep C3.2, C5.2/C5.3, C8.2 and C6.5/C9.4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupSlots } from '../../functions/domain/backup-slots.ts';
import {
  hoursBetween,
  type Instant,
  inZone,
  isAfter,
  isBefore,
  localDateOf,
  localToInstant,
  Temporal,
  weekdayOf,
} from '../../functions/domain/calendar.ts';
import { planScheduledChange, planUrgentChange, replanFrom } from '../../functions/domain/change-plans.ts';
import { backupInterval, overlaps, patchInterval } from '../../functions/domain/intervals.ts';
import { windowOn, windowsFrom } from '../../functions/domain/maintenance-windows.ts';
import { WEEKDAYS } from '../../functions/domain/records.ts';
import {
  addWorkingHours,
  isWorkingInstant,
  openingOn,
  workingHoursBetween,
} from '../../functions/domain/working-hours.ts';
import { cfg } from './support.ts';

const RUNS = { numRuns: 200 };
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Asia/Singapore',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Auckland',
  'America/St_Johns',
];

const instantArb = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => Temporal.Instant.fromEpochMilliseconds(ms));

const customerArb = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  maintenanceWindow: fc.record({
    weekday: fc.constantFrom(...WEEKDAYS),
    start: fc.integer({ min: 0, max: 5 }).map((h) => `0${h}:00`),
    durationHours: fc.integer({ min: 1, max: 12 }),
  }),
});

const serverArb = fc.record({
  images: fc.constantFrom(
    [{ name: 'web', activeDirectory: false }],
    [
      { name: 'dc01', activeDirectory: true },
      { name: 'files', activeDirectory: false },
    ],
  ),
});

/** Notice runs at 03:00 or 05:00 (never in a gap) make windows exactly 168 h away common. */
const noticeCfgArb = fc
  .constantFrom('12:00', '03:00', '05:00')
  .map((noticeRunTime) => ({ ...cfg, noticeRunTime }));

const wallTime = (i: Instant, zone: string) =>
  inZone(i, zone).toPlainTime().toString({ smallestUnit: 'minute' });

// Property runs take seconds; on a shared, busy machine more than the default 5 s.
describe('properties of the plans', { timeout: 30_000 }, () => {
  it('C3.5 a replanned change is noticed by a run strictly after the replanning, which still keeps its clause', () => {
    const classArb = fc.constantFrom('urgent' as const, 'important' as const, 'upgrade' as const);
    // Replanning often happens at a run's own instant (12:00:00 local): draw those too.
    const fromArb = fc.oneof(
      instantArb,
      fc
        .tuple(instantArb, fc.constantFrom(...ZONES))
        .map(([i, zone]) => localToInstant(localDateOf(i, zone), '12:00', zone)),
    );
    fc.assert(
      fc.property(fromArb, customerArb, classArb, (from, customer, changeClass) => {
        const plan = replanFrom({ changeClass, from, customer, cfg });
        expect(isAfter(plan.noticeAt, from)).toBe(true);
        if (changeClass === 'urgent') {
          // C5.2: the notice run is 12:00 local on the day before the night it announces.
          const eve = localDateOf(plan.applyAt, customer.timeZone).subtract({ days: 1 });
          expect(plan.noticeAt.equals(localToInstant(eve, cfg.noticeRunTime, customer.timeZone))).toBe(true);
        } else expect(hoursBetween(plan.noticeAt, plan.applyAt)).toBeGreaterThanOrEqual(cfg.noticeLeadHours);
      }),
      RUNS,
    );
  });

  it('C3.2 every scheduled plan leaves ≥168 h between the (12:00) local notice run and the window start', () => {
    fc.assert(
      fc.property(instantArb, customerArb, noticeCfgArb, (from, customer, runCfg) => {
        const zone = customer.timeZone;
        const run = runCfg.noticeRunTime;
        const plan = planScheduledChange({ from, customer, cfg: runCfg });
        expect(hoursBetween(plan.noticeAt, plan.applyAt)).toBeGreaterThanOrEqual(168);
        expect(wallTime(plan.noticeAt, zone)).toBe(run);
        // The first run at or after `from`: not before it, and the previous day's run is before it.
        expect(isBefore(plan.noticeAt, from)).toBe(false);
        const previousRun = localToInstant(localDateOf(plan.noticeAt, zone).subtract({ days: 1 }), run, zone);
        expect(isBefore(previousRun, from)).toBe(true);
        // C3.1: a window start, and the window a week earlier would not leave 168 h.
        const date = localDateOf(plan.applyAt, zone);
        expect(weekdayOf(date)).toBe(customer.maintenanceWindow.weekday);
        expect(plan.applyAt.equals(windowOn(date, customer).start)).toBe(true);
        expect(
          hoursBetween(plan.noticeAt, windowOn(date.subtract({ days: 7 }), customer).start),
        ).toBeLessThan(168);
      }),
      RUNS,
    );
  });

  it('C5.2 / C5.3 every urgent plan notifies at 12:00 local on the eve, at or after validation, and applies at 01:00 the next date', () => {
    fc.assert(
      fc.property(instantArb, customerArb, (validatedAt, customer) => {
        const zone = customer.timeZone;
        const plan = planUrgentChange({ validatedAt, customer, cfg });
        expect(wallTime(plan.noticeAt, zone)).toBe('12:00');
        expect(isBefore(plan.noticeAt, validatedAt)).toBe(false);
        expect(hoursBetween(validatedAt, plan.noticeAt)).toBeLessThanOrEqual(25);
        const eve = localDateOf(plan.noticeAt, zone);
        expect(localDateOf(plan.applyAt, zone).equals(eve.add({ days: 1 }))).toBe(true);
        const applyWall = inZone(plan.applyAt, zone);
        const midnight = inZone(plan.applyAt, zone).startOfDay();
        // 01:00 local, or in a spring-forward gap the first instant after it (C11.2).
        const offsetChanged = midnight.offsetNanoseconds !== applyWall.offsetNanoseconds;
        if (offsetChanged) expect(['01:00', '02:00']).toContain(wallTime(plan.applyAt, zone));
        else expect(wallTime(plan.applyAt, zone)).toBe('01:00');
        expect(isAfter(plan.applyAt, plan.noticeAt)).toBe(true);
      }),
      RUNS,
    );
  });

  it('C8.2 addWorkingHours is monotonic, lands in working hours or on a closing time, and adds exactly its hours', () => {
    const hoursArb = fc.integer({ min: 0, max: 60 * 40 }).map((m) => m / 60);
    fc.assert(
      fc.property(instantArb, instantArb, hoursArb, hoursArb, (a0, b0, h1, h2) => {
        const [a, b] = isBefore(a0, b0) ? [a0, b0] : [b0, a0];
        const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
        const r = addWorkingHours(a, lo, cfg);
        expect(isAfter(r, addWorkingHours(b, lo, cfg))).toBe(false);
        expect(isAfter(r, addWorkingHours(a, hi, cfg))).toBe(false);
        expect(isBefore(r, a)).toBe(false);
        const closing = openingOn(localDateOf(r, 'Europe/London'), cfg.workingHours)?.end;
        expect(isWorkingInstant(r, cfg) || (closing !== undefined && r.equals(closing))).toBe(true);
        expect(workingHoursBetween(a, r, cfg)).toBeCloseTo(lo, 9);
      }),
      RUNS,
    );
  });

  it('C6.5 / C9.4 no planned change overlaps a backup slot', () => {
    fc.assert(
      fc.property(instantArb, customerArb, serverArb, (from, customer, server) => {
        const scheduled = planScheduledChange({ from, customer, cfg });
        const urgent = planUrgentChange({ validatedAt: from, customer, cfg });
        const urgentWork = patchInterval(urgent, customer);
        const busy = [urgentWork];
        const range = {
          from: from.subtract({ hours: 24 * 8 }),
          to: scheduled.applyAt.add({ hours: 24 * 8 }),
        };
        const slots = backupSlots({ ...range, server, customer, cfg, busy });
        const windows = windowsFrom(range.from.subtract({ hours: 24 * 7 }), customer, 6);
        for (const slot of slots) {
          const b = backupInterval(slot.at, slot.minutes);
          expect(overlaps(b, patchInterval(scheduled, customer))).toBe(false);
          expect(overlaps(b, urgentWork)).toBe(false);
          for (const w of windows) expect(overlaps(b, w)).toBe(false);
          expect(isBefore(slot.at, slot.nominalAt)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});
