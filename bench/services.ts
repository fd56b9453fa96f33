/**
 * The bench's local world: DynamoDB Local and the local SES server, started once for all sizes,
 * and per size a fleet simulator (instant mode) and metered SDK clients, all on loopback. Every
 * size gets its own table, so the sizes do not see each other's records.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { toInstant } from '../functions/domain/calendar.ts';
import {
  type FleetSimulator,
  type InvocationStatusChangeEvent,
  startFleetSimulator,
} from '../local/fleet-simulator/index.ts';
import { type LocalService, startDynamoDbLocal } from '../local/services/dynamodb-local.ts';
import { type SesEventLog, startSesEvents } from '../local/services/ses-events.ts';
import { startSesLocal } from '../local/services/ses-local.ts';
import { VirtualClock } from '../local/virtual-clock.ts';
import { type Counts, emptyCounts, meterDynamo, meterRequests } from './meter.ts';

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const REGION = 'eu-west-2';

export type BenchWorld = {
  services: BenchServices;
  clock: VirtualClock;
  dynamo: DynamoDBClient;
  ses: SESv2Client;
  ssm: SSMClient;
  counts: { dynamo: Counts; ses: Counts; ssm: Counts };
  simulator: FleetSimulator;
  /** Status events the simulator emitted, in order, waiting for the apply-result handler. */
  events: InvocationStatusChangeEvent[];
  sesEndpoint: string;
  /** What the local SES accepted, by attempt (the MailTracker's source, local/services/ses-events.ts). */
  mailEvents: SesEventLog;
  stop(): Promise<void>;
};

/** CPU time used so far, ms: this process (the handlers, SDK clients, fleet simulator) and each service. */
export type CpuTimes = { bench: number; dynamoLocal: number; ses: number };

/** The services every size shares: DynamoDB Local (each size its own table) and the local SES server. */
export type BenchServices = {
  dynamoEndpoint: string;
  sesEndpoint: string;
  cpu(): CpuTimes;
  stop(): Promise<void>;
};

/** Linux's user + system time of a process, from /proc (0 elsewhere, or once it has exited). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS || 0;
  } catch {
    return 0;
  }
}
/** USER_HZ is 100 on every Linux build Node supports. */
const CLOCK_TICK_MS = 10;

/**
 * Started once for the whole bench: one JVM, so the second size does not pay DynamoDB Local's
 * start and JIT warm-up again (a deployed table has neither).
 */
export async function startServices(): Promise<BenchServices> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const services: LocalService[] = [];
  const stop = async () => {
    for (const s of services.reverse()) await s.stop();
  };
  try {
    const dynamoLocal = await startDynamoDbLocal();
    services.push(dynamoLocal);
    const sesLocal = await startSesLocal();
    services.push(sesLocal);
    return {
      dynamoEndpoint: dynamoLocal.endpoint,
      sesEndpoint: sesLocal.endpoint,
      cpu: () => {
        const own = process.cpuUsage();
        return {
          bench: (own.user + own.system) / 1000,
          dynamoLocal: processCpuMs(dynamoLocal.pid),
          ses: processCpuMs(sesLocal.pid),
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One size's world: its own clock, fleet simulator and metered clients on the shared services. */
export async function startWorld(services: BenchServices, start: string): Promise<BenchWorld> {
  const clock = new VirtualClock(toInstant(start));
  const events: InvocationStatusChangeEvent[] = [];
  const simulator = await startFleetSimulator({
    clock,
    mode: 'instant',
    onEvent: (e) => void events.push(e),
  });
  const counts = { dynamo: emptyCounts(), ses: emptyCounts(), ssm: emptyCounts() };
  const common = { region: REGION, credentials: CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: services.dynamoEndpoint });
  // maxAttempts 1 as in functions/runtime/wiring/: the SES mailer's backoff is the only retry loop.
  // SES event publishing, played locally (local/services/ses-events.ts): the MailTracker reads it.
  const sesEvents = await startSesEvents(services.sesEndpoint);
  const ses = new SESv2Client({ ...common, endpoint: sesEvents.endpoint, maxAttempts: 1 });
  const ssm = new SSMClient({ ...common, endpoint: simulator.url });
  meterDynamo(dynamo, counts.dynamo);
  meterRequests(ses, counts.ses);
  meterRequests(ssm, counts.ssm);
  return {
    services,
    clock,
    dynamo,
    ses,
    ssm,
    counts,
    simulator,
    events,
    sesEndpoint: services.sesEndpoint,
    mailEvents: sesEvents.log,
    stop: async () => {
      dynamo.destroy();
      ses.destroy();
      ssm.destroy();
      await simulator.stop();
      await sesEvents.stop();
    },
  };
}
