/**
 * The portal's reads and the calendar feed, on the real store (DynamoDB Local): the feed secret is
 * stored hashed and revocable, written with its audit event in one transaction (DESIGN.md rule 1),
 * and the feed follows a postponement; the overview and the choices come from the policy itself.
 */
import { describe, expect, it } from 'vitest';
import {
  calendarFeed,
  calendarFeedStatus,
  feedHashOf,
  issueCalendarFeed,
  revokeCalendarFeed,
} from '../../../functions/application/channels/calendar-feed.ts';
import {
  customerOverview,
  postponementChoices,
} from '../../../functions/application/channels/portal-overview.ts';
import { requestPostponement } from '../../../functions/application/channels/request-postponement.ts';
import { RISK_STATEMENT } from '../../../functions/application/channels/risk-statement.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { NotFoundError } from '../../../functions/domain/errors.ts';
import { seedCustomer, useChannelWorld } from './channel-world.ts';

const world = useChannelWorld();

const postpone = (s: Awaited<ReturnType<typeof seedCustomer>>, newDate: string) =>
  requestPostponement(world.deps, {
    changeIds: [s.change.id],
    customerId: s.customer.id,
    via: 'api',
    requester: 'portal@test',
    reason: 'Quarter-end close',
    requestedDate: newDate,
    riskAcceptance: { by: 'portal@test', at: '2026-11-24T12:00:00Z', words: RISK_STATEMENT },
    receivedAt: world.clock.now(),
    requestKey: `key:${newDate}`,
  });

describe('calendar feed (C3.3, C12.1)', () => {
  it('C12.1 keeps only the hash of the secret, with an audit event, and the feed lists the window', async () => {
    const s = await seedCustomer(world.deps);
    const { secret } = await issueCalendarFeed(world.deps, s.customer.id, 'api:portal@test');
    const stored = await world.deps.store.feeds.listByCustomer(s.customer.id);
    expect(stored.map((f) => f.hash)).toEqual([feedHashOf(secret)]);
    expect(JSON.stringify(stored)).not.toContain(secret);
    const events = await world.deps.store.audit.listByCustomer(
      s.customer.id,
      toInstant('2026-11-01T00:00:00Z'),
      toInstant('2026-12-31T00:00:00Z'),
    );
    expect(events.map((e) => e.type)).toContain('feed.created');
    const ics = await calendarFeed(world.deps, secret);
    expect(ics).toContain('DTSTART:20261202T010000Z');
    expect(ics).toContain(s.server.id);
  });

  it('C4.4 the feed follows a granted postponement', async () => {
    const s = await seedCustomer(world.deps);
    const { secret } = await issueCalendarFeed(world.deps, s.customer.id, 'api:portal@test');
    const [result] = await postpone(s, '2026-12-09');
    expect(result?.outcome).toBe('granted');
    const ics = await calendarFeed(world.deps, secret);
    expect(ics).toContain('DTSTART:20261209T010000Z');
    expect(ics).not.toContain('DTSTART:20261202T010000Z');
  });

  it('C12.1 a new address revokes the old one, and a revoked or unknown address is not found', async () => {
    const s = await seedCustomer(world.deps);
    const first = await issueCalendarFeed(world.deps, s.customer.id, 'api:portal@test');
    const second = await issueCalendarFeed(world.deps, s.customer.id, 'api:portal@test');
    await expect(calendarFeed(world.deps, first.secret)).rejects.toBeInstanceOf(NotFoundError);
    await expect(calendarFeed(world.deps, second.secret)).resolves.toContain('BEGIN:VCALENDAR');
    await revokeCalendarFeed(world.deps, s.customer.id, 'api:portal@test');
    await expect(calendarFeed(world.deps, second.secret)).rejects.toBeInstanceOf(NotFoundError);
    await expect(calendarFeed(world.deps, 'x'.repeat(43))).rejects.toBeInstanceOf(NotFoundError);
    expect(await calendarFeedStatus(world.deps, s.customer.id)).toEqual({ active: false });
  });
});

describe('portal views (C4.2, C4.4, C11.1, C12.1)', () => {
  it('C4.2 C11.1 the overview names the next window and its deadline in the customer zone', async () => {
    const s = await seedCustomer(world.deps);
    const overview = await customerOverview(world.deps, s.customer.id);
    const next = overview.windows.find((w) => w.changes > 0);
    expect(next?.start.at).toBe('2026-12-02T01:00:00.000Z');
    expect(next?.postponeUntil?.local).toBe('Tuesday, 1 December 2026 at 18:00 GMT (Europe/London)');
    expect(next?.releases.map((r) => r.id)).toEqual([s.release.id]);
  });

  it('C6.3 C12.1 a stopped server is shown with the change whose rollback failed; its change is no longer ahead', async () => {
    const s = await seedCustomer(world.deps);
    const at = '2026-12-02T02:10:00.000Z';
    const failed = {
      ...s.change,
      state: 'rollback-failed' as const,
      history: [
        ...s.change.history,
        {
          at,
          from: s.change.state,
          to: 'rollback-failed' as const,
          actor: 'test',
          clause: 'C6.3',
          reason: 'test',
        },
      ],
    };
    await world.deps.store.commit([{ update: 'change', record: failed, expectedVersion: s.change.version }]);
    await world.deps.store.directory.setServerStatus(s.server.id, 'needs-attention', {
      id: `evt-${s.server.id}`,
      at,
      actor: 'test',
      type: 'server.needs-attention',
      subjectId: s.server.id,
      customerId: s.customer.id,
      data: {},
    });
    const overview = await customerOverview(world.deps, s.customer.id);
    expect(overview.needsAttention).toEqual([
      { serverId: s.server.id, changeId: s.change.id, since: expect.objectContaining({ at }) },
    ]);
    expect(overview.windows.every((w) => w.changes === 0)).toBe(true);
  });

  it('C4.4 each date offered carries the decision the policy would make; beyond 28 days it is review', async () => {
    const s = await seedCustomer(world.deps);
    const choices = await postponementChoices(world.deps, s.customer.id, s.change.id, RISK_STATEMENT);
    expect(choices.open).toBe(true);
    const byDate = Object.fromEntries(choices.options.map((o) => [o.date, o.outcome]));
    expect(byDate['2026-12-09']).toBe('granted');
    expect(byDate['2026-12-30']).toBe('granted');
    expect(byDate['2027-01-06']).toBe('pending-review');
    const [asked] = await postpone(s, '2027-01-06');
    expect(asked?.outcome).toBe('pending-review');
  });

  it('C4.2 after the cutoff the choices are closed with the refusal any request would get', async () => {
    const s = await seedCustomer(world.deps);
    world.clock.at = toInstant('2026-12-01T18:00:01Z');
    const choices = await postponementChoices(world.deps, s.customer.id, s.change.id, RISK_STATEMENT);
    expect(choices.open).toBe(false);
    expect(choices.closedReason?.clause).toBe('C4.2');
    expect(choices.options).toEqual([]);
  });

  it("C12.1 another customer's change looks missing", async () => {
    const a = await seedCustomer(world.deps);
    const b = await seedCustomer(world.deps);
    await expect(
      postponementChoices(world.deps, b.customer.id, a.change.id, RISK_STATEMENT),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
