/**
 * The demo fleet `npm start` seeds: four customers in two time zones, a dozen servers on two
 * platforms (the first server of each customer hosts the Active Directory image), one upgrade, one
 * urgent patch validated after the noon run, a rolled-back failure and an API postponement.
 * It is a scenario like those in scenarios/, so the simulator can play it too.
 */
import { type Instant, toIso } from '../functions/domain/calendar.ts';
import { parseScenario } from './scenario/load.ts';
import type { Scenario } from './scenario/schema.ts';

const CUSTOMERS = [
  { id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London', weekday: 'WED', start: '01:00' },
  { id: 'bolt', name: 'Bolt Logistics', timeZone: 'Europe/London', weekday: 'TUE', start: '02:00' },
  { id: 'globex', name: 'Globex Inc', timeZone: 'America/New_York', weekday: 'THU', start: '01:00' },
  { id: 'initech', name: 'Initech', timeZone: 'America/New_York', weekday: 'WED', start: '03:00' },
] as const;

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
        maintenanceWindow: { weekday: c.weekday, start: c.start, durationHours: 4 },
      })),
      servers,
      actions: [
        {
          at: at(9),
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
