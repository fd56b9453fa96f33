/**
 * `npm start`'s demo fleet (local/demo-fleet.ts) must show, whatever the start date, what the README
 * promises of the default play (10 days): every customer's scheduled window (C3.1) and the planted
 * failure rolled back (C6.2). Planned with the domain's own planner for each weekday, the
 * daylight-saving days and odd start hours. test/system/demo-play.test.ts plays it through the whole
 * local stack (`npm run test:system`).
 */
import { describe, expect, it } from 'vitest';
import { type Instant, toInstant, toIso } from '../../../functions/domain/calendar.ts';
import { planScheduledChange, postponementDeadline } from '../../../functions/domain/change-plans.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import { demoScenario } from '../../../local/demo-fleet.ts';
import type { Scenario } from '../../../local/scenario/schema.ts';

const DEFAULT_DAYS = 10;
/** What an application takes on the simulated fleet (delivery, snapshots, apply, check, revert). */
const APPLY_HOURS = 2;

const releaseOf = (s: Scenario) => {
  const action = s.actions.find((a) => a.type === 'release' && a.release.class !== 'urgent');
  if (action?.type !== 'release') throw new Error('the demo registers no scheduled release');
  return action;
};

/** When each customer's scheduled change is applied, by the domain's planner. */
function plannedWindows(s: Scenario): Map<string, Instant> {
  const cfg = defaultConfig();
  const release = releaseOf(s);
  return new Map(
    s.customers.map((c) => [
      c.id,
      planScheduledChange({
        from: toInstant(release.at),
        customer: { timeZone: c.timeZone, maintenanceWindow: c.maintenanceWindow },
        cfg,
      }).applyAt,
    ]),
  );
}

const starts = [
  // Every weekday at the default start (today 00:00 UTC) …
  ...['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'].map(
    (d) => `${d}T00:00:00Z`,
  ),
  // … the days the clocks change in London and New York, inside the play …
  '2026-03-22T00:00:00Z',
  '2026-03-01T00:00:00Z',
  '2026-10-20T00:00:00Z',
  '2026-10-27T00:00:00Z',
  // … and starts at odd hours (--start).
  '2026-12-02T11:30:00Z',
  '2026-12-03T13:00:00Z',
  '2026-12-05T23:45:00Z',
];

describe('the npm start demo fleet', () => {
  it.each(starts)(
    'C3.1 C6.2 from %s, every customer window and the planted failure fall inside the default 10-day play',
    (start) => {
      const s = demoScenario(toInstant(start), DEFAULT_DAYS);
      const end = toInstant(s.end);
      const windows = plannedWindows(s);
      for (const [customer, applyAt] of windows) {
        expect({ customer, applyAt: toIso(applyAt) }).toEqual({
          customer,
          applyAt: expect.any(String),
        });
        expect(
          applyAt.add({ hours: APPLY_HOURS }).epochMilliseconds,
          `${customer} ${toIso(applyAt)}`,
        ).toBeLessThan(end.epochMilliseconds);
      }
      const fault = s.faults.find((f) => 'serverId' in f);
      const faulted = s.servers.find((sv) => fault && 'serverId' in fault && sv.id === fault.serverId);
      expect(faulted?.platform).toBe(releaseOf(s).release.platform);
      expect(windows.has(faulted?.customerId ?? '')).toBe(true);
      // C4.2: the demo's API postponement arrives before its customer's cutoff.
      const postpone = s.actions.find((a) => a.type === 'postpone');
      const customer = s.customers.find(
        (c) => postpone && 'customerId' in postpone && c.id === postpone.customerId,
      );
      const window = windows.get(customer?.id ?? '');
      expect(postpone && window && customer).toBeTruthy();
      if (postpone && window && customer) {
        const cutoff = postponementDeadline(window, customer, defaultConfig());
        expect(Date.parse(postpone.at)).toBeLessThan(cutoff.epochMilliseconds);
      }
    },
  );
});
