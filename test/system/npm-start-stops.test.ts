/**
 * `npm start` stops completely however a user stops it: no process it started is left, and every
 * port it bound is free again. Each case starts the real `npm start` (a one-day play) in its own
 * process group, as a terminal would, and stops it one way:
 * - Ctrl-C in a terminal: SIGINT to the whole foreground process group;
 * - SIGINT to the npm process alone (SIGTERM to npm is in the fast suite);
 * - closing the terminal: SIGHUP to the process group;
 * - SIGKILL to npm, or to the service process itself: the children notice their parent is gone.
 * Each case is a full `npm start` (about 25 s), so they run here, in `npm run test:lifecycle` and
 * `npm run test:system`, not in `npm test`.
 */
import { describe, it } from 'vitest';
import { type StopCase, startAndStop } from './support/npm-start.ts';

const CASES: StopCase[] = [
  { how: 'Ctrl-C in a terminal (SIGINT to the process group)', to: 'group', signal: 'SIGINT' },
  { how: 'SIGINT to the npm process', to: 'npm', signal: 'SIGINT' },
  { how: 'closing the terminal (SIGHUP to the process group)', to: 'group', signal: 'SIGHUP' },
  { how: 'SIGKILL to the npm process', to: 'npm', signal: 'SIGKILL' },
  { how: 'SIGKILL to the service process', to: 'service', signal: 'SIGKILL' },
];

describe.concurrent('npm start stops completely', () => {
  it.each(CASES)('$how leaves no process running and every port free', (c) => startAndStop(c));
});
