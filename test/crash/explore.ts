/**
 * The crash exploration of one scenario (DESIGN.md "How it is tested"): its clean delivery counts
 * the AWS requests; then, for every request k, a crash before and after k, Lambda's retry (the same
 * request id, one minute later), a delivery after the claim's deadline (+16 minutes, another
 * request id) and one more (+17); separately, two deliveries at once. Each end state is compared
 * with the clean one (the clean delivery followed by the same redeliveries, which must change
 * nothing).
 */
import type { Item } from '../../functions/adapters/dynamodb/item-codec.ts';
import { toInstant } from '../../functions/domain/calendar.ts';
import type { Holder } from '../../functions/domain/claims.ts';
import type { Server } from '../../functions/domain/records.ts';
import type { FleetSimulator } from '../../local/fleet-simulator/index.ts';
import { differences, type EndState, endState } from './end-state.ts';
import { CrashError, type CrashPoint } from './injector.ts';
import type { Scenario } from './scenarios.ts';
import { createWorld, type Services, tableItems, type World } from './world.ts';

const SEED_START = toInstant('2026-11-01T00:00:00Z');
const MINUTE = 60_000;

export type Violation = { point: string; differences: string[] };

export type Row = {
  run: string;
  requests: number;
  /** Crash points tried (before and after each request), plus the concurrent delivery. */
  tried: number;
  violations: Violation[];
  /** Alerts published twice (a crash between SNS Publish and its record: at least once, by design). */
  repeatedAlerts: number;
};

type Seeded = { input: unknown; items: Item[]; fleet?: FleetSimulator; seedWorld: World };

async function seedScenario(services: Services, scenario: Scenario): Promise<Seeded> {
  await services.ses.clear();
  services.sesEvents.log.clear();
  const seedWorld = await createWorld(services, { start: SEED_START });
  const input = await scenario.seed(seedWorld, services.ses);
  const items = await tableItems(seedWorld);
  return { input, items, seedWorld, ...(scenario.sharedFleet ? { fleet: seedWorld.fleet } : {}) };
}

const holder = (world: World, id: string): Holder => ({ id, until: world.clock.now().add({ minutes: 15 }) });

/** A delivery that may crash; any other error is a finding. */
async function attempt(world: World, scenario: Scenario, seeded: Seeded, who: Holder, errors: string[]) {
  try {
    await scenario.deliver(world, seeded.input, who);
  } catch (error) {
    if (error instanceof CrashError || world.injector.crashed) return;
    errors.push(`${who.id} failed: ${(error as Error).name}: ${(error as Error).message}`);
  }
}

async function newWorld(services: Services, scenario: Scenario, seeded: Seeded): Promise<World> {
  await services.ses.clear();
  services.sesEvents.log.clear();
  const world = await createWorld(services, {
    start: toInstant(scenario.at),
    items: seeded.items,
    ...(seeded.fleet ? { fleet: seeded.fleet } : {}),
  });
  if (!seeded.fleet) {
    for (const item of seeded.items.filter((i) => i.entity === 'server')) {
      const server = item.record as Server;
      world.fleet.fleet.addServer({ instanceId: server.id, version: server.version, images: server.images });
    }
  }
  return world;
}

/** The delivery (crashing at `point`, if any), then Lambda's retry and two later redeliveries. */
async function play(
  services: Services,
  scenario: Scenario,
  seeded: Seeded,
  point?: CrashPoint,
): Promise<{ state: EndState; requests: number; errors: string[] }> {
  const world = await newWorld(services, scenario, seeded);
  const errors: string[] = [];
  try {
    const start = world.clock.now();
    const first = holder(world, 'invocation-1');
    world.injector.start(point);
    await attempt(world, scenario, seeded, first, errors);
    const requests = world.injector.total;
    world.injector.start();
    world.clock.set(start.add({ milliseconds: MINUTE }));
    await attempt(
      world,
      scenario,
      seeded,
      { id: first.id, until: world.clock.now().add({ minutes: 15 }) },
      errors,
    );
    world.clock.set(start.add({ milliseconds: 16 * MINUTE }));
    await attempt(world, scenario, seeded, holder(world, 'invocation-2'), errors);
    world.clock.set(start.add({ milliseconds: 17 * MINUTE }));
    await attempt(world, scenario, seeded, holder(world, 'invocation-3'), errors);
    return { state: await endState(world, services.ses, services.sesEvents.log), requests, errors };
  } finally {
    await world.close();
  }
}

/** Two deliveries at once (two request ids), then nothing else. */
async function playTwice(services: Services, scenario: Scenario, seeded: Seeded) {
  const world = await newWorld(services, scenario, seeded);
  const errors: string[] = [];
  try {
    world.injector.start();
    await Promise.all([
      attempt(world, scenario, seeded, holder(world, 'invocation-a'), errors),
      attempt(world, scenario, seeded, holder(world, 'invocation-b'), errors),
    ]);
    return { state: await endState(world, services.ses, services.sesEvents.log), errors };
  } finally {
    await world.close();
  }
}

export type ExploreOptions = {
  /** Which crash points to try (all by default): the fast sample picks a few. */
  pick?: (point: CrashPoint, total: number) => boolean;
};

export async function explore(
  services: Services,
  scenario: Scenario,
  options: ExploreOptions = {},
): Promise<Row> {
  const seeded = await seedScenario(services, scenario);
  try {
    const clean = await play(services, scenario, seeded);
    const violations: Violation[] = [];
    const judge = (point: string, state: EndState, errors: string[]) => {
      const found = [...errors, ...differences(clean.state, state)];
      if (found.length) violations.push({ point, differences: found });
    };
    if (clean.errors.length || clean.state.problems.length) {
      violations.push({ point: 'clean run', differences: [...clean.errors, ...clean.state.problems] });
    }
    let tried = 0;
    let repeatedAlerts = 0;
    for (let k = 1; k <= clean.requests; k += 1) {
      for (const when of ['before', 'after'] as const) {
        const point = { k, when };
        if (options.pick && !options.pick(point, clean.requests)) continue;
        tried += 1;
        const got = await play(services, scenario, seeded, point);
        repeatedAlerts += got.state.repeatedAlerts;
        judge(`crash ${when} request ${k}`, got.state, got.errors);
      }
    }
    tried += 1;
    const twice = await playTwice(services, scenario, seeded);
    judge('delivered twice at once', twice.state, twice.errors);
    return { run: scenario.name, requests: clean.requests, tried, violations, repeatedAlerts };
  } finally {
    await seeded.seedWorld.close();
  }
}

/** The table the suite prints and the README shows. */
export function table(rows: Row[]): string {
  const lines = [
    '| run | requests | crash points tried | violations | alerts repeated (at least once) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| ${r.run} | ${r.requests} | ${r.tried} | ${r.violations.length} | ${r.repeatedAlerts} |`,
    ),
  ];
  const total = rows.reduce((sum, r) => sum + r.tried, 0);
  const bad = rows.reduce((sum, r) => sum + r.violations.length, 0);
  lines.push(
    `| **all** | ${rows.reduce((s, r) => s + r.requests, 0)} | ${total} | ${bad} | ${rows.reduce((s, r) => s + r.repeatedAlerts, 0)} |`,
  );
  return lines.join('\n');
}
