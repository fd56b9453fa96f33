/**
 * The PatchServer half of handleCommandResult (C6.2, C6.3, C6.4, C8.1–C8.3). Each outcome is ONE
 * transaction (DESIGN.md rule 1): a success with the server's new version (C2.1); a failed rollback
 * with the server's `needs-attention` and the CS alert (C6.3); a reverted failure with its repeat's
 * plan and the failure notice's claim (C6.4, C8.2). A replay of a result already recorded finishes
 * the side effects (the notice, the alert) and changes nothing else.
 */
import { type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import type { Holder } from '../../domain/claims.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import {
  failureNoticeDeadline,
  postponementDeadline,
  replanAfterFailure,
  replanFrom,
} from '../../domain/planning.ts';
import type { Change, Customer } from '../../domain/records.ts';
import { patchOutcome } from '../../fleet/exit-codes.ts';
import type { Invocation, InvocationStatus, Write } from '../ports.ts';
import { alertIdOf, alertWrite, publishAlerts } from '../shared/alerts.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { moveChain, moveChange, moveWrites } from '../shared/change-moves.ts';
import type { NoticeDeps } from '../shared/deps.ts';
import { holderOf } from '../shared/holder.ts';
import { failureNoticeIdOf } from '../shared/ids.ts';
import { dispatchNotice, type NoticeDraft, prepareNotice, sendPrepared } from '../shared/notice-outbox.ts';
import type { CommandResult } from './command-result.ts';

const ACTOR = `${SYSTEM_ACTOR}:apply-result`;
/** The script never started: the server was not touched (nothing to tell the customer). */
const NEVER_RAN: readonly InvocationStatus[] = [
  'Undeliverable',
  'DeliveryTimedOut',
  'InvalidPlatform',
  'AccessDenied',
];

type Result = Pick<Invocation, 'commandId' | 'instanceId' | 'status' | 'responseCode'>;

export type Base = { at: Instant; actor: string; key: string; data: Record<string, unknown> };

export async function recordPatchResult(
  deps: NoticeDeps,
  inv: Result,
  at: Instant,
): Promise<CommandResult | undefined> {
  const me = holderOf(deps);
  const change = (await deps.store.changes.listChangesByServer(inv.instanceId)).find(
    (c) => c.commandId === inv.commandId,
  );
  if (!change) return undefined;
  const customerOf = async (): Promise<Customer> => {
    const customer = await deps.store.directory.getCustomer(change.customerId);
    if (!customer) throw new NotFoundError('customer', change.customerId);
    return customer;
  };
  if (change.state !== 'applying') {
    await finishSideEffects(deps, me, change, inv, customerOf);
    return { recorded: 'nothing', reason: `already recorded: change ${change.id} is ${change.state}` };
  }
  const outcome = patchOutcome(inv);
  if (!outcome) return { recorded: 'nothing', reason: `command still ${inv.status}` };
  const base: Base = {
    at,
    actor: ACTOR,
    key: inv.commandId,
    data: { status: inv.status, responseCode: inv.responseCode },
  };
  try {
    if (NEVER_RAN.includes(inv.status)) {
      await replanUndelivered(deps, me, change, await customerOf(), {
        ...base,
        reason: `command ${inv.commandId} was ${inv.status}`,
      });
      return { recorded: 'change', changeId: change.id, outcome: 'not-delivered' };
    }
    if (outcome === 'succeeded') return await succeeded(deps, change, base);
    if (outcome === 'rollback-failed') return await rollbackFailed(deps, me, change, inv, base);
    return await failedRolledBack(deps, me, change, inv, base, await customerOf());
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // A concurrent delivery of the same result recorded it first: finish what it left.
    const stored = await deps.store.changes.getChange(change.id);
    if (!stored || stored.state === 'applying') throw error;
    await finishSideEffects(deps, me, stored, inv, customerOf);
    return { recorded: 'nothing', reason: `already recorded: change ${change.id} is ${stored.state}` };
  }
}

/** C6.2 reverted → C6.4 planned again, counted from the failure notice sent now (C8.2). */
async function failedRolledBack(
  deps: NoticeDeps,
  me: Holder,
  change: Change,
  inv: Result,
  base: Base,
  customer: Customer,
): Promise<CommandResult> {
  const plan = replanAfterFailure({
    changeClass: change.class,
    failureNoticeAt: base.at,
    customer,
    cfg: deps.cfg,
  });
  const chain = moveChain(change, [
    {
      ...base,
      to: 'failed-rolled-back',
      reason: `failed (${inv.status}, code ${inv.responseCode ?? '-'}); reverted`,
      clause: 'C6.2',
    },
    {
      ...base,
      to: 'planned',
      reason: `to be repeated at ${toIso(plan.applyAt)}`,
      clause: 'C6.4',
      patch: {
        attempt: change.attempt + 1,
        applyAt: toIso(plan.applyAt),
        noticeAt: toIso(plan.noticeAt),
        originalApplyAt: toIso(plan.applyAt),
      },
    },
  ]);
  const prepared = prepareNotice(deps, failureDraft(deps, chain.next, customer, base.at), me, base.at);
  await deps.store.commit([
    { update: 'change', record: chain.update.next, expectedVersion: chain.update.expectedVersion },
    ...chain.audit.map((audit) => ({ audit })),
    ...prepared.writes,
  ]);
  await sendPrepared(deps, prepared, me, [chain.next]); // sent, the repeat is `notified` (C6.4)
  return { recorded: 'change', changeId: change.id, outcome: 'failed-rolled-back' };
}

/** C8.1: a success sends nothing; the server now runs the release's version (C2.1), in the same transaction. */
async function succeeded(deps: NoticeDeps, change: Change, base: Base): Promise<CommandResult> {
  const [server, release] = await Promise.all([
    deps.store.directory.getServer(change.serverId),
    deps.store.releases.getRelease(change.releaseId),
  ]);
  const writes: Write[] = moveWrites(
    moveChange(change, { ...base, to: 'succeeded', reason: 'applied', clause: 'C8.1' }),
  );
  if (server && release && server.version !== release.version) {
    writes.push(
      { replace: 'server', record: { ...server, version: release.version }, seen: server },
      {
        audit: auditEventOf({
          type: 'server.version-changed',
          actor: ACTOR,
          at: base.at,
          subjectId: server.id,
          key: change.id,
          customerId: server.customerId,
          clause: 'C2.1',
          data: { from: server.version, to: release.version, changeId: change.id },
        }),
      },
    );
  }
  await deps.store.commit(writes);
  return { recorded: 'change', changeId: change.id, outcome: 'succeeded' };
}

/** C6.3: stop all automatic work on the server and tell the CS team at once, with the change's record. */
async function rollbackFailed(
  deps: NoticeDeps,
  me: Holder,
  change: Change,
  inv: Result,
  base: Base,
): Promise<CommandResult> {
  const reason = `rollback failed or state unknown (${inv.status}, code ${inv.responseCode ?? '-'})`;
  const server = await deps.store.directory.getServer(change.serverId);
  if (!server) throw new NotFoundError('server', change.serverId);
  const writes: Write[] = [
    ...moveWrites(moveChange(change, { ...base, to: 'rollback-failed', reason, clause: 'C6.3' })),
    alertWrite(rollbackAlert(change, reason), base.at),
  ];
  if (server.status !== 'needs-attention') {
    writes.push(
      { replace: 'server', record: { ...server, status: 'needs-attention' }, seen: server },
      {
        audit: auditEventOf({
          type: 'server.needs-attention',
          actor: ACTOR,
          at: base.at,
          subjectId: change.serverId,
          key: inv.commandId,
          customerId: change.customerId,
          clause: 'C6.3',
          data: { changeId: change.id, status: inv.status, responseCode: inv.responseCode },
        }),
      },
    );
  }
  await deps.store.commit(writes);
  await publishAlerts(deps, me, [alertIdOf(rollbackAlert(change, reason).key)]);
  return { recorded: 'change', changeId: change.id, outcome: 'rollback-failed' };
}

const rollbackAlert = (change: Change, reason: string) => ({
  key: `rollback-failed:${change.id}:${change.commandId ?? ''}`,
  reason: `server ${change.serverId} needs attention: ${reason} while applying ${change.releaseId}`,
  clause: 'C6.3',
  subjectId: change.id,
  customerId: change.customerId,
});

/**
 * Nothing ran on the server (never delivered, or a send that never happened): not a failure for
 * the customer. Planned again for the next slot the notice rules allow, with its own notice
 * (C3.5), and the CS team is told, in one transaction.
 */
export async function replanUndelivered(
  deps: NoticeDeps,
  me: Holder,
  change: Change,
  customer: Customer,
  base: Base & { reason: string },
) {
  const plan = replanFrom({ changeClass: change.class, from: base.at, customer, cfg: deps.cfg });
  const chain = moveChain(change, [
    { ...base, to: 'failed-rolled-back', reason: `${base.reason}: nothing ran on the server` },
    {
      ...base,
      to: 'planned',
      reason: `not applied; moved to ${toIso(plan.applyAt)}`,
      clause: 'C3.5',
      patch: {
        applyAt: toIso(plan.applyAt),
        noticeAt: toIso(plan.noticeAt),
        send: undefined,
        commandId: undefined,
      },
    },
  ]);
  const alert = undeliveredAlert(change, base, toIso(plan.applyAt));
  await deps.store.commit([
    { update: 'change', record: chain.update.next, expectedVersion: chain.update.expectedVersion },
    ...chain.audit.map((audit) => ({ audit })),
    alertWrite(alert, base.at),
  ]);
  await publishAlerts(deps, me, [alertIdOf(alert.key)]);
}

const undeliveredAlert = (change: Change, base: Base & { reason: string }, to: string) => ({
  key: `undelivered:${change.id}:${base.key}`,
  reason: `${base.reason} on ${change.serverId}; change ${change.id} moved to ${to}`,
  clause: 'C3.5',
  subjectId: change.id,
  customerId: change.customerId,
});

/** DESIGN.md rule 3: after a recorded outcome, what may still be in flight: its notice, its alert. */
async function finishSideEffects(
  deps: NoticeDeps,
  me: Holder,
  change: Change,
  inv: Result,
  customerOf: () => Promise<Customer>,
): Promise<void> {
  const last = change.history.at(-1);
  if (
    change.attempt > 1 &&
    last?.clause === 'C6.4' &&
    (change.state === 'planned' || change.state === 'notified')
  ) {
    const customer = await customerOf();
    const failedAt = toInstant(last.at);
    await dispatchNotice(deps, failureDraft(deps, change, customer, failedAt), me, [change]);
  }
  if (change.state === 'rollback-failed') {
    await publishAlerts(deps, me, [alertIdOf(`rollback-failed:${change.id}:${inv.commandId}`)]);
  }
}

/** C8.2 / C8.3: the failure notice; it is the repeat's notice (C6.4): sent, the change is `notified`. */
function failureDraft(deps: NoticeDeps, change: Change, customer: Customer, failedAt: Instant): NoticeDraft {
  const applyAt = toInstant(change.applyAt);
  return {
    id: failureNoticeIdOf(customer.id, change.id, change.attempt - 1),
    kind: 'failure',
    customer,
    changes: [change],
    sendBy: failureNoticeDeadline(failedAt, deps.cfg),
    repeatAt: applyAt,
    postponeUntil: postponementDeadline(applyAt, customer, deps.cfg),
    actor: ACTOR,
  };
}
