/**
 * The CS console's first screen: per customer, whether each clause held over the last days (the
 * compliance report itself, C10.2), servers behind the latest release of their platform and why
 * (C2.1), servers on which automatic work stopped (C6.3), failed backups (C9.4), alerts raised,
 * and how many postponements wait for review (C4.4).
 */
import { formatLocal, toInstant, toIso } from '../../domain/calendar.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import type { Change, Release } from '../../domain/records.ts';
import { compareVersions } from '../shared/versions.ts';
import { complianceReport } from './compliance-report.ts';
import type { ChannelDeps } from './deps.ts';

export type BehindServer = {
  serverId: string;
  version: string;
  latest: string;
  releaseId: string;
  /** Why it is not there yet, in words: the state of its change for the latest release. */
  why: string;
};

export type CustomerGlance = {
  id: string;
  name: string;
  timeZone: string;
  servers: number;
  clauses: { clause: string; title: string; status: 'held' | 'not-held' | 'no-evidence' }[];
  behind: BehindServer[];
  needsAttention: string[];
  failedBackups: {
    id: string;
    serverId: string;
    image: string;
    kind: string;
    scheduledForLocal: string;
    attempt: number;
  }[];
  pendingReviews: number;
};

export type FleetGlance = {
  now: string;
  from: string;
  customers: CustomerGlance[];
  alerts: {
    id: string;
    at: string;
    reason: string;
    clause?: string | undefined;
    customerId?: string | undefined;
    status: string;
  }[];
  pendingReviews: number;
};

/** The report's period on the console: the last `days` days up to the service's now. */
export async function fleetGlance(deps: ChannelDeps, days = 30): Promise<FleetGlance> {
  const now = deps.clock.now();
  const from = now.subtract({ hours: 24 * days });
  const [customers, releases, reviews, alerts, due] = await Promise.all([
    deps.store.directory.listCustomers(),
    deps.store.releases.listReleases(),
    deps.store.requests.listPendingReviews(),
    deps.store.alerts.listAlerts(from, now),
    deps.store.backups.listBackupsDue(now),
  ]);
  const latest = latestByPlatform(releases);
  const glances: CustomerGlance[] = [];
  for (const customer of customers) {
    const [servers, changes, report] = await Promise.all([
      deps.store.directory.listServersByCustomer(customer.id),
      deps.store.changes.listChangesByCustomer(customer.id),
      complianceReport(deps, customer.id, from, now),
    ]);
    const zone = customer.timeZone;
    const behind = servers.flatMap((s): BehindServer[] => {
      const release = latest.get(s.platform);
      if (!release || compareVersions(s.version, release.version) >= 0) return [];
      const change = changes.find((c) => c.serverId === s.id && c.releaseId === release.id);
      return [
        {
          serverId: s.id,
          version: s.version,
          latest: release.version,
          releaseId: release.id,
          why: whyBehind(change, s.status, zone),
        },
      ];
    });
    glances.push({
      id: customer.id,
      name: customer.name,
      timeZone: zone,
      servers: servers.length,
      clauses: report.clauses.map((c) => ({ clause: c.clause, title: c.title, status: c.status })),
      behind,
      needsAttention: servers.filter((s) => s.status === 'needs-attention').map((s) => s.id),
      failedBackups: due
        .filter((b) => b.customerId === customer.id && b.state === 'failed')
        .map((b) => ({
          id: b.id,
          serverId: b.serverId,
          image: b.image,
          kind: b.kind,
          scheduledForLocal: formatLocal(toInstant(b.scheduledFor), zone),
          attempt: b.attempt,
        })),
      pendingReviews: reviews.filter((r) => r.customerId === customer.id).length,
    });
  }
  return {
    now: toIso(now),
    from: toIso(from),
    customers: glances,
    alerts: alerts.map((a) => ({
      id: a.id,
      at: a.at,
      reason: a.reason,
      clause: a.clause,
      customerId: a.customerId,
      status: a.status,
    })),
    pendingReviews: reviews.length,
  };
}

function latestByPlatform(releases: readonly Release[]): Map<string, Release> {
  const latest = new Map<string, Release>();
  for (const r of releases) {
    const current = latest.get(r.platform);
    if (!current || compareVersions(r.version, current.version) > 0) latest.set(r.platform, r);
  }
  return latest;
}

function whyBehind(change: Change | undefined, status: string, zone: string): string {
  const at = (iso: string) => formatLocal(toInstant(iso), zone);
  if (status === 'needs-attention')
    return 'C6.3 needs attention: automatic work stopped after a failed rollback';
  if (!change) return 'no change planned for the latest release';
  if (change.state === 'postponed') return `C4 postponed by the customer to ${at(change.applyAt)}`;
  if (PENDING_STATES.includes(change.state) && change.attempt > 1)
    return `C6.4 failed and reversed; repeated ${at(change.applyAt)}`;
  if (change.state === 'planned')
    return `C3.1 planned for ${at(change.applyAt)}, notice ${at(change.noticeAt)}`;
  if (change.state === 'notified') return `C3.2 notified; applied ${at(change.applyAt)}`;
  if (change.state === 'applying') return 'being applied now';
  return `change ${change.state}`;
}
