/**
 * C1, C2.1, C3.1, C5.2: a validated release becomes one `planned` change per server that needs it.
 * Idempotent: the release and every change have deterministic ids, and a change that already
 * exists is left as it is (a repeat never re-plans it). Older pending changes of the platform are
 * superseded, so every server converges to the latest release (C2.1): each server's new change
 * and the supersession of its older ones are ONE transaction (DESIGN.md rule 1), and a repeat
 * still supersedes what an interrupted delivery left pending (rule 3).
 */
import { type Instant, maxInstant, toInstant, toIso } from '../../domain/calendar.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { planScheduledChange, planUrgentChange } from '../../domain/planning.ts';
import {
  type Change,
  type Customer,
  type PostponementBinding,
  parseOrThrow,
  Release,
  type Server,
} from '../../domain/records.ts';
import type { Write } from '../ports.ts';
import { auditEventOf } from '../shared/audit.ts';
import { type MoveResult, moveChange, moveWrites } from '../shared/change-moves.ts';
import { mapConcurrently } from '../shared/concurrency.ts';
import type { BaseDeps } from '../shared/deps.ts';
import { changeIdOf } from '../shared/ids.ts';
import { compareVersions } from '../shared/versions.ts';

export type Targets = 'all' | string[];

export type RegisterReleaseInput = {
  release: Release;
  targets?: Targets;
  actor: string;
  /**
   * What is left of the caller's own time limit, in ms (the CS API's 29 s): no server is started
   * once less than STOP_RESERVE_MS is left, and the result says how many remain. Registration is
   * idempotent, so the same call again plans the rest.
   */
  timeLeftMs?: () => number;
};

/** Time kept for finishing the servers in flight and answering. */
export const STOP_RESERVE_MS = 5000;

export type RegisterReleaseResult = {
  release: Release;
  /** False when the same release was already registered (a repeat). */
  created: boolean;
  /** Changes the release has on the targeted servers (created now or by an earlier call). */
  changes: number;
  changeIds: string[];
  /** Changes created by this call (0 on a repeat). */
  newChanges: number;
  /** False when the caller's time ran out first: `remaining` servers are left for the same call again. */
  complete: boolean;
  remaining: number;
  skipped: { serverId: string; reason: string }[];
  superseded: string[];
};

export async function registerRelease(
  deps: BaseDeps,
  input: RegisterReleaseInput,
): Promise<RegisterReleaseResult> {
  const { store, clock, cfg } = deps;
  const release = parseOrThrow(Release, input.release, 'release');
  const now = clock.now();
  const created = await addRelease(deps, release, input.actor);
  const servers = await targetServers(deps, release.platform, input.targets ?? 'all');

  const result: RegisterReleaseResult = {
    release,
    created,
    changes: 0,
    changeIds: [],
    newChanges: 0,
    complete: true,
    remaining: 0,
    skipped: [],
    superseded: [],
  };
  const customers = new Map<string, Promise<Customer | undefined>>();
  const releases = new Map<string, Promise<Release | undefined>>([[release.id, Promise.resolve(release)]]);
  const customerOf = (id: string) => {
    if (!customers.has(id)) customers.set(id, store.directory.getCustomer(id));
    return customers.get(id) as Promise<Customer | undefined>;
  };
  // Servers are independent (one deterministic change each): a few at a time, merged in server order.
  const outOfTime = () => input.timeLeftMs !== undefined && input.timeLeftMs() < STOP_RESERVE_MS;
  const outcomes = await mapConcurrently(servers, REGISTER_CONCURRENCY, async (server) => {
    if (outOfTime()) return { leftForLater: true };
    const id = changeIdOf(release.id, server.id);
    const existing = await store.changes.listChangesByServer(server.id);
    const own = existing.find((c) => c.id === id);
    if (own) {
      // A repeat: the change stands as it is; what an interrupted delivery left pending is superseded.
      const superseded = await supersede(deps, {
        changes: existing,
        release,
        applyAt: own.applyAt,
        releases,
        actor: input.actor,
        now,
        withWrites: [],
      });
      return { changeId: id, superseded };
    }
    const skip = await skipReason(deps, server, release, existing, releases);
    if (skip) return { skipped: { serverId: server.id, reason: skip } };
    const customer = await customerOf(server.customerId);
    if (!customer)
      return { skipped: { serverId: server.id, reason: `customer ${server.customerId} not found` } };
    const binding = await bindingOf(deps, existing, release, releases); // C4.6
    const plan = planFor(release, customer, cfg, now, binding);
    const change = {
      ...newChange(id, release, server, plan, input.actor, now),
      ...(binding ? { binding } : {}),
    };
    const audit = auditEventOf({
      type: 'change.planned',
      actor: input.actor,
      at: now,
      subjectId: id,
      key: 'created',
      customerId: server.customerId,
      clause: release.class === 'urgent' ? 'C5.2' : 'C3.1',
      data: {
        releaseId: release.id,
        noticeAt: change.noticeAt,
        applyAt: change.applyAt,
        ...(binding ? { binding } : {}),
      },
    });
    try {
      const superseded = await supersede(deps, {
        changes: existing,
        release,
        applyAt: change.applyAt,
        releases,
        actor: input.actor,
        now,
        withWrites: [{ create: 'change', record: change }, { audit }],
      });
      return { changeId: id, isNew: true, superseded };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return { changeId: id }; // a concurrent delivery created it first
    }
  });
  for (const o of outcomes) {
    if (o.leftForLater) result.remaining += 1;
    if (o.changeId) result.changeIds.push(o.changeId);
    if (o.skipped) result.skipped.push(o.skipped);
    if (o.isNew) result.newChanges += 1;
    result.superseded.push(...(o.superseded ?? []));
  }
  result.changes = result.changeIds.length;
  result.complete = result.remaining === 0;
  return result;
}

/** C3.1 / C3.2 / C5.3: when a release registered `now` is noticed and applied on a customer's server. */
/** C3.1 / C3.2 / C5.3, and C4.6: a scheduled change not before the date a postponement binds. */
export const planFor = (
  release: Release,
  customer: Customer,
  cfg: BaseDeps['cfg'],
  now: Instant,
  binding?: PostponementBinding,
) =>
  release.class === 'urgent'
    ? planUrgentChange({ validatedAt: maxInstant(toInstant(release.validatedAt), now), customer, cfg })
    : planScheduledChange({
        from: now,
        customer,
        cfg,
        notBefore: binding ? toInstant(binding.until) : undefined,
      });

/** C5.1: every server of the platform, or the named ones (each must exist and run the platform). */
export async function targetServers(deps: BaseDeps, platform: string, targets: Targets): Promise<Server[]> {
  if (targets === 'all') return deps.store.directory.listServersByPlatform(platform);
  const found = await deps.store.directory.getServers(targets);
  const servers: Server[] = [];
  const issues: { path: string; message: string }[] = [];
  for (const [i, id] of targets.entries()) {
    const server = found.get(id);
    if (!server) issues.push({ path: `targets.${i}`, message: `server ${id} is not registered` });
    else if (server.platform !== platform)
      issues.push({
        path: `targets.${i}`,
        message: `server ${id} runs platform ${server.platform}, not ${platform}`,
      });
    else servers.push(server);
  }
  if (issues.length) {
    throw new ValidationError(
      `invalid targets: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return servers;
}

/** Why a server gets no change: stopped (C6.3), already current, or a newer release planned (C2.1). */
export async function skipReason(
  deps: BaseDeps,
  server: Server,
  release: Release,
  changes: readonly Change[],
  releases: Map<string, Promise<Release | undefined>>,
): Promise<string | undefined> {
  if (server.status !== 'active') return 'C6.3 server needs attention: no automatic work';
  if (compareVersions(server.version, release.version) >= 0)
    return `C2.1 already at version ${server.version}`;
  for (const change of changes) {
    if (!PENDING_STATES.includes(change.state) && change.state !== 'applying') continue;
    const other = await releaseOf(deps, change.releaseId, releases);
    if (other && compareVersions(other.version, release.version) >= 0)
      return `C2.1 release ${other.id} (version ${other.version}) is already planned`;
  }
  return undefined;
}

/**
 * C2.1: pending changes of older releases on the server are superseded by the new one (whose change
 * on the server is applied at `applyAt`), in the same transaction as `withWrites` (its creation).
 */
async function supersede(
  deps: BaseDeps,
  s: {
    changes: readonly Change[];
    release: Release;
    applyAt: string;
    releases: Map<string, Promise<Release | undefined>>;
    actor: string;
    now: Instant;
    withWrites: Write[];
  },
): Promise<string[]> {
  const { changes, release, applyAt, releases, actor, now, withWrites } = s;
  const moves: MoveResult[] = [];
  for (const change of await supersededBy(deps, changes, release, releases, applyAt)) {
    moves.push(
      moveChange(change, {
        to: 'superseded',
        at: now,
        actor,
        reason: `replaced by release ${release.id} (version ${release.version})`,
        clause: 'C2.1',
        key: release.id,
        data: { supersededBy: release.id },
      }),
    );
  }
  const writes = [...withWrites, ...moves.flatMap(moveWrites)];
  if (writes.length) await deps.store.commit(writes);
  return moves.map((m) => m.next.id);
}

/**
 * C2.1: the pending changes of older releases the new one replaces. C5.2: an urgent change is never
 * replaced by work applied later, so the night its notice announced keeps its fix: not by scheduled
 * work (the newer release follows in its window), nor by a newer urgent release that can only go a
 * later night (validated after the day's notice deadline; it follows the next night). `applyAt` is
 * the new change's; without it (the C4.6 binding, planned before), every urgent release replaces.
 */
async function supersededBy(
  deps: BaseDeps,
  changes: readonly Change[],
  release: Release,
  releases: Map<string, Promise<Release | undefined>>,
  applyAt?: string,
): Promise<Change[]> {
  const out: Change[] = [];
  for (const change of changes) {
    if (change.releaseId === release.id || !PENDING_STATES.includes(change.state)) continue;
    if (change.class === 'urgent' && release.class !== 'urgent') continue;
    if (
      change.class === 'urgent' &&
      applyAt !== undefined &&
      Date.parse(applyAt) > Date.parse(change.applyAt)
    )
      continue;
    const other = await releaseOf(deps, change.releaseId, releases);
    if (!other || compareVersions(other.version, release.version) >= 0) continue;
    out.push(change);
  }
  return out;
}

/**
 * C4.6: a granted postponement binds the server. The new change inherits the latest granted date
 * among the changes it supersedes (not applied before it); an urgent one goes earlier, and its
 * notice says it overrides the postponement.
 */
async function bindingOf(
  deps: BaseDeps,
  changes: readonly Change[],
  release: Release,
  releases: Map<string, Promise<Release | undefined>>,
): Promise<PostponementBinding | undefined> {
  const granted = (await supersededBy(deps, changes, release, releases))
    .filter((c) => c.state === 'postponed')
    .sort((a, b) => b.applyAt.localeCompare(a.applyAt))[0];
  if (!granted) return undefined;
  return {
    changeId: granted.id,
    releaseId: granted.releaseId,
    until: granted.applyAt,
    mode: release.class === 'urgent' ? 'overridden' : 'inherited',
  };
}

/**
 * C1: the release is recorded once with its event. The same release again is a repeat (nothing
 * written); a different one under the same id is refused, saying so.
 */
async function addRelease(deps: BaseDeps, release: Release, actor: string): Promise<boolean> {
  const same = (stored: Release) => canonicalRelease(stored) === canonicalRelease(release);
  const found = await deps.store.releases.getRelease(release.id);
  if (found) {
    if (same(found)) return false;
    throw new ConflictError(releaseExists(found));
  }
  const event = auditEventOf({
    type: 'release.registered',
    actor,
    at: deps.clock.now(),
    subjectId: release.id,
    key: release.id,
    clause: release.class === 'urgent' ? 'C1.3' : 'C1',
    data: {
      platform: release.platform,
      version: release.version,
      class: release.class,
      validatedBy: release.validatedBy,
    },
  });
  try {
    await deps.store.commit([{ create: 'release', record: release }, { audit: event }]);
    return true;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const raced = await deps.store.releases.getRelease(release.id);
    if (raced && same(raced)) return false;
    throw new ConflictError(raced ? releaseExists(raced) : error.message);
  }
}

const canonicalRelease = (r: Release): string =>
  JSON.stringify([
    r.platform,
    r.version,
    r.class,
    r.title,
    r.description,
    r.vendorReference ?? '',
    r.validatedBy,
  ]);

const releaseExists = (r: Release): string =>
  `release ${r.id} already exists (platform ${r.platform}, version ${r.version}, ${r.class}, validated by ${r.validatedBy}) with different content; register the new content under a new release id`;

function releaseOf(deps: BaseDeps, id: string, cache: Map<string, Promise<Release | undefined>>) {
  if (!cache.has(id)) cache.set(id, deps.store.releases.getRelease(id));
  return cache.get(id) as Promise<Release | undefined>;
}

/**
 * Servers registered at once. Each needs a few sequential requests (its changes, the create, maybe
 * a supersede); eight in flight keep a platform-wide release inside the CS API's time for a few
 * thousand servers (bench/RESULTS.md) without a burst DynamoDB on demand would throttle.
 */
export const REGISTER_CONCURRENCY = 8;

function newChange(
  id: string,
  release: Release,
  server: Server,
  plan: { noticeAt: Instant; applyAt: Instant },
  actor: string,
  now: Instant,
): Change {
  return {
    id,
    releaseId: release.id,
    serverId: server.id,
    customerId: server.customerId,
    class: release.class,
    state: 'planned',
    noticeAt: toIso(plan.noticeAt),
    applyAt: toIso(plan.applyAt),
    postponementCount: 0,
    attempt: 1,
    version: 0,
    history: [
      {
        at: toIso(now),
        from: null,
        to: 'planned',
        actor,
        reason: `release ${release.id} registered`,
        clause: release.class === 'urgent' ? 'C5.2' : 'C3.1',
      },
    ],
  };
}
