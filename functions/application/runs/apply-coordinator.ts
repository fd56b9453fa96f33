/** The apply run's coordinator (fan-out.ts): it imports the apply run and no other. */
import type { ApplyDeps } from '../shared/deps.ts';
import type { RunInput } from '../shared/run-input.ts';
import { changesPerCustomer, coordinateRun, type FanOutDeps } from './fan-out.ts';
import { runApply } from './run-apply.ts';

/** C3.1, C5.2: weight = due changes and changes still applying (reconciled). */
export const startApplyRun = (deps: ApplyDeps & FanOutDeps, input: RunInput) =>
  coordinateRun(
    deps,
    'apply',
    input,
    changesPerCustomer(() =>
      Promise.all([
        deps.store.changes.countChangesByCustomer('apply', input.scheduledTime),
        deps.store.changes.countChangesByCustomer('applying'),
      ]),
    ),
    () => runApply(deps, input),
  );
