/** The notice run's coordinator (fan-out.ts): it imports the notice run and no other. */
import type { NoticeDeps } from '../shared/deps.ts';
import type { RunInput } from '../shared/run-input.ts';
import { changesPerCustomer, coordinateRun, type FanOutDeps } from './fan-out.ts';
import { runNotice } from './run-notice.ts';

/** C3.2, C5.2: weight = the zone's changes due a notice. */
export const startNoticeRun = (deps: NoticeDeps & FanOutDeps, input: RunInput) =>
  coordinateRun(
    deps,
    'notice',
    input,
    changesPerCustomer(async () => [
      await deps.store.changes.countChangesByCustomer('notice', input.scheduledTime),
    ]),
    () => runNotice(deps, input),
  );
