/**
 * What a customer reads about its own servers, changes, notices and backups (C12.1: only its
 * own), with every time also given in the customer's local zone (C11.1).
 */
import { formatLocal, type Instant, isAfter, toInstant, toIso } from '../../domain/calendar.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import type { BackupRun, Change, Customer, Notice, PostponementRequest } from '../../domain/records.ts';
import type { ChannelDeps } from './deps.ts';
import { getCustomer } from './onboarding.ts';
import { loadOwnChange } from './request-postponement.ts';

export type ChangeView = {
  id: string;
  releaseId: string;
  serverId: string;
  class: Change['class'];
  state: Change['state'];
  upcoming: boolean;
  applyAt: string;
  applyAtLocal: string;
  originalApplyAt?: string | undefined;
  postponementCount: number;
  attempt: number;
};

export type ChangeDetail = ChangeView & {
  history: (Change['history'][number] & { atLocal: string })[];
  requests: PostponementRequest[];
};

const local = (iso: string, customer: Customer) => formatLocal(toInstant(iso), customer.timeZone);

export function changeView(change: Change, customer: Customer): ChangeView {
  return {
    id: change.id,
    releaseId: change.releaseId,
    serverId: change.serverId,
    class: change.class,
    state: change.state,
    upcoming: PENDING_STATES.includes(change.state),
    applyAt: change.applyAt,
    applyAtLocal: local(change.applyAt, customer),
    originalApplyAt: change.originalApplyAt,
    postponementCount: change.postponementCount,
    attempt: change.attempt,
  };
}

export async function listCustomerChanges(
  deps: ChannelDeps,
  customerId: string,
  when: 'upcoming' | 'past' | 'all',
): Promise<ChangeView[]> {
  const customer = await getCustomer(deps, customerId);
  const changes = await deps.store.changes.listChangesByCustomer(customerId);
  return changes
    .map((c) => changeView(c, customer))
    .filter((v) => when === 'all' || (when === 'upcoming') === v.upcoming)
    .sort((a, b) => a.applyAt.localeCompare(b.applyAt));
}

export async function getCustomerChange(
  deps: ChannelDeps,
  customerId: string,
  changeId: string,
): Promise<ChangeDetail> {
  const change = await loadOwnChange(deps, changeId, customerId);
  const customer = await getCustomer(deps, customerId);
  const requests = await deps.store.requests.listRequestsByChange(changeId);
  return {
    ...changeView(change, customer),
    history: change.history.map((t) => ({ ...t, atLocal: local(t.at, customer) })),
    requests: requests.filter((r) => r.customerId === customerId),
  };
}

export type NoticeView = Pick<
  Notice,
  'id' | 'kind' | 'to' | 'changes' | 'status' | 'sentAt' | 'postponeUntil'
> & {
  sentAtLocal?: string | undefined;
  postponeUntilLocal?: string | undefined;
};

export async function listCustomerNotices(deps: ChannelDeps, customerId: string): Promise<NoticeView[]> {
  const customer = await getCustomer(deps, customerId);
  const notices = await deps.store.notices.listNoticesByCustomer(customerId);
  return notices.map((n) => ({
    id: n.id,
    kind: n.kind,
    to: n.to,
    changes: n.changes,
    status: n.status,
    sentAt: n.sentAt,
    sentAtLocal: n.sentAt ? local(n.sentAt, customer) : undefined,
    postponeUntil: n.postponeUntil,
    postponeUntilLocal: n.postponeUntil ? local(n.postponeUntil, customer) : undefined,
  }));
}

/** A backup as the customer sees it: no internal claim (who sent it, DESIGN.md rule 2). */
export type BackupView = Omit<BackupRun, 'send'> & { scheduledForLocal: string };

export async function listCustomerBackups(
  deps: ChannelDeps,
  customerId: string,
  from: Instant,
  to: Instant,
): Promise<BackupView[]> {
  const customer = await getCustomer(deps, customerId);
  const servers = await deps.store.directory.listServersByCustomer(customerId);
  const runs = (
    await Promise.all(servers.map((s) => deps.store.backups.listBackupsByServer(s.id, from, to)))
  ).flat();
  return runs
    .filter((r) => r.customerId === customerId && !isAfter(toInstant(r.scheduledFor), to))
    .map(({ send: _claim, ...r }) => ({ ...r, scheduledForLocal: local(r.scheduledFor, customer) }))
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
}

export const isoNow = (deps: ChannelDeps): string => toIso(deps.clock.now());
