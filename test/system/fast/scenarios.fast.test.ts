import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalService } from '../../../local/services/dynamodb-local.ts';
import { runWorkedScenario, startSharedSes } from '../scenario-harness.ts';

/** The short worked scenarios that run in `npm test` (each a few virtual days). */
const FAST = ['c5-urgent-postponed.json', 'c7-loss-of-service-notice.json'] as const;
/** Scenarios of several customers, run again with every run fanned out. */
const FANNED_OUT = ['c6-rollback-fails.json', 'c9-backups-week.json'] as const;

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
    const { failures, errors, result } = await runWorkedScenario(file, ses, out);
    expect(errors).toEqual([]);
    expect(failures).toEqual([]);
    // The scale runs' profile (bench/RESULTS.md): every scheduled run that did work read the
    // store, and each kind's count is the number of its ticks.
    const cost = result.agendaCost;
    expect(cost['run notice']?.count).toBeGreaterThan(0);
    expect(cost['run apply']?.dynamodb).toBeGreaterThan(cost['run apply']?.count ?? 0);
    expect(cost.fleet?.count).toBeGreaterThanOrEqual(
      Object.entries(cost)
        .filter(([kind]) => kind !== 'fleet')
        .reduce((n, [, c]) => n + c.count, 0),
    );
    // The rates a scale bench would hold (issue 15): every request counted once, per day.
    const rates = result.requestRates;
    expect(rates.dynamodb).toBe(Object.values(cost).reduce((n, c) => n + c.dynamodb, 0));
    expect(rates.perDay).toBeGreaterThan(0);
    expect(rates.perServerDay).toBeLessThanOrEqual(rates.perDay);
  });

  // Runs/fan-out.ts through the local shard queue: every customer its own shard (size 1), and the
  // scenario's own expectations still hold.
  it.each(FANNED_OUT)(
    '%s keeps its expectation when every run fans out, one customer per shard (C6.2, C9.1, C11.2)',
    async (file) => {
      const { failures, errors, result } = await runWorkedScenario(file, ses, join(out, 'fanned-out'), {
        shardServers: 1,
      });
      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
      const deadLetters = result.timeline.filter(
        (e) => e.type === 'alert.raised' && e.reason.includes('dead-letter'),
      );
      expect(deadLetters).toEqual([]);
    },
  );
});
