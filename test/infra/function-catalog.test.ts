/**
 * Infra and handler drift (STYLE.md anti-pattern): each handler reads exactly the environment
 * variables its catalog entry gives it (those the stack sets and its optional ones), no more (it
 * would fail at cold start) and, once written, no fewer (a stale variable usually means a stale
 * permission).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  entryOf,
  envReadableBy,
  FUNCTION_CATALOG,
  FUNCTION_NAMES,
  type FunctionName,
  LIBRARY_ENV,
  shardFunctionOf,
} from '../../lib/function-catalog.ts';
import { envReadBy } from './handler-env.ts';

const PLACEHOLDER =
  "export const handler = async (): Promise<never> => { throw new Error('handler not written yet'); };";

const source = (name: FunctionName): string =>
  readFileSync(new URL(`../../${entryOf(name)}`, import.meta.url), 'utf8');

describe('function catalog', () => {
  it('every entry has its handler at functions/<name>/handler.ts exporting `handler`', () => {
    for (const name of FUNCTION_NAMES) expect(source(name)).toMatch(/export const handler\b/);
  });

  it('no entry lists a library variable among its own', () => {
    for (const name of FUNCTION_NAMES) {
      expect(
        FUNCTION_CATALOG[name].env.filter((v) => (LIBRARY_ENV as readonly string[]).includes(v)),
      ).toEqual([]);
    }
  });

  it.each(FUNCTION_NAMES)('%s reads only the variables its catalog entry gives it', async (name) => {
    const read = await envReadBy(name);
    const given: readonly string[] = envReadableBy(name);
    expect(read.filter((v) => !given.includes(v))).toEqual([]);
  });

  it.each(FUNCTION_NAMES)(
    '%s, once written, reads every variable its catalog entry gives it',
    async (name) => {
      const read = await envReadBy(name);
      const { env, optionalEnv = [] } = FUNCTION_CATALOG[name];
      const unread = [...env, ...optionalEnv].filter((v) => !read.includes(v));
      expect(source(name).trim() === PLACEHOLDER ? [] : unread).toEqual([]);
    },
  );

  it('no variable is both set by the stack and optional', () => {
    for (const name of FUNCTION_NAMES) {
      const { env, optionalEnv = [] } = FUNCTION_CATALOG[name];
      expect(
        optionalEnv.filter((v) => env.includes(v) || (LIBRARY_ENV as readonly string[]).includes(v)),
      ).toEqual([]);
    }
  });

  it('C11.2 a fanned-out run has a coordinator (shard queue grant, SHARD_QUEUE_URL) and a shard function of its own', () => {
    const coordinators = FUNCTION_NAMES.filter((name) => FUNCTION_CATALOG[name].grants.shardQueue);
    expect(coordinators).toEqual(['notice', 'apply', 'backup']);
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTION_CATALOG[name];
      const coordinates = coordinators.includes(name);
      expect(spec.env.includes('SHARD_QUEUE_URL'), name).toBe(coordinates);
      expect(shardFunctionOf(name), name).toBe(coordinates ? `${name}-shard` : undefined);
      // A shard function is fed by its queue only, works one run, and hands nothing out.
      const isShardFunction = spec.shardsOf !== undefined;
      expect([spec.trigger === 'shard-queue', spec.shardWorkers !== undefined], name).toEqual([
        isShardFunction,
        isShardFunction,
      ]);
      if (isShardFunction) {
        expect(spec.grants.shardQueue, name).toBeUndefined();
        expect(spec.env, name).not.toContain('SHARD_QUEUE_URL');
      }
    }
  });

  it('shard workers stay within the range Lambda allows an SQS event source (2 to 1,000)', () => {
    for (const name of FUNCTION_NAMES) {
      const workers = FUNCTION_CATALOG[name].shardWorkers;
      if (workers !== undefined) {
        expect(Number.isInteger(workers), name).toBe(true);
        expect(workers, name).toBeGreaterThanOrEqual(2);
        expect(workers, name).toBeLessThanOrEqual(1000);
      }
    }
  });
});
