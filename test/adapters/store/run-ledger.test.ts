import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { Holder } from '../../../functions/domain/claims.ts';
import { NotFoundError } from '../../../functions/domain/errors.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { uniq } from './fixtures.ts';

/** An invocation (DESIGN.md rule 5): its request id and deadline. */
const holder = (id: string, until: string): Holder => ({ id, until: toInstant(until) });

describe('run ledger (C11.2, DESIGN.md rule 5)', () => {
  const t = useTestStore();

  it('C11.2 a run delivered twice is claimed once: the second claim is false and changes nothing', async () => {
    const runKey = `notice-run#2026-11-24T12:00:00Z#${uniq()}`;
    const a = holder('req-a', '2026-11-24T12:05:00Z');
    expect(await t.store.runs.claim(runKey, a, toInstant('2026-11-24T12:00:01Z'))).toBe(true);
    const b = holder('req-b', '2026-11-24T12:05:05Z');
    expect(await t.store.runs.claim(runKey, b, toInstant('2026-11-24T12:00:05Z'))).toBe(false);
    expect(await t.store.runs.get(runKey)).toEqual({
      runKey,
      claimedAt: '2026-11-24T12:00:01.000Z',
      holder: 'req-a',
      until: '2026-11-24T12:05:00.000Z',
    });
  });

  it('C11.2 two concurrent claims of one run by two invocations: exactly one is true', async () => {
    const runKey = `apply-run#${uniq()}`;
    const at = toInstant('2026-11-25T01:00:00Z');
    const claims = await Promise.all([
      t.store.runs.claim(runKey, holder('req-a', '2026-11-25T01:05:00Z'), at),
      t.store.runs.claim(runKey, holder('req-b', '2026-11-25T01:05:00Z'), at),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("C11.2 Lambda's retry of a run that died (the same request id, a minute later) takes the run over at once", async () => {
    const runKey = `notice-run#${uniq()}`;
    const first = holder('req-a', '2026-11-24T12:15:00Z');
    expect(await t.store.runs.claim(runKey, first, toInstant('2026-11-24T12:00:00Z'))).toBe(true);
    // The invocation died: no release, no completion. Lambda retries with the same request id.
    const retry = holder('req-a', '2026-11-24T12:16:00Z');
    expect(await t.store.runs.claim(runKey, retry, toInstant('2026-11-24T12:01:00Z'))).toBe(true);
    expect((await t.store.runs.get(runKey))?.until).toBe('2026-11-24T12:16:00.000Z');
  });

  it("C11.2 another invocation waits for the holder's deadline, then takes a dead run over, once", async () => {
    const runKey = `apply-run#${uniq()}`;
    expect(
      await t.store.runs.claim(
        runKey,
        holder('req-a', '2026-11-25T01:15:00Z'),
        toInstant('2026-11-25T01:00:00Z'),
      ),
    ).toBe(true);
    const b = holder('req-b', '2026-11-25T01:30:00Z');
    expect(await t.store.runs.claim(runKey, b, toInstant('2026-11-25T01:14:59Z'))).toBe(false);
    expect(await t.store.runs.claim(runKey, b, toInstant('2026-11-25T01:15:00Z'))).toBe(true);
    const c = holder('req-c', '2026-11-25T01:31:00Z');
    expect(await t.store.runs.claim(runKey, c, toInstant('2026-11-25T01:15:02Z'))).toBe(false);
  });

  it('C10.1 completing records the summary once; a second completion changes nothing', async () => {
    const runKey = `cutoff-run#${uniq()}`;
    await t.store.runs.claim(
      runKey,
      holder('req-a', '2026-11-25T18:05:00Z'),
      toInstant('2026-11-25T18:00:00Z'),
    );
    await t.store.runs.complete(runKey, toInstant('2026-11-25T18:00:09Z'), { closed: 3 });
    await t.store.runs.complete(runKey, toInstant('2026-11-25T18:05:00Z'), { closed: 0 });
    expect(await t.store.runs.get(runKey)).toMatchObject({
      runKey,
      claimedAt: '2026-11-25T18:00:00.000Z',
      completedAt: '2026-11-25T18:00:09.000Z',
      summary: { closed: 3 },
    });
  });

  it('C11.2 a run that failed gives its claim back: the next delivery claims it again', async () => {
    const runKey = `notice-run#${uniq()}`;
    expect(
      await t.store.runs.claim(
        runKey,
        holder('req-a', '2026-11-24T12:15:00Z'),
        toInstant('2026-11-24T12:00:00Z'),
      ),
    ).toBe(true);
    await t.store.runs.release(runKey);
    expect(
      await t.store.runs.claim(
        runKey,
        holder('req-b', '2026-11-24T12:16:00Z'),
        toInstant('2026-11-24T12:01:00Z'),
      ),
    ).toBe(true);
  });

  it('C11.2 a completed run is never run again, however late the duplicate, even by its own holder', async () => {
    const runKey = `backup-run#${uniq()}`;
    const a = holder('req-a', '2026-11-29T02:15:00Z');
    await t.store.runs.claim(runKey, a, toInstant('2026-11-29T02:00:00Z'));
    await t.store.runs.complete(runKey, toInstant('2026-11-29T02:00:30Z'), { started: 4 });
    await t.store.runs.release(runKey);
    expect(await t.store.runs.claim(runKey, a, toInstant('2026-11-29T02:01:00Z'))).toBe(false);
    expect(
      await t.store.runs.claim(
        runKey,
        holder('req-z', '2026-11-30T02:15:00Z'),
        toInstant('2026-11-30T02:00:00Z'),
      ),
    ).toBe(false);
    expect((await t.store.runs.get(runKey))?.summary).toEqual({ started: 4 });
  });

  it('completing a run that was never claimed is NotFoundError', async () => {
    await expect(
      t.store.runs.complete(`ghost-${uniq()}`, toInstant('2026-11-25T18:00:00Z'), {}),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
