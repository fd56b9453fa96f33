/**
 * Infra and handler drift (STYLE.md anti-pattern): each handler reads exactly the environment
 * variables its catalog entry gives it, no more (it would fail at cold start) and, once written,
 * no fewer (a stale variable usually means a stale permission).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  entryOf,
  FUNCTION_CATALOG,
  FUNCTION_NAMES,
  type FunctionName,
  LIBRARY_ENV,
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
    const given: readonly string[] = [...FUNCTION_CATALOG[name].env, ...LIBRARY_ENV];
    expect(read.filter((v) => !given.includes(v))).toEqual([]);
  });

  it.each(FUNCTION_NAMES)(
    '%s, once written, reads every variable its catalog entry gives it',
    async (name) => {
      const read = await envReadBy(name);
      const unread = FUNCTION_CATALOG[name].env.filter((v) => !read.includes(v));
      expect(source(name).trim() === PLACEHOLDER ? [] : unread).toEqual([]);
    },
  );
});
