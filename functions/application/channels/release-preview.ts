/**
 * C1, C3.1, C5.1–C5.3: what registering a release would plan, before the CS team confirms it:
 * each targeted server's change with its notice run and apply time in the customer's zone, and
 * the servers that would get none and why. Nothing is written. The plan and the reasons are
 * register-release's own (planFor, skipReason, targetServers).
 */
import { formatLocal, toIso } from '../../domain/calendar.ts';
import { type Customer, parseOrThrow, Release } from '../../domain/records.ts';
import { planFor, skipReason, type Targets, targetServers } from '../runs/register-release.ts';
import { changeIdOf } from '../shared/ids.ts';
import type { ChannelDeps } from './deps.ts';

export type ReleasePreview = {
  release: Release;
  /** True when a release with this id exists already (registering again plans only what is missing). */
  exists: boolean;
  changes: {
    serverId: string;
    customerId: string;
    timeZone: string;
    noticeAt: string;
    noticeAtLocal: string;
    applyAt: string;
    applyAtLocal: string;
  }[];
  skipped: { serverId: string; customerId: string; reason: string }[];
};

export async function previewRelease(
  deps: ChannelDeps,
  input: { release: unknown; targets?: Targets },
): Promise<ReleasePreview> {
  const release = parseOrThrow(Release, input.release, 'release');
  const now = deps.clock.now();
  const exists = (await deps.store.releases.getRelease(release.id)) !== undefined;
  const servers = await targetServers(deps, release.platform, input.targets ?? 'all');
  const customers = await deps.store.directory.getCustomers([...new Set(servers.map((s) => s.customerId))]);
  const releases = new Map<string, Promise<Release | undefined>>([[release.id, Promise.resolve(release)]]);
  const preview: ReleasePreview = { release, exists, changes: [], skipped: [] };
  for (const server of servers) {
    const existing = await deps.store.changes.listChangesByServer(server.id);
    const customer = customers.get(server.customerId) as Customer | undefined;
    const planned = existing.find((c) => c.id === changeIdOf(release.id, server.id));
    const skip = planned
      ? `already planned for ${planned.applyAt} (registered before)`
      : customer
        ? await skipReason(deps, server, release, existing, releases)
        : `customer ${server.customerId} not found`;
    if (skip || !customer) {
      preview.skipped.push({ serverId: server.id, customerId: server.customerId, reason: skip ?? '' });
      continue;
    }
    const plan = planFor(release, customer, deps.cfg, now);
    const zone = customer.timeZone;
    preview.changes.push({
      serverId: server.id,
      customerId: server.customerId,
      timeZone: zone,
      noticeAt: toIso(plan.noticeAt),
      noticeAtLocal: formatLocal(plan.noticeAt, zone),
      applyAt: toIso(plan.applyAt),
      applyAtLocal: formatLocal(plan.applyAt, zone),
    });
  }
  return preview;
}
