/**
 * Runs a worked scenario (scenarios/*.json) through the whole local stack on a virtual clock, on
 * the DynamoDB Local of the global setup and a local SES shared by the file, and checks its
 * `expect` against the timeline and the compliance report.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inject } from 'vitest';
import { checkExpectation } from '../../local/scenario/expectation.ts';
import { loadScenario, parseScenario } from '../../local/scenario/load.ts';
import { type RandomOptions, randomScenario } from '../../local/scenario/random-scenario.ts';
import type { RequestRates, ScenarioResult } from '../../local/scenario/runner.ts';
import type { Scenario } from '../../local/scenario/schema.ts';
import { simulateScenario } from '../../local/scenario/simulate.ts';
import type { LocalService } from '../../local/services/dynamodb-local.ts';
import { startSesLocal } from '../../local/services/ses-local.ts';

export const SCENARIO_DIR = join(import.meta.dirname, '..', '..', 'scenarios');

export const allScenarioFiles = (): string[] =>
  readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();

export type ScenarioOutcome = {
  result: ScenarioResult & { requestRates: RequestRates };
  failures: string[];
  errors: string[];
};

export async function startSharedSes(): Promise<LocalService> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  return startSesLocal();
}

export async function runWorkedScenario(
  file: string,
  ses: LocalService,
  outRoot: string,
  options: { shardServers?: number } = {},
): Promise<ScenarioOutcome> {
  const scenario = await loadScenario(join(SCENARIO_DIR, file));
  const name = basename(file, '.json');
  const result = await simulateScenario(scenario, name, {
    out: join(outRoot, name),
    endpoints: { dynamodb: inject('dynamoEndpoint'), ses: ses.endpoint },
    ...options,
  });
  const failures = scenario.expect ? checkExpectation(scenario.expect, result.timeline, result.report) : [];
  const errors = result.log.filter((l) => l.error).map((l) => `${l.at} ${l.what}: ${l.error}`);
  return { result, failures, errors };
}

/** A seeded random scenario (local/scenario/random-scenario.ts), run like a worked one. */
export async function runRandomSeed(
  options: RandomOptions,
  ses: LocalService,
  outRoot: string,
): Promise<ScenarioOutcome & { scenario: Scenario }> {
  const name = `random-seed-${options.seed}`;
  const scenario = parseScenario(randomScenario(options), name);
  const result = await simulateScenario(scenario, name, {
    out: join(outRoot, name),
    endpoints: { dynamodb: inject('dynamoEndpoint'), ses: ses.endpoint },
  });
  const errors = result.log.filter((l) => l.error).map((l) => `${l.at} ${l.what}: ${l.error}`);
  return { scenario, result, failures: [], errors };
}
