/**
 * One simulation, start to end: validate the scenario, start the local runtime on its virtual
 * clock, run it, write timeline.jsonl, report.json and report.html (and run-log.json when an
 * action or run raised an error), stop everything.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Instant } from '../../functions/domain/calendar.ts';
import { toInstant } from '../../functions/domain/calendar.ts';
import { loadConfig } from '../../functions/domain/config.ts';
import { startLocalRuntime } from '../runtime.ts';
import { loadScenario } from './load.ts';
import { writeReport } from './report.ts';
import {
  type RequestRates,
  type RunLogEntry,
  requestRates,
  runScenario,
  type ScenarioResult,
} from './runner.ts';
import type { MailFault, Scenario } from './schema.ts';
import { writeTimeline } from './timeline.ts';

export type SimulateOptions = {
  out: string;
  endpoints?: { dynamodb?: string; ses?: string };
  /** Start DynamoDB Local on disk in this directory (its memory then stays flat; issue 15). */
  dynamodbPath?: string;
  onProgress?: (fraction: number, at: Instant) => void;
  onLog?: (entry: RunLogEntry) => void;
  /** Fan the runs out in shards of at most this many servers (runs/fan-out.ts). */
  shardServers?: number;
};

export const mailFaultsOf = (scenario: Scenario) =>
  scenario.faults
    .filter((f): f is MailFault => 'service' in f)
    .map((f) => ({ mode: f.mode, from: toInstant(f.from), to: toInstant(f.to) }));

export async function simulateScenario(
  scenario: Scenario,
  name: string,
  options: SimulateOptions,
): Promise<ScenarioResult & { requestRates: RequestRates; files: string[] }> {
  const cfg = loadConfig(scenario.config ?? {});
  const runtime = await startLocalRuntime({
    start: toInstant(scenario.start),
    cfg,
    mailFaults: mailFaultsOf(scenario),
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    ...(options.dynamodbPath ? { dynamodbPath: options.dynamodbPath } : {}),
    ...(options.shardServers ? { shardServers: options.shardServers } : {}),
  });
  try {
    const result = await runScenario(scenario, runtime, {
      name,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    await mkdir(options.out, { recursive: true });
    const files = [
      join(options.out, 'timeline.jsonl'),
      join(options.out, 'report.json'),
      join(options.out, 'report.html'),
    ];
    await writeTimeline(files[0] as string, result.timeline);
    await writeReport(options.out, result.report, result.timeline);
    const errors = result.log.filter((l) => l.error);
    const rates = requestRates(result.agendaCost, scenario);
    const routerErrors = runtime.router.failures.map((f) => ({
      at: f.event.time,
      what: `apply-result for ${f.event.detail['command-id']} on ${f.event.detail['instance-id']}`,
      error: f.error instanceof Error ? `${f.error.name}: ${f.error.message}` : String(f.error),
    }));
    await writeFile(
      join(options.out, 'run-log.json'),
      `${JSON.stringify({ actions: result.log, errors: [...errors, ...routerErrors], agendaCost: result.agendaCost, requestRates: rates }, null, 2)}\n`,
    );
    files.push(join(options.out, 'run-log.json'));
    return { ...result, requestRates: rates, files };
  } finally {
    await runtime.stop();
  }
}

export async function simulateFile(path: string, options: SimulateOptions) {
  const scenario = await loadScenario(path);
  return simulateScenario(scenario, scenario.name ?? basename(path, '.json'), options);
}
