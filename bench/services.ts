/**
 * The bench's local world, started once: DynamoDB Local, the local SES server and the fleet
 * simulator (instant mode), all on loopback, with metered SDK clients pointed at them. Every size
 * gets its own table, so the sizes do not see each other's records.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SSMClient } from '@aws-sdk/client-ssm';
import { toInstant } from '../functions/domain/calendar.ts';
import {
  type FleetSimulator,
  type InvocationStatusChangeEvent,
  startFleetSimulator,
} from '../local/fleet-simulator/index.ts';
import { type LocalService, startDynamoDbLocal } from '../local/services/dynamodb-local.ts';
import { startSesLocal } from '../local/services/ses-local.ts';
import { VirtualClock } from '../local/virtual-clock.ts';
import { type Counts, emptyCounts, meterDynamo, meterRequests } from './meter.ts';

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const REGION = 'eu-west-2';

export type BenchWorld = {
  clock: VirtualClock;
  dynamo: DynamoDBClient;
  ses: SESClient;
  ssm: SSMClient;
  counts: { dynamo: Counts; ses: Counts; ssm: Counts };
  simulator: FleetSimulator;
  /** Status events the simulator emitted, in order, waiting for the apply-result handler. */
  events: InvocationStatusChangeEvent[];
  sesEndpoint: string;
  stop(): Promise<void>;
};

export async function startWorld(start: string): Promise<BenchWorld> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const clock = new VirtualClock(toInstant(start));
  const services: LocalService[] = [];
  let simulator: FleetSimulator | undefined;
  try {
    const dynamoLocal = await startDynamoDbLocal();
    services.push(dynamoLocal);
    const sesLocal = await startSesLocal();
    services.push(sesLocal);
    const events: InvocationStatusChangeEvent[] = [];
    simulator = await startFleetSimulator({ clock, mode: 'instant', onEvent: (e) => void events.push(e) });
    const counts = { dynamo: emptyCounts(), ses: emptyCounts(), ssm: emptyCounts() };
    const common = { region: REGION, credentials: CREDENTIALS };
    const dynamo = new DynamoDBClient({ ...common, endpoint: dynamoLocal.endpoint });
    // maxAttempts 1 as in functions/runtime/wiring.ts: the SES mailer's backoff is the only retry loop.
    const ses = new SESClient({ ...common, endpoint: sesLocal.endpoint, maxAttempts: 1 });
    const ssm = new SSMClient({ ...common, endpoint: simulator.url });
    meterDynamo(dynamo, counts.dynamo);
    meterRequests(ses, counts.ses);
    meterRequests(ssm, counts.ssm);
    const sim = simulator;
    return {
      clock,
      dynamo,
      ses,
      ssm,
      counts,
      simulator: sim,
      events,
      sesEndpoint: sesLocal.endpoint,
      stop: async () => {
        dynamo.destroy();
        ses.destroy();
        ssm.destroy();
        await sim.stop();
        for (const s of services.reverse()) await s.stop();
      },
    };
  } catch (error) {
    await simulator?.stop();
    for (const s of services.reverse()) await s.stop();
    throw error;
  }
}
