/**
 * `npm start`'s default play, played through the whole local stack on a virtual clock (DynamoDB
 * Local, local SES, fleet simulator), from today, a Friday, when the demo used to show no applied
 * window and no failure: the windows are applied, the planted failure is rolled back (C6.2) and
 * notified (C8.1). About half a minute, so in `npm run test:system`; the fast suite checks the
 * windows of every start weekday with the planner (fast/demo-fleet.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toInstant } from '../../functions/domain/calendar.ts';
import { demoScenario } from '../../local/demo-fleet.ts';
import { simulateScenario } from '../../local/scenario/simulate.ts';
import type { LocalService } from '../../local/services/dynamodb-local.ts';
import { startSharedSes } from './scenario-harness.ts';

const DEFAULT_DAYS = 10;

describe('the npm start demo, played', () => {
  let ses: LocalService;
  beforeAll(async () => {
    ses = await startSharedSes();
  });
  afterAll(async () => {
    await ses?.stop();
  });

  it('C3.1 C6.2 C8.1 today (a Friday) shows applied windows and the planted failure rolled back and notified', async () => {
    const s = demoScenario(toInstant('2026-11-27T00:00:00Z'), DEFAULT_DAYS);
    const out = mkdtempSync(join(tmpdir(), 'patch-promise-demo-'));
    const result = await simulateScenario(s, 'demo', {
      out,
      endpoints: { dynamodb: inject('dynamoEndpoint'), ses: ses.endpoint },
    });
    expect(result.log.filter((l) => l.error)).toEqual([]);
    const finished = result.timeline.filter((e) => e.type === 'apply.finished');
    const scheduled = finished.filter((e) => e.type === 'apply.finished' && e.releaseId === 'vplat-7.2');
    expect(
      scheduled.filter((e) => e.type === 'apply.finished' && e.outcome === 'succeeded').length,
    ).toBeGreaterThan(0);
    const fault = s.faults.find((f) => 'serverId' in f);
    expect(
      scheduled.filter(
        (e) =>
          e.type === 'apply.finished' &&
          e.outcome === 'failed-rolled-back' &&
          fault &&
          'serverId' in fault &&
          e.serverId === fault.serverId,
      ),
    ).toHaveLength(1);
    // C8.1: the failure notice reached the customer.
    expect(result.timeline.some((e) => e.type === 'notice.sent' && e.kind === 'failure')).toBe(true);
  });
});
