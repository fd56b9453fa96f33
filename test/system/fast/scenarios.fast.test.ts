import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalService } from '../../../local/services/dynamodb-local.ts';
import { runWorkedScenario, startSharedSes } from '../scenario-harness.ts';

/** The short worked scenarios that run in `npm test` (each a few virtual days). */
const FAST = ['c5-urgent-postponed.json', 'c7-loss-of-service-notice.json'] as const;

describe('worked scenarios, fast subset', () => {
  let ses: LocalService;
  const out = mkdtempSync(join(tmpdir(), 'patch-promise-fast-'));
  beforeAll(async () => {
    ses = await startSharedSes();
  });
  afterAll(async () => {
    await ses?.stop();
  });

  it.each(FAST)('%s keeps its expectation (C5.4, C7.1)', async (file) => {
    const { failures, errors } = await runWorkedScenario(file, ses, out);
    expect(errors).toEqual([]);
    expect(failures).toEqual([]);
  });
});
