import { describe, expect, it } from 'vitest';
import { ledgerSummary, onceForRun } from '../../../functions/application/shared/run-input.ts';
import { useHarness } from './harness.ts';

describe('onceForRun (C11.2)', () => {
  const h = useHarness();

  it('C11.2 keeps a fleet-sized run summary as counts, so completing a 20,000-command run fits in its item', async () => {
    h.clock.set('2026-11-29T02:00:05Z');
    const sent = Array.from({ length: 20_000 }, (_, i) => ({
      backupId: `backup:${i}`,
      commandId: `cmd-${i}`,
    }));
    const summary = {
      duplicate: false as const,
      runKey: 'run:backup-full:Europe/London:x',
      sent,
      created: 20_000,
    };

    await expect(
      onceForRun(
        h.deps,
        { id: 'req-1', until: h.clock.now().add({ minutes: 15 }) },
        summary.runKey,
        async () => summary,
      ),
    ).resolves.toBe(summary);
    expect((await h.store.runs.get(summary.runKey))?.summary).toEqual({
      duplicate: false,
      runKey: summary.runKey,
      sent: 20_000,
      created: 20_000,
    });
    expect(
      await onceForRun(
        h.deps,
        { id: 'req-1', until: h.clock.now().add({ minutes: 15 }) },
        summary.runKey,
        async () => summary,
      ),
    ).toEqual({
      duplicate: true,
      runKey: summary.runKey,
    });
  });

  it('records lists as their counts and scalars as they are', () => {
    expect(ledgerSummary({ a: [1, 2, 3], b: 4, c: 'x', d: [] })).toEqual({ a: 3, b: 4, c: 'x', d: 0 });
  });
});
