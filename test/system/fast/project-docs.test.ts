/**
 * The project stands alone: its contract is docs/contract.md (C1–C12 with their ids, each
 * configurable Decision naming its key in functions/domain/config.ts), the README links it, and no
 * file points outside the repository (../shared).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../functions/domain/config.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const tracked = () =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && existsSync(join(ROOT, f)));
const CODE = /\.(ts|mjs|java|md|json)$/;

describe('the project documents', () => {
  const contract = read('docs/contract.md');

  it('C10.2 docs/contract.md states C1 to C12, and every clause id the code and tests cite', () => {
    for (let n = 1; n <= 12; n++) expect(contract).toMatch(new RegExp(`^## C${n} `, 'm'));
    const stated = new Set([...contract.matchAll(/^- \*\*(C\d+\.\d+)\*\*/gm)].map((m) => m[1]));
    const cited = new Set<string>();
    for (const file of tracked().filter(
      (f) => /^(functions|lib|local|cli|test|scenarios)\//.test(f) && CODE.test(f),
    )) {
      for (const m of read(file).matchAll(/\bC(\d{1,2})\.(\d{1,2})\b/g)) {
        if (Number(m[1]) >= 1 && Number(m[1]) <= 12) cited.add(`C${m[1]}.${m[2]}`);
      }
    }
    expect([...cited].filter((id) => !stated.has(id))).toEqual([]);
    expect(stated).toContain('C4.6');
  });

  it('C4.6 is the project own rule: a granted postponement binds the server, and only urgent work overrides it', () => {
    const c46 = contract.slice(contract.indexOf('**C4.6**'), contract.indexOf('## C5'));
    expect(c46).toMatch(/\*\*Decision\*\*/);
    expect(c46).toMatch(/binds? the server|holds for the server/);
    expect(c46).toMatch(/urgent/);
    expect(c46).toMatch(/C3\.2/);
  });

  it('every configuration key the contract names exists in ContractConfig with the default it states', () => {
    const config = defaultConfig() as unknown as Record<string, unknown>;
    const text = contract.replace(/\s+/g, ' ');
    const keys = [...text.matchAll(/keys? ((?:`[a-zA-Z.]+`(?: \([^)]*\))?(?:, )?)+)/g)].flatMap((m) =>
      [...(m[1] ?? '').replace(/\([^)]*\)/g, '').matchAll(/`([a-zA-Z.]+)`/g)].map((k) => k[1] ?? ''),
    );
    expect(keys.length).toBeGreaterThan(10);
    const lookup = (path: string) =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], config);
    for (const key of keys) expect(lookup(key), key).not.toBeUndefined();
    expect(text).toMatch(/`noticeLeadHours` \(168\)/);
    expect(config.noticeLeadHours).toBe(168);
    expect(lookup('scheduledPostponement.maxDaysAfterOriginal')).toBe(28);
    expect(lookup('urgent.maxPostponeNights')).toBe(3);
  });

  it('the README links the contract, its relative links resolve, and nothing points at ../shared', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/\]\(docs\/contract\.md\)/);
    for (const [, target] of readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (!target || /^[a-z]+:/.test(target)) continue;
      expect(existsSync(join(ROOT, target)), target).toBe(true);
    }
    // A relative path that leaves the repository (../shared/CONTRACT.md from the root, say).
    const outside = tracked()
      .filter((f) => CODE.test(f))
      .flatMap((f) =>
        [...read(f).matchAll(/(?:\.\.\/)+shared\/[\w./-]*/g)]
          .map((m) => m[0])
          .filter((path) => !resolve(ROOT, dirname(f), path).startsWith(ROOT))
          .map((path) => `${f}: ${path}`),
      );
    expect(outside).toEqual([]);
    for (const doc of tracked().filter((f) => f.endsWith('.md'))) {
      for (const [, target] of read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue;
        expect(existsSync(join(ROOT, dirname(doc), target)), `${doc} → ${target}`).toBe(true);
      }
    }
  });
});
