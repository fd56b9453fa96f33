/**
 * The portal in a real browser, the few checks `npm test` runs when Debian's Chromium is present
 * (vitest.config.ts): sign in, see the next change in the customer's zone, move it within the limits
 * through the API's own postponement route, and see the calendar feed follow it; axe-core finds no
 * serious or critical issue. The full set: portal.e2e.test.ts (`npm run test:e2e`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedRuntime } from '../../local/runtime.ts';
import { type Browser, launchBrowser, seriousAxeIssues } from './support/browser.ts';
import { askToMove, feedText, makeFeed, openChange, signInCustomer } from './support/pages.ts';
import { changeOf, SERVERS, startPortalWorld } from './support/portal-world.ts';

let rt: StartedRuntime;
let browser: Browser;
beforeAll(async () => {
  rt = await startPortalWorld();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

describe('customer portal (smoke)', () => {
  it('C4.4 C11.1 C12.1 a customer signs in, sees the next change in its zone, moves it, and the calendar feed follows', async () => {
    const page = await browser.context.newPage();
    const base = rt.endpoints.api;
    await signInCustomer(page, base, 'acme');
    const next = await page.getByTestId('next-change').textContent();
    expect(next).toContain('Wed, 2 Dec 2026, 01:00–05:00 GMT (Europe/London)');
    expect(next).toContain('vPlat 7.2');
    expect(next).toContain('Tue, 1 Dec 2026, 18:00 GMT (Europe/London)');
    expect(await seriousAxeIssues(page)).toEqual([]);

    const feed = await makeFeed(page, base);
    expect(await feedText(feed)).toContain('DTSTART:20261202T010000Z');

    await openChange(page, base, changeOf(SERVERS[0] as string));
    await askToMove(page, {
      dateLabel: /Wed, 9 Dec 2026/,
      reason: 'Quarter-end close: the ERP must stay up',
    });
    const decision = await page.getByTestId('decision').textContent();
    expect(decision).toContain('Granted');
    expect(decision).toContain('Wed, 9 Dec 2026, 01:00 GMT (Europe/London)');
    expect(await feedText(feed)).toContain('DTSTART:20261209T010000Z');
    await page.close();
  }, 120_000);
});
