/**
 * The customer's calendar subscription (C3.3, C11.1, C12.1): a read-only iCalendar feed of every
 * window (or urgent night) with changes planned for it, at a URL that carries an unguessable secret.
 * Only the secret's sha256 is stored (like reply tokens, C12.2); making a new one revokes the old,
 * and either is ONE transaction with its audit event (DESIGN.md rule 1). The feed is read from the
 * changes as they stand, so it follows every move (a postponement, a repeat after a failure).
 */
import { createHash, randomBytes } from 'node:crypto';
import { formatLocal, type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import { postponementDeadline } from '../../domain/change-plans.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Change } from '../../domain/records.ts';
import { type CalendarEvent, icalendar } from '../../mail/icalendar.ts';
import type { Write } from '../ports.ts';
import { slotOf } from '../shared/notice-timing.ts';
import { auditEvent } from './audit-events.ts';
import type { ChannelDeps } from './deps.ts';
import { getCustomer } from './onboarding.ts';

/** The secret's alphabet and length: 32 random bytes, base64url (43 characters). */
export const FEED_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const feedHashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** The feed's path under the API: the secret is its only credential. */
export const feedPathOf = (secret: string): string => `/v1/feeds/${secret}/calendar.ics`;

export type FeedStatus = { active: boolean; createdAt?: string; createdAtLocal?: string };

export async function calendarFeedStatus(deps: ChannelDeps, customerId: string): Promise<FeedStatus> {
  const customer = await getCustomer(deps, customerId);
  const latest = (await deps.store.feeds.listByCustomer(customerId)).at(-1);
  return latest
    ? {
        active: true,
        createdAt: latest.createdAt,
        createdAtLocal: formatLocal(toInstant(latest.createdAt), customer.timeZone),
      }
    : { active: false };
}

const revocations = async (deps: ChannelDeps, customerId: string, actor: string, at: Instant) => {
  const current = await deps.store.feeds.listByCustomer(customerId);
  return current.flatMap((feed): Write[] => [
    { revoke: 'feed', hash: feed.hash },
    {
      audit: auditEvent({
        type: 'feed.revoked',
        actor,
        at,
        subjectId: `feed-${feed.hash.slice(0, 16)}`,
        customerId,
        clause: 'C12.1',
        data: { createdAt: feed.createdAt },
      }),
    },
  ]);
};

/** A new feed secret (shown once), replacing any earlier one in the same transaction. */
export async function issueCalendarFeed(
  deps: ChannelDeps,
  customerId: string,
  actor: string,
): Promise<{ secret: string; createdAt: string }> {
  await getCustomer(deps, customerId);
  const now = deps.clock.now();
  const secret = randomBytes(32).toString('base64url');
  const hash = feedHashOf(secret);
  const createdAt = toIso(now);
  await deps.store.commit([
    ...(await revocations(deps, customerId, actor, now)),
    { create: 'feed', record: { hash, customerId, createdAt, createdBy: actor } },
    {
      audit: auditEvent({
        type: 'feed.created',
        actor,
        at: now,
        subjectId: `feed-${hash.slice(0, 16)}`,
        customerId,
        clause: 'C12.1',
        data: {},
      }),
    },
  ]);
  return { secret, createdAt };
}

/** Revokes the customer's feed: its URL answers 404 from now on. */
export async function revokeCalendarFeed(deps: ChannelDeps, customerId: string, actor: string) {
  await getCustomer(deps, customerId);
  const writes = await revocations(deps, customerId, actor, deps.clock.now());
  if (writes.length) await deps.store.commit(writes);
  return { active: false };
}

/** The feed of the customer whose secret this is; an unknown or revoked secret is NotFoundError. */
export async function calendarFeed(deps: ChannelDeps, secret: string): Promise<string> {
  const feed = FEED_SECRET_PATTERN.test(secret) ? await deps.store.feeds.get(feedHashOf(secret)) : undefined;
  if (!feed) throw new NotFoundError('calendar feed', 'this address');
  const customer = await getCustomer(deps, feed.customerId);
  const zone = customer.timeZone;
  const changes = (await deps.store.changes.listChangesByCustomer(customer.id)).filter(
    (c) => PENDING_STATES.includes(c.state) || c.state === 'applying',
  );
  const releases = new Map(
    await Promise.all(
      [...new Set(changes.map((c) => c.releaseId))].map(
        async (id) => [id, await deps.store.releases.getRelease(id)] as const,
      ),
    ),
  );
  const groups = new Map<string, Change[]>();
  for (const c of changes) groups.set(c.applyAt, [...(groups.get(c.applyAt) ?? []), c]);

  const now = deps.clock.now();
  const events: CalendarEvent[] = [];
  for (const [applyAt, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const start = toInstant(applyAt);
    const first = group[0] as Change;
    const slot = slotOf(start, first.class, customer);
    const deadline = postponementDeadline(start, customer, deps.cfg);
    const titles = [...new Set(group.map((c) => releases.get(c.releaseId)?.title ?? c.releaseId))];
    const urgent = group.some((c) => c.class === 'urgent');
    const lines = [...group]
      .sort((a, b) => a.serverId.localeCompare(b.serverId))
      .map(
        (c) => `- ${c.serverId}: ${releases.get(c.releaseId)?.title ?? c.releaseId} (${c.class}, ${c.state})`,
      );
    events.push({
      uid: `${createHash('sha256').update(`${customer.id}\u0000${applyAt}`).digest('hex').slice(0, 32)}@patch-promise`,
      start: slot.start,
      end: slot.end,
      stamp: now,
      summary: `${urgent ? 'Urgent patch' : 'Maintenance'}: ${titles.join(', ')} (${group.length} server${group.length === 1 ? '' : 's'})`,
      description: [
        `Starts ${formatLocal(slot.start, zone)}, ends ${formatLocal(slot.end, zone)}.`,
        'Applying changes may cause partial or complete loss of service while they run (C7.1).',
        `You can ask to move these changes until ${formatLocal(deadline, zone)} (C4.2, C5.4).`,
        '',
        ...lines,
      ].join('\n'),
    });
  }
  return icalendar({
    producer: { company: 'patch-promise', product: 'calendar-feed' },
    name: `${customer.name}: maintenance windows`,
    description: `Planned changes to ${customer.name}'s servers. Times in ${zone}.`,
    timeZone: zone,
    refreshHours: 1,
    events,
  });
}
