import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Tests by layer (STYLE.md habit 8): each layer is a vitest project with its own script.
// `npm test` runs domain, adapters, use-cases, infra and the fast system scenarios;
// `npm run test:system` runs every scenario, the 28-day fleet included.
const env = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
};

/**
 * The browser tests drive Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Where
 * it is missing, `npm test`'s browser project holds no test file, and says so here.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.argv.some((a) => a.includes('e2e'))) {
  console.warn(`browser tests left out: ${CHROMIUM} is missing (apt-get install -y chromium)`);
}
const browserProject = (name: string, include: string[]) => ({
  test: {
    name,
    include: hasChromium ? include : [],
    passWithNoTests: true,
    env,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

export default defineConfig({
  test: {
    projects: [
      // `npm test`: a few browser checks; `npm run test:e2e`: all of them.
      browserProject('e2e-smoke', ['test/e2e/**/*.smoke.test.ts']),
      browserProject('e2e', ['test/e2e/**/*.e2e.test.ts', 'test/e2e/**/*.smoke.test.ts']),
      { test: { name: 'domain', include: ['test/domain/**/*.test.ts'], env } },
      {
        test: {
          name: 'adapters',
          include: ['test/adapters/**/*.test.ts'],
          env,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'use-cases',
          include: ['test/use-cases/**/*.test.ts'],
          env,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], env, testTimeout: 120_000 } },
      {
        test: {
          name: 'system-fast',
          include: ['test/system/fast/**/*.test.ts'],
          env,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'crash',
          include: ['test/crash/**/*.crash.test.ts'],
          env,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 3_600_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'crash-sample',
          include: ['test/crash/**/*.sample.test.ts'],
          env,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          env,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
