/**
 * The deliveries the crash suite breaks (issue 13's list): each scenario seeds a small world (two
 * London customers, three servers with an AD image) through the service's own use cases, then names
 * ONE delivery — a scheduled run, an event, a request — exactly as its Lambda receives it.
 */

import { customerRoutes } from '../../functions/api/customer-routes.ts';
import { createRouter } from '../../functions/api/router.ts';
import { decideReview } from '../../functions/application/channels/decide-review.ts';
import { addCustomer, addServer } from '../../functions/application/channels/onboarding.ts';
import { registerRelease } from '../../functions/application/runs/register-release.ts';
import { toInstant, toIso } from '../../functions/domain/calendar.ts';
import type { Holder } from '../../functions/domain/claims.ts';
import type { Release } from '../../functions/domain/records.ts';
import { TERMINAL_STATUSES } from '../../functions/fleet/exit-codes.ts';
import { applyApp } from '../../functions/handlers/apply/app.ts';
import { applyResultApp } from '../../functions/handlers/apply-result/app.ts';
import { backupApp } from '../../functions/handlers/backup/app.ts';
import { cutoffApp } from '../../functions/handlers/cutoff/app.ts';
import { processNotification } from '../../functions/handlers/inbound-mail/process-notification.ts';
import { noticeApp } from '../../functions/handlers/notice/app.ts';
import { urgentPatchApp } from '../../functions/handlers/urgent-patch/app.ts';
import { sesSnsEvent } from '../../local/inbound-mail-event.ts';
import type { SesLocalStore } from '../../local/services/ses-local.ts';
import type { World } from './world.ts';

export type Scenario = {
  name: string;
  /** When the delivery arrives (the world's clock starts there). */
  at: string;
  /** The delivery only reads the fleet (a result event): every world shares the seeded simulator. */
  sharedFleet?: boolean;
  /** Builds the starting state (never counted) and returns what the delivery carries. */
  seed(world: World, ses: SesLocalStore): Promise<unknown>;
  deliver(world: World, input: unknown, holder: Holder): Promise<unknown>;
};

const LONDON = 'Europe/London';
const PLATFORM = 'hyperstack';
export const SERVERS = {
  a1: 'mi-0000000000000a001',
  a2: 'mi-0000000000000a002',
  b1: 'mi-0000000000000b001',
} as const;

const release = (id: string, version: string, cls: Release['class'] = 'important'): Release => ({
  id,
  platform: PLATFORM,
  version,
  class: cls,
  title: `Hyperstack ${version}`,
  description: 'Fixes a flaw in the storage layer.',
  validatedBy: 'cs.lead@provider.example',
  validatedAt: '2026-11-01T08:00:00.000Z',
});

/** Two London customers, three servers (an AD image each), the window Wednesday 01:00–05:00. */
async function fleet(world: World): Promise<void> {
  const by = { actor: 'seed', at: world.clock.now() };
  for (const id of ['acme', 'beta']) {
    await addCustomer(
      world.deps,
      { id, name: id.toUpperCase(), contacts: [`ops@${id}.example`], timeZone: LONDON },
      by,
    );
  }
  for (const [key, id] of Object.entries(SERVERS)) {
    const server = {
      id,
      customerId: key.startsWith('a') ? 'acme' : 'beta',
      platform: PLATFORM,
      version: '1.0.0',
      images: [{ name: 'dc01', activeDirectory: true }, { name: 'files' }],
    };
    await addServer(world.deps, server, by);
    world.fleet.fleet.addServer({ instanceId: id, version: server.version, images: server.images });
  }
}

const runEvent = (run: string, scheduledTime: string) => ({ run, scheduledTime, timeZone: LONDON });

async function until(world: World, iso: string): Promise<void> {
  world.clock.moveTo(toInstant(iso));
  await world.fleet.advanceTo(toInstant(iso));
  await world.fleet.fleet.settle();
}

/** Changes of rel-1 notified for Wednesday 11 November 01:00 (the notice run of Monday 2 November). */
async function notified(world: World): Promise<void> {
  await fleet(world);
  world.clock.moveTo(toInstant('2026-11-02T09:00:00Z'));
  await registerRelease(world.deps, { release: release('rel-1', '1.1.0'), actor: 'cs' });
  world.clock.moveTo(toInstant('2026-11-02T12:00:04Z'));
  await noticeApp(world.deps)(runEvent('notice', '2026-11-02T12:00:00Z'));
}

/** Applied at the window, with a revert on a2 and a failed rollback on b1; the status events kept. */
async function applied(world: World) {
  await notified(world);
  world.fleet.fleet.setFault(SERVERS.a2, 'apply-fails');
  world.fleet.fleet.setFault(SERVERS.b1, 'rollback-fails');
  world.clock.moveTo(toInstant('2026-11-11T01:00:05Z'));
  await applyApp(world.deps)(runEvent('apply', '2026-11-11T01:00:00Z'));
  await until(world, '2026-11-11T03:00:00Z');
}

const resultOf = (world: World, instanceId: string) => {
  const event = world.events.findLast(
    (e) => e.detail['instance-id'] === instanceId && TERMINAL_STATUSES.includes(e.detail.status as never),
  );
  if (!event) throw new Error(`no final status event for ${instanceId}`);
  return event;
};

const names = { patch: 'PatchServer', backup: 'BackupImage' };

const POSTPONE_TEXT =
  'Please POSTPONE because our payroll run happens that night and cannot be moved. We accept the risks.';

export const SCENARIOS: Scenario[] = [
  {
    name: 'register-release',
    at: '2026-11-02T09:00:00Z',
    async seed(world) {
      await fleet(world);
      await registerRelease(world.deps, { release: release('rel-0', '1.0.5'), actor: 'cs' });
      return release('rel-1', '1.1.0');
    },
    deliver: (world, input, holder) =>
      registerRelease({ ...world.deps, holder }, { release: input as Release, actor: 'cs' }),
  },
  {
    name: 'urgent-patch',
    at: '2026-11-02T09:00:00Z',
    async seed(world) {
      await fleet(world);
      await registerRelease(world.deps, { release: release('rel-0', '1.0.5'), actor: 'cs' });
      return {
        release: { id: 'urg-1', platform: PLATFORM, version: '1.0.6', title: 'Hyperstack 1.0.6 (urgent)' },
        targets: 'all',
        validatedBy: 'cs.lead@provider.example',
      };
    },
    deliver: (world, input, holder) => urgentPatchApp(world.deps)(input, holder),
  },
  {
    name: 'notice',
    at: '2026-11-02T12:00:04Z',
    async seed(world) {
      await fleet(world);
      world.clock.moveTo(toInstant('2026-11-02T09:00:00Z'));
      await registerRelease(world.deps, { release: release('rel-1', '1.1.0'), actor: 'cs' });
      await urgentPatchApp(world.deps)({
        release: { id: 'urg-1', platform: PLATFORM, version: '1.1.1', title: 'Hyperstack 1.1.1 (urgent)' },
        targets: [SERVERS.b1],
        validatedBy: 'cs.lead@provider.example',
      });
      return runEvent('notice', '2026-11-02T12:00:00Z');
    },
    deliver: (world, input, holder) => noticeApp(world.deps)(input, holder),
  },
  {
    name: 'cutoff (requests pending)',
    at: '2026-11-10T18:00:03Z',
    async seed(world) {
      await notified(world);
      // Requests recorded without a decision (the cutoff decides them, C5.5), and one waiting for review.
      const requests = [
        { change: `rel-1:${SERVERS.a1}`, id: 'pr-cutoff-a1', risk: true, decision: undefined },
        { change: `rel-1:${SERVERS.b1}`, id: 'pr-cutoff-b1', risk: false, decision: undefined },
        {
          change: `rel-1:${SERVERS.a2}`,
          id: 'pr-review-a2',
          risk: true,
          decision: {
            outcome: 'pending-review' as const,
            clause: 'C4.4',
            reason: 'beyond the limits',
            newApplyAt: '2027-01-20T01:00:00.000Z',
            decidedBy: 'policy',
            decidedAt: '2026-11-09T10:00:00.000Z',
          },
        },
      ];
      for (const r of requests) {
        const customerId = r.change.includes(SERVERS.b1) ? 'beta' : 'acme';
        await world.deps.store.commit([
          {
            create: 'request',
            record: {
              id: r.id,
              changeId: r.change,
              customerId,
              via: 'api',
              requester: `ops@${customerId}.example`,
              reason: 'Our payroll run happens that night.',
              ...(r.risk
                ? {
                    riskAcceptance: {
                      by: `ops@${customerId}.example`,
                      at: '2026-11-09T10:00:00.000Z',
                      words: 'We accept the risks.',
                    },
                  }
                : {}),
              receivedAt: '2026-11-09T10:00:00.000Z',
              ...(r.decision ? { decision: r.decision } : {}),
            },
          },
        ]);
      }
      return runEvent('cutoff', '2026-11-10T18:00:00Z');
    },
    deliver: (world, input, holder) => cutoffApp(world.deps)(input, holder),
  },
  {
    name: 'apply',
    at: '2026-11-11T01:00:05Z',
    async seed(world) {
      await notified(world);
      return runEvent('apply', '2026-11-11T01:00:00Z');
    },
    deliver: (world, input, holder) => applyApp(world.deps)(input, holder),
  },
  ...(
    [
      ['apply-result (success)', 'a1'],
      ['apply-result (reverted)', 'a2'],
      ['apply-result (rollback failed)', 'b1'],
    ] as const
  ).map(
    ([name, server]): Scenario => ({
      name,
      at: '2026-11-11T03:00:00Z',
      sharedFleet: true,
      async seed(world) {
        await applied(world);
        return resultOf(world, SERVERS[server]);
      },
      deliver: (world, input, holder) => applyResultApp(world.deps, names)(input, holder),
    }),
  ),
  {
    name: 'backup (full)',
    at: '2026-11-08T02:00:05Z',
    async seed(world) {
      await fleet(world);
      return runEvent('backup-full', '2026-11-08T02:00:00Z');
    },
    deliver: (world, input, holder) => backupApp(world.deps)(input, holder),
  },
  {
    name: 'backup (incremental)',
    at: '2026-11-08T23:00:05Z',
    async seed(world) {
      await fleet(world);
      return runEvent('backup-incremental', '2026-11-08T23:00:00Z');
    },
    deliver: (world, input, holder) => backupApp(world.deps)(input, holder),
  },
  {
    // C11.2 C9.2: the 23:00 incremental run of 8 November never fired; the hourly run at 00:00
    // runs it under its own key (slots created, commands sent), then sends what came due.
    name: 'backup (hourly, a skipped run caught up)',
    at: '2026-11-09T00:00:05Z',
    async seed(world) {
      await fleet(world);
      return runEvent('backup-due', '2026-11-09T00:00:00Z');
    },
    deliver: (world, input, holder) => backupApp(world.deps)(input, holder),
  },
  {
    name: 'backup-result',
    at: '2026-11-08T06:00:00Z',
    sharedFleet: true,
    async seed(world) {
      await fleet(world);
      world.fleet.fleet.setFault(SERVERS.a2, 'backup-cloud-copy-fails');
      world.clock.moveTo(toInstant('2026-11-08T02:00:05Z'));
      await backupApp(world.deps)(runEvent('backup-full', '2026-11-08T02:00:00Z'));
      await until(world, '2026-11-08T06:00:00Z');
      return resultOf(world, SERVERS.a2);
    },
    deliver: (world, input, holder) => applyResultApp(world.deps, names)(input, holder),
  },
  {
    name: 'inbound reply',
    at: '2026-11-03T09:00:00Z',
    async seed(world, ses) {
      await notified(world);
      const mail = (await ses.list()).find((m) => m.destination.to.includes('ops@acme.example'));
      const replyTo = mail?.replyTo[0];
      if (!replyTo) throw new Error('the notice to acme carries no reply address');
      const event = await sesSnsEvent({
        from: 'ops@acme.example',
        to: replyTo.replace(/^.*<|>.*$/g, ''),
        subject: `Re: ${mail?.subject}`,
        text: POSTPONE_TEXT,
        receivedAt: toInstant('2026-11-03T09:00:00Z'),
      });
      return event.Records[0]?.Sns.Message;
    },
    deliver: (world, input, holder) =>
      processNotification({ ...world.deps, holder }, input as string, async () => {
        throw new Error('inline content only');
      }),
  },
  {
    name: 'API postponement',
    at: '2026-11-03T09:00:00Z',
    async seed(world) {
      await notified(world);
      return `rel-1:${SERVERS.a1}`;
    },
    async deliver(world, input) {
      const route = createRouter(customerRoutes, world.deps, () => {});
      const out = await route({
        rawPath: `/v1/changes/${encodeURIComponent(input as string)}/postponements`,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'payroll-2026-11' },
        body: JSON.stringify({ reason: 'Our payroll run happens that night.', acceptRisk: true }),
        requestContext: {
          requestId: `req-${world.clock.now().epochMilliseconds}-${Math.random()}`,
          timeEpoch: world.clock.now().epochMilliseconds,
          http: { method: 'POST', path: '/v1/changes' },
          authorizer: {
            jwt: { claims: { sub: 'ops@acme.example', 'custom:customer_id': 'acme' }, scopes: null },
          },
        },
      });
      if (out.statusCode >= 500) throw new Error(`the API answered ${out.statusCode}: ${out.body}`);
      return out;
    },
  },
  {
    name: 'review decision',
    at: '2026-11-04T10:00:00Z',
    async seed(world) {
      await notified(world);
      const route = createRouter(customerRoutes, world.deps, () => {});
      world.clock.moveTo(toInstant('2026-11-03T09:00:00Z'));
      await route({
        rawPath: `/v1/changes/${encodeURIComponent(`rel-1:${SERVERS.a1}`)}/postponements`,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'far-away' },
        body: JSON.stringify({ reason: 'A plant shutdown.', acceptRisk: true, newDate: '2027-01-20' }),
        requestContext: {
          requestId: 'seed-request',
          timeEpoch: world.clock.now().epochMilliseconds,
          http: { method: 'POST', path: '/v1/changes' },
          authorizer: {
            jwt: { claims: { sub: 'ops@acme.example', 'custom:customer_id': 'acme' }, scopes: null },
          },
        },
      });
      const [review] = await world.deps.store.requests.listPendingReviews();
      if (!review) throw new Error('no review was seeded');
      return review.id;
    },
    deliver: (world, input, holder) =>
      decideReview(
        { ...world.deps, holder },
        {
          requestId: input as string,
          approve: true,
          reason: 'The shutdown is real.',
          actor: 'cs@provider.example',
        },
      ),
  },
];

export const iso = toIso;
