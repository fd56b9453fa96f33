/**
 * The period of a list or report route (`from`, `to` query parameters), checked once for every
 * route that takes one: `from` must come before `to`, whether each was given or defaulted (a
 * `from` in the future with no `to` is after "now"). A reversed period is a 400 that says which
 * bound is wrong and why, never a query the store would refuse.
 */
import { type Instant, isBefore, toInstant, toIso } from '../domain/calendar.ts';
import { ValidationError } from '../domain/errors.ts';

export type Period = { from: Instant; to: Instant };

/** The rule as the document lists it (route.ts `refusals`). */
export const PERIOD_REFUSAL = { path: 'from', message: 'must be before to' } as const;

export type PeriodDefaults = {
  /** `to` when the caller gives none: the request time (C11.3). */
  now: Instant;
  /** How far before `to` the period starts when the caller gives no `from`. */
  defaultDays?: number;
};

export function periodOf(query: { from?: string; to?: string }, defaults: PeriodDefaults): Period {
  const to = query.to ? toInstant(query.to) : defaults.now;
  const from = query.from ? toInstant(query.from) : to.subtract({ hours: 24 * (defaults.defaultDays ?? 30) });
  if (!isBefore(from, to)) {
    const toText = query.to ? toIso(to) : `now, ${toIso(to)}`;
    throw new ValidationError(`the period is empty: from (${toIso(from)}) is at or after to (${toText})`, [
      { path: PERIOD_REFUSAL.path, message: `${PERIOD_REFUSAL.message} (${toText})` },
    ]);
  }
  return { from, to };
}
