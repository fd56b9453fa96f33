/**
 * The schema-driven fuzz test (issue 16): requests built from docs/openapi.json alone, against the
 * real router with the real store on DynamoDB Local, for the customer and the CS audiences. A small
 * budget runs in `npm test`; `npm run test:fuzz` runs a larger one (FUZZ_BUDGET, FUZZ_SEEDS).
 */
import { describe, expect, it } from 'vitest';
import { seedCustomer, useChannelWorld } from '../../use-cases/channels/channel-world.ts';
import { apiOf } from './api-events.ts';
import { type FuzzWorld, fuzz } from './fuzz/api-fuzzer.ts';
import { loadContract } from './fuzz/openapi-contract.ts';

const BUDGET = Number(process.env.FUZZ_BUDGET ?? 300);
/** About 10 s per 300 requests alone; the margin is for a shared, loaded machine, and grows with the budget. */
const TIMEOUT_MS = 120_000 * Math.max(1, BUDGET / 300);
const SEEDS = (process.env.FUZZ_SEEDS ?? '20261127')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter(Number.isFinite);

const world = useChannelWorld();
const api = apiOf(() => world.deps);
const contract = loadContract(new URL('../../../docs/openapi.json', import.meta.url));

/** Two customers with a server, a notified change and its notice each, and one request in CS review. */
async function seedWorld(): Promise<FuzzWorld> {
  const seeded = [];
  for (let i = 0; i < 2; i += 1) seeded.push(await seedCustomer(world.deps));
  const [a, b] = seeded;
  if (!a || !b) throw new Error('seeding failed');
  // One request waiting for CS review (C4.4), so the review routes reach a real record.
  const review = await api.send(
    'POST',
    `/v1/changes/${encodeURIComponent(a.change.id)}/postponements`,
    { customerId: a.customer.id },
    { body: { reason: 'quarter-end close', acceptRisk: true, newDate: '2027-02-03' } },
  );
  const customers = seeded.map((s) => s.customer.id);
  return {
    customers,
    known: {
      id: [a.change.id, b.change.id, String(review.json.requestId), a.customer.id],
      customerId: customers,
      limit: ['1', '2'], // small pages, so lists hand out cursors the fuzzer sends back
    },
  };
}

describe('API fuzz (schema-driven, seeded)', () => {
  for (const seed of SEEDS) {
    it(
      `answers ${BUDGET} generated requests (seed ${seed}) with no 5xx, only documented statuses and bodies that match their schemas`,
      async () => {
        const report = await fuzz(contract, api.send, await seedWorld(), { seed, budget: BUDGET });
        expect(report.requests).toBe(BUDGET);
        expect(report.findings.slice(0, 15)).toEqual([]);
        // The fuzzer reached past validation into real records: some 2xx on both audiences.
        const ok = (id: string) =>
          Object.entries(report.byOperation[id] ?? {}).some(([s, n]) => s.startsWith('2') && n > 0);
        expect(ok('listMyChanges') && ok('listCustomers')).toBe(true);
        expect(report.pagesFollowed).toBeGreaterThan(0);
      },
      TIMEOUT_MS,
    );
  }
});
