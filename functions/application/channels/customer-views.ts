/**
 * What a customer reads about its own servers, changes, notices and backups (C12.1: only its
 * own), with every time also given in the customer's local zone (C11.1).
 */
import { formatLocal, toInstant, toIso } from '../../domain/calendar.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import type { BackupRun, Change, Customer, Notice, PostponementRequest } from '../../domain/records.ts';
import { type ChangeSelection, mapPage, type Page, type PageRequest, type Period } from '../paged-reads.ts';
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

/** A page of the customer's changes by apply time; `upcoming` and `past` are each their own range. */
export async function listCustomerChanges(
  deps: ChannelDeps,
  customerId: string,
  when: ChangeSelection,
  page: PageRequest,
): Promise<Page<ChangeView>> {
  const customer = await getCustomer(deps, customerId);
  const changes = await deps.store.pages.changesOfCustomer(customerId, when, page);
  return mapPage(changes, (c) => changeView(c, customer));
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

export async function listCustomerNotices(
  deps: ChannelDeps,
  customerId: string,
  page: PageRequest,
): Promise<Page<NoticeView>> {
  const customer = await getCustomer(deps, customerId);
  const notices = await deps.store.pages.noticesOfCustomer(customerId, page);
  return mapPage(notices, (n) => ({
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

/**
 * C9: a page of the backups of all the customer's servers scheduled in [from, to], oldest first:
 * one key range of the customer's backups (not one query per server).
 */
export async function listCustomerBackups(
  deps: ChannelDeps,
  customerId: string,
  period: Period,
  page: PageRequest,
): Promise<Page<BackupView>> {
  const customer = await getCustomer(deps, customerId);
  const runs = await deps.store.pages.backupsOfCustomer(customerId, period, page);
  return mapPage(runs, ({ send: _claim, ...r }) => ({
    ...r,
    scheduledForLocal: local(r.scheduledFor, customer),
  }));
}

export const isoNow = (deps: ChannelDeps): string => toIso(deps.clock.now());
