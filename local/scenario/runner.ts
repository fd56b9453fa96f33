/**
 * Runs a scenario on the virtual clock, as fast as the local services allow: seeds the directory
 * and the simulated fleet, then walks the agenda (scheduler ticks and scenario actions in time
 * order); before each item the fleet simulator advances to its instant, so command results reach
 * the apply-result function at the virtual time they happened. Then it reads the timeline back
 * from the service's own records and builds the compliance report.
 */
import type { Instant } from '../../functions/domain/calendar.ts';
import { toInstant, toIso } from '../../functions/domain/calendar.ts';
import type { ContractConfig } from '../../functions/domain/config.ts';
import { Customer, Server } from '../../functions/domain/records.ts';
import type { FaultKind, FleetSimulator } from '../fleet-simulator/index.ts';
import type { RecordingAlerter } from '../recording-alerter.ts';
import { LocalScheduler, type RunFault, tickInput } from '../scheduler.ts';
import type { LocalServiceApi } from '../service-api.ts';
import type { SesLocalStore } from '../services/ses-local.ts';
import type { VirtualClock } from '../virtual-clock.ts';
import { playAction } from './actions.ts';
import { agenda } from './agenda.ts';
import { buildReport, type ComplianceReport } from './report.ts';
import type { FleetFault, Scenario } from './schema.ts';
import type { TimelineEvent } from './timeline.ts';
import { collectTimeline } from './timeline-collector.ts';

export type LocalRuntime = {
  clock: VirtualClock;
  service: LocalServiceApi;
  fleet: FleetSimulator;
  mail: SesLocalStore;
  alerter: RecordingAlerter;
  cfg: ContractConfig;
};

export type RunLogEntry = { at: string; what: string; note?: string; error?: string };

export type ScenarioResult = {
  timeline: TimelineEvent[];
  report: ComplianceReport;
  /** What each action did, and every error a run or action raised (the run goes on, as in AWS). */
  log: RunLogEntry[];
  /** Wall-clock milliseconds of each phase: playing the agenda, reading the timeline, the report. */
  timings: { simulateMs: number; timelineMs: number; reportMs: number };
  /**
   * Where playing the agenda spent its time (the scale runs' profile, bench/RESULTS.md): per
   * scheduled run kind, per action type, and the fleet simulator advancing between items.
   */
  agendaCost: AgendaCost;
};

/**
 * Per agenda item kind (`run notice`, `action release`, `fleet`): how many, their wall-clock
 * milliseconds, and the DynamoDB requests they sent.
 */
export type AgendaCost = Record<string, { count: number; ms: number; dynamodb: number }>;

/**
 * The DynamoDB requests of a whole simulation, per simulated day, server-day and zone-day (issue
 * 15): deterministic for a scenario, unlike its wall time, so a bench can hold them to a number;
 * and the wall time per request, which is DynamoDB Local's round trip on this machine.
 */
export type RequestRates = {
  dynamodb: number;
  perDay: number;
  perServerDay: number;
  perZoneDay: number;
  msPerRequest: number;
};

const DAY_MS = 86_400_000;

export function requestRates(
  cost: AgendaCost,
  scenario: {
    start: string;
    end: string;
    servers: readonly unknown[];
    customers: readonly { timeZone: string }[];
  },
): RequestRates {
  const items = Object.values(cost);
  const dynamodb = items.reduce((n, c) => n + c.dynamodb, 0);
  const ms = items.reduce((n, c) => n + c.ms, 0);
  const days = (Date.parse(scenario.end) - Date.parse(scenario.start)) / DAY_MS;
  const zones = new Set(scenario.customers.map((c) => c.timeZone)).size;
  const per = (n: number) => (n > 0 ? dynamodb / n : 0);
  return {
    dynamodb,
    perDay: per(days),
    perServerDay: per(days * scenario.servers.length),
    perZoneDay: per(days * zones),
    msPerRequest: dynamodb > 0 ? ms / dynamodb : 0,
  };
}

type Mark = { at: number; dynamodb: number };

function charge(cost: AgendaCost, kind: string, since: Mark, requests: { dynamodb: number }): Mark {
  const now = { at: performance.now(), dynamodb: requests.dynamodb };
  const entry = cost[kind] ?? { count: 0, ms: 0, dynamodb: 0 };
  cost[kind] = entry;
  entry.count += 1;
  entry.ms += now.at - since.at;
  entry.dynamodb += now.dynamodb - since.dynamodb;
  return now;
}

export type RunOptions = {
  name?: string;
  /** Called after every agenda item with the fraction of the period done and the virtual time. */
  onProgress?: (fraction: number, at: Instant) => void;
  onLog?: (entry: RunLogEntry) => void;
  /**
   * Called before each agenda item; resolves when the item may run. `npm start` waits here for
   * its accelerated clock (advancing the fleet meanwhile); the simulator does not wait at all.
   */
  pace?: (at: Instant) => Promise<void>;
  /** Stop early (Ctrl-C in `npm start`). */
  signal?: AbortSignal;
};

/** The simulated fleet's fault for a scenario fault (C6.2 fail, C6.3 rollback-fails, C9.4 backup fail). */
export function fleetFaultKind(fault: FleetFault): FaultKind {
  if (fault.on === 'backup')
    return fault.outcome === 'timeout' ? 'backup-cloud-copy-fails' : 'backup-local-copy-fails';
  if (fault.outcome === 'timeout') return 'apply-times-out';
  return fault.outcome === 'rollback-fails' ? 'rollback-fails' : 'apply-fails';
}

export function runFaults(scenario: Scenario): RunFault[] {
  return scenario.faults.flatMap((f): RunFault[] => {
    if ('duplicateRun' in f) {
      return [
        {
          kind: 'duplicate',
          run: f.duplicateRun,
          at: toInstant(f.at),
          ...(f.timeZone ? { timeZone: f.timeZone } : {}),
        },
      ];
    }
    if ('skipRun' in f) {
      return [
        {
          kind: 'skip',
          run: f.skipRun,
          at: toInstant(f.at),
          ...(f.timeZone ? { timeZone: f.timeZone } : {}),
        },
      ];
    }
    return [];
  });
}

const message = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export async function runScenario(
  scenario: Scenario,
  rt: LocalRuntime,
  options: RunOptions = {},
): Promise<ScenarioResult> {
  const from = toInstant(scenario.start);
  const to = toInstant(scenario.end);
  const log: RunLogEntry[] = [];
  const note = (entry: RunLogEntry) => {
    log.push(entry);
    options.onLog?.(entry);
  };
  rt.clock.moveTo(from);
  const started = performance.now();

  for (const c of scenario.customers) await rt.service.addCustomer(Customer.parse(c));
  for (const s of scenario.servers) {
    await rt.service.addServer(Server.parse(s));
    rt.fleet.fleet.addServer({ instanceId: s.id, version: s.version, images: s.images });
  }
  const fleetFaults = scenario.faults.filter((f): f is FleetFault => 'serverId' in f);
  for (const f of fleetFaults.filter((x) => !x.releaseId))
    rt.fleet.fleet.setFault(f.serverId, fleetFaultKind(f), f.times ?? 1);

  const zones = scenario.customers.map((c) => c.timeZone);
  const scheduler = new LocalScheduler(rt.cfg, zones, runFaults(scenario));
  const span = Math.max(1, to.epochMilliseconds - from.epochMilliseconds);
  const agendaCost: AgendaCost = {};

  for (const item of agenda({ actions: scenario.actions, scheduler, from, to })) {
    if (options.signal?.aborted) break;
    await options.pace?.(item.at);
    if (options.signal?.aborted) break;
    const advancing = { at: performance.now(), dynamodb: rt.service.requests.dynamodb };
    await rt.fleet.advanceTo(item.at);
    const begun = charge(agendaCost, 'fleet', advancing, rt.service.requests);
    rt.clock.moveTo(item.at);
    const at = toIso(item.at);
    if (item.tick) {
      const what = `${item.tick.run} run (${item.tick.timeZone})${item.tick.delivery > 1 ? ', delivered again' : ''}`;
      try {
        await rt.service.runScheduled(tickInput(item.tick));
      } catch (error) {
        note({ at, what, error: message(error) });
      }
      charge(agendaCost, `run ${item.tick.run}`, begun, rt.service.requests);
    } else {
      const what = `action ${item.action.type}`;
      try {
        const action = item.action;
        if (action.type === 'release') {
          // A fault tied to a release is armed when the release is registered (its next application).
          for (const f of fleetFaults.filter((x) => x.releaseId === action.release.id)) {
            rt.fleet.fleet.setFault(f.serverId, fleetFaultKind(f), f.times ?? 1);
          }
        }
        const outcome = await playAction(
          { service: rt.service, mail: rt.mail, store: rt.service.store },
          action,
          item.at,
        );
        note({ at, what, note: outcome.note });
      } catch (error) {
        note({ at, what, error: message(error) });
      }
      charge(agendaCost, what, begun, rt.service.requests);
    }
    options.onProgress?.((item.at.epochMilliseconds - from.epochMilliseconds) / span, item.at);
  }
  if (!options.signal?.aborted) {
    await rt.fleet.advanceTo(to);
    rt.clock.moveTo(to);
    options.onProgress?.(1, to);
  }

  const played = performance.now();
  const timeline = await collectTimeline({
    store: rt.service.store,
    emails: await rt.mail.list(),
    alerts: rt.alerter.raised,
    from,
    to,
  });
  const collected = performance.now();
  const report = await buildReport({
    ...(options.name ? { scenario: options.name } : {}),
    deps: { store: rt.service.store, clock: rt.clock, cfg: rt.cfg },
    customerIds: scenario.customers.map((c) => c.id),
    timeline,
    from,
    to,
  });
  const reported = performance.now();
  return {
    timeline,
    report,
    log,
    timings: {
      simulateMs: Math.round(played - started),
      timelineMs: Math.round(collected - played),
      reportMs: Math.round(reported - collected),
    },
    agendaCost,
  };
}
