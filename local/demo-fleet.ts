/**
 * The demo fleet `npm start` seeds: four customers in two time zones, a dozen servers on two
 * platforms (the first server of each customer hosts the Active Directory image), one upgrade, one
 * urgent patch, a rolled-back failure and an API postponement.
 * It is a scenario like those in scenarios/, so the simulator can play it too.
 *
 * The customers' maintenance windows follow the start: each window is the first (acme, globex) or
 * the second (bolt, initech) that the upgrade's 7-day notice allows (C3.1, C3.2), so whatever the
 * start date, the default play (10 days) shows the windows applied, the planted failure rolled back
 * (C6.2) and its notice (C8.1); the domain's own planner finds them.
 */
import { type Instant, toIso } from '../functions/domain/calendar.ts';
import { planScheduledChange } from '../functions/domain/change-plans.ts';
import { defaultConfig } from '../functions/domain/config.ts';
import { WEEKDAYS, type Weekday } from '../functions/domain/records.ts';
import { parseScenario } from './scenario/load.ts';
import type { Scenario } from './scenario/schema.ts';

const CUSTOMERS = [
  { id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London', start: '01:00', windowAfterFirst: 0 },
  { id: 'bolt', name: 'Bolt Logistics', timeZone: 'Europe/London', start: '02:00', windowAfterFirst: 1 },
  { id: 'globex', name: 'Globex Inc', timeZone: 'America/New_York', start: '01:00', windowAfterFirst: 0 },
  { id: 'initech', name: 'Initech', timeZone: 'America/New_York', start: '03:00', windowAfterFirst: 1 },
] as const;

/** Hours after the start at which the CS team registers the upgrade. */
const UPGRADE_AT_HOURS = 1;

/**
 * The weekday whose window comes first after the notice of a release registered at `releaseAt`
 * (C3.1), `later` days on.
 */
function demoWeekday(releaseAt: Instant, timeZone: string, start: string, later: number): Weekday {
  const cfg = defaultConfig();
  const applyAt = (weekday: Weekday) =>
    planScheduledChange({
      from: releaseAt,
      customer: { timeZone, maintenanceWindow: { weekday, start, durationHours: 4 } },
      cfg,
    }).applyAt.epochMilliseconds;
  const first = [...WEEKDAYS].sort((a, b) => applyAt(a) - applyAt(b))[0] ?? 'WED';
  return WEEKDAYS[(WEEKDAYS.indexOf(first) + later) % WEEKDAYS.length] ?? first;
}

export const demoServerId = (customer: number, n: number): string =>
  `mi-0de00000000000${customer.toString(16)}${n.toString(16).padStart(2, '0')}`;

export function demoScenario(start: Instant, days: number): Scenario {
  const at = (hours: number) => toIso(start.add({ hours }));
  const within = (action: { at: string }) =>
    Date.parse(action.at) <= start.epochMilliseconds + days * 86_400_000;
  const servers = CUSTOMERS.flatMap((c, ci) =>
    [0, 1, 2].map((n) => ({
      id: demoServerId(ci, n),
      customerId: c.id,
      platform: n === 2 ? 'hyperstack' : 'vplat',
      version: n === 2 ? '3.4' : '7.1',
      images:
        n === 0
          ? [{ name: 'dc01', activeDirectory: true }, { name: 'files' }, { name: 'erp' }]
          : [{ name: 'app' }, { name: 'db' }],
    })),
  );
  return parseScenario(
    {
      name: 'npm start demo',
      start: toIso(start),
      end: toIso(start.add({ hours: days * 24 })),
      customers: CUSTOMERS.map((c) => ({
        id: c.id,
        name: c.name,
        timeZone: c.timeZone,
        contacts: [`ops@${c.id}.example`, `cto@${c.id}.example`],
        maintenanceWindow: {
          weekday: demoWeekday(
            start.add({ hours: UPGRADE_AT_HOURS }),
            c.timeZone,
            c.start,
            c.windowAfterFirst,
          ),
          start: c.start,
          durationHours: 4,
        },
      })),
      servers,
      actions: [
        {
          at: at(UPGRADE_AT_HOURS),
          type: 'release',
          release: {
            id: 'vplat-7.2',
            platform: 'vplat',
            version: '7.2',
            class: 'upgrade',
            title: 'vPlat 7.2: faster snapshots and a new management console',
            validatedBy: 'cs.lead@provider.example',
          },
        },
        {
          at: at(24 + 14),
          type: 'release',
          release: {
            id: 'hyperstack-3.4.1',
            platform: 'hyperstack',
            version: '3.4.1',
            class: 'urgent',
            title: 'HyperStack 3.4.1: critical remote-code-execution fix',
            validatedBy: 'cs.lead@provider.example',
          },
        },
        {
          at: at(24 + 10),
          type: 'postpone',
          customerId: 'bolt',
          releaseId: 'vplat-7.2',
          via: 'api',
          from: 'ops@bolt.example',
          reason: 'peak delivery week: our depot systems must stay up',
          acceptRisk: true,
        },
      ].filter(within),
      faults: [{ serverId: demoServerId(2, 1), releaseId: 'vplat-7.2', on: 'apply', outcome: 'fail' }],
    },
    'demo',
  );
}
