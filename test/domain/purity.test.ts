import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// STYLE.md habit 1: the domain is pure. Time comes in as an explicit `now`; the machine clock is read
// only by functions/runtime/system-clock.ts.
const DOMAIN = join(import.meta.dirname, '../../functions/domain');
const FORBIDDEN: [RegExp, string][] = [
  [/from ['"]@aws-sdk\//, 'imports the AWS SDK'],
  [/\bprocess\.env\b/, 'reads process.env'],
  [/new Date\(\s*\)/, 'reads the clock with new Date()'],
  [/\bDate\.now\(/, 'reads the clock with Date.now()'],
  [/\bTemporal\.Now\b/, 'reads the clock with Temporal.Now'],
];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('the domain is pure', () => {
  it('has no AWS SDK, no process.env and no hidden clock in any file', () => {
    const files = sources(DOMAIN);
    expect(files.length).toBeGreaterThan(10);
    const offences = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${file}: ${what}`);
    });
    expect(offences).toEqual([]);
  });
});
