/**
 * Claims (DESIGN.md rules 2 and 5): before a side effect, its record names who performs it (the
 * holder: an invocation's request id) and until when (the invocation's deadline). Pure rules of
 * when another invocation may take a claim over.
 */
import { type Instant, isAfter, toInstant, toIso } from './calendar.ts';

/** The invocation doing the work: Lambda's request id and its deadline. */
export type Holder = { id: string; until: Instant };

/** A claim as stored on a record. */
export type Claim = { holder: string; until: string; at: string };

export const claimOf = (holder: Holder, at: Instant): Claim => ({
  holder: holder.id,
  until: toIso(holder.until),
  at: toIso(at),
});

/**
 * C11.2: a claim may be taken over by its own holder (Lambda retries an asynchronous invocation
 * with the same request id, and only after the earlier attempt ended) or once its deadline has
 * passed (its invocation is over, whatever became of it). A live claim of another invocation is
 * never taken: that invocation is doing the work now.
 */
export const mayTakeOver = (claim: Pick<Claim, 'holder' | 'until'>, me: Holder, now: Instant): boolean =>
  claim.holder === me.id || !isAfter(toInstant(claim.until), now);

/** True when another invocation holds the claim and may still be working. */
export const heldByOther = (claim: Pick<Claim, 'holder' | 'until'>, me: Holder, now: Instant): boolean =>
  !mayTakeOver(claim, me, now);
