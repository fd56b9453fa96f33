import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { NotFoundError } from '../../../functions/domain/errors.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { uniq } from './fixtures.ts';

describe('run ledger (C11.2)', () => {
  const t = useTestStore();

  it('C11.2 a run delivered twice is claimed once: the second claim is false and changes nothing', async () => {
    const runKey = `notice-run#2026-11-24T12:00:00Z#${uniq()}`;
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-24T12:00:01Z'))).toBe(true);
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-24T12:00:05Z'))).toBe(false);
    expect(await t.store.runs.get(runKey)).toEqual({ runKey, claimedAt: '2026-11-24T12:00:01.000Z' });
  });

  it('C11.2 two concurrent claims of one run: exactly one is true', async () => {
    const runKey = `apply-run#${uniq()}`;
    const at = toInstant('2026-11-25T01:00:00Z');
    const claims = await Promise.all([t.store.runs.claim(runKey, at), t.store.runs.claim(runKey, at)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('C10.1 completing records the summary once; a second completion changes nothing', async () => {
    const runKey = `cutoff-run#${uniq()}`;
    await t.store.runs.claim(runKey, toInstant('2026-11-25T18:00:00Z'));
    await t.store.runs.complete(runKey, toInstant('2026-11-25T18:00:09Z'), { closed: 3 });
    await t.store.runs.complete(runKey, toInstant('2026-11-25T18:05:00Z'), { closed: 0 });
    expect(await t.store.runs.get(runKey)).toEqual({
      runKey,
      claimedAt: '2026-11-25T18:00:00.000Z',
      completedAt: '2026-11-25T18:00:09.000Z',
      summary: { closed: 3 },
    });
  });

  it('C11.2 a run that failed gives its claim back: the retry of that delivery claims it again', async () => {
    const runKey = `notice-run#${uniq()}`;
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-24T12:00:00Z'))).toBe(true);
    await t.store.runs.release(runKey);
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-24T12:01:00Z'))).toBe(true);
  });

  it('C11.2 a claim held past the lease without completing is stale: a retry takes it over, once', async () => {
    const runKey = `apply-run#${uniq()}`;
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-25T01:00:00Z'))).toBe(true);
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-25T01:14:59Z'))).toBe(false);
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-25T01:15:01Z'))).toBe(true);
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-25T01:15:02Z'))).toBe(false);
  });

  it('C11.2 a completed run is never run again, however late the duplicate; release changes nothing', async () => {
    const runKey = `backup-run#${uniq()}`;
    await t.store.runs.claim(runKey, toInstant('2026-11-29T02:00:00Z'));
    await t.store.runs.complete(runKey, toInstant('2026-11-29T02:00:30Z'), { started: 4 });
    await t.store.runs.release(runKey);
    expect(await t.store.runs.claim(runKey, toInstant('2026-11-30T02:00:00Z'))).toBe(false);
    expect((await t.store.runs.get(runKey))?.summary).toEqual({ started: 4 });
  });

  it('completing a run that was never claimed is NotFoundError', async () => {
    await expect(
      t.store.runs.complete(`ghost-${uniq()}`, toInstant('2026-11-25T18:00:00Z'), {}),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
