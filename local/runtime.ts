/**
 * The local runtime, assembled: DynamoDB Local and the local SES (started here, or given as
 * endpoints), the fleet simulator on the virtual clock, the event router from the fleet to the
 * apply-result use case, and the service wired to all of them. `stop()` stops what it started.
 */
import { randomUUID } from 'node:crypto';
import type { Instant } from '../functions/domain/calendar.ts';
import type { ContractConfig } from '../functions/domain/config.ts';
import { createEventRouter, type EventRouter } from './event-router.ts';
import type { MailFaultWindow } from './faulty-mailer.ts';
import { type FleetSimulator, startFleetSimulator } from './fleet-simulator/index.ts';
import { type RaisedAlert, RecordingAlerter } from './recording-alerter.ts';
import type { LocalRuntime } from './scenario/runner.ts';
import { createLocalService, type LocalService } from './service-wiring.ts';
import { type LocalService as RunningService, startDynamoDbLocal } from './services/dynamodb-local.ts';
import { choosePort } from './services/ports.ts';
import { startSesEvents } from './services/ses-events.ts';
import { SesLocalStore, startSesLocal } from './services/ses-local.ts';
import { VirtualClock } from './virtual-clock.ts';

export type RuntimeOptions = {
  start: Instant;
  cfg: ContractConfig;
  mailFaults?: MailFaultWindow[];
  /** Reuse running services instead of starting them (tests share one DynamoDB Local). */
  endpoints?: { dynamodb?: string; ses?: string };
  /** The DynamoDB Local started here keeps its table in this directory, not in memory. */
  dynamodbPath?: string;
  ports?: { dynamodb?: number; ses?: number; fleet?: number; api?: number };
  /** A fresh table per run by default, so runs never see each other's records. */
  tableName?: string;
  /** The fleet's steps take simulated minutes (`virtual`) or no time (`instant`). */
  fleetMode?: 'virtual' | 'instant';
  /** Fan the runs out in shards of at most this many servers (local/shard-queue.ts). */
  shardServers?: number;
  onAlert?: (alert: RaisedAlert) => void;
  onRouterError?: (error: unknown) => void;
};

export type StartedRuntime = LocalRuntime & {
  service: LocalService;
  router: EventRouter;
  endpoints: { dynamodb: string; ses: string; ssm: string; api: string };
  /** Where the DynamoDB Local started here accepts connections (loopback, or every interface). */
  dynamodbListensOn?: string;
  tableName: string;
  stop(): Promise<void>;
};

export async function startLocalRuntime(options: RuntimeOptions): Promise<StartedRuntime> {
  const started: RunningService[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.reverse().map((s) => s.stop()));
  };
  try {
    const launch = async (service: RunningService): Promise<string> => {
      started.push(service);
      return service.endpoint;
    };
    let dynamodbListensOn: string | undefined;
    const dynamodb: string =
      options.endpoints?.dynamodb ??
      (await launch(
        await startDynamoDbLocal({
          port: options.ports?.dynamodb,
          ...(options.dynamodbPath ? { dbPath: options.dynamodbPath } : {}),
        }).then((d) => {
          dynamodbListensOn = d.listensOn;
          return d;
        }),
      ));
    const ses: string =
      options.endpoints?.ses ?? (await launch(await startSesLocal({ port: options.ports?.ses })));
    // SES event publishing, played locally: the service sends through it (DESIGN.md rule 4).
    const sesEvents = await startSesEvents(ses);
    started.push({ name: 'SES events', endpoint: sesEvents.endpoint, port: 0, stop: sesEvents.stop });
    // Checked first, so a port in use gets a clear message naming the option that changes it.
    const fleetPort = options.ports?.fleet
      ? await choosePort('the fleet simulator', options.ports.fleet, '--fleet-port')
      : 0;
    const apiPort = options.ports?.api
      ? await choosePort('the local API', options.ports.api, '--api-port')
      : 0;
    const clock = new VirtualClock(options.start);
    const alerter = new RecordingAlerter(clock, options.onAlert);
    let router: EventRouter | undefined;
    const fleet: FleetSimulator = await startFleetSimulator({
      clock,
      mode: options.fleetMode ?? 'virtual',
      port: fleetPort,
      onEvent: (event) => router?.deliver(event),
    });
    started.push({ name: 'fleet simulator', endpoint: fleet.url, port: 0, stop: fleet.stop });
    const tableName = options.tableName ?? `patch-promise-local-${randomUUID().slice(0, 8)}`;
    const service = await createLocalService({
      clock,
      cfg: options.cfg,
      alerter,
      endpoints: { dynamodb, ses: sesEvents.endpoint, ssm: fleet.url },
      mailEvents: sesEvents.log,
      tableName,
      ...(options.mailFaults ? { mailFaults: options.mailFaults } : {}),
      ...(apiPort ? { apiPort } : {}),
      ...(options.shardServers ? { shardServers: options.shardServers } : {}),
    });
    started.push({ name: 'API', endpoint: service.api.url, port: 0, stop: service.close });
    router = createEventRouter({
      service,
      clock,
      ...(options.onRouterError ? { onError: options.onRouterError } : {}),
    });
    return {
      clock,
      service,
      fleet,
      mail: new SesLocalStore(ses),
      alerter,
      cfg: options.cfg,
      router,
      endpoints: { dynamodb, ses, ssm: fleet.url, api: service.api.url },
      ...(dynamodbListensOn ? { dynamodbListensOn } : {}),
      tableName,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
