/**
 * C11.2 at the time-zone edges: a local time that does not exist moves to the first instant that
 * does (not by the gap's length), and a local time that occurs twice means its first occurrence.
 * Stated as properties over the zones whose rules are unusual (Chatham +12:45/+13:45, Lord Howe's
 * 30-minute DST, Kathmandu +05:45, Dublin's negative DST, Santiago's midnight gap, New York's fold),
 * with wall times drawn around their real transitions, and checked by example on each edge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Instant, localToInstant, Temporal, toIso } from '../../functions/domain/calendar.ts';
import { windowOn } from '../../functions/domain/maintenance-windows.ts';
import { customerIn } from './support.ts';

const EDGE_ZONES = [
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Europe/Dublin',
  'America/Santiago',
  'America/New_York',
  'America/St_Johns',
  'Europe/Berlin',
  'Australia/Sydney',
  'Pacific/Auckland',
] as const;

/** The local wall time (to the millisecond) that an instant shows in `zone`. */
const wallOf = (instant: Instant, zone: string) => instant.toZonedDateTimeISO(zone).toPlainDateTime();
const at = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms);

/** Every offset transition of `zone` in 2026–2030, as the local wall time just before it. */
function transitionsOf(zone: string): Temporal.PlainDateTime[] {
  const out: Temporal.PlainDateTime[] = [];
  let z: Temporal.ZonedDateTime | null =
    Temporal.Instant.from('2026-01-01T00:00:00Z').toZonedDateTimeISO(zone);
  for (;;) {
    z = z.getTimeZoneTransition('next');
    if (!z || z.year > 2030) break;
    out.push(wallOf(z.toInstant().subtract({ milliseconds: 1 }), zone));
  }
  return out;
}
const TRANSITIONS = new Map(EDGE_ZONES.map((zone) => [zone, transitionsOf(zone)]));

/** A zone and a wall time (whole minutes) within 3 hours of one of its transitions, or anywhere. */
const edgeArb = fc.constantFrom(...EDGE_ZONES).chain((zone) => {
  const near = TRANSITIONS.get(zone) ?? [];
  const nearArb = near.length
    ? fc
        .tuple(fc.constantFrom(...near), fc.integer({ min: -180, max: 180 }))
        .map(([t, minutes]) => t.round({ smallestUnit: 'minute', roundingMode: 'floor' }).add({ minutes }))
    : fc.constant(Temporal.PlainDateTime.from('2027-06-01T02:30'));
  const anyArb = fc
    .integer({ min: 0, max: 5 * 365 * 24 * 60 })
    .map((minutes) => Temporal.PlainDateTime.from('2026-01-01T00:00').add({ minutes }));
  return fc.tuple(fc.constant(zone), fc.oneof({ weight: 4, arbitrary: nearArb }, anyArb));
});

const resolve = (zone: string, wall: Temporal.PlainDateTime) =>
  localToInstant(wall.toPlainDate(), wall.toPlainTime().toString({ smallestUnit: 'minute' }), zone);

// Property runs take seconds; on a shared, busy machine more than the default 5 s.
describe('C11.2 local wall times at daylight-saving edges (properties)', { timeout: 30_000 }, () => {
  it('C11.2 a wall time that exists resolves to an instant showing exactly that time, its first occurrence', () => {
    fc.assert(
      fc.property(edgeArb, ([zone, wall]) => {
        const r = resolve(zone, wall);
        fc.pre(Temporal.PlainDateTime.compare(wallOf(r, zone), wall) === 0);
        // No earlier instant within two hours shows the same wall time (a fold lasts 30 or 60 minutes,
        // and every offset here is a multiple of 15 minutes).
        for (let minutes = 15; minutes <= 120; minutes += 15) {
          const earlier = wallOf(r.subtract({ minutes }), zone);
          expect(Temporal.PlainDateTime.compare(earlier, wall)).not.toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('C11.2 a wall time inside a gap resolves to the first instant that exists after it, not by the gap length', () => {
    fc.assert(
      fc.property(edgeArb, ([zone, wall]) => {
        const r = resolve(zone, wall);
        fc.pre(Temporal.PlainDateTime.compare(wallOf(r, zone), wall) !== 0);
        // The instant just before r still shows a time before the wall time; r shows one after it.
        expect(Temporal.PlainDateTime.compare(wallOf(at(r.epochMilliseconds - 1), zone), wall)).toBe(-1);
        expect(Temporal.PlainDateTime.compare(wallOf(r, zone), wall)).toBe(1);
        // …and r is a transition: its offset differs from the offset a millisecond before.
        const before = at(r.epochMilliseconds - 1).toZonedDateTimeISO(zone).offsetNanoseconds;
        expect(r.toZonedDateTimeISO(zone).offsetNanoseconds).not.toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it('C11.2 resolution keeps order: a later wall time never resolves to an earlier instant', () => {
    fc.assert(
      fc.property(edgeArb, fc.integer({ min: 1, max: 240 }), ([zone, wall], minutes) => {
        const a = resolve(zone, wall);
        const b = resolve(zone, wall.add({ minutes }));
        expect(Temporal.Instant.compare(a, b)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('C11.2 the edges, one by one', () => {
  const iso = (zone: string, date: string, time: string) => toIso(localToInstant(date, time, zone));

  it('C11.2 Chatham: 03:00 on the spring-forward Sunday (02:45 → 03:45) is 03:45 +13:45, not 04:00', () => {
    expect(iso('Pacific/Chatham', '2026-09-27', '03:00')).toBe('2026-09-26T14:00:00.000Z');
    expect(iso('Pacific/Chatham', '2026-09-27', '03:30')).toBe('2026-09-26T14:00:00.000Z');
    expect(iso('Pacific/Chatham', '2026-09-27', '02:45')).toBe('2026-09-26T14:00:00.000Z');
    expect(iso('Pacific/Chatham', '2026-09-27', '02:44')).toBe('2026-09-26T13:59:00.000Z');
  });

  it('C11.2 Chatham: a maintenance window at 03:00 on that Sunday starts at 03:45 local', () => {
    const slot = windowOn(
      Temporal.PlainDate.from('2026-09-27'),
      customerIn('Pacific/Chatham', 'SUN', '03:00'),
    );
    expect(toIso(slot.start)).toBe('2026-09-26T14:00:00.000Z');
    expect(slot.start.toZonedDateTimeISO('Pacific/Chatham').toString()).toBe(
      '2026-09-27T03:45:00+13:45[Pacific/Chatham]',
    );
  });

  it('C11.2 Lord Howe: 02:00 and 02:15 in the 30-minute gap (02:00 → 02:30) are 02:30 +11:00', () => {
    expect(iso('Australia/Lord_Howe', '2026-10-04', '02:00')).toBe('2026-10-03T15:30:00.000Z');
    expect(iso('Australia/Lord_Howe', '2026-10-04', '02:15')).toBe('2026-10-03T15:30:00.000Z');
  });

  it('C11.2 Lord Howe: 01:45 on the fall-back Sunday (02:00 → 01:30) is its first occurrence, +11:00', () => {
    expect(iso('Australia/Lord_Howe', '2026-04-05', '01:45')).toBe('2026-04-04T14:45:00.000Z');
  });

  it('C11.2 Kathmandu (+05:45, no daylight saving): every wall time is its own instant', () => {
    expect(iso('Asia/Kathmandu', '2026-03-29', '02:30')).toBe('2026-03-28T20:45:00.000Z');
  });

  it('C11.2 Dublin (negative DST in the zone data): 01:30 in the March gap is 02:00 IST; 01:30 in the October fold is the first, IST', () => {
    expect(iso('Europe/Dublin', '2026-03-29', '01:30')).toBe('2026-03-29T01:00:00.000Z');
    expect(iso('Europe/Dublin', '2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('C11.2 Santiago: 00:30 in the midnight gap (00:00 → 01:00) is 01:00 -03:00; the day starts at 01:00', () => {
    expect(iso('America/Santiago', '2026-09-06', '00:30')).toBe('2026-09-06T04:00:00.000Z');
    expect(iso('America/Santiago', '2026-09-06', '00:00')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('C11.2 New York: 02:30 in the gap is 03:00 EDT; 01:30 in the fold is the first occurrence, EDT', () => {
    expect(iso('America/New_York', '2026-03-08', '02:30')).toBe('2026-03-08T07:00:00.000Z');
    expect(iso('America/New_York', '2026-11-01', '01:30')).toBe('2026-11-01T05:30:00.000Z');
  });
});
