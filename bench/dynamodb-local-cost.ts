/**
 * `npx tsx bench/dynamodb-local-cost.ts [--writes 2000]`
 * What one write costs DynamoDB Local's JVM, in CPU milliseconds per item, on the project's own
 * table (three GSIs) with the project's own items (a change as registered and its audit event):
 * TransactWriteItems of 1, 2, 10 and 50 items, and single PutItems, 8 requests in flight, after a
 * warm-up round. It is the unit cost behind bench/DESIGN.md "Bench time": the bench's runs write
 * every state change with its audit event (C10.1), and on this machine that cost, not the code
 * around it, bounds how fast the fleet bench can go.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { auditItem } from '../functions/adapters/dynamodb/audit-log.ts';
import { createDynamoStore, documentClient } from '../functions/adapters/dynamodb/create-dynamo-store.ts';
import { dropTable, ensureTable } from '../functions/adapters/dynamodb/ensure-table.ts';
import type { Item } from '../functions/adapters/dynamodb/item-codec.ts';
import { primaryKey } from '../functions/adapters/dynamodb/table-design.ts';
import { registerRelease } from '../functions/application/runs/register-release.ts';
import { mapConcurrently } from '../functions/application/shared/concurrency.ts';
import { toIso } from '../functions/domain/calendar.ts';
import { defaultConfig } from '../functions/domain/config.ts';
import { BENCH_START } from './fleet.ts';
import { wholeNumber } from './options.ts';
import { loadFleet, PLATFORM, syntheticFleet } from './seed-fleet.ts';
import { startServices, startWorld } from './services.ts';

const TABLE = 'local-cost';
const IN_FLIGHT = 8;

const program = new Command('dynamodb-local-cost')
  .description("DynamoDB Local's CPU per item written, on the project's table and items")
  .option('--writes <n>', 'items written per shape and round', wholeNumber(100), 2000);

async function main(): Promise<void> {
  const { writes } = program.parse().opts<{ writes: number }>();
  const services = await startServices();
  const world = await startWorld(services, BENCH_START);
  const client: DynamoDBClient = world.dynamo;
  try {
    await ensureTable(client, TABLE);
    const { change, audit } = await sampleItems(world, client);
    console.log(
      `items: a change of ${JSON.stringify(change).length} bytes, its audit event of ${JSON.stringify(audit).length} bytes; ` +
        `${IN_FLIGHT} requests in flight; ${writes} items per shape`,
    );
    const doc = documentClient(client);
    let serial = 0;
    const copy = (item: Item) => ({ ...item, pk: `${String(item.pk)}#copy-${serial++}` });
    const shapes: { name: string; perRequest: number; send: () => Promise<unknown> }[] = [
      ...[1, 2, 10, 50].map((k) => ({
        name: `TransactWriteItems × ${k}`,
        perRequest: k,
        send: () =>
          doc.send(
            new TransactWriteCommand({
              TransactItems: Array.from({ length: k }, (_, j) => ({
                Put: {
                  TableName: TABLE,
                  Item: copy(j % 2 === 0 ? change : audit),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
            }),
          ),
      })),
      {
        name: 'PutItem',
        perRequest: 1,
        send: () =>
          doc.send(
            new PutCommand({
              TableName: TABLE,
              Item: copy(change),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
      },
    ];
    for (const round of ['warm-up', 'measured']) {
      console.log(`\n${round}:`);
      for (const shape of shapes) {
        const requests = Math.ceil(writes / shape.perRequest);
        const before = services.cpu();
        const t0 = performance.now();
        await mapConcurrently(
          Array.from({ length: requests }, (_, i) => i),
          IN_FLIGHT,
          () => shape.send(),
        );
        const wall = performance.now() - t0;
        const after = services.cpu();
        const items = requests * shape.perRequest;
        console.log(
          `  ${shape.name.padEnd(24)} DynamoDB Local ${((after.dynamoLocal - before.dynamoLocal) / items).toFixed(2)} ms CPU per item, ` +
            `client ${((after.bench - before.bench) / items).toFixed(2)} ms, wall ${(wall / items).toFixed(2)} ms`,
        );
      }
    }
  } finally {
    await dropTable(client, TABLE).catch(() => undefined);
    await world.stop();
    await services.stop();
  }
}

/** A change as registerRelease writes it, and the audit event written with it, as stored items. */
async function sampleItems(world: Awaited<ReturnType<typeof startWorld>>, client: DynamoDBClient) {
  const fleet = syntheticFleet(10);
  await loadFleet(client, TABLE, fleet, world.simulator.fleet);
  const store = createDynamoStore({ client, tableName: TABLE });
  const cfg = defaultConfig();
  const result = await registerRelease(
    { store, clock: world.clock, cfg },
    {
      release: {
        id: 'cost-1',
        platform: PLATFORM,
        version: '4.2.0',
        class: 'important',
        title: 'Cost sample',
        description: 'A release to sample the stored items.',
        validatedBy: 'cs@provider.example',
        validatedAt: toIso(world.clock.now()),
      },
      targets: 'all',
      actor: 'cs@provider.example',
    },
  );
  const changeId = result.changeIds[0];
  if (!changeId) throw new Error('registering the sample release planned no change');
  const got = await documentClient(client).send(
    new GetCommand({ TableName: TABLE, Key: primaryKey('change', changeId) }),
  );
  const [event] = await store.audit.listBySubject(changeId);
  if (!got.Item || !event) throw new Error(`change ${changeId} or its audit event was not stored`);
  return { change: got.Item as Item, audit: auditItem(event) };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
