/**
 * The fleet simulator's read APIs and agents, through the real @aws-sdk/client-ssm and the SsmFleet
 * adapter: DescribeInstanceInformation (agents online or offline), a command waiting for an offline
 * agent, and ListCommands / ListCommandInvocations with their filters, as the SSM API has them.
 */
import {
  DescribeInstanceInformationCommand,
  type DescribeInstanceInformationCommandInput,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  type ListCommandsCommandInput,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsmFleet } from '../../../functions/adapters/ssm/ssm-fleet.ts';
import type { FleetCommand } from '../../../functions/application/ports.ts';
import { type Instant, toInstant } from '../../../functions/domain/calendar.ts';
import { type FleetSimulator, startFleetSimulator } from '../../../local/fleet-simulator/index.ts';

let serial = 0x5000;
const newServerId = (): string => `mi-${(serial++).toString(16).padStart(17, '0')}`;

function testClock(start: string) {
  let now: Instant = toInstant(start);
  return { now: () => now, set: (iso: string) => (now = toInstant(iso)) };
}

const patch = (instanceIds: string[], comment: string, over: Partial<FleetCommand> = {}): FleetCommand => ({
  document: 'PatchServer',
  instanceIds,
  parameters: { releaseId: ['r-2026-11'], version: ['7.4.1'] },
  comment,
  maxConcurrency: '50',
  maxErrors: '100%',
  ...over,
});

const backup = (instanceIds: string[], comment: string): FleetCommand => ({
  document: 'BackupImage',
  instanceIds,
  parameters: { images: ['all'], kind: ['full'], slot: ['2026-11-22T02:00:00.000Z'], bucket: ['backups-eu'] },
  comment,
  maxConcurrency: '50',
  maxErrors: '100%',
});

describe('fleet simulator: agents and DescribeInstanceInformation', () => {
  const clock = testClock('2026-11-25T01:00:00Z');
  let sim: FleetSimulator;
  let client: SSMClient;
  let fleet: SsmFleet;

  beforeAll(async () => {
    sim = await startFleetSimulator({ clock, mode: 'virtual' });
    client = new SSMClient({
      endpoint: sim.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    fleet = new SsmFleet(client);
  });
  afterAll(async () => {
    client.destroy();
    await sim.stop();
  });

  const addServers = (count: number): string[] =>
    Array.from({ length: count }, () => {
      const instanceId = newServerId();
      sim.fleet.addServer({ instanceId, version: '7.3.0', images: [{ name: 'app' }] });
      return instanceId;
    });

  it('C6.1 describes each agent Online or ConnectionLost with its last ping, and leaves out unknown servers', async () => {
    const [a, b] = addServers(2) as [string, string];
    clock.set('2026-11-25T01:30:00Z');
    // Through the admin route, as a scenario driver in another process would.
    const res = await fetch(`${sim.url}/_sim/agents`, {
      method: 'POST',
      body: JSON.stringify({ instanceId: b, online: false }),
    });
    expect(res.status).toBe(204);
    clock.set('2026-11-25T02:00:00Z');
    const unknown = newServerId();

    const agents = await fleet.describeInstances([a, b, unknown]);

    expect(agents).toEqual(
      new Map([
        [a, { online: true, lastPingAt: '2026-11-25T02:00:00.000Z' }],
        [b, { online: false, lastPingAt: '2026-11-25T01:30:00.000Z' }],
      ]),
    );
    const raw = await client.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [b] }] }),
    );
    expect(raw.InstanceInformationList?.[0]).toMatchObject({
      InstanceId: b,
      PingStatus: 'ConnectionLost',
      ResourceType: 'ManagedInstance',
      PlatformVersion: '7.3.0',
    });
  });

  it('filters by PingStatus in either filter form, pages by MaxResults, and reads more than 50 ids in batches', async () => {
    const ids = addServers(60);
    for (const id of ids.slice(0, 7)) sim.fleet.setAgentOnline(id, false);

    const offline: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new DescribeInstanceInformationCommand({
          InstanceInformationFilterList: [
            { key: 'InstanceIds', valueSet: ids.slice(0, 20) },
            { key: 'PingStatus', valueSet: ['ConnectionLost'] },
          ],
          MaxResults: 5,
          NextToken: token,
        }),
      );
      pages += 1;
      offline.push(...(page.InstanceInformationList ?? []).map((i) => i.InstanceId ?? ''));
      token = page.NextToken;
    } while (token);
    expect(pages).toBe(2);
    expect(offline).toEqual(ids.slice(0, 7));

    const agents = await fleet.describeInstances(ids);
    expect(agents.size).toBe(60);
    expect([...agents.values()].filter((a) => !a.online)).toHaveLength(7);
  });

  it('answers the errors SSM answers: both filter forms, an unsupported key, a bad value, a malformed id, MaxResults', async () => {
    const [id] = addServers(1) as [string];
    const send = (input: DescribeInstanceInformationCommandInput) =>
      client.send(new DescribeInstanceInformationCommand(input));
    await expect(
      send({
        Filters: [{ Key: 'InstanceIds', Values: [id] }],
        InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: [id] }],
      }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(send({ Filters: [{ Key: 'PlatformTypes', Values: ['Linux'] }] })).rejects.toMatchObject({
      name: 'InvalidFilterKey',
      message: expect.stringMatching(/InstanceIds and PingStatus only/),
    });
    await expect(send({ Filters: [{ Key: 'PingStatus', Values: ['Asleep'] }] })).rejects.toMatchObject({
      name: 'InvalidInstanceInformationFilterValue',
    });
    await expect(send({ Filters: [{ Key: 'InstanceIds', Values: ['mi-nope'] }] })).rejects.toMatchObject({
      name: 'InvalidInstanceId',
    });
    await expect(send({ MaxResults: 51 })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(send({ MaxResults: 4 })).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('C6.1 a command to an offline agent waits, runs when the agent is back, or times out undelivered', async () => {
    clock.set('2026-11-26T01:00:00Z');
    const [back, gone] = addServers(2) as [string, string];
    sim.fleet.setAgentOnline(back, false);
    sim.fleet.setAgentOnline(gone, false);
    const { commandId } = await fleet.sendCommand(
      patch([back, gone], 'run:apply:offline', { timeoutSeconds: 1800 }),
    );
    await sim.advanceTo(toInstant('2026-11-26T01:20:00Z'));
    const status = async () =>
      new Map((await fleet.listInvocations(commandId)).map((i) => [i.instanceId, i.status]));
    expect(await status()).toEqual(
      new Map([
        [back, 'Pending'],
        [gone, 'Pending'],
      ]),
    );
    expect(sim.fleet.historyOf(back)).toEqual([]);

    clock.set('2026-11-26T01:20:00Z');
    sim.fleet.setAgentOnline(back, true);
    await sim.advanceTo(toInstant('2026-11-26T03:00:00Z'));
    expect(await status()).toEqual(
      new Map([
        [back, 'Success'],
        [gone, 'DeliveryTimedOut'],
      ]),
    );
    expect(sim.fleet.historyOf(gone)).toEqual([]);
    const [timedOut] = await fleet.listInvocations(commandId, gone);
    expect(timedOut?.responseCode).toBeUndefined();
  });
});

describe('fleet simulator: ListCommands and ListCommandInvocations filters', () => {
  const clock = testClock('2026-11-20T01:00:00Z');
  let sim: FleetSimulator;
  let client: SSMClient;
  let fleet: SsmFleet;
  const ids: string[] = [];
  const sent: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startFleetSimulator({ clock });
    client = new SSMClient({
      endpoint: sim.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    fleet = new SsmFleet(client);
    for (let n = 0; n < 2; n++) {
      const instanceId = newServerId();
      sim.fleet.addServer({ instanceId, version: '7.3.0', images: [{ name: 'app' }] });
      ids.push(instanceId);
    }
    const [a, b] = ids as [string, string];
    sim.fleet.setFault(b, 'apply-fails');
    const at = async (iso: string, name: string, command: FleetCommand) => {
      clock.set(iso);
      sent[name] = (await fleet.sendCommand(command)).commandId;
      await sim.fleet.settle();
    };
    await at('2026-11-20T01:00:00Z', 'patchBoth', patch([a, b], 'run:apply:2026-11-20T01:00Z'));
    await at('2026-11-21T02:00:00Z', 'backupA', backup([a], 'run:backup-full:2026-11-21T02:00Z'));
    await at('2026-11-22T01:00:00Z', 'patchA', patch([a], 'run:apply:2026-11-22T01:00Z'));
  });
  afterAll(async () => {
    client.destroy();
    await sim.stop();
  });

  const listed = async (input: ListCommandsCommandInput) =>
    ((await client.send(new ListCommandsCommand(input))).Commands ?? []).map((c) => c.CommandId);

  it('C11.2 narrows ListCommands by InstanceId, DocumentName, time, status and stage, newest first, with the comment', async () => {
    const [a, b] = ids as [string, string];
    expect(await listed({ InstanceId: a })).toEqual([sent.patchA, sent.backupA, sent.patchBoth]);
    expect(await listed({ InstanceId: b })).toEqual([sent.patchBoth]);
    expect(await listed({ InstanceId: a, Filters: [{ key: 'DocumentName', value: 'PatchServer' }] })).toEqual(
      [sent.patchA, sent.patchBoth],
    );
    expect(
      await listed({
        InstanceId: a,
        Filters: [
          { key: 'InvokedAfter', value: '2026-11-21T02:00:00Z' },
          { key: 'InvokedBefore', value: '2026-11-22T00:00:00Z' },
        ],
      }),
    ).toEqual([sent.backupA]);
    expect(await listed({ Filters: [{ key: 'Status', value: 'Failed' }] })).toEqual([sent.patchBoth]);
    expect(await listed({ InstanceId: a, Filters: [{ key: 'ExecutionStage', value: 'Executing' }] })).toEqual(
      [],
    );
    expect(await listed({ CommandId: sent.backupA, Filters: [{ key: 'Status', value: 'Success' }] })).toEqual(
      [sent.backupA],
    );
    const [one] = (await client.send(new ListCommandsCommand({ CommandId: sent.patchA }))).Commands ?? [];
    expect(one).toMatchObject({ Comment: 'run:apply:2026-11-22T01:00Z', InstanceIds: [a] });
  });

  it('C11.2 finds the command a run sent to a server by the comment it carries (SsmFleet.findCommands)', async () => {
    const [a] = ids as [string];
    const found = await fleet.findCommands({
      instanceId: a,
      commentPrefix: 'run:apply:',
      document: 'PatchServer',
      after: toInstant('2026-11-20T00:00:00Z'),
    });
    expect(found.map((c) => [c.commandId, c.comment, c.status, c.requestedAt])).toEqual([
      [sent.patchA, 'run:apply:2026-11-22T01:00Z', 'Success', '2026-11-22T01:00:00.000Z'],
      [sent.patchBoth, 'run:apply:2026-11-20T01:00Z', 'Failed', '2026-11-20T01:00:00.000Z'],
    ]);
    expect(found[0]?.parameters).toEqual({ releaseId: ['r-2026-11'], version: ['7.4.1'] });
    expect(await fleet.findCommands({ instanceId: a, comment: 'run:apply:2026-11-20T01:00Z' })).toHaveLength(
      1,
    );
  });

  it('narrows ListCommandInvocations by status, and refuses what SSM refuses', async () => {
    const [, b] = ids as [string, string];
    const failed = await client.send(
      new ListCommandInvocationsCommand({ Filters: [{ key: 'Status', value: 'Failed' }] }),
    );
    expect(failed.CommandInvocations?.map((i) => [i.CommandId, i.InstanceId, i.Comment])).toEqual([
      [sent.patchBoth, b, 'run:apply:2026-11-20T01:00Z'],
    ]);
    await expect(
      client.send(
        new ListCommandInvocationsCommand({ Filters: [{ key: 'ExecutionStage', value: 'Complete' }] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidFilterKey' });
    await expect(
      client.send(new ListCommandsCommand({ Filters: [{ key: 'Owner' as 'Status', value: 'me' }] })),
    ).rejects.toMatchObject({ name: 'InvalidFilterKey' });
    await expect(
      client.send(new ListCommandsCommand({ InstanceId: b, Filters: [{ key: 'Status', value: 'Pending' }] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(new ListCommandsCommand({ Filters: [{ key: 'InvokedAfter', value: 'yesterday' }] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new ListCommandsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
