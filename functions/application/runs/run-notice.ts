/**
 * The daily 12:00 local notice run (C3.2, C5.2) for one time zone:
 * - C11.2: claimed once per scheduled time; a second delivery does nothing; a delivery that died
 *   is resumed (DESIGN.md): the run first finishes every notice its customers have in flight, so a
 *   notice that left before a crash is recorded (and its changes notified), never sent again.
 * - C3.4: the due changes go out as ONE notice per customer × window (scheduled) or × night
 *   (urgent); sent, its changes move planned → notified in the same transaction as the notice.
 * - C3.5: a change whose notice can no longer keep 168 h (scheduled) or 12:00 (urgent), because a
 *   run was missed or late, is not notified for that slot: it is replanned to the next slot the
 *   rules allow, with its alert to the CS team, in one transaction.
 */
import { type Instant, toInstant, toIso } from '../../domain/calendar.ts';
import type { Holder } from '../../domain/claims.ts';
import { replanEscalation } from '../../domain/obligations-work.ts';
import { postponementDeadline, replanFrom } from '../../domain/planning.ts';
import type { Change, Customer } from '../../domain/records.ts';
import { alertIdOf, alertWrite, drainAlerts, publishAlerts } from '../shared/alerts.ts';
import { SYSTEM_ACTOR } from '../shared/audit.ts';
import { commitUnits, moveChange, moveWrites } from '../shared/change-moves.ts';
import type { NoticeDeps } from '../shared/deps.ts';
import { holderOf } from '../shared/holder.ts';
import { noticeIdOf, runKeyOf } from '../shared/ids.ts';
import { type DispatchOutcome, dispatchNotice, drainNotices } from '../shared/notice-outbox.ts';
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
  /** Groups whose sending failed (left planned; the next run sends or replans them). */
  failed: { noticeId: string; reason: string }[];
  /** Notices an earlier delivery left in flight, finished now (DESIGN.md rule 3). */
  resumed: number;
};

const ACTOR = `${SYSTEM_ACTOR}:notice-run`;

export async function runNotice(deps: NoticeDeps, input: RunInput): Promise<NoticeRunSummary | Duplicate> {
  const { store, clock, cfg } = deps;
  const me = holderOf(deps);
  const runKey = shardRunKey(runKeyOf('notice', input.timeZone, input.scheduledTime), input.shard);
  return onceForRun(deps, me, runKey, async () => {
    const customers = await customersInZone(store, input.timeZone, input.shard);
    const ids = [...customers.keys()];
    const summary: NoticeRunSummary = {
      duplicate: false,
      runKey,
      noticesSent: 0,
      changesNotified: 0,
      replanned: [],
      failed: [],
      resumed: 0,
    };
    // DESIGN.md rule 3: what earlier deliveries left in flight first, so it is never chosen again.
    summary.resumed = (await drainNotices(deps, me, ids)).filter((r) => r.outcome === 'sent').length;
    await drainAlerts(deps, me, ids);

    const due = (await store.changes.listChangesToNotify(input.scheduledTime, ids)).filter((c) =>
      customers.has(c.customerId),
    );
    const sendAt = judgedSendTime(input.scheduledTime, clock.now());
    const late = due.filter((c) => !noticeInTime(c, customerOf(customers, c), cfg, sendAt));
    summary.replanned = await replanLate(deps, me, late, customers, runKey);

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
      const outcome = await notifyGroup(
        deps,
        me,
        noticeId,
        changes,
        customerOf(customers, changes[0] as Change),
      );
      if (outcome === 'sent' || outcome === 'already-sent') {
        summary.noticesSent += 1;
        summary.changesNotified += changes.length;
      } else summary.failed.push({ noticeId, reason: REASONS[outcome] });
    }
    return summary;
  });
}

const REASONS: Record<DispatchOutcome, string> = {
  sent: 'sent',
  'already-sent': 'sent',
  rejected: 'rejected by the mail service',
  'already-failed': 'rejected by the mail service',
  'in-flight': 'being sent by another invocation, or awaiting the mail service events',
  deferred: 'the mail service is unavailable',
  late: 'too late to keep its clause',
};

const customerOf = (customers: Map<string, Customer>, change: Change): Customer => {
  const customer = customers.get(change.customerId);
  if (!customer) throw new Error(`customer ${change.customerId} not loaded`);
  return customer;
};

/** C3.4: one notice for the group; sent, every change of it planned → notified with it. */
async function notifyGroup(
  deps: NoticeDeps,
  me: Holder,
  noticeId: string,
  changes: Change[],
  customer: Customer,
): Promise<DispatchOutcome> {
  const first = changes[0] as Change;
  const applyAt = toInstant(first.applyAt);
  const sendBy = changes
    .map((c) => noticeSendBy(c, customer, deps.cfg))
    .reduce((a, b) => (a.epochMilliseconds <= b.epochMilliseconds ? a : b));
  const draft = {
    id: noticeId,
    kind: first.class === 'urgent' ? ('urgent' as const) : ('scheduled' as const),
    customer,
    changes,
    sendBy,
    window: slotOf(applyAt, first.class, customer),
    postponeUntil: postponementDeadline(applyAt, customer, deps.cfg), // C4.2 / C5.4
    actor: ACTOR,
  };
  // A network error while sending escapes: the attempt stays in flight (it may have left), the run
  // fails, and its retry resolves the attempt by the mail service's events (DESIGN.md rule 4).
  return (await dispatchNotice(deps, draft, me)).outcome;
}

/** C3.5: the next slot the notice rules allow, counted from now; the CS team is told (one transaction each). */
async function replanLate(
  deps: NoticeDeps,
  me: Holder,
  late: Change[],
  customers: Map<string, Customer>,
  runKey: string,
): Promise<string[]> {
  const now: Instant = deps.clock.now();
  const units = late.map((change) => {
    const customer = customerOf(customers, change);
    const plan = replanFrom({ changeClass: change.class, from: now, customer, cfg: deps.cfg });
    const move = moveChange(change, {
      to: 'planned',
      at: now,
      actor: ACTOR,
      reason: `notice could not be sent in time for ${change.applyAt}; moved to ${toIso(plan.applyAt)}`,
      clause: 'C3.5',
      key: runKey,
      patch: { noticeAt: toIso(plan.noticeAt), applyAt: toIso(plan.applyAt) },
      data: { previousApplyAt: change.applyAt },
    });
    const key = `replanned:${change.id}:${runKey}`;
    const alert = alertWrite(
      {
        key,
        reason: `notice for change ${change.id} missed its deadline for ${change.applyAt}; replanned to ${move.next.applyAt}${replanEscalation(change)}`,
        clause: 'C3.5',
        subjectId: change.id,
        customerId: change.customerId,
      },
      now,
    );
    return { id: change.id, alertId: alertIdOf(key), writes: [...moveWrites(move), alert] };
  });
  const lost = new Set(
    await commitUnits(
      deps.store,
      units.map((u) => u.writes),
    ),
  );
  const written = units.filter((_, i) => !lost.has(i));
  await publishAlerts(
    deps,
    me,
    written.map((u) => u.alertId),
  );
  return written.map((u) => u.id);
}
