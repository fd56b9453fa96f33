/**
 * C10.2: the records a compliance report judges, loaded once for one customer and period. The
 * shape of the facts and of a verdict, and the pure helpers over them, live in the domain
 * (domain/compliance-facts.ts) with the obligation checks.
 */
import { type Instant, isAfter, toInstant } from '../../domain/calendar.ts';
import type { Facts } from '../../domain/compliance-facts.ts';
import type { Customer, Release } from '../../domain/records.ts';
import type { BaseDeps } from '../shared/deps.ts';

export {
  type Breach,
  type ClauseStatus,
  type ClauseVerdict,
  type EvidenceRef,
  evidenceFor,
  type Facts,
  indexOf,
  inPeriod,
  sentNoticesFor,
  transitionsInPeriod,
  verdict,
} from '../../domain/compliance-facts.ts';

export async function loadFacts(
  deps: BaseDeps,
  customer: Customer,
  from: Instant,
  to: Instant,
): Promise<Facts> {
  const { store } = deps;
  const [servers, changes, notices, requests, audit] = await Promise.all([
    store.directory.listServersByCustomer(customer.id),
    store.changes.listChangesByCustomer(customer.id),
    store.notices.listNoticesByCustomer(customer.id),
    store.requests.listRequestsByCustomer(customer.id),
    store.audit.listByCustomer(customer.id, from, to),
  ]);
  const backups = (
    await Promise.all(servers.map((s) => store.backups.listBackupsByServer(s.id, from, to)))
  ).flat();
  const releases = new Map<string, Release>();
  const latestByPlatform = new Map<string, Release>();
  for (const platform of new Set(servers.map((s) => s.platform))) {
    for (const r of await store.releases.listReleases(platform)) {
      releases.set(r.id, r);
      if (isAfter(toInstant(r.validatedAt), to)) continue;
      const best = latestByPlatform.get(platform);
      if (!best || best.validatedAt < r.validatedAt) latestByPlatform.set(platform, r);
    }
  }
  for (const c of changes) {
    if (!releases.has(c.releaseId)) {
      const r = await store.releases.getRelease(c.releaseId);
      if (r) releases.set(r.id, r);
    }
  }
  return {
    customer,
    servers,
    releases,
    latestByPlatform,
    changes,
    notices,
    requests,
    backups,
    audit,
    from,
    to,
    now: deps.clock.now(),
    cfg: deps.cfg,
  };
}
