/**
 * Who is doing the work (DESIGN.md rule 5). A Lambda entry point passes its request id and deadline
 * (`deps.holder`); a caller that gives none (a test, a script) is a fresh invocation with the
 * default deadline. A use case takes its holder once, at its start, and claims everything with it.
 */
import { randomUUID } from 'node:crypto';
import type { Holder } from '../../domain/claims.ts';
import type { Clock } from '../ports.ts';

/** The longest a function runs (Lambda's limit): a claim without a known deadline lasts this long. */
export const DEFAULT_HOLD_MINUTES = 15;

export const freshHolder = (clock: Clock, minutes = DEFAULT_HOLD_MINUTES): Holder => ({
  id: `inv-${randomUUID()}`,
  until: clock.now().add({ minutes }),
});

export const holderOf = (deps: { holder?: Holder | undefined; clock: Clock }): Holder =>
  deps.holder ?? freshHolder(deps.clock);

/** The deps with their holder fixed for the rest of this invocation (nested use cases share it). */
export function held<D extends { holder?: Holder | undefined; clock: Clock }>(
  deps: D,
): D & { holder: Holder } {
  return deps.holder ? (deps as D & { holder: Holder }) : { ...deps, holder: freshHolder(deps.clock) };
}
