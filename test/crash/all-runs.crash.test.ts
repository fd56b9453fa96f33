/**
 * `npm run test:crash`: every run and channel, a crash before and after each of its AWS requests,
 * then Lambda's retry and later redeliveries, and two deliveries at once (DESIGN.md). Prints the
 * table the README shows, and writes it to out/crash-table.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { explore, type Row, table } from './explore.ts';
import { SCENARIOS } from './scenarios.ts';
import { useCrashServices } from './services.ts';

const services = useCrashServices();
const rows: Row[] = [];

describe.sequential('crash-consistent runs (DESIGN.md, C10.1, C11.2)', () => {
  for (const scenario of SCENARIOS) {
    it(`C11.2 ${scenario.name}: a crash at any request, then its redeliveries, loses nothing and does nothing twice`, async () => {
      const row = await explore(services, scenario);
      rows.push(row);
      const report = row.violations.map((v) => `${v.point}:\n  ${v.differences.join('\n  ')}`).join('\n');
      expect(row.violations.length, report).toBe(0);
    });
  }
  afterAll(() => {
    const text = table(rows);
    console.log(`\n${text}\n`);
    mkdirSync('out', { recursive: true });
    writeFileSync('out/crash-table.md', `${text}\n`);
  });
});
