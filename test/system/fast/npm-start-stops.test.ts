/**
 * `npm start` stops completely when npm is sent SIGTERM (`kill <npm pid>`): no process it started
 * is left and every port is free; and after the play its clock runs on in real time. The other
 * ways to stop it (Ctrl-C, SIGINT to npm, SIGHUP, SIGKILL) are in test/system/npm-start-stops.test.ts
 * (`npm run test:lifecycle`), each a full `npm start`.
 */
import { describe, it } from 'vitest';
import { startAndStop } from '../support/npm-start.ts';

describe('npm start stops completely', () => {
  it('SIGTERM to the npm process, after the play, leaves no process running and every port free', async () => {
    await startAndStop({ how: 'SIGTERM to the npm process', to: 'npm', signal: 'SIGTERM', afterPlay: true });
  });
});
