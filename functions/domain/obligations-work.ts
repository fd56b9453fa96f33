/**
 * C10.2 judged on OBLIGATIONS, not only on what happened (issue 15): from the contract's own rules,
 * what each change owed the customer and by when, and whether it was kept.
 *
 * - C2.1 / C6.4 / C4.4 every change reaches its server (or a newer release does) by a deadline the
 *   contract allows: its first plan (C3.1 / C5.2), moved only by what the contract allows (a
 *   granted postponement or review, C4.4 / C5.4, inherited by a newer release, C4.6; a repeat after
 *   a failure, C6.4; a move because its notice could not go out, C3.5, at most MAX_REPLANS times).
 * - C5.2 every urgent change is applied on the night its notice announced (or moved by a granted
 *   postponement, or its failure repeated).
 * - C3.5 a change that keeps being replanned is a breach.
 * - C4.5 every granted postponement has its own confirmation; C4.4 a review whose change moved on
 *   is closed.
 * A server whose rollback failed owes nothing after it (C6.3).
 */
import {
  compareInstants,
  formatLocal,
  type Instant,
  isAfter,
  isBefore,
  localDateOf,
  toInstant,
} from './calendar.ts';
import { isScheduledClass, planScheduledChange, planUrgentChange, replanFrom } from './change-plans.ts';
import { PENDING_STATES } from './change-state.ts';
import { type Breach, type Facts, horizonOf, indexOf, inPeriod } from './compliance-facts.ts';
import { failureNoticeDeadline, replanAfterFailure } from './failure-replan.ts';
import { patchInterval } from './intervals.ts';
import { type CustomerCalendar, windowOn } from './maintenance-windows.ts';
import type { Change, ReleaseClass } from './records.ts';

/** C3.5: moves of one change because its notice or its slot was missed, before it is a breach. */
export const MAX_REPLANS = 2;
/** C4.5: a confirmation goes out with the decision; this long after it, it is missing. */
const CONFIRMATION_GRACE_MS = 3_600_000;

const local = (i: Instant, f: Facts) => formatLocal(i, f.customer.timeZone);
const later = (a: Instant, b: Instant) => (isAfter(b, a) ? b : a);

/** C3.1 / C5.2: when the slot (window, or urgent night) that starts at `applyAt` ends. */
export function slotEnd(applyAt: Instant, cls: ReleaseClass, customer: CustomerCalendar): Instant {
  if (isScheduledClass(cls)) {
    const window = windowOn(localDateOf(applyAt, customer.timeZone), customer);
    if (window.start.equals(applyAt)) return window.end;
  }
  return patchInterval({ applyAt }, customer).end;
}

/** The C3.5 moves of a change: transitions back to `planned` that cite C3.5. */
export const replansOf = (c: Change) => c.history.filter((t) => t.to === 'planned' && t.clause === 'C3.5');

/**
 * C3.5: what the CS alert of a replan adds: how many times the change has now been moved, and from
 * the second move on (a breach past MAX_REPLANS) that it keeps missing its slot and needs a person.
 */
export function replanEscalation(c: Change): string {
  const moves = replansOf(c).length + 1;
  if (moves < 2) return '';
  return `; moved ${moves} times: it keeps missing its slot (${moves > MAX_REPLANS ? 'a breach' : 'one move from a breach'} of C3.5), act now`;
}

/** What a change owed: the latest slot the contract allows it, and how it got there. */
export type Obligation = { change: Change; applyAt: Instant; deadline: Instant; replans: number };

/**
 * The latest slot the contract allows a change, replaying its history through the contract's own
 * planning rules (not the slot the service happened to record): the first plan from when it was
 * planned, then each allowed move in time order, each only ever later.
 */
export function obligationOf(change: Change, f: Facts): Obligation {
  const idx = indexOf(f);
  const { customer, cfg } = f;
  const first = firstPlanOf(change, f);
  const moves: { at: Instant; to: Instant }[] = [];
  // C4.4 / C5.4 granted postponements and approved reviews, and (C4.6) for scheduled work those of
  // the changes it superseded on the same server (an urgent change never inherits them: it may go
  // earlier, C4.6).
  const inherited = isScheduledClass(change.class)
    ? (idx.changesByServer.get(change.serverId) ?? []).filter((o) => supersededBy(o, change))
    : [];
  const own = [change, ...inherited];
  for (const c of own)
    for (const r of idx.requestsByChange.get(c.id) ?? [])
      if (r.decision?.outcome === 'granted' && r.decision.newApplyAt)
        moves.push({ at: toInstant(r.decision.decidedAt), to: toInstant(r.decision.newApplyAt) });
  // C6.4: after a failure, the first slot the failure notice allows (sent by its C8.2 deadline).
  let replans = 0;
  for (const t of change.history) {
    const at = toInstant(t.at);
    if (t.to === 'failed-rolled-back') {
      const failureNoticeAt = failureNoticeDeadline(at, cfg);
      moves.push({
        at,
        to: replanAfterFailure({ changeClass: change.class, failureNoticeAt, customer, cfg }).applyAt,
      });
    } else if (t.to === 'planned' && t.clause === 'C3.5' && ++replans <= MAX_REPLANS) {
      moves.push({ at, to: replanFrom({ changeClass: change.class, from: at, customer, cfg }).applyAt });
    }
  }
  const applyAt = moves
    .sort((a, b) => compareInstants(a.at, b.at))
    .reduce((slot, move) => later(slot, move.to), first.applyAt);
  return { change, applyAt, deadline: slotEnd(applyAt, change.class, customer), replans };
}

/** C3.1 / C5.2: the slot the contract gives a change when it is planned. */
function firstPlanOf(change: Change, f: Facts): { applyAt: Instant } {
  const { customer, cfg } = f;
  const planned = toInstant(change.history[0]?.at ?? change.noticeAt);
  return change.class === 'urgent'
    ? planUrgentChange({ validatedAt: planned, customer, cfg })
    : planScheduledChange({ from: planned, customer, cfg });
}

/**
 * The change that replaced `older` on its server: created in the same write that moved `older` to
 * `superseded` (runs/register-release.ts), so its first transition has that instant.
 */
function supersederOf(older: Change, f: Facts): Change | undefined {
  const at = older.history.find((t) => t.to === 'superseded')?.at;
  if (!at) return undefined;
  return (indexOf(f).changesByServer.get(older.serverId) ?? []).find(
    (c) => c.id !== older.id && c.history[0]?.at === at,
  );
}

/**
 * A superseded urgent change is judged through the change that replaced it (which the check judges
 * on its own, with its own allowances: a failure and its repeat, C6.4; a granted postponement,
 * C4.4/C5.4) when the replacement's first slot is no later than the urgent one's; otherwise on its
 * own (C5.2: an urgent fix is never delayed by a newer release). Scheduled work superseded is
 * always judged through its replacement (unconvergedChanges skips it first).
 */
function judgedThroughReplacement(change: Change, o: Obligation, f: Facts): boolean {
  if (change.state !== 'superseded') return false;
  const by = supersederOf(change, f);
  return by !== undefined && !isAfter(firstPlanOf(by, f).applyAt, o.applyAt);
}

/** `older` was superseded by `newer` on the same server (C4.6 hands its granted date on). */
function supersededBy(older: Change, newer: Change): boolean {
  return (
    older.id !== newer.id &&
    older.state === 'superseded' &&
    older.serverId === newer.serverId &&
    isScheduledClass(older.class) &&
    (older.history[0]?.at ?? '') <= (newer.history[0]?.at ?? '')
  );
}

/**
 * When the server started an application, of a release at least as new as `releaseId`, that
 * succeeded, or whose rollback failed (C6.3: the server is halted, and owes nothing more).
 */
function reachedBy(serverId: string, releaseId: string, f: Facts): Instant[] {
  const idx = indexOf(f);
  const release = f.releases.get(releaseId);
  const out: Instant[] = [];
  for (const c of idx.changesByServer.get(serverId) ?? []) {
    const r = f.releases.get(c.releaseId);
    if (c.releaseId !== releaseId && (!r || !release || r.validatedAt < release.validatedAt)) continue;
    let started: string | undefined;
    for (const t of c.history) {
      if (t.to === 'applying') started = t.at;
      else if ((t.to === 'succeeded' || t.to === 'rollback-failed') && started) out.push(toInstant(started));
    }
  }
  return out;
}

/**
 * C2.1 (C4.4, C4.6, C5.4, C6.3, C6.4): each change whose allowed deadline fell in the period
 * reached its server by then: it, or a newer release, started an application that succeeded. A
 * superseded change is judged through the change that replaced it, unless it was urgent and the
 * replacement was planned later (judgedThroughReplacement).
 */
export function unconvergedChanges(f: Facts): { checked: number; breaches: Breach[] } {
  const idx = indexOf(f);
  const horizon = horizonOf(f);
  const breaches: Breach[] = [];
  let checked = 0;
  for (const change of f.changes) {
    if (change.state === 'superseded' && isScheduledClass(change.class)) continue;
    const o = obligationOf(change, f);
    if (judgedThroughReplacement(change, o, f)) continue;
    if (isAfter(o.deadline, horizon) || isBefore(o.deadline, f.from)) continue;
    const halted = idx.haltedAt.get(change.serverId);
    if (halted && !isAfter(toInstant(halted), o.deadline)) continue; // C6.3
    checked++;
    if (reachedBy(change.serverId, change.releaseId, f).some((t) => !isAfter(t, o.deadline))) continue;
    const moved = o.replans > MAX_REPLANS ? `, moved ${o.replans} times (C3.5),` : '';
    breaches.push({
      subjectId: change.id,
      explanation: `due by ${local(o.deadline, f)}, the end of the latest slot the contract allows it (${local(o.applyAt, f)})${moved} and never applied (C2.1)`,
    });
  }
  return { checked, breaches };
}

/**
 * C5.2 / C5.4 / C6.4: an urgent change is applied on the night its notice announced, unless a
 * granted postponement moved it first (C5.4) or its server's rollback failed (C6.3). A newer
 * release applied that night instead keeps the promise; a failure that night is judged by C6.4/C8.
 */
export function brokenUrgentNights(f: Facts): { checked: number; breaches: Breach[] } {
  const idx = indexOf(f);
  const horizon = horizonOf(f);
  const breaches: Breach[] = [];
  let checked = 0;
  for (const n of f.notices) {
    if (n.kind !== 'urgent' || n.status !== 'sent') continue;
    for (const line of n.changes) {
      const change = idx.changeById.get(line.changeId);
      if (!change) continue;
      const night = toInstant(line.applyAt);
      const end = slotEnd(night, 'urgent', f.customer);
      if (isAfter(end, horizon) || !inPeriod(line.applyAt, f)) continue;
      const halted = idx.haltedAt.get(change.serverId);
      if (halted && isBefore(toInstant(halted), end)) continue; // C6.3
      const granted = (idx.requestsByChange.get(change.id) ?? []).some(
        (r) => r.decision?.outcome === 'granted' && isBefore(toInstant(r.decision.decidedAt), night),
      );
      if (granted) continue; // C5.4
      checked++;
      const startedThatNight = startsOn(change.serverId, change.releaseId, f).some(
        (t) => !isBefore(t, night) && isBefore(t, end),
      );
      if (!startedThatNight)
        breaches.push({
          subjectId: change.id,
          explanation: `announced for the night of ${local(night, f)} and not applied that night (C5.2)`,
        });
    }
  }
  return { checked, breaches };
}

/** When the server started applying this release or a newer one (whatever the outcome). */
function startsOn(serverId: string, releaseId: string, f: Facts): Instant[] {
  const release = f.releases.get(releaseId);
  return (indexOf(f).changesByServer.get(serverId) ?? [])
    .filter((c) => {
      const r = f.releases.get(c.releaseId);
      return c.releaseId === releaseId || (r && release && r.validatedAt >= release.validatedAt);
    })
    .flatMap((c) => c.history.filter((t) => t.to === 'applying').map((t) => toInstant(t.at)));
}

/** C3.5: a change moved again and again because its notice or its slot was missed. */
export function replannedTooOften(f: Facts): { checked: number; breaches: Breach[] } {
  const breaches: Breach[] = [];
  let checked = 0;
  for (const change of f.changes) {
    const moves = replansOf(change);
    if (!moves.some((t) => inPeriod(t.at, f))) continue;
    checked++;
    if (moves.length > MAX_REPLANS)
      breaches.push({
        subjectId: change.id,
        explanation: `moved ${moves.length} times because its notice or its slot was missed, last ${local(toInstant(moves.at(-1)?.at ?? ''), f)}; at most ${MAX_REPLANS} moves before it is a breach (C3.5)`,
      });
  }
  return { checked, breaches };
}

/** C4.5: every granted postponement (or approved review) has its own confirmation, sent after it. */
export function unconfirmedGrants(f: Facts): { checked: number; breaches: Breach[] } {
  const idx = indexOf(f);
  const horizon = horizonOf(f).epochMilliseconds;
  const breaches: Breach[] = [];
  let checked = 0;
  for (const [changeId, requests] of idx.requestsByChange) {
    const grants = requests
      .filter((r) => r.decision?.outcome === 'granted' && inPeriod(r.decision.decidedAt, f))
      .sort((a, b) => (a.decision?.decidedAt ?? '').localeCompare(b.decision?.decidedAt ?? ''));
    if (!grants.length) continue;
    const confirmations = (idx.sentNoticesByChange.get(changeId) ?? [])
      .filter((n) => n.kind === 'postponement-granted')
      .map((n) => n.sentAt as string)
      .sort();
    let next = 0;
    for (const r of grants) {
      const decidedAt = r.decision?.decidedAt as string;
      checked++;
      while (next < confirmations.length && (confirmations[next] as string) < decidedAt) next++;
      if (next < confirmations.length) {
        next++;
        continue;
      }
      if (Date.parse(decidedAt) + CONFIRMATION_GRACE_MS > horizon) continue;
      breaches.push({
        subjectId: r.id,
        explanation: `granted ${local(toInstant(decidedAt), f)} without a confirmation of the new date to the customer (C4.5)`,
      });
    }
  }
  return { checked, breaches };
}

/**
 * C4.4 (issue 15 #7): a request waiting for the CS team's review is closed, with word to the
 * customer, once its change leaves the pending states (superseded, applied, halted): such a review
 * can no longer be decided, so one still open an hour after its change moved on is a breach.
 */
export function staleReviews(f: Facts): { checked: number; breaches: Breach[] } {
  const idx = indexOf(f);
  const horizon = horizonOf(f).epochMilliseconds;
  const breaches: Breach[] = [];
  let checked = 0;
  for (const r of f.requests) {
    if (r.decision?.outcome !== 'pending-review') continue;
    const change = idx.changeById.get(r.changeId);
    if (!change) continue;
    checked++;
    if (PENDING_STATES.includes(change.state) || change.state === 'applying') continue;
    const left = change.history.findLast((t) => !PENDING_STATES.includes(t.to) && t.to !== 'applying');
    if (!left || !inPeriod(left.at, f) || Date.parse(left.at) + CONFIRMATION_GRACE_MS > horizon) continue;
    breaches.push({
      subjectId: r.id,
      explanation: `still waiting for review although its change was ${change.state} ${local(toInstant(left.at), f)}; the review should have closed, with word to the customer (C4.4)`,
    });
  }
  return { checked, breaches };
}
