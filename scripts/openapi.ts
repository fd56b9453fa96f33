/**
 * Writes docs/openapi.json from the route declarations (functions/api/openapi.ts).
 * `npx tsx scripts/openapi.ts` writes it; `--check` exits 1 when the checked-in file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiJson } from '../functions/api/openapi.ts';

const target = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
const generated = openApiJson();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== generated) {
    console.error('docs/openapi.json is stale: run `npx tsx scripts/openapi.ts`');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
