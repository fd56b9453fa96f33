/**
 * C4.2, C4.4, C5.4: what a customer may ask before asking: the deadline, and for each window (or
 * night, for urgent work) it could name, what the service would decide if asked now with the risks
 * accepted. Each verdict IS `decidePostponement`'s (no second copy of a rule); the portal shows them
 * so the limits are stated before the customer submits.
 */
import { type Instant, localToInstant, Temporal, toIso } from './calendar.ts';
import { isScheduledClass, postponementDeadline } from './change-plans.ts';
import { canTransition } from './change-state.ts';
import type { ContractConfig } from './config.ts';
import { type CustomerCalendar, windowsFrom } from './maintenance-windows.ts';
import { decidePostponement, type PostponementOutcome } from './postponement-policy.ts';
import type { Change } from './records.ts';

export type PostponementOption = {
  /** The local date the customer names (the request's `newDate`). */
  date: string;
  start: Instant;
  end: Instant;
  verdict: PostponementOutcome;
};

export type PostponementOptions = {
  deadline: Instant;
  /** False once the deadline has passed or the change no longer waits: every request is refused. */
  open: boolean;
  /** Why it is closed: the refusal any request would get now. */
  closed?: PostponementOutcome;
  options: PostponementOption[];
  limits:
    | { kind: 'scheduled'; maxDaysAfterOriginal: number; maxCount: number; used: number; original: Instant }
    | { kind: 'urgent'; defaultNights: number; maxNights: number; original: Instant };
};

type Input = {
  change: Pick<Change, 'class' | 'state' | 'applyAt' | 'originalApplyAt' | 'postponementCount'>;
  customer: CustomerCalendar;
  cfg: ContractConfig;
  now: Instant;
  /** Scheduled work: how many windows to offer (the first ones past the automatic limit included). */
  windows?: number;
};

const PREVIEW_REASON = 'preview of the decision';

/** The verdict a request naming `date` (or none) would get if received `now` with the risks accepted. */
function verdictFor(input: Input, date: string | undefined): PostponementOutcome {
  const at = toIso(input.now);
  return decidePostponement({
    change: input.change,
    customer: input.customer,
    cfg: input.cfg,
    now: input.now,
    request: {
      reason: PREVIEW_REASON,
      requestedDate: date,
      riskAcceptance: { by: 'preview', at, words: 'preview' },
      receivedAt: at,
    },
  });
}

export function postponementOptions(input: Input): PostponementOptions {
  const { change, customer, cfg } = input;
  const applyAt = Temporal.Instant.from(change.applyAt);
  const original = Temporal.Instant.from(change.originalApplyAt ?? change.applyAt);
  const deadline = postponementDeadline(applyAt, customer, cfg);
  // A request naming no date moves the change to the next window (or night): refused only when
  // the deadline has passed or the change no longer waits, and then every request is. A change
  // not notified yet cannot move before its notice (the change's life, change-state.ts).
  const asIs = verdictFor(input, undefined);
  const closed: PostponementOutcome | undefined =
    asIs.outcome === 'refused'
      ? asIs
      : canTransition(change.state, 'postponed')
        ? undefined
        : {
            outcome: 'refused',
            clause: 'C4.1',
            reason:
              'This change has not been notified yet. You can ask to move it once its notice has reached your contacts.',
          };

  if (!isScheduledClass(change.class)) {
    const zone = customer.timeZone;
    const night = applyAt.toZonedDateTimeISO(zone).toPlainDate();
    const options = Array.from({ length: cfg.urgent.maxPostponeNights }, (_, i) => {
      const date = night.add({ days: i + 1 });
      const start = localToInstant(date, cfg.urgent.applyTime, zone);
      return { date: date.toString(), start, end: start, verdict: verdictFor(input, date.toString()) };
    });
    return {
      deadline,
      open: !closed,
      ...(closed ? { closed } : {}),
      options: closed ? [] : options,
      limits: {
        kind: 'urgent',
        defaultNights: cfg.urgent.defaultPostponeNights,
        maxNights: cfg.urgent.maxPostponeNights,
        original,
      },
    };
  }
  const slots = windowsFrom(applyAt.add({ milliseconds: 1 }), customer, input.windows ?? 8);
  const options = slots.map((slot) => ({
    date: slot.date.toString(),
    start: slot.start,
    end: slot.end,
    verdict: verdictFor(input, slot.date.toString()),
  }));
  return {
    deadline,
    open: !closed,
    ...(closed ? { closed } : {}),
    options: closed ? [] : options,
    limits: {
      kind: 'scheduled',
      maxDaysAfterOriginal: cfg.scheduledPostponement.maxDaysAfterOriginal,
      maxCount: cfg.scheduledPostponement.maxCount,
      used: change.postponementCount,
      original,
    },
  };
}
