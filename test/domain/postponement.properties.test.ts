/**
 * C2.2 / C4.4 / C5.4 as properties: whatever the request, a decision is granted, refused or sent
 * to review; it never cancels, and a grant never exceeds the limits or the deadline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAfter, Temporal, toIso } from '../../functions/domain/calendar.ts';
import {
  localDaysBetween,
  planScheduledChange,
  planUrgentChange,
  postponementDeadline,
} from '../../functions/domain/change-plans.ts';
import { windowsFrom } from '../../functions/domain/maintenance-windows.ts';
import { decidePostponement } from '../../functions/domain/postponement-policy.ts';
import { ReleaseClass } from '../../functions/domain/records.ts';
import { cfg, customerIn } from './support.ts';

const customerArb = fc
  .tuple(
    fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Singapore'),
    fc.constantFrom('MON', 'WED', 'SUN' as const),
    fc.integer({ min: 0, max: 5 }),
  )
  .map(([zone, day, hour]) => customerIn(zone, day as 'MON' | 'WED' | 'SUN', `0${hour}:00`, 4));

const REASONS = [
  'Month-end close, please move it.',
  'Please cancel this change.',
  'We never want upgrades.',
  'Skip it and move to next week.',
  'Trade show on site.',
];

const caseArb = fc.record({
  validatedAt: fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 11, 31) })
    .map((ms) => Temporal.Instant.fromEpochMilliseconds(ms)),
  customer: customerArb,
  cls: fc.constantFrom(...ReleaseClass.options),
  earlierWindows: fc.integer({ min: 0, max: 2 }),
  postponementCount: fc.integer({ min: 0, max: 3 }),
  receivedOffsetMinutes: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
  requestedOffsetDays: fc.option(fc.integer({ min: -3, max: 60 }), { nil: undefined }),
  withRisk: fc.boolean(),
  reason: fc.constantFrom(...REASONS),
});

describe('properties of postponement decisions', () => {
  it('C2.2 / C4.4 / C5.4 a decision never cancels and never exceeds its limits', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { customer } = c;
        const zone = customer.timeZone;
        const urgent = c.cls === 'urgent';
        const plan = urgent
          ? planUrgentChange({ validatedAt: c.validatedAt, customer, cfg })
          : planScheduledChange({ from: c.validatedAt, customer, cfg });
        const original = urgent
          ? plan.applyAt.subtract({ hours: 24 * c.earlierWindows })
          : (windowsFrom(plan.applyAt.subtract({ hours: 24 * 7 * c.earlierWindows }), customer, 1)[0]
              ?.start ?? plan.applyAt);
        const deadline = postponementDeadline(plan.applyAt, customer, cfg);
        const receivedAt = deadline.add({ minutes: c.receivedOffsetMinutes });
        const requestedDate =
          c.requestedOffsetDays === undefined
            ? undefined
            : plan.applyAt
                .toZonedDateTimeISO(zone)
                .toPlainDate()
                .add({ days: c.requestedOffsetDays })
                .toString();
        const decision = decidePostponement({
          change: {
            class: c.cls,
            state: c.earlierWindows > 0 ? 'postponed' : 'notified',
            applyAt: toIso(plan.applyAt),
            originalApplyAt: toIso(original),
            postponementCount: c.postponementCount,
          },
          request: {
            reason: c.reason,
            requestedDate,
            receivedAt: toIso(receivedAt),
            riskAcceptance: c.withRisk
              ? { by: 'ops@x.example', at: toIso(receivedAt), words: 'We accept.' }
              : undefined,
          },
          customer,
          cfg,
          now: receivedAt,
        });
        expect(['granted', 'refused', 'pending-review']).toContain(decision.outcome);
        expect(decision.reason.length).toBeGreaterThan(20);
        if (decision.outcome === 'refused') {
          expect(decision.newApplyAt).toBeUndefined();
          return;
        }
        // Granted or sent to review: a later date, asked in time, with the risks accepted.
        const newApplyAt = decision.newApplyAt;
        expect(newApplyAt).toBeDefined();
        if (!newApplyAt) return;
        expect(isAfter(newApplyAt, plan.applyAt)).toBe(true);
        expect(isAfter(receivedAt, deadline)).toBe(false);
        expect(c.withRisk).toBe(true);
        const days = localDaysBetween(original, newApplyAt, zone);
        if (urgent) {
          expect(decision.outcome).toBe('granted');
          expect(days).toBeLessThanOrEqual(cfg.urgent.maxPostponeNights);
        } else if (decision.outcome === 'granted') {
          expect(days).toBeLessThanOrEqual(cfg.scheduledPostponement.maxDaysAfterOriginal);
          expect(c.postponementCount).toBeLessThan(cfg.scheduledPostponement.maxCount);
        }
      }),
      { numRuns: 200 },
    );
  });
});
