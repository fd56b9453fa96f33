/**
 * `npm run bench:portal`: the portal's first view, measured (not asserted): the JavaScript it loads
 * (gzip), and how long a customer of 500 servers waits, in headless Chromium on the local system,
 * from opening the signed-in portal to seeing its next change. Writes bench/portal-results.json.
 */
import { writeFileSync } from 'node:fs';
import { toInstant } from '../functions/domain/calendar.ts';
import { loadConfig } from '../functions/domain/config.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { buildWeb } from '../scripts/build-web.ts';
import { hasChromium, launchBrowser } from '../test/e2e/support/browser.ts';

const SERVERS = Number(process.argv.find((a) => a.startsWith('--servers='))?.slice(10) ?? 500);
const RUNS = 5;

const built = await buildWeb();
const js = Object.fromEntries(
  Object.entries(built.firstView).map(([app, v]) => [
    app,
    { kb: +(v.bytes / 1024).toFixed(1), gzipKb: +(v.gzipBytes / 1024).toFixed(1) },
  ]),
);
console.log('first view JavaScript:', JSON.stringify(js));
if (!hasChromium()) {
  console.log(
    'no /usr/bin/chromium: the time to the next change is not measured (apt-get install -y chromium)',
  );
  process.exit(0);
}

const start = '2026-11-23T09:00:00Z';
const rt = await startLocalRuntime({ start: toInstant(start), cfg: loadConfig({}), fleetMode: 'instant' });
try {
  await rt.service.addCustomer({
    id: 'bigco',
    name: 'BigCo Ltd',
    timeZone: 'Europe/London',
    contacts: ['ops@bigco.example'],
    maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
  });
  const seeding = Date.now();
  for (let i = 0; i < SERVERS; i++) {
    await rt.service.addServer({
      id: `mi-0b${i.toString(16).padStart(15, '0')}`,
      customerId: 'bigco',
      platform: 'vplat',
      version: '7.1',
      images: [
        { name: 'dc01', activeDirectory: true },
        { name: 'files', activeDirectory: false },
      ],
      status: 'active',
    });
  }
  await rt.service.registerRelease(
    {
      id: 'vplat-7.2',
      platform: 'vplat',
      version: '7.2',
      class: 'upgrade',
      title: 'vPlat 7.2',
      description: 'Faster snapshots.',
      validatedBy: 'cs@provider.example',
      validatedAt: start,
    },
    'cs@provider.example',
  );
  console.log(
    `seeded ${SERVERS} servers and their changes in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
  );

  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const base = rt.endpoints.api;
  await page.goto(`${base}/portal/`);
  await page.getByLabel('Customer').selectOption('bigco');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('next-change').waitFor();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = Date.now();
    await page.reload();
    await page.getByTestId('next-change').waitFor();
    times.push(Date.now() - t0);
  }
  await browser.close();
  times.sort((a, b) => a - b);
  const result = {
    measuredAt: new Date().toISOString(),
    servers: SERVERS,
    firstViewJs: js,
    nextChangeMs: { runs: times, median: times[Math.floor(times.length / 2)], max: times.at(-1) },
  };
  writeFileSync(new URL('./portal-results.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `next change shown in ${result.nextChangeMs.median} ms (median of ${RUNS}; max ${result.nextChangeMs.max} ms)`,
  );
} finally {
  await rt.stop();
}
