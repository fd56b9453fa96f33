/**
 * What the customer portal's home shows (C12.1: only the customer's own records; C11.1: every time
 * also in the customer's zone, the zone named): the windows ahead with their changes, why, and
 * until when each can be moved (C4.2, C5.4); changes that failed and when they are repeated
 * (C6.4, C8.3); servers on which automatic work stopped (C6.3). Deadlines and windows come from
 * the domain's own functions, never a second copy of a rule.
 */
import { formatLocal, type Instant, isBefore, localDateOf, toInstant, toIso } from '../../domain/calendar.ts';
import { postponementDeadline } from '../../domain/change-plans.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import { windowsFrom } from '../../domain/maintenance-windows.ts';
import { postponementOptions } from '../../domain/postponement-options.ts';
import type { Change, Customer, Release, ReleaseClass } from '../../domain/records.ts';
import type { Page, PageRequest } from '../paged-reads.ts';
import { slotOf } from '../shared/notice-timing.ts';
import type { ChannelDeps } from './deps.ts';
import { getCustomer } from './onboarding.ts';
import { loadOwnChange } from './request-postponement.ts';

/** Every record of a paged listing, a page of PAGE_SIZE at a time. */
const PAGE_SIZE = 1000;
async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let next: string | undefined;
  do {
    const page = await read({ limit: PAGE_SIZE, next });
    all.push(...page.items);
    next = page.next;
  } while (next !== undefined);
  return all;
}

/** Weekly windows shown ahead, with or without changes (the portal's month calendar). */
const WINDOWS_AHEAD = 6;

export type LocalTime = { at: string; local: string };

export type ReleaseSummary = Pick<Release, 'id' | 'title' | 'description' | 'version' | 'class'>;

export type WindowSummary = {
  /** The local date the window (or urgent night) starts on. */
  date: string;
  start: LocalTime;
  end: LocalTime;
  kind: 'window' | 'night';
  changes: number;
  servers: number;
  classes: ReleaseClass[];
  releases: ReleaseSummary[];
  /** The first of its changes (by server), to open from the home page. */
  firstChangeId?: string;
  /** C4.2 / C5.4: the last instant a request to move these changes is accepted. */
  postponeUntil?: LocalTime;
  /** Milliseconds from the service's now to `postponeUntil` (negative once passed). */
  msLeft?: number;
};

export type RepeatSummary = {
  changeId: string;
  serverId: string;
  releaseId: string;
  attempt: number;
  failedAt?: LocalTime;
  repeatAt: LocalTime;
};

export type CustomerOverview = {
  customer: Pick<Customer, 'id' | 'name' | 'timeZone' | 'maintenanceWindow'>;
  /** The service's clock (virtual on the local system). */
  now: LocalTime;
  windows: WindowSummary[];
  repeats: RepeatSummary[];
  needsAttention: { serverId: string; changeId?: string; since?: LocalTime }[];
  servers: number;
};

const timeOf = (instant: Instant, zone: string): LocalTime => ({
  at: toIso(instant),
  local: formatLocal(instant, zone),
});

export async function customerOverview(deps: ChannelDeps, customerId: string): Promise<CustomerOverview> {
  const customer = await getCustomer(deps, customerId);
  const now = deps.clock.now();
  const zone = customer.timeZone;
  // Only what the page shows is read: the changes ahead (the listing index's `upcoming` partition,
  // not the customer's whole history), those being applied, and the servers.
  const [ahead, applying, servers] = await Promise.all([
    everyPage((page) => deps.store.pages.changesOfCustomer(customerId, 'upcoming', page)),
    deps.store.changes.listChangesApplying([customerId]),
    deps.store.directory.listServersByCustomer(customerId),
  ]);
  const upcoming = [...ahead, ...applying.filter((c) => c.customerId === customerId)].filter(
    (c) => PENDING_STATES.includes(c.state) || c.state === 'applying',
  );
  const releases = await releasesOf(
    deps,
    upcoming.map((c) => c.releaseId),
  );

  const byStart = new Map<string, Change[]>();
  for (const change of upcoming)
    byStart.set(change.applyAt, [...(byStart.get(change.applyAt) ?? []), change]);
  const slots = new Map<string, WindowSummary>();
  for (const slot of windowsFrom(now, customer, WINDOWS_AHEAD)) {
    slots.set(toIso(slot.start), {
      date: slot.date.toString(),
      start: timeOf(slot.start, zone),
      end: timeOf(slot.end, zone),
      kind: 'window',
      changes: 0,
      servers: 0,
      classes: [],
      releases: [],
    });
  }
  for (const [applyAt, group] of byStart) {
    const start = toInstant(applyAt);
    const first = group[0] as Change;
    const slot = slotOf(start, first.class, customer);
    const deadline = postponementDeadline(start, customer, deps.cfg);
    const ids = [...new Set(group.map((c) => c.releaseId))];
    slots.set(applyAt, {
      date: localDateOf(start, zone).toString(),
      start: timeOf(slot.start, zone),
      end: timeOf(slot.end, zone),
      kind: group.every((c) => c.class === 'urgent') ? 'night' : 'window',
      changes: group.length,
      servers: new Set(group.map((c) => c.serverId)).size,
      classes: [...new Set(group.map((c) => c.class))],
      releases: ids.flatMap((id) => {
        const r = releases.get(id);
        return r ? [summaryOf(r)] : [];
      }),
      firstChangeId: [...group].sort((a, b) => a.serverId.localeCompare(b.serverId))[0]?.id,
      postponeUntil: timeOf(deadline, zone),
      msLeft: deadline.epochMilliseconds - now.epochMilliseconds,
    });
  }
  const windows = [...slots.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, w]) => w)
    .filter((w) => w.changes > 0 || !isBefore(toInstant(w.end.at), now));

  const repeats = upcoming
    .filter((c) => c.attempt > 1 && PENDING_STATES.includes(c.state))
    .map((c) => {
      const failed = [...c.history].reverse().find((t) => t.to === 'failed-rolled-back');
      return {
        changeId: c.id,
        serverId: c.serverId,
        releaseId: c.releaseId,
        attempt: c.attempt,
        ...(failed ? { failedAt: timeOf(toInstant(failed.at), zone) } : {}),
        repeatAt: timeOf(toInstant(c.applyAt), zone),
      };
    });
  // C6.3: the change whose rollback failed, read for the few stopped servers only.
  const halted = servers.filter((s) => s.status === 'needs-attention');
  const stopped = new Map(
    (await Promise.all(halted.map((s) => deps.store.changes.listChangesByServer(s.id))))
      .flat()
      .filter((c) => c.state === 'rollback-failed')
      .map((c) => [c.serverId, c]),
  );
  const needsAttention = halted.map((s) => {
    const change = stopped.get(s.id);
    const since = change?.history.at(-1)?.at;
    return {
      serverId: s.id,
      ...(change ? { changeId: change.id } : {}),
      ...(since ? { since: timeOf(toInstant(since), zone) } : {}),
    };
  });
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      timeZone: zone,
      maintenanceWindow: customer.maintenanceWindow,
    },
    now: timeOf(now, zone),
    windows,
    repeats,
    needsAttention,
    servers: servers.length,
  };
}

export type PostponementChoices = {
  changeId: string;
  serverId: string;
  class: ReleaseClass;
  state: Change['state'];
  release: ReleaseSummary | undefined;
  applyAt: LocalTime;
  timeZone: string;
  now: LocalTime;
  deadline: LocalTime;
  msLeft: number;
  open: boolean;
  /** Why no request can be granted now (the refusal any request would get). */
  closedReason?: { clause: string; reason: string };
  /** The dates the customer may name, each with the decision it would get now (risks accepted). */
  options: {
    date: string;
    start: LocalTime;
    end: LocalTime;
    outcome: 'granted' | 'pending-review' | 'refused';
    clause: string;
    reason: string;
  }[];
  limits: {
    kind: 'scheduled' | 'urgent';
    /** Scheduled: days after the originally notified window granted automatically (C4.4). */
    maxDaysAfterOriginal?: number;
    /** Scheduled: how many moves are granted automatically, and how many were made (C4.4). */
    maxCount?: number;
    used?: number;
    /** Urgent: nights by default and at most (C5.4). */
    defaultNights?: number;
    maxNights?: number;
    original: LocalTime;
  };
  /** C4.3: the words the customer accepts, recorded verbatim with who and when. */
  riskStatement: string;
};

/** C4.2, C4.4, C5.4: the choices a customer has for one of its changes, before asking (C12.1). */
export async function postponementChoices(
  deps: ChannelDeps,
  customerId: string,
  changeId: string,
  riskStatement: string,
): Promise<PostponementChoices> {
  const change = await loadOwnChange(deps, changeId, customerId);
  const customer = await getCustomer(deps, customerId);
  const zone = customer.timeZone;
  const now = deps.clock.now();
  const release = await deps.store.releases.getRelease(change.releaseId);
  const choices = postponementOptions({ change, customer, cfg: deps.cfg, now });
  const { limits } = choices;
  return {
    changeId: change.id,
    serverId: change.serverId,
    class: change.class,
    state: change.state,
    release: release ? summaryOf(release) : undefined,
    applyAt: timeOf(toInstant(change.applyAt), zone),
    timeZone: zone,
    now: timeOf(now, zone),
    deadline: timeOf(choices.deadline, zone),
    msLeft: choices.deadline.epochMilliseconds - now.epochMilliseconds,
    open: choices.open,
    ...(choices.closed
      ? { closedReason: { clause: choices.closed.clause, reason: choices.closed.reason } }
      : {}),
    options: choices.options.map((o) => ({
      date: o.date,
      start: timeOf(o.start, zone),
      end: timeOf(o.end, zone),
      outcome: o.verdict.outcome,
      clause: o.verdict.clause,
      reason: o.verdict.reason,
    })),
    limits:
      limits.kind === 'scheduled'
        ? {
            kind: 'scheduled',
            maxDaysAfterOriginal: limits.maxDaysAfterOriginal,
            maxCount: limits.maxCount,
            used: limits.used,
            original: timeOf(limits.original, zone),
          }
        : {
            kind: 'urgent',
            defaultNights: limits.defaultNights,
            maxNights: limits.maxNights,
            original: timeOf(limits.original, zone),
          },
    riskStatement,
  };
}

const summaryOf = (r: Release): ReleaseSummary => ({
  id: r.id,
  title: r.title,
  description: r.description,
  version: r.version,
  class: r.class,
});

async function releasesOf(deps: ChannelDeps, ids: string[]): Promise<Map<string, Release>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => deps.store.releases.getRelease(id)));
  return new Map(found.flatMap((r) => (r ? [[r.id, r] as const] : [])));
}
