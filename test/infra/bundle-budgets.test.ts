import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction, outputBytes } from '../../bench/bundles.ts';
import { BUNDLE_BUDGET_BYTES } from '../../lib/bundling.ts';
import { FUNCTION_NAMES } from '../../lib/function-catalog.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'bundle-budgets-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Bytes only (issue 14): init times are measured by `npm run bench -- --bundles-only`, never in tests.
describe('Lambda bundle byte budgets (lib/bundling.ts)', () => {
  it.each(FUNCTION_NAMES)('%s stays within its byte budget, the AWS SDK left out', async (name) => {
    const bytes = outputBytes(await bundleFunction(ROOT, join(out, name, 'index.mjs'), name, 'external'));
    expect(bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES[name]);
  });
});
