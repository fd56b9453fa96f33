/**
 * The life of a Change (docs/contract.md "Terms"):
 * planned → notified → (postponed …) → applying → succeeded | failed-rolled-back → (planned again).
 * C2.2: no transition leads to "cancelled"; `superseded` only happens when a newer release of the
 * same platform replaces a change not yet applied (C2.1: converge to the latest release).
 */
import { IllegalTransitionError } from './errors.ts';
import type { ChangeState } from './records.ts';

const ALLOWED: Record<ChangeState, readonly ChangeState[]> = {
  planned: ['notified', 'planned', 'superseded'],
  notified: ['postponed', 'applying', 'planned', 'superseded'],
  postponed: ['postponed', 'applying', 'planned', 'superseded'],
  applying: ['succeeded', 'failed-rolled-back', 'rollback-failed'],
  succeeded: [],
  'failed-rolled-back': ['planned'],
  'rollback-failed': [],
  superseded: [],
};

export const canTransition = (from: ChangeState, to: ChangeState): boolean => ALLOWED[from].includes(to);

/** Throws IllegalTransitionError (naming both states) unless `from → to` is allowed. */
export function assertTransition(from: ChangeState, to: ChangeState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** States in which a change still waits to be applied. */
export const PENDING_STATES: readonly ChangeState[] = ['planned', 'notified', 'postponed'];
/** States from which no automatic work follows. */
export const TERMINAL_STATES: readonly ChangeState[] = ['succeeded', 'rollback-failed', 'superseded'];
