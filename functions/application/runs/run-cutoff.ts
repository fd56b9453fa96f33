/**
 * The daily 18:00 local cutoff run (C5.5, C4.2) for one time zone: requests for the coming night
 * close. Any request still undecided is decided now (on its own receipt time, C11.3): its decision,
 * the change's move when granted, and the decision notice's claim are ONE transaction (DESIGN.md
 * rule 1), so a crash can never leave a recorded "granted" with the change at its old window, nor a
 * decision without its notice. The night's plan is fixed in the audit log (`night.plan-fixed`, one
 * event per customer, dated by the run's own time so a redelivery writes the same event). Requests
 * waiting for the CS team's review are flagged to the team.
 */
import { isAfter, localDateOf, toInstant, toIso } from '../../domain/calendar.ts';
import type { Holder } from '../../domain/claims.ts';
import { ConflictError } from '../../domain/errors.ts';
import { decidePostponement } from '../../domain/postponement-policy.ts';
import type { Change, Customer, PostponementDecision, PostponementRequest } from '../../domain/records.ts';
import type { Write } from '../ports.ts';
import { drainAlerts, raiseAlert } from '../shared/alerts.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { moveChange, moveWrites } from '../shared/change-moves.ts';
import { mapConcurrently, READ_CONCURRENCY } from '../shared/concurrency.ts';
import { decisionNoticeDraft } from '../shared/decision-notice.ts';
import type { NoticeDeps } from '../shared/deps.ts';
import { holderOf } from '../shared/holder.ts';
import { runKeyOf } from '../shared/ids.ts';
import { drainNotices, prepareNotice, sendPrepared } from '../shared/notice-outbox.ts';
import { type Duplicate, onceForRun, type RunInput } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';

/** The coming night: windows start between 00:00 and 05:00 local, within 12 hours of 18:00. */
export const NIGHT_HOURS = 12;

export type CutoffRunSummary = {
  duplicate: false;
  runKey: string;
  /** Per customer: the changes fixed for the night. */
  nights: { customerId: string; changes: string[] }[];
  decided: { requestId: string; outcome: string }[];
  pendingReview: string[];
};

const ACTOR = `${SYSTEM_ACTOR}:cutoff-run`;

export async function runCutoff(deps: NoticeDeps, input: RunInput): Promise<CutoffRunSummary | Duplicate> {
  const { store } = deps;
  const me = holderOf(deps);
  const runKey = runKeyOf('cutoff', input.timeZone, input.scheduledTime);
  return onceForRun(deps, me, runKey, async () => {
    const customers = await customersInZone(store, input.timeZone);
    // DESIGN.md rule 3: decision notices an earlier delivery left in flight are finished first.
    await drainNotices(deps, me, [...customers.keys()]);
    await drainAlerts(deps, me, [...customers.keys()]);
    const nightEnd = input.scheduledTime.add({ hours: NIGHT_HOURS });
    const tonight = (await store.changes.listChangesToApply(nightEnd, [...customers.keys()])).filter(
      (c) => customers.has(c.customerId) && isAfter(toInstant(c.applyAt), input.scheduledTime),
    );
    const summary: CutoffRunSummary = {
      duplicate: false,
      runKey,
      nights: [],
      decided: [],
      pendingReview: [],
    };

    // Every change's requests read side by side, then decided one change at a time, in order.
    const requestsOf = await mapConcurrently(tonight, READ_CONCURRENCY, (change) =>
      store.requests.listRequestsByChange(change.id),
    );
    const fixed: Change[] = [];
    for (const [i, change] of tonight.entries()) {
      const customer = customers.get(change.customerId) as Customer;
      let current: Change = change;
      for (const request of requestsOf[i] ?? []) {
        if (request.decision?.outcome === 'pending-review') {
          summary.pendingReview.push(request.id);
          continue;
        }
        if (request.decision) continue;
        const outcome = await decideLate(deps, me, current, request, customer, runKey);
        if (!outcome) continue; // decided meanwhile by another invocation
        summary.decided.push({ requestId: request.id, outcome: outcome.decision.outcome });
        current = outcome.change;
      }
      if (!isAfter(toInstant(current.applyAt), nightEnd)) fixed.push(current);
    }
    await fixNights(deps, fixed, customers, input, runKey, summary);
    if (summary.pendingReview.length) {
      await raiseAlert(deps, me, {
        key: `reviews-waiting:${runKey}`,
        reason: `requests still waiting for review for tonight: ${summary.pendingReview.join(', ')}`,
        clause: 'C4.4',
      });
    }
    return summary;
  });
}

/** C5.5: an undecided request is decided at the cutoff with the same policy as on receipt. */
async function decideLate(
  deps: NoticeDeps,
  me: Holder,
  change: Change,
  request: PostponementRequest,
  customer: Customer,
  runKey: string,
): Promise<{ decision: PostponementDecision; change: Change } | undefined> {
  const now = deps.clock.now();
  const outcome = decidePostponement({ change, request, customer, cfg: deps.cfg, now });
  const decision: PostponementDecision = {
    outcome: outcome.outcome,
    clause: outcome.clause,
    reason: outcome.reason,
    ...(outcome.newApplyAt ? { newApplyAt: toIso(outcome.newApplyAt) } : {}),
    decidedBy: ACTOR,
    decidedAt: toIso(now),
  };
  const writes: Write[] = [
    { replace: 'request', record: { ...request, decision }, seen: request },
    {
      audit: auditEventOf({
        type: 'request.decided',
        actor: ACTOR,
        at: now,
        subjectId: request.id,
        key: runKey,
        customerId: request.customerId,
        clause: 'C5.5',
        data: { outcome: decision.outcome, clause: decision.clause, changeId: change.id },
      }),
    },
  ];
  let after = change;
  if (decision.outcome === 'granted' && outcome.newApplyAt) {
    const move = moveChange(change, {
      to: 'postponed',
      at: now,
      actor: ACTOR,
      reason: `postponement ${request.id} granted at the cutoff`,
      clause: decision.clause,
      key: request.id,
      patch: {
        applyAt: toIso(outcome.newApplyAt),
        postponementCount: change.postponementCount + 1,
        originalApplyAt: change.originalApplyAt ?? change.applyAt,
      },
    });
    writes.push(...moveWrites(move));
    after = move.next;
  }
  const draft = await decisionNoticeDraft(deps, {
    outcome: decision.outcome,
    customer,
    changes: [after],
    requestId: request.id,
    clause: decision.clause,
    reason: decision.reason,
    at: now,
  });
  const prepared = prepareNotice(deps, draft, me, now);
  try {
    await deps.store.commit([...writes, ...prepared.writes]);
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
  await sendPrepared(deps, prepared, me);
  return { decision, change: after };
}

/** C5.5: one `night.plan-fixed` event per customer, listing the changes due that night. */
async function fixNights(
  deps: NoticeDeps,
  fixed: Change[],
  customers: Map<string, Customer>,
  input: RunInput,
  runKey: string,
  summary: CutoffRunSummary,
): Promise<void> {
  const byCustomer = new Map<string, Change[]>();
  for (const change of fixed)
    byCustomer.set(change.customerId, [...(byCustomer.get(change.customerId) ?? []), change]);
  const night = localDateOf(input.scheduledTime, input.timeZone).add({ days: 1 }).toString();
  // DESIGN.md rule 6: dated by the run's scheduled time, so every delivery writes the same event.
  const events = [...byCustomer].map(([customerId, changes]) =>
    auditEventOf({
      type: 'night.plan-fixed',
      actor: ACTOR,
      at: input.scheduledTime,
      subjectId: `night:${customerId}:${night}`,
      key: runKey,
      customerId,
      clause: 'C5.5',
      data: {
        night,
        timeZone: customers.get(customerId)?.timeZone,
        changes: changes.map((c) => ({ id: c.id, serverId: c.serverId, class: c.class, applyAt: c.applyAt })),
      },
    }),
  );
  if (events.length) await deps.store.audit.append(events);
  summary.nights = [...byCustomer].map(([customerId, changes]) => ({
    customerId,
    changes: changes.map((c) => c.id),
  }));
}
