/** The PatchServer half of handleCommandResult (C6.2, C6.3, C6.4, C8.1–C8.3). */
import { type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import { NotFoundError } from '../../domain/errors.ts';
import {
  failureNoticeDeadline,
  postponementDeadline,
  replanAfterFailure,
  replanFrom,
} from '../../domain/planning.ts';
import type { Change, Customer } from '../../domain/records.ts';
import { patchOutcome } from '../../fleet/exit-codes.ts';
import type { Invocation, InvocationStatus } from '../ports.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { moveChain, moveChange, writeMoves } from '../shared/change-moves.ts';
import type { NoticeDeps } from '../shared/deps.ts';
import { failureNoticeIdOf } from '../shared/ids.ts';
import { dispatchNotice } from '../shared/notice-dispatch.ts';
import type { CommandResult } from './handle-command-result.ts';

const ACTOR = `${SYSTEM_ACTOR}:apply-result`;
/** The script never started: the server was not touched (nothing to tell the customer). */
const NEVER_RAN: readonly InvocationStatus[] = [
  'Undeliverable',
  'DeliveryTimedOut',
  'InvalidPlatform',
  'AccessDenied',
];

type Result = Pick<Invocation, 'commandId' | 'instanceId' | 'status' | 'responseCode'>;

export async function recordPatchResult(
  deps: NoticeDeps,
  inv: Result,
  at: Instant,
): Promise<CommandResult | undefined> {
  const change = (await deps.store.changes.listChangesByServer(inv.instanceId)).find(
    (c) => c.commandId === inv.commandId,
  );
  if (!change) return undefined;
  // Read only where the customer's calendar or address is needed (not for a success, the usual case).
  const customerOf = async (): Promise<Customer> => {
    const customer = await deps.store.directory.getCustomer(change.customerId);
    if (!customer) throw new NotFoundError('customer', change.customerId);
    return customer;
  };
  if (change.state !== 'applying') {
    // A replay: finish what a crash may have left (the failure notice), change nothing else.
    if (change.state === 'planned' && change.history.at(-1)?.clause === 'C6.4' && change.attempt > 1)
      await sendFailureNotice(deps, change, await customerOf(), at);
    return { recorded: 'nothing', reason: `already recorded: change ${change.id} is ${change.state}` };
  }
  const outcome = patchOutcome(inv);
  if (!outcome) return { recorded: 'nothing', reason: `command still ${inv.status}` };
  const base = {
    at,
    actor: ACTOR,
    key: inv.commandId,
    data: { status: inv.status, responseCode: inv.responseCode },
  };

  if (NEVER_RAN.includes(inv.status)) {
    await replanUndelivered(deps, change, await customerOf(), {
      ...base,
      reason: `command ${inv.commandId} was ${inv.status}`,
    });
    return { recorded: 'change', changeId: change.id, outcome: 'not-delivered' };
  }
  if (outcome === 'succeeded') return succeeded(deps, change, base);
  if (outcome === 'rollback-failed') return rollbackFailed(deps, change, inv, base);

  // C6.2 reverted → C6.4 planned again, counted from the failure notice sent now (C8.2).
  const customer = await customerOf();
  const plan = replanAfterFailure({
    changeClass: change.class,
    failureNoticeAt: at,
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
  await deps.store.changes.updateChanges([chain.update], chain.audit);
  await sendFailureNotice(deps, chain.next, customer, at);
  return { recorded: 'change', changeId: change.id, outcome: 'failed-rolled-back' };
}

export type Base = { at: Instant; actor: string; key: string; data: Record<string, unknown> };

/** C8.1: a success sends nothing; the server now runs the release's version (C2.1). */
async function succeeded(deps: NoticeDeps, change: Change, base: Base): Promise<CommandResult> {
  await writeMoves(deps.store.changes, [
    moveChange(change, { ...base, to: 'succeeded', reason: 'applied', clause: 'C8.1' }),
  ]);
  const [server, release] = await Promise.all([
    deps.store.directory.getServer(change.serverId),
    deps.store.releases.getRelease(change.releaseId),
  ]);
  if (server && release && server.version !== release.version) {
    const audit = auditEventOf({
      type: 'server.version-changed',
      actor: ACTOR,
      at: base.at,
      subjectId: server.id,
      key: change.id,
      customerId: server.customerId,
      clause: 'C2.1',
      data: { from: server.version, to: release.version, changeId: change.id },
    });
    await deps.store.directory.saveServer({ ...server, version: release.version }, audit);
  }
  return { recorded: 'change', changeId: change.id, outcome: 'succeeded' };
}

/** C6.3: stop all automatic work on the server and tell the CS team at once. */
async function rollbackFailed(
  deps: NoticeDeps,
  change: Change,
  inv: Result,
  base: Base,
): Promise<CommandResult> {
  const reason = `rollback failed or state unknown (${inv.status}, code ${inv.responseCode ?? '-'})`;
  await writeMoves(deps.store.changes, [
    moveChange(change, { ...base, to: 'rollback-failed', reason, clause: 'C6.3' }),
  ]);
  const audit = auditEventOf({
    type: 'server.needs-attention',
    actor: ACTOR,
    at: base.at,
    subjectId: change.serverId,
    key: inv.commandId,
    customerId: change.customerId,
    clause: 'C6.3',
    data: { changeId: change.id, status: inv.status, responseCode: inv.responseCode },
  });
  await deps.store.directory.setServerStatus(change.serverId, 'needs-attention', audit);
  await deps.alerter.raise({
    reason: `server ${change.serverId} needs attention: ${reason} while applying ${change.releaseId}`,
    clause: 'C6.3',
    subjectId: change.id,
    customerId: change.customerId,
  });
  return { recorded: 'change', changeId: change.id, outcome: 'rollback-failed' };
}

/**
 * Nothing ran on the server (never delivered, or a send that did not complete): not a failure for
 * the customer. Planned again for the next slot the notice rules allow, with its own notice (C3.5),
 * and the CS team is told.
 */
export async function replanUndelivered(
  deps: NoticeDeps,
  change: Change,
  customer: Customer,
  base: Base & { reason: string },
) {
  const now = base.at;
  const plan = replanFrom({ changeClass: change.class, from: now, customer, cfg: deps.cfg });
  const chain = moveChain(change, [
    { ...base, to: 'failed-rolled-back', reason: `${base.reason}: nothing ran on the server` },
    {
      ...base,
      to: 'planned',
      reason: `not applied; moved to ${toIso(plan.applyAt)}`,
      clause: 'C3.5',
      patch: { applyAt: toIso(plan.applyAt), noticeAt: toIso(plan.noticeAt) },
    },
  ]);
  await deps.store.changes.updateChanges([chain.update], chain.audit);
  await deps.alerter.raise({
    reason: `${base.reason} on ${change.serverId}; change ${change.id} moved to ${toIso(plan.applyAt)}`,
    clause: 'C3.5',
    subjectId: change.id,
    customerId: change.customerId,
  });
}

/** C8.2 / C8.3: the failure notice, sent at once; it is the repeat's notice (C6.4) → notified. */
async function sendFailureNotice(deps: NoticeDeps, change: Change, customer: Customer, failedAt: Instant) {
  const failedAttempt = change.attempt - 1;
  const applyAt = toInstant(change.applyAt);
  const noticeId = failureNoticeIdOf(customer.id, change.id, failedAttempt);
  const result = await dispatchNotice(deps, {
    id: noticeId,
    kind: 'failure',
    customer,
    changes: [change],
    sendBy: failureNoticeDeadline(failedAt, deps.cfg),
    repeatAt: applyAt,
    postponeUntil: postponementDeadline(applyAt, customer, deps.cfg),
    actor: ACTOR,
  });
  if (result.outcome !== 'sent' && result.outcome !== 'already-sent') return;
  const fresh = await deps.store.changes.getChange(change.id);
  if (fresh?.state !== 'planned') return;
  const move = moveChange(fresh, {
    to: 'notified',
    at: deps.clock.now(),
    actor: ACTOR,
    reason: `failure notice ${noticeId} sent; it announces the repeat`,
    clause: 'C6.4',
    key: noticeId,
    patch: { noticeId },
  });
  await writeMoves(deps.store.changes, [move]);
}
