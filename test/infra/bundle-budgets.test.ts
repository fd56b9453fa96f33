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
/** The functions that serve the channels (the API and emailed replies). */
const CHANNELS = new Set<string>(['customer-api', 'cs-api', 'inbound-mail']);
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Bytes only (issue 14): init times are measured by `npm run bench -- --bundles-only`, never in tests.
describe('Lambda bundle byte budgets (lib/bundling.ts)', () => {
  it.each(FUNCTION_NAMES)('%s stays within its byte budget, the AWS SDK left out', async (name) => {
    const built = await bundleFunction(ROOT, join(out, name, 'index.mjs'), name, 'external');
    expect(outputBytes(built)).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES[name]);
    // A run carries neither the HTTP routes nor the lists the channels page through.
    if (!CHANNELS.has(name)) {
      const inputs = Object.keys(built.metafile.inputs);
      expect(inputs.filter((f) => f.startsWith('functions/api/') || f.endsWith('/paged-reads.ts'))).toEqual(
        [],
      );
    }
  });
});
