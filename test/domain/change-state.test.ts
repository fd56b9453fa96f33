import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  PENDING_STATES,
  TERMINAL_STATES,
} from '../../functions/domain/change-state.ts';
import { IllegalTransitionError } from '../../functions/domain/errors.ts';
import { ChangeState } from '../../functions/domain/records.ts';

describe('Words: the life of a change', () => {
  it('Words follows planned → notified → postponed → applying → succeeded', () => {
    const path = ['planned', 'notified', 'postponed', 'applying', 'succeeded'] as const;
    const steps = path.slice(1).map((to, i) => [path[i], to] as const);
    for (const [from, to] of steps) if (from) expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('C6.2 / C6.4 a failed and rolled-back change is planned again', () => {
    expect(canTransition('applying', 'failed-rolled-back')).toBe(true);
    expect(canTransition('failed-rolled-back', 'planned')).toBe(true);
  });

  it('C6.3 nothing follows a failed rollback automatically', () => {
    for (const to of ChangeState.options) expect(canTransition('rollback-failed', to)).toBe(false);
  });

  it('C3.5 a change cannot be applied before it is notified', () => {
    expect(canTransition('planned', 'applying')).toBe(false);
  });

  it('C2.2 an illegal transition names both states', () => {
    expect(() => assertTransition('succeeded', 'planned')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('succeeded', 'planned')).toThrow(
      'a change cannot go from succeeded to planned',
    );
    const caught = (() => {
      try {
        assertTransition('planned', 'applying');
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(caught).toMatchObject({ from: 'planned', to: 'applying', kind: 'transition' });
  });

  it('C2.2 there is no cancelled state to reach', () => {
    expect(ChangeState.options).not.toContain('cancelled');
    expect(PENDING_STATES.some((s) => TERMINAL_STATES.includes(s))).toBe(false);
  });
});
