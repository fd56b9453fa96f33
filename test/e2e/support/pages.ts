/** What a person does on the pages, in the browser tests. */
import type { Page } from 'playwright-core';

export async function signInCustomer(page: Page, base: string, customerId: string): Promise<void> {
  await page.goto(`${base}/portal/`);
  await page.getByLabel('Customer').selectOption(customerId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('next-change').waitFor();
}

export async function signInConsole(page: Page, base: string, user: string): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.getByLabel('Your name or address').fill(user);
  await page.getByLabel('CS key').fill('patch-promise-local-cs-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Fleet at a glance' }).waitFor();
}

/** Fills the postponement form of the change page that is open, and sends it. */
export async function askToMove(page: Page, option: { dateLabel: RegExp; reason: string }): Promise<void> {
  await page.getByLabel('Your business reason (required)').fill(option.reason);
  await page.getByRole('radio', { name: option.dateLabel }).check();
  await page.getByRole('checkbox', { name: /I accept these risks/ }).check();
  await page.getByRole('button', { name: 'Ask to move the change' }).click();
  await page.getByTestId('decision').waitFor();
}

export async function openChange(page: Page, base: string, changeId: string): Promise<void> {
  await page.goto(`${base}/portal/#/changes/${encodeURIComponent(changeId)}`);
  await page.getByRole('heading', { name: /on mi-/ }).waitFor();
}

/** Makes a calendar subscription address on the calendar page and returns it as http(s). */
export async function makeFeed(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/portal/#/calendar`);
  await page.getByRole('button', { name: /Make a (new|subscription) address/ }).click();
  const webcal = await page.getByTestId('feed-url').locator('code').textContent();
  return (webcal ?? '').replace(/^webcal:/, 'http:');
}

export async function feedText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`feed ${res.status}`);
  return res.text();
}
