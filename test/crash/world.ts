/**
 * One world of the crash suite: a fresh DynamoDB Local table (restored from a scenario's seeded
 * snapshot), the shared local SES server (its store cleared), a fleet simulator, and the service's
 * real use cases wired to them through SDK clients that every request goes through the injector.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../../functions/adapters/dynamodb/batch-write.ts';
import { createDynamoStore, storeContext } from '../../functions/adapters/dynamodb/create-dynamo-store.ts';
import { dropTable, ensureTable } from '../../functions/adapters/dynamodb/ensure-table.ts';
import type { Item } from '../../functions/adapters/dynamodb/item-codec.ts';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer.ts';
import { SsmFleet } from '../../functions/adapters/ssm/ssm-fleet.ts';
import type { ChannelDeps } from '../../functions/application/channels/deps.ts';
import type { Alert, Alerter } from '../../functions/application/ports.ts';
import type { RunDeps } from '../../functions/application/shared/deps.ts';
import { type Instant, toInstant } from '../../functions/domain/calendar.ts';
import { defaultConfig } from '../../functions/domain/config.ts';
import {
  type FleetSimulator,
  type InvocationStatusChangeEvent,
  startFleetSimulator,
} from '../../local/fleet-simulator/index.ts';
import type { SesEventsProxy } from '../../local/services/ses-events.ts';
import type { SesLocalStore } from '../../local/services/ses-local.ts';
import { sesEventsMailTracker } from '../../local/ses-events-mail-tracker.ts';
import { VirtualClock } from '../../local/virtual-clock.ts';
import { Injector } from './injector.ts';

const REGION = 'eu-west-2';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const SENDER = 'patches@provider.example';
export const REPLY_DOMAIN = 'reply.provider.example';

export type WorldDeps = RunDeps & ChannelDeps;

export type World = {
  clock: VirtualClock;
  injector: Injector;
  deps: WorldDeps;
  fleet: FleetSimulator;
  /** Status events the fleet emitted (never delivered on their own: a scenario delivers them). */
  events: InvocationStatusChangeEvent[];
  alerts: (Alert & { at: string })[];
  tableName: string;
  dynamo: DynamoDBClient;
  close(): Promise<void>;
};

/** `ses`: the local SES store (read back); `sesEvents`: the events proxy the service sends through. */
export type Services = { dynamoEndpoint: string; ses: SesLocalStore; sesEvents: SesEventsProxy };

/** Alerts, as the SNS adapter would publish them: one request each, through the injector. */
class InjectedAlerter implements Alerter {
  constructor(
    private readonly injector: Injector,
    private readonly clock: VirtualClock,
    readonly raised: (Alert & { at: string })[],
  ) {}
  async raise(alert: Alert): Promise<void> {
    await this.injector.around('SNS.Publish', async () => {
      this.raised.push({ ...alert, at: this.clock.now().toString() });
    });
  }
}

export async function createWorld(
  services: Services,
  options: { start: Instant; fleet?: FleetSimulator; items?: Item[] },
): Promise<World> {
  const injector = new Injector();
  const clock = new VirtualClock(options.start);
  const dynamo = new DynamoDBClient({ endpoint: services.dynamoEndpoint, region: REGION, credentials });
  const tableName = `crash-${randomUUID().slice(0, 12)}`;
  await ensureTable(dynamo, tableName);
  if (options.items?.length) await batchPut(storeContext({ client: dynamo, tableName }), options.items);
  injector.attach(dynamo, 'DynamoDB');
  const ses = injector.attach(
    new SESv2Client({ endpoint: services.sesEvents.endpoint, region: REGION, credentials, maxAttempts: 1 }),
    'SES',
  );
  const events: InvocationStatusChangeEvent[] = [];
  const fleet =
    options.fleet ??
    (await startFleetSimulator({ clock, mode: 'instant', onEvent: (event) => void events.push(event) }));
  const ssm = injector.attach(new SSMClient({ endpoint: fleet.url, region: REGION, credentials }), 'SSM');
  const alerts: (Alert & { at: string })[] = [];
  const store = createDynamoStore({ client: dynamo, tableName });
  const deps: WorldDeps = {
    store,
    clock,
    cfg: defaultConfig(),
    mailer: new SesMailer(ses, { sleep: async () => {} }),
    tracker: sesEventsMailTracker(services.sesEvents.log),
    alerter: new InjectedAlerter(injector, clock, alerts),
    mail: { from: SENDER, replyDomain: REPLY_DOMAIN },
    fleet: new SsmFleet(ssm),
    backupBucket: 'crash-backups',
    reviewTo: ['cs@provider.example'],
  };
  return {
    clock,
    injector,
    deps,
    fleet,
    events,
    alerts,
    tableName,
    dynamo,
    async close() {
      ses.destroy();
      ssm.destroy();
      if (!options.fleet) await fleet.stop();
      await dropTable(
        new DynamoDBClient({ endpoint: services.dynamoEndpoint, region: REGION, credentials }),
        tableName,
      );
      dynamo.destroy();
    },
  };
}

/** Every item of the world's table (test code may Scan; the service never does). */
export async function tableItems(world: Pick<World, 'dynamo' | 'tableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, never> | undefined;
  // The injector counts requests of the service; reading the end state is not one of them.
  const reader = new DynamoDBClient({
    endpoint: await endpointOf(world.dynamo),
    region: REGION,
    credentials,
  });
  const doc = DynamoDBDocumentClient.from(reader);
  try {
    do {
      const out = await doc.send(new ScanCommand({ TableName: world.tableName, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
  } finally {
    reader.destroy();
  }
  return items;
}

async function endpointOf(client: DynamoDBClient): Promise<string> {
  const endpoint = await client.config.endpoint?.();
  if (!endpoint) throw new Error('the DynamoDB client has no endpoint');
  return `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
}

export const at = (iso: string): Instant => toInstant(iso);
