import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packShards, totalServers } from '../../functions/domain/sharding.ts';

const weightsArb = fc.uniqueArray(
  fc.record({
    customerId: fc.stringMatching(/^cust-[a-z0-9]{1,6}$/),
    servers: fc.integer({ min: 0, max: 40 }),
  }),
  { selector: (w) => w.customerId, maxLength: 200 },
);

describe('fan-out shards (bench/DESIGN.md; C3.4 keeps a customer whole)', () => {
  it('C3.4 every customer with work lands in exactly one shard, none is split', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 100 }), (weights, max) => {
        const shards = packShards(weights, max);
        const placed = shards.flat();
        const busy = weights.filter((w) => w.servers > 0).map((w) => w.customerId);
        expect(placed.sort()).toEqual([...busy].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('no shard passes the size unless one customer alone does, and no shard is empty', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 100 }), (weights, max) => {
        const size = new Map(weights.map((w) => [w.customerId, w.servers]));
        for (const shard of packShards(weights, max)) {
          const load = shard.reduce((sum, id) => sum + (size.get(id) ?? 0), 0);
          expect(shard.length).toBeGreaterThan(0);
          if (shard.length > 1) expect(load).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('C11.2 the same weights in any order give the same shards (a second delivery plans the same)', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 100 }), (weights, max) => {
        expect(packShards([...weights].reverse(), max)).toEqual(packShards(weights, max));
      }),
      { numRuns: 100 },
    );
  });

  it('fills shards in customer order and gives an oversized customer a shard of its own', () => {
    const shards = packShards(
      [
        { customerId: 'c', servers: 30 },
        { customerId: 'a', servers: 20 },
        { customerId: 'b', servers: 25 },
        { customerId: 'd', servers: 120 },
        { customerId: 'e', servers: 0 },
      ],
      50,
    );
    expect(shards).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(
      totalServers([
        { customerId: 'a', servers: 3 },
        { customerId: 'b', servers: 4 },
      ]),
    ).toBe(7);
  });

  it('refuses a shard size that is not a whole number of at least 1', () => {
    expect(() => packShards([], 0)).toThrow(/maxServers must be a whole number of at least 1, got 0/);
    expect(() => packShards([], 2.5)).toThrow(/got 2.5/);
  });
});
