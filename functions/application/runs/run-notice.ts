/**
 * The daily 12:00 local notice run (C3.2, C5.2) for one time zone:
 * - C11.2: claimed once per scheduled time; a second delivery does nothing.
 * - C3.4: the due changes go out as ONE notice per customer × window (scheduled) or × night
 *   (urgent); the changes move planned → notified (originalApplyAt set on the first notice).
 * - C3.5: a change whose notice can no longer keep 168 h (scheduled) or 12:00 (urgent), because a
 *   run was missed or late, is not notified for that slot: it is replanned to the next slot the
 *   rules allow, and the CS team is alerted.
 */
import { toInstant, toIso } from '../../domain/calendar.ts';
import { postponementDeadline, replanFrom } from '../../domain/planning.ts';
import type { Change, Customer } from '../../domain/records.ts';
import { SYSTEM_ACTOR } from '../shared/audit.ts';
import { type MoveResult, moveChange, writeMoves } from '../shared/change-moves.ts';
import type { NoticeDeps } from '../shared/deps.ts';
import { noticeIdOf, runKeyOf } from '../shared/ids.ts';
import { dispatchNotice } from '../shared/notice-dispatch.ts';
import { judgedSendTime, noticeInTime, noticeSendBy, slotOf } from '../shared/notice-timing.ts';
import { type Duplicate, onceForRun, type RunInput, shardRunKey } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';

export type NoticeRunSummary = {
  duplicate: false;
  runKey: string;
  noticesSent: number;
  changesNotified: number;
  /** C3.5: changes moved to a later slot because their notice could not go out in time. */
  replanned: string[];
  /** Groups whose sending failed (left planned; the next run retries or replans them). */
  failed: { noticeId: string; reason: string }[];
};

const ACTOR = `${SYSTEM_ACTOR}:notice-run`;

export async function runNotice(deps: NoticeDeps, input: RunInput): Promise<NoticeRunSummary | Duplicate> {
  const { store, clock, cfg } = deps;
  const runKey = shardRunKey(runKeyOf('notice', input.timeZone, input.scheduledTime), input.shard);
  return onceForRun(store, clock, runKey, async () => {
    const customers = await customersInZone(store, input.timeZone, input.shard);
    const due = (await store.changes.listChangesToNotify(input.scheduledTime, [...customers.keys()])).filter(
      (c) => customers.has(c.customerId),
    );
    const summary: NoticeRunSummary = {
      duplicate: false,
      runKey,
      noticesSent: 0,
      changesNotified: 0,
      replanned: [],
      failed: [],
    };

    const sendAt = judgedSendTime(input.scheduledTime, clock.now());
    const late = due.filter((c) => !noticeInTime(c, customerOf(customers, c), cfg, sendAt));
    summary.replanned = await replanLate(deps, late, customers, runKey);

    const groups = new Map<string, Change[]>();
    for (const change of due.filter((c) => !late.includes(c))) {
      const kind = change.class === 'urgent' ? 'urgent' : 'scheduled';
      const id = noticeIdOf({
        customerId: change.customerId,
        kind,
        applyAt: toInstant(change.applyAt),
        timeZone: input.timeZone,
        issuedBy: input.scheduledTime,
      });
      groups.set(id, [...(groups.get(id) ?? []), change]);
    }
    for (const [noticeId, changes] of groups) {
      try {
        const notified = await notifyGroup(
          deps,
          noticeId,
          changes,
          customerOf(customers, changes[0] as Change),
          runKey,
        );
        if (notified) {
          summary.noticesSent += 1;
          summary.changesNotified += changes.length;
        } else summary.failed.push({ noticeId, reason: 'rejected by the mail service' });
      } catch (error) {
        // C3.5: the mail service is unavailable; the changes stay planned (never applied without
        // their notice), the next run sends or replans them, and the CS team knows now.
        summary.failed.push({ noticeId, reason: (error as Error).message });
        await deps.alerter.raise({
          reason: `notice ${noticeId} could not be sent: ${(error as Error).message}; its changes stay planned`,
          clause: 'C3.5',
          subjectId: noticeId,
          customerId: changes[0]?.customerId,
        });
      }
    }
    return summary;
  });
}

const customerOf = (customers: Map<string, Customer>, change: Change): Customer => {
  const customer = customers.get(change.customerId);
  if (!customer) throw new Error(`customer ${change.customerId} not loaded`);
  return customer;
};

/** C3.4: one notice for the group; then every change of it planned → notified. */
async function notifyGroup(
  deps: NoticeDeps,
  noticeId: string,
  changes: Change[],
  customer: Customer,
  runKey: string,
): Promise<boolean> {
  const first = changes[0] as Change;
  const applyAt = toInstant(first.applyAt);
  const sendBy = changes
    .map((c) => noticeSendBy(c, customer, deps.cfg))
    .reduce((a, b) => (a.epochMilliseconds <= b.epochMilliseconds ? a : b));
  const result = await dispatchNotice(deps, {
    id: noticeId,
    kind: first.class === 'urgent' ? 'urgent' : 'scheduled',
    customer,
    changes,
    sendBy,
    window: slotOf(applyAt, first.class, customer),
    postponeUntil: postponementDeadline(applyAt, customer, deps.cfg), // C4.2 / C5.4
    actor: ACTOR,
  });
  if (result.outcome === 'rejected' || result.outcome === 'already-failed') return false;
  const now = deps.clock.now();
  const moves = changes.map((change) =>
    moveChange(change, {
      to: 'notified',
      at: now,
      actor: ACTOR,
      reason: `notice ${noticeId} sent`,
      clause: change.class === 'urgent' ? 'C5.2' : 'C3.2',
      key: runKey,
      patch: { noticeId, originalApplyAt: change.originalApplyAt ?? change.applyAt },
    }),
  );
  await writeMoves(deps.store.changes, moves);
  return true;
}

/** C3.5: the next slot the notice rules allow, counted from now; the CS team is told. */
async function replanLate(
  deps: NoticeDeps,
  late: Change[],
  customers: Map<string, Customer>,
  runKey: string,
) {
  const now = deps.clock.now();
  const moves: MoveResult[] = [];
  for (const change of late) {
    const customer = customerOf(customers, change);
    const plan = replanFrom({ changeClass: change.class, from: now, customer, cfg: deps.cfg });
    moves.push(
      moveChange(change, {
        to: 'planned',
        at: now,
        actor: ACTOR,
        reason: `notice could not be sent in time for ${change.applyAt}; moved to ${toIso(plan.applyAt)}`,
        clause: 'C3.5',
        key: runKey,
        patch: { noticeAt: toIso(plan.noticeAt), applyAt: toIso(plan.applyAt) },
        data: { previousApplyAt: change.applyAt },
      }),
    );
  }
  await writeMoves(deps.store.changes, moves);
  for (const [i, { next }] of moves.entries()) {
    await deps.alerter.raise({
      reason: `notice for change ${next.id} missed its deadline for ${late[i]?.applyAt}; replanned to ${next.applyAt}`,
      clause: 'C3.5',
      subjectId: next.id,
      customerId: next.customerId,
    });
  }
  return moves.map((m) => m.next.id);
}
