/**
 * The customer portal and the CS console in headless Chromium, the full set (`npm run test:e2e`):
 * a postponement granted (and the calendar feed moves), one beyond the limits that waits for review
 * and that the CS console approves, one sent after the cutoff and refused with the reason; the
 * history, the printable compliance report; axe-core finds no serious or critical issue on any page;
 * the home page fits a phone. `npm run screenshots` writes the README's pictures to docs/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInstant } from '../../functions/domain/calendar.ts';
import type { StartedRuntime } from '../../local/runtime.ts';
import { type Browser, launchBrowser, seriousAxeIssues } from './support/browser.ts';
import { askToMove, feedText, makeFeed, openChange, signInConsole, signInCustomer } from './support/pages.ts';
import { changeOf, DEADLINE, SERVERS, startPortalWorld } from './support/portal-world.ts';

let rt: StartedRuntime;
let browser: Browser;
let base: string;
let feed: string;
beforeAll(async () => {
  rt = await startPortalWorld();
  browser = await launchBrowser();
  base = rt.endpoints.api;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

const screenshotDir = process.env.PORTAL_SCREENSHOTS === 'docs' ? 'docs' : join('out', 'screenshots');

describe('customer portal and CS console in a browser', () => {
  it('C11.1 C12.1 signs in and shows the next change in the customer zone, with the zone named', async () => {
    const page = await browser.context.newPage();
    await signInCustomer(page, base, 'acme');
    const next = await page.getByTestId('next-change').textContent();
    expect(next).toContain('Wed, 2 Dec 2026, 01:00–05:00 GMT (Europe/London)');
    expect(next).toContain('Why: Snapshots before each change take half the time');
    expect(next).toContain('Tue, 1 Dec 2026, 18:00 GMT (Europe/London)');
    await page.getByRole('table', { name: /Your servers \(3\)/ }).waitFor();
    expect(await seriousAxeIssues(page)).toEqual([]);
    await page.close();
  });

  it('C3.3 C12.1 the calendar subscription lists the planned window; only its owner can make one', async () => {
    const page = await browser.context.newPage();
    await signInCustomer(page, base, 'acme');
    feed = await makeFeed(page, base);
    const ics = await feedText(feed);
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('DTSTART:20261202T010000Z');
    expect(ics).toContain('Maintenance: vPlat 7.2');
    expect(ics).not.toContain('mi-0e2e00000000000a1'); // globex's server
    expect(await seriousAxeIssues(page)).toEqual([]);
    await page.close();
  });

  it('C4.3 C4.4 C4.5 a postponement within the limits is granted and the calendar feed moves', async () => {
    const page = await browser.context.newPage();
    await signInCustomer(page, base, 'acme');
    await openChange(page, base, changeOf(SERVERS[0] as string));
    await expect(page.getByText(/I accept, on behalf of my organisation/).count()).resolves.toBe(1);
    await expect(
      page.getByText('A change cannot be cancelled or skipped', { exact: false }).count(),
    ).resolves.toBe(1);
    expect(await seriousAxeIssues(page)).toEqual([]);
    await askToMove(page, {
      dateLabel: /Wed, 9 Dec 2026/,
      reason: 'Quarter-end close: the ERP must stay up',
    });
    const decision = await page.getByTestId('decision').textContent();
    expect(decision).toContain('Granted');
    expect(decision).toContain('Wed, 9 Dec 2026, 01:00 GMT (Europe/London)');
    const ics = await feedText(feed);
    expect(ics).toContain('DTSTART:20261209T010000Z');
    expect(ics).toContain('DTSTART:20261202T010000Z'); // the two other servers stay
    await page.close();
  });

  it('C4.4 beyond the limits the request waits for review, and the CS console approves it', async () => {
    const page = await browser.context.newPage();
    await signInCustomer(page, base, 'acme');
    await openChange(page, base, changeOf(SERVERS[1] as string));
    await askToMove(page, {
      dateLabel: /Wed, 6 Jan 2027/,
      reason: 'Office move: nobody on site until January',
    });
    const decision = await page.getByTestId('decision').textContent();
    expect(decision).toContain('Waiting for review');
    expect(decision).toContain('more than the 28 days');

    const cs = await browser.context.newPage();
    await signInConsole(cs, base, 'jane@provider.example');
    expect(await seriousAxeIssues(cs)).toEqual([]);
    await cs.getByRole('link', { name: 'Reviews' }).click();
    await cs.getByText('Office move: nobody on site until January').waitFor();
    expect(await seriousAxeIssues(cs)).toEqual([]);
    await cs
      .getByLabel('Your reason (sent to the customer)')
      .fill('Agreed: the office is closed until then.');
    await cs.getByRole('button', { name: 'Approve' }).click();
    expect(await cs.getByTestId('review-decided').textContent()).toContain('granted');

    await page.reload();
    await page.getByRole('heading', { name: /on mi-/ }).waitFor();
    const body = await page.locator('main').textContent();
    expect(body).toContain('Planned for Wed, 6 Jan 2027, 01:00 GMT (Europe/London)');
    expect(await feedText(feed)).toContain('DTSTART:20270106T010000Z');
    await page.close();
    await cs.close();
  });

  it('C4.2 C11.3 a request received after 18:00 the day before is refused with the reason', async () => {
    const page = await browser.context.newPage();
    await signInCustomer(page, base, 'acme');
    await openChange(page, base, changeOf(SERVERS[2] as string));
    // The page was opened before the cutoff; the request reaches the service one second after it.
    rt.clock.set(toInstant(DEADLINE).add({ seconds: 1 }));
    await askToMove(page, { dateLabel: /Wed, 9 Dec 2026/, reason: 'Forgot to ask earlier' });
    const decision = await page.getByTestId('decision').textContent();
    expect(decision).toContain('Refused');
    expect(decision).toContain('after the deadline for moving this change');
    expect(decision).toContain('C4.2');
    await page.close();
  });

  it('C10.1 C10.2 the history lists the requests and decisions; the compliance report is printable', async () => {
    const page = await browser.context.newPage();
    await signInCustomer(page, base, 'acme');
    await page.getByRole('link', { name: 'History' }).click();
    await page
      .getByText(/Postponement requested through api/)
      .first()
      .waitFor();
    const notice = page.getByRole('link', { name: 'Advance notice' }).first();
    await notice.click();
    await page.getByText(/Shown as it was sent/).waitFor();
    expect(await page.locator('pre.notice').textContent()).toContain('vPlat 7.2');
    expect(await seriousAxeIssues(page)).toEqual([]);
    await page.getByRole('link', { name: 'Compliance report' }).click();
    await page.getByLabel('From (date, UTC)').fill('2026-11-20');
    await page.getByLabel('To (date, UTC)').fill('2026-12-02');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.getByRole('heading', { name: /acme: 2026-11-20 to 2026-12-02/ }).waitFor();
    expect(await page.locator('main').textContent()).toContain('C4');
    await page.getByRole('button', { name: 'Print or save as PDF' }).waitFor();
    expect(await seriousAxeIssues(page)).toEqual([]);
    await page.close();
  });

  it('the home page and a change fit a phone screen (no sideways scrolling), and the screenshots are taken', async () => {
    const phone = await browser.context.browser()?.newContext?.({ viewport: { width: 390, height: 844 } });
    const page = phone ? await phone.newPage() : await browser.context.newPage();
    if (!phone) await page.setViewportSize({ width: 390, height: 844 });
    await signInCustomer(page, base, 'acme');
    // The page's own globals: `document` and `window` in the browser.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
    await page.close();

    mkdirSync(screenshotDir, { recursive: true });
    const wide = await browser.context.newPage();
    await wide.setViewportSize({ width: 1100, height: 900 });
    await signInCustomer(wide, base, 'acme');
    await wide.getByRole('table', { name: /Your servers/ }).waitFor();
    const portal = await wide.screenshot({ fullPage: false });
    writeFileSync(join(screenshotDir, 'portal-home.png'), portal);
    await signInConsole(wide, base, 'jane@provider.example');
    const consolePng = await wide.screenshot({ fullPage: false });
    writeFileSync(join(screenshotDir, 'console-fleet.png'), consolePng);
    expect(portal.byteLength).toBeGreaterThan(10_000);
    expect(consolePng.byteLength).toBeGreaterThan(10_000);
    await wide.close();
  });
});
