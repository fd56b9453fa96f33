/**
 * A seeded random scenario (issue 15): 7–200 customers in the nine zones (or the ones asked for),
 * servers with 1–6 images (some with an Active Directory image), monthly upgrade and important
 * releases, urgent ones, postponements by email and by API (some late, some beyond the limits,
 * some without the risk acceptance), CS reviews and cancel requests, and the faults asked for:
 * apply failures and timeouts, failed rollbacks, failed backups, mail throttling through notice
 * runs, duplicate and skipped runs. The same options always give the same scenario (pure-rand's
 * xoroshiro128+), written in the scenario format (schema.ts) and run by the same runner.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { localDateOf, localToInstant, Temporal } from '../../functions/domain/calendar.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import { isIanaTimeZone, WEEKDAYS } from '../../functions/domain/records.ts';

/** The nine zones of issue 15, by the short names `--zones` accepts. */
export const NAMED_ZONES: Readonly<Record<string, string>> = {
  london: 'Europe/London',
  berlin: 'Europe/Berlin',
  'new-york': 'America/New_York',
  'los-angeles': 'America/Los_Angeles',
  'st-johns': 'America/St_Johns',
  sydney: 'Australia/Sydney',
  auckland: 'Pacific/Auckland',
  tokyo: 'Asia/Tokyo',
  kolkata: 'Asia/Kolkata',
};

export const FAULT_KINDS = [
  'apply-fail',
  'apply-timeout',
  'rollback-fail',
  'backup-fail',
  'mail-throttle',
  'duplicate-run',
  'skip-run',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type RandomOptions = {
  seed: number;
  servers: number;
  days: number;
  /** IANA zones; default the nine of NAMED_ZONES. */
  zones?: readonly string[];
  /** Fault kinds; default all of FAULT_KINDS. */
  faults?: readonly FaultKind[];
  /** ISO instant; default 2026-10-01T00:00:00Z (180 days cross both hemispheres' DST, Christmas, Easter). */
  start?: string;
};

export const DEFAULT_START = '2026-10-01T00:00:00Z';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const CS = 'cs.lead@provider.example';
const PLATFORMS = [
  { platform: 'vplat', title: 'vPlat', major: 7, minor: 1 },
  { platform: 'hyperstack', title: 'HyperStack', major: 3, minor: 4 },
] as const;
const IMAGE_NAMES = ['dc01', 'files', 'app', 'db', 'web', 'mail'] as const;
const REASONS = [
  'quarter-end close on our finance systems',
  'a product launch that week',
  'our auditors are on site',
  'the only administrator is on leave',
  'peak trading before the holidays',
];
const RUNS = ['notice', 'cutoff', 'apply', 'backup'] as const;

/** `london`, `St John's`, `new_york` or an IANA name → the IANA zone; a clear error otherwise. */
export function parseZones(list: string): string[] {
  const zones = list
    .split(',')
    .map((z) => z.trim())
    .filter(Boolean)
    .map((z) => {
      const key = z
        .toLowerCase()
        .replace(/['’]/g, '')
        .replace(/[\s_]+/g, '-');
      const zone = NAMED_ZONES[key] ?? (isIanaTimeZone(z) ? z : undefined);
      if (!zone)
        throw new ValidationError(`unknown zone ${z}`, [
          {
            path: '--zones',
            message: `${z} is neither one of ${Object.keys(NAMED_ZONES).join(', ')} nor an IANA time zone`,
          },
        ]);
      return zone;
    });
  if (!zones.length)
    throw new ValidationError('no zone', [{ path: '--zones', message: 'name at least one zone' }]);
  return [...new Set(zones)];
}

/** `all`, `none`, or a comma list of FAULT_KINDS; a clear error for anything else. */
export function parseFaults(list: string): FaultKind[] {
  const words = list
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 1 && words[0] === 'all') return [...FAULT_KINDS];
  if (words.length === 1 && words[0] === 'none') return [];
  const unknown = words.filter((w) => !(FAULT_KINDS as readonly string[]).includes(w));
  if (unknown.length)
    throw new ValidationError(`unknown fault kind ${unknown.join(', ')}`, [
      { path: '--faults', message: `one or more of ${FAULT_KINDS.join(', ')}, or all, or none` },
    ]);
  return [...new Set(words)] as FaultKind[];
}

function check(options: RandomOptions) {
  const issues: { path: string; message: string }[] = [];
  const whole = (v: number, min: number, max: number, path: string) => {
    if (!Number.isInteger(v) || v < min || v > max)
      issues.push({ path, message: `a whole number from ${min} to ${max}` });
  };
  whole(options.seed, 0, 2 ** 31 - 1, '--seed');
  whole(options.servers, 1, 100_000, '--servers');
  whole(options.days, 1, 3660, '--days');
  if (options.start !== undefined && Number.isNaN(Date.parse(options.start)))
    issues.push({ path: '--start', message: 'an ISO 8601 instant such as 2026-10-01T00:00:00Z' });
  if (issues.length) throw new ValidationError('invalid random scenario options', issues);
}

/** The seeded source of every random choice, in one fixed order. */
class Dice {
  readonly #rng: RandomGenerator;
  constructor(seed: number) {
    this.#rng = xoroshiro128plus(seed);
  }
  int(min: number, max: number): number {
    return uniformInt(this.#rng, min, max);
  }
  chance(p: number): boolean {
    return this.int(0, 9_999) < p * 10_000;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
  /** A uniform instant in [from, to) (epoch ms), on a whole minute. */
  between(from: number, to: number): number {
    const minutes = Math.max(1, Math.floor((to - from) / 60_000));
    return from + this.int(0, minutes - 1) * 60_000;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const slug = (zone: string) =>
  (zone.split('/').pop() ?? zone)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

type Customer = {
  id: string;
  name: string;
  timeZone: string;
  contacts: string[];
  maintenanceWindow: { weekday: string; start: string; durationHours: number };
};
type Server = {
  id: string;
  customerId: string;
  platform: string;
  version: string;
  images: { name: string; activeDirectory?: boolean }[];
};
type Release = { at: number; id: string; platform: string; version: string; class: string; title: string };

/** The scenario (schema.ts input) for `options`; the same options always give the same scenario. */
export function randomScenario(options: RandomOptions): Record<string, unknown> {
  check(options);
  const dice = new Dice(options.seed);
  const zones = options.zones?.length ? [...options.zones] : Object.values(NAMED_ZONES);
  const faults = new Set(options.faults ?? FAULT_KINDS);
  const start = Date.parse(options.start ?? DEFAULT_START);
  const end = start + options.days * DAY;

  // Customers: 7–200, every zone covered when there are enough of them.
  const count =
    options.servers <= 7 ? options.servers : Math.min(200, Math.max(7, Math.ceil(options.servers / 4)));
  const zoneOrder = dice.shuffle(zones);
  const customers: Customer[] = Array.from({ length: count }, (_, i) => {
    const timeZone = zoneOrder[i % zoneOrder.length] as string;
    const id = `c${String(i).padStart(3, '0')}-${slug(timeZone)}`.slice(0, 63);
    return {
      id,
      name: `Customer ${String(i).padStart(3, '0')} (${timeZone})`,
      timeZone,
      contacts: [`ops@${id}.example`, ...(dice.chance(0.5) ? [`it@${id}.example`] : [])],
      maintenanceWindow: {
        weekday: dice.pick(WEEKDAYS),
        start: `0${dice.int(0, 5)}:00`,
        durationHours: dice.pick([1, 2, 3, 4, 4, 4, 6]),
      },
    };
  });

  // Servers: one per customer, the rest spread at random; 1–6 images, dc01 sometimes the AD image.
  const owners = [
    ...customers.map((c) => c.id),
    ...Array.from({ length: options.servers - count }, () => dice.pick(customers).id),
  ];
  const servers: Server[] = owners.map((customerId, i) => {
    const p = dice.chance(0.7) ? PLATFORMS[0] : PLATFORMS[1];
    const n = dice.pick([1, 2, 2, 3, 3, 4, 5, 6]);
    const ad = dice.chance(0.45);
    return {
      id: `mi-${i.toString(16).padStart(17, '0')}`,
      customerId,
      platform: p.platform,
      version: `${p.major}.${p.minor}`,
      images: IMAGE_NAMES.slice(0, n).map((name) =>
        name === 'dc01' && ad ? { name, activeDirectory: true } : { name },
      ),
    };
  });
  const byCustomer = new Map(customers.map((c) => [c.id, c]));

  // Releases: per platform in use, an important and an upgrade release every month, urgent ones
  // about every six weeks; versions rise in time order.
  const releases: Release[] = [];
  for (const p of PLATFORMS) {
    if (!servers.some((s) => s.platform === p.platform)) continue;
    const times: { at: number; class: string }[] = [];
    for (let month = start; month < end; month += 30 * DAY) {
      const monthEnd = Math.min(end - DAY, month + 30 * DAY);
      if (monthEnd <= month) break;
      times.push({ at: dice.between(month, monthEnd), class: 'important' });
      times.push({ at: dice.between(month, monthEnd), class: 'upgrade' });
    }
    const urgent = Math.max(1, Math.round(options.days / 45));
    for (let i = 0; i < urgent; i++)
      times.push({
        at: dice.between(start + HOUR, Math.max(start + 2 * HOUR, end - 3 * DAY)),
        class: 'urgent',
      });
    times.sort((a, b) => a.at - b.at);
    times.forEach((t, i) => {
      const version = `${p.major}.${p.minor + i + 1}`;
      releases.push({
        at: t.at,
        id: `${p.platform}-${version}`,
        platform: p.platform,
        version,
        class: t.class,
        title: `${p.title} ${version}`,
      });
    });
  }
  releases.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));

  const actions: { at: number; action: Record<string, unknown> }[] = [];
  const fleetFaults: Record<string, unknown>[] = [];
  for (const r of releases) {
    const platformServers = servers.filter((s) => s.platform === r.platform);
    const subset = r.class === 'urgent' && dice.chance(0.2);
    const targets = subset ? platformServers.filter(() => dice.chance(0.5)).map((s) => s.id) : [];
    actions.push({
      at: r.at,
      action: {
        at: iso(r.at),
        type: 'release',
        release: {
          id: r.id,
          platform: r.platform,
          version: r.version,
          class: r.class,
          title: r.title,
          validatedBy: CS,
          description: `${r.class === 'urgent' ? 'Fixes a critical vulnerability' : 'Fixes and improvements'} in ${r.title}.`,
        },
        ...(targets.length ? { targets } : {}),
      },
    });
    const targeted = targets.length ? platformServers.filter((s) => targets.includes(s.id)) : platformServers;
    const owning = [...new Set(targeted.map((s) => s.customerId))];
    // Customers who ask to move it (by email or API), some late, beyond the limits or without the risk.
    for (const customerId of owning) {
      if (!dice.chance(r.class === 'urgent' ? 0.2 : 0.15)) continue;
      const customer = byCustomer.get(customerId) as Customer;
      const at =
        r.class === 'urgent'
          ? dice.between(r.at + HOUR, r.at + 30 * HOUR)
          : dice.between(r.at + 36 * HOUR, r.at + 12 * DAY);
      const via = dice.chance(0.5) ? 'email' : 'api';
      const newDate =
        r.class !== 'urgent' && dice.chance(0.5)
          ? iso(r.at + dice.int(10, 45) * DAY).slice(0, 10)
          : undefined;
      const own = targeted.filter((s) => s.customerId === customerId);
      const serverId = own.length > 1 && dice.chance(0.3) ? dice.pick(own).id : undefined;
      const stranger = via === 'email' && dice.chance(0.05);
      if (at >= end) continue;
      actions.push({
        at,
        action: {
          at: iso(at),
          type: 'postpone',
          customerId,
          releaseId: r.id,
          ...(serverId ? { serverId } : {}),
          via,
          from: stranger ? 'someone@elsewhere.example' : dice.pick(customer.contacts),
          reason: dice.pick(REASONS),
          acceptRisk: dice.chance(0.9),
          ...(newDate ? { newDate } : {}),
        },
      });
    }
    // The odd customer who asks to skip it (C2.2: refused).
    for (const customerId of owning) {
      if (!dice.chance(0.02)) continue;
      const at = dice.between(r.at + 2 * DAY, r.at + 6 * DAY);
      if (at < end)
        actions.push({
          at,
          action: {
            at: iso(at),
            type: 'cancel',
            customerId,
            releaseId: r.id,
            via: dice.chance(0.5) ? 'email' : 'api',
          },
        });
    }
    // CS decides the reviews of scheduled work a few days after the requests.
    if (r.class !== 'urgent') {
      const at = dice.between(r.at + 9 * DAY, r.at + 14 * DAY);
      if (at < end)
        actions.push({
          at,
          action: {
            at: iso(at),
            type: 'review',
            decision: dice.chance(0.7) ? 'approve' : 'refuse',
            by: CS,
            releaseId: r.id,
          },
        });
    }
    // Faults tied to the release, armed when it is registered.
    for (const s of targeted) {
      if (faults.has('apply-fail') && dice.chance(0.02))
        fleetFaults.push({ serverId: s.id, releaseId: r.id, on: 'apply', outcome: 'fail' });
      else if (faults.has('apply-timeout') && dice.chance(0.01))
        fleetFaults.push({ serverId: s.id, releaseId: r.id, on: 'apply', outcome: 'timeout' });
      if (faults.has('backup-fail') && dice.chance(0.03))
        fleetFaults.push({
          serverId: s.id,
          releaseId: r.id,
          on: 'backup',
          outcome: dice.chance(0.5) ? 'fail' : 'timeout',
        });
    }
  }
  if (faults.has('rollback-fail')) {
    const scheduled = releases.filter((r) => r.class !== 'urgent');
    const n = Math.max(1, Math.round(options.servers / 100));
    for (const s of dice.shuffle(servers).slice(0, n)) {
      const mine = scheduled.filter((r) => r.platform === s.platform);
      if (mine.length)
        fleetFaults.push({
          serverId: s.id,
          releaseId: dice.pick(mine).id,
          on: 'apply',
          outcome: 'rollback-fails',
        });
    }
  }

  const otherFaults: Record<string, unknown>[] = [];
  const usedZones = [...new Set(customers.map((c) => c.timeZone))];
  if (faults.has('mail-throttle')) {
    // Through a zone's 12:00 notice run: one to a few hours, now and then through the next day's too.
    const n = Math.max(1, Math.round(options.days / 30));
    for (let i = 0; i < n; i++) {
      const zone = dice.pick(usedZones);
      const day = dice.between(start + DAY, Math.max(start + 2 * DAY, end - 2 * DAY));
      const noon = localNoon(day, zone);
      const from = noon - dice.int(10, 60) * 60_000;
      const to = noon + (dice.chance(0.25) ? 26 : dice.int(1, 4)) * HOUR;
      otherFaults.push({ service: 'ses', mode: 'throttle', from: iso(from), to: iso(Math.min(to, end)) });
    }
  }
  for (const kind of ['duplicate-run', 'skip-run'] as const) {
    if (!faults.has(kind)) continue;
    const n = Math.max(1, Math.round(options.days / 20));
    for (let i = 0; i < n; i++) {
      const at = iso(dice.between(start, end - DAY));
      const run = dice.pick(RUNS);
      const timeZone = dice.pick(usedZones);
      otherFaults.push(
        kind === 'duplicate-run' ? { duplicateRun: run, at, timeZone } : { skipRun: run, at, timeZone },
      );
    }
  }

  const zoneList = usedZones.join(', ');
  return {
    name: `random seed ${options.seed}: ${options.servers} servers, ${options.days} days`,
    description: `Generated by npm run simulate -- --random --seed ${options.seed} --servers ${options.servers} --days ${options.days}: ${customers.length} customers in ${zoneList}; ${releases.length} releases; faults: ${[...faults].join(', ') || 'none'}.`,
    start: iso(start),
    end: iso(end),
    customers,
    servers,
    actions: actions.sort((a, b) => a.at - b.at).map((a) => a.action),
    faults: [...fleetFaults, ...otherFaults],
  };
}

/** 12:00 local in `zone` on the local date of `ms`. */
const localNoon = (ms: number, zone: string): number =>
  localToInstant(localDateOf(Temporal.Instant.fromEpochMilliseconds(ms), zone), '12:00', zone)
    .epochMilliseconds;
