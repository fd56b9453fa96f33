/**
 * How every Lambda is bundled (lib/constructs/service-function.ts) and what each bundle may weigh
 * (issue 14). Pure data, no CDK import: the bench (bench/bundles.ts) and the byte-budget test
 * (test/infra/bundle-budgets.test.ts) bundle exactly the same way.
 *
 * The AWS SDK is bundled, not loaded from the runtime: bundled and tree-shaken, a function loads in
 * a third to a half of the time it takes to load the same clients from node_modules (bench/RESULTS.md,
 * "Lambda bundles"), and the deployed SDK is the one the lock file pins and the tests ran.
 */
import type { FunctionName } from './function-catalog.ts';

/** ESM output still meets CommonJS dependencies that call `require`. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const BUNDLING = {
  format: 'esm',
  target: 'node24',
  platform: 'node',
  mainFields: ['module', 'main'],
  minify: true,
  banner: CREATE_REQUIRE_BANNER,
  /** Nothing external: the SDK is bundled (see above). */
  externalModules: [] as string[],
} as const;

/** The AWS SDK's packages: left out when a bundle's own weight is measured against its budget. */
export const SDK_PACKAGES = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'] as const;

const KB = 1024;
/**
 * Each function's budget: minified bytes of its bundle without the AWS SDK (its own code and its
 * libraries; the SDK it calls is the same in any design). The target is 200 KB, inbound-mail 600 KB
 * (its MIME parser). Where a function does not meet the target yet, its budget is its measured size
 * rounded up, so it can only shrink (bench/RESULTS.md lists which and why).
 */
export const TARGET_BUNDLE_BYTES = 200 * KB;
/** Module initialisation, median of fresh processes here (bench only: never timed in a test). */
export const TARGET_INIT_MS = 100;
export const BUNDLE_BUDGET_BYTES: Readonly<Record<FunctionName, number>> = {
  // zod/mini instead of classic zod (records, API schemas, env): -57 KB in every function; the
  // iCalendar text written by mail/icalendar.ts instead of ical-generator: -35 KB where mail is
  // composed; the zone list by area: -5 KB everywhere; the paged lists only in the channel
  // functions (runtime/wiring/paged-store.ts): -3 KB in the runs.
  // The mail functions send SES v2 Simple content (SES composes the MIME): no nodemailer, -127 KB.
  notice: 211 * KB,
  'notice-shard': 210 * KB,
  cutoff: 213 * KB,
  apply: 236 * KB,
  'apply-shard': 235 * KB,
  'apply-result': 226 * KB,
  backup: TARGET_BUNDLE_BYTES,
  'backup-shard': TARGET_BUNDLE_BYTES,
  'urgent-patch': TARGET_BUNDLE_BYTES,
  'customer-api': 291 * KB,
  'cs-api': 291 * KB,
  'inbound-mail': 312 * KB,
  'mail-events': TARGET_BUNDLE_BYTES,
};
