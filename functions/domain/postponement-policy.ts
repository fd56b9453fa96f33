/**
 * C2.2, C4 and C5.4: the decision on a request to move a change's date. Pure: the request is
 * judged on the service's own receipt time (C11.3), never on `now` or a time the sender wrote.
 * A decision is granted, refused or sent to the CS team (`pending-review`); nothing here ever
 * cancels a change (C2.2). Reasons are plain English naming local times and the zone.
 */
import { formatLocal, type Instant, isAfter, localToInstant, Temporal, toInstant } from './calendar.ts';
import { isScheduledClass, localDaysBetween, postponementDeadline } from './change-plans.ts';
import type { ContractConfig } from './config.ts';
import { type CustomerCalendar, firstWindowFrom, windowOnOrAfterDate } from './maintenance-windows.ts';
import { isOptOutRequest, optOutRefusalReason } from './opt-out.ts';
import type { Change, DecisionOutcome, PostponementRequest } from './records.ts';

export type PostponementOutcome = {
  outcome: DecisionOutcome;
  clause: string;
  reason: string;
  /** Granted: the new apply time. Pending review: the proposed one. */
  newApplyAt?: Instant;
};

export type PostponementInput = {
  change: Pick<Change, 'class' | 'state' | 'applyAt' | 'originalApplyAt' | 'postponementCount'>;
  request: Pick<PostponementRequest, 'reason' | 'requestedDate' | 'riskAcceptance' | 'receivedAt'>;
  customer: CustomerCalendar;
  cfg: ContractConfig;
  now: Instant;
};

type Context = PostponementInput & { applyAt: Instant; deadline: Instant; at: (i: Instant) => string };

const refused = (clause: string, reason: string): PostponementOutcome => ({
  outcome: 'refused',
  clause,
  reason,
});

/** C2.2 / C4 / C5.4: grant, refuse or send to review a request to move a change's date. */
export function decidePostponement(input: PostponementInput): PostponementOutcome {
  const { change, request, customer, cfg } = input;
  const applyAt = toInstant(change.applyAt);
  const deadline = postponementDeadline(applyAt, customer, cfg);
  const at = (i: Instant) => formatLocal(i, customer.timeZone);
  const ctx: Context = { ...input, applyAt, deadline, at };
  const deadlineClause = isScheduledClass(change.class) ? 'C4.2' : 'C5.4';

  if (isOptOutRequest(request.reason, request.requestedDate)) {
    return refused('C2.2', optOutRefusalReason(at(deadline)));
  }
  const stateRefusal = refuseForState(ctx, deadlineClause);
  if (stateRefusal) return stateRefusal;

  const receivedAt = toInstant(request.receivedAt);
  if (isAfter(receivedAt, deadline)) {
    return refused(
      deadlineClause,
      `We received your request on ${formatLocal(receivedAt, customer.timeZone, { seconds: true })}, ` +
        `after the deadline for moving this change, ${at(deadline)} (${cfg.cutoffTime} local time on ` +
        `the day before it is applied). The change stays planned for ${at(applyAt)}.`,
    );
  }
  if (!request.riskAcceptance) {
    return refused(
      'C4.3',
      'A postponement takes effect only when you explicitly accept responsibility for the interim ' +
        "risks to the server's reliability and to the availability, privacy and integrity of its data. " +
        `Your request did not include that acceptance, so the change stays planned for ${at(applyAt)}. ` +
        `You can send the request again with a sentence accepting these risks before ${at(deadline)}.`,
    );
  }
  return isScheduledClass(change.class) ? decideScheduled(ctx) : decideUrgent(ctx);
}

/** A change that is no longer waiting cannot be moved (C2.2, C6.3, C6.4). */
function refuseForState(ctx: Context, deadlineClause: string): PostponementOutcome | undefined {
  switch (ctx.change.state) {
    case 'planned':
      // C4.1: a change is moved by answering its notice; before the notice its date is not announced.
      return refused(
        'C4.1',
        'This change has not been announced yet. Its notice comes first, with the window and the ' +
          'deadline for moving it; you can ask to move it once you have received that notice.',
      );
    case 'applying':
      return refused(
        deadlineClause,
        'This change is already being applied, so its date can no longer be moved.',
      );
    case 'succeeded':
      return refused(
        deadlineClause,
        'This change has already been applied successfully; there is nothing left to move.',
      );
    case 'failed-rolled-back':
      return refused(
        'C6.4',
        'This change was reversed automatically after a failed application and will be planned again. ' +
          'You will receive a notice with the new date, and you can ask to move that date.',
      );
    case 'rollback-failed':
      return refused('C6.3', 'All automatic work on this server is stopped while our team investigates it.');
    case 'superseded':
      return refused(
        'C2.1',
        'This change was replaced by a newer release; you will receive a notice for that one.',
      );
    default:
      return undefined;
  }
}

/** C4.4: the requested window (or the next one), granted within 28 days and 2 postponements. */
function decideScheduled(ctx: Context): PostponementOutcome {
  const { change, request, customer, cfg, now, applyAt, at } = ctx;
  const target = request.requestedDate
    ? windowOnOrAfterDate(Temporal.PlainDate.from(request.requestedDate), customer)
    : firstWindowFrom(applyAt.add({ milliseconds: 1 }), customer);
  if (!isAfter(target.start, applyAt) || !isAfter(target.start, now)) {
    return refused(
      'C4.4',
      `The date you asked for (${request.requestedDate}) does not move the change later than its ` +
        `current window, ${at(applyAt)}. Please name a later date.`,
    );
  }
  const limits = cfg.scheduledPostponement;
  const original = toInstant(change.originalApplyAt ?? change.applyAt);
  const days = localDaysBetween(original, target.start, customer.timeZone);
  const problems: string[] = [];
  if (days > limits.maxDaysAfterOriginal) {
    problems.push(
      `the new window is ${days} days after the originally notified one (${at(original)}), ` +
        `more than the ${limits.maxDaysAfterOriginal} days we can agree automatically`,
    );
  }
  if (change.postponementCount >= limits.maxCount) {
    problems.push(
      `this change has already been postponed ${change.postponementCount} times (limit ${limits.maxCount})`,
    );
  }
  if (problems.length) {
    return {
      outcome: 'pending-review',
      clause: 'C4.4',
      reason:
        `Your request to move this change to the window starting ${at(target.start)} needs our ` +
        `Customer Success team's review because ${problems.join(' and ')}. Until they decide, the ` +
        `change stays planned for ${at(applyAt)}; we will write to you with their decision.`,
      newApplyAt: target.start,
    };
  }
  return {
    outcome: 'granted',
    clause: 'C4.4',
    reason:
      `Your change is moved to the maintenance window starting ${at(target.start)} and ending ` +
      `${at(target.end)}. You have accepted responsibility for the interim risks until then.`,
    newApplyAt: target.start,
  };
}

/** C5.4: one night by default, up to `maxPostponeNights` (3) after the original night. */
function decideUrgent(ctx: Context): PostponementOutcome {
  const { change, request, customer, cfg, now, applyAt, at } = ctx;
  const zone = customer.timeZone;
  const applyDate = applyAt.toZonedDateTimeISO(zone).toPlainDate();
  const targetDate = request.requestedDate
    ? Temporal.PlainDate.from(request.requestedDate)
    : applyDate.add({ days: cfg.urgent.defaultPostponeNights });
  const target = localToInstant(targetDate, cfg.urgent.applyTime, zone);
  if (!isAfter(target, applyAt) || !isAfter(target, now)) {
    return refused(
      'C5.4',
      `The date you asked for (${request.requestedDate}) does not move this urgent change later than ` +
        `${at(applyAt)}. Please name a later night.`,
    );
  }
  const original = toInstant(change.originalApplyAt ?? change.applyAt);
  const nights = localDaysBetween(original, target, zone);
  const max = cfg.urgent.maxPostponeNights;
  if (nights > max) {
    const latest = localToInstant(
      original.toZonedDateTimeISO(zone).toPlainDate().add({ days: max }),
      cfg.urgent.applyTime,
      zone,
    );
    return refused(
      'C5.4',
      `An urgent change can be postponed by at most ${max} nights; the latest we can apply it is ` +
        `${at(latest)}. The change stays planned for ${at(applyAt)}; you can ask again for a night up to that date.`,
    );
  }
  return {
    outcome: 'granted',
    clause: 'C5.4',
    reason:
      `Your urgent change is moved to ${at(target)}. You have accepted responsibility for the ` +
      'interim risks until then.',
    newApplyAt: target,
  };
}
