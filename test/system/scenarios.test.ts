import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalService } from '../../local/services/dynamodb-local.ts';
import { allScenarioFiles, runWorkedScenario, startSharedSes } from './scenario-harness.ts';

// Every worked scenario (npm run test:system): each promises its timeline lines and clause results.
describe('worked scenarios (scenarios/*.json)', () => {
  let ses: LocalService;
  const out = mkdtempSync(join(tmpdir(), 'patch-promise-scenarios-'));
  beforeAll(async () => {
    ses = await startSharedSes();
  });
  afterAll(async () => {
    await ses?.stop();
  });

  for (const file of allScenarioFiles()) {
    const clause = /^c(\d+)/.exec(file)?.[1];
    // Scenarios named after no single clause exercise the whole report (C10.2).
    it(`${clause ? `C${clause}` : 'C10.2'} ${file} keeps its expectation`, async () => {
      const { failures, errors, result } = await runWorkedScenario(file, ses, out);
      expect(errors, 'no run or action raised an error').toEqual([]);
      expect(failures, `expectation of ${file} (timeline in ${out})`).toEqual([]);
      expect(result.report.clauses.filter((c) => c.status === 'not-held').map((c) => c.breaches)).toEqual([]);
    });
  }
});
