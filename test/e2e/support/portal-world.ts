/**
 * The whole local system for the browser tests: DynamoDB Local (the suite's), the local SES, the
 * fleet simulator and the API with the built portal and console (scripts/build-web.ts), on a
 * virtual clock the tests move. One customer in London with three servers and an upgrade
 * registered on Monday 23 November 2026 and notified at 12:00 that day: its window is Wednesday 2 December 01:00–05:00 GMT, and
 * requests to move it close on Tuesday 1 December at 18:00 GMT (C3.1, C3.2, C4.2).
 */
import { inject } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { loadConfig } from '../../../functions/domain/config.ts';
import { type StartedRuntime, startLocalRuntime } from '../../../local/runtime.ts';
import { buildWeb } from '../../../scripts/build-web.ts';

export const START = '2026-11-23T09:00:00Z';
export const NOTICE_RUN = '2026-11-23T12:00:00Z';
export const CUSTOMER = { id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London' };
export const SERVERS = ['mi-0e2e0000000000001', 'mi-0e2e0000000000002', 'mi-0e2e0000000000003'];
export const RELEASE = 'vplat-7.2';
export const changeOf = (server: string) => `${RELEASE}:${server}`;
/** C4.2: 18:00:00 London on the day before the window. */
export const DEADLINE = '2026-12-01T18:00:00Z';

export async function startPortalWorld(): Promise<StartedRuntime> {
  await buildWeb();
  const rt = await startLocalRuntime({
    start: toInstant(START),
    cfg: loadConfig({}),
    endpoints: { dynamodb: inject('dynamoEndpoint') },
    fleetMode: 'instant',
  });
  const svc = rt.service;
  await svc.addCustomer({
    ...CUSTOMER,
    contacts: ['ops@acme.example'],
    maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
  });
  await svc.addCustomer({
    id: 'globex',
    name: 'Globex Inc',
    timeZone: 'America/New_York',
    contacts: ['ops@globex.example'],
    maintenanceWindow: { weekday: 'THU', start: '02:00', durationHours: 4 },
  });
  for (const id of SERVERS) {
    await svc.addServer({
      id,
      customerId: CUSTOMER.id,
      platform: 'vplat',
      version: '7.1',
      images: [
        { name: 'dc01', activeDirectory: true },
        { name: 'files', activeDirectory: false },
      ],
      status: 'active',
    });
  }
  await svc.addServer({
    id: 'mi-0e2e00000000000a1',
    customerId: 'globex',
    platform: 'vplat',
    version: '7.1',
    images: [{ name: 'app', activeDirectory: false }],
    status: 'active',
  });
  await svc.registerRelease(
    {
      id: RELEASE,
      platform: 'vplat',
      version: '7.2',
      class: 'upgrade',
      title: 'vPlat 7.2: faster snapshots and a new management console',
      description: 'Snapshots before each change take half the time; the console replaces the old one.',
      validatedBy: 'cs.lead@provider.example',
      validatedAt: START,
    },
    'cs.lead@provider.example',
  );
  // C3.2: the 12:00 notice run of that Monday notifies the change (it can be moved from then on).
  rt.clock.set(toInstant(NOTICE_RUN));
  await svc.runScheduled({ run: 'notice', scheduledTime: NOTICE_RUN, timeZone: CUSTOMER.timeZone });
  return rt;
}
