/**
 * The real @aws-sdk/client-ssm, through the SsmFleet adapter, against the project's SSM fleet
 * simulator on loopback: statuses, events, exit codes, the rollback point and the backup copies.
 */
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsmFleet } from '../../../functions/adapters/ssm/ssm-fleet.ts';
import type { FleetCommand, Invocation } from '../../../functions/application/ports.ts';
import { type Instant, toInstant } from '../../../functions/domain/calendar.ts';
import { PATCH_TIMEOUT_SECONDS } from '../../../functions/fleet/documents.ts';
import { BACKUP_EXIT, backupOutcome, PATCH_EXIT, patchOutcome } from '../../../functions/fleet/exit-codes.ts';
import {
  type FleetSimulator,
  INVOCATION_DETAIL_TYPE,
  type InvocationStatusChangeEvent,
  startFleetSimulator,
} from '../../../local/fleet-simulator/index.ts';

let serial = 0x100;
const newServerId = (): string => `mi-${(serial++).toString(16).padStart(17, '0')}`;

function testClock(start: string) {
  let now: Instant = toInstant(start);
  return { now: () => now, set: (iso: string) => (now = toInstant(iso)) };
}

function connect(url: string) {
  const client = new SSMClient({
    endpoint: url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return { client, fleet: new SsmFleet(client) };
}

const patchCommand = (instanceIds: string[], over: Partial<FleetCommand> = {}): FleetCommand => ({
  document: 'PatchServer',
  instanceIds,
  parameters: { releaseId: ['r-2026-11'], version: ['7.4.1'] },
  comment: 'run:apply:2026-11-25T01:00Z',
  maxConcurrency: '10',
  maxErrors: '100%',
  ...over,
});

describe('fleet simulator, instant mode', () => {
  const clock = testClock('2026-11-25T01:00:00Z');
  const events: InvocationStatusChangeEvent[] = [];
  let sim: FleetSimulator;
  let ssm: ReturnType<typeof connect>;

  beforeAll(async () => {
    sim = await startFleetSimulator({ clock, onEvent: (e) => void events.push(e) });
    ssm = connect(sim.url);
  });
  afterAll(async () => {
    ssm.client.destroy();
    await sim.stop();
  });

  const addServer = (version = '7.3.0'): string => {
    const instanceId = newServerId();
    sim.fleet.addServer({
      instanceId,
      version,
      images: [{ name: 'app' }, { name: 'dc', activeDirectory: true }],
    });
    return instanceId;
  };
  const statusesOf = (commandId: string, instanceId: string): string[] =>
    events
      .filter((e) => e.detail['command-id'] === commandId && e.detail['instance-id'] === instanceId)
      .map((e) => e.detail.status);
  const send = async (command: FleetCommand): Promise<{ commandId: string; invocations: Invocation[] }> => {
    const { commandId } = await ssm.fleet.sendCommand(command);
    await sim.fleet.settle();
    return { commandId, invocations: await ssm.fleet.listInvocations(commandId) };
  };

  it('C6.1 takes a rollback point of every image, applies, and emits Pending → InProgress → Success', async () => {
    const id = addServer();
    const { commandId } = await ssm.fleet.sendCommand(patchCommand([id]));
    // No explicit settle: the simulator runs the command after answering SendCommand.
    await expect
      .poll(() => statusesOf(commandId, id), { timeout: 5_000 })
      .toEqual(['Pending', 'InProgress', 'Success']);

    const [invocation] = await ssm.fleet.listInvocations(commandId);
    expect(invocation).toMatchObject({ instanceId: id, status: 'Success', responseCode: PATCH_EXIT.ok });
    expect(invocation && patchOutcome(invocation)).toBe('succeeded');
    expect(sim.fleet.server(id)?.version).toBe('7.4.1');
    const actions = sim.fleet.historyOf(id).map((h) => [h.action, h.image ?? '-', h.ok]);
    expect(actions).toEqual([
      ['snapshot', 'app', true],
      ['snapshot', 'dc', true],
      ['apply', '-', true],
      ['check', '-', true],
      ['release', '-', true],
    ]);
    expect(sim.fleet.server(id)?.rollbackPoints.size).toBe(0);
    const event = events.find((e) => e.detail['command-id'] === commandId);
    expect(event).toMatchObject({
      source: 'aws.ssm',
      'detail-type': INVOCATION_DETAIL_TYPE,
      detail: { 'document-name': 'PatchServer', 'instance-id': id },
    });
  });

  it('C6.2 C6.3 a failing apply ends Failed with exit 20 and the snapshot restored, AD image generation-id-safe', async () => {
    const id = addServer('7.3.0');
    sim.fleet.setFault(id, 'apply-fails');
    const { commandId, invocations } = await send(patchCommand([id]));

    expect(statusesOf(commandId, id)).toEqual(['Pending', 'InProgress', 'Failed']);
    expect(invocations[0]).toMatchObject({ status: 'Failed', responseCode: PATCH_EXIT.applyFailedReverted });
    expect(invocations[0] && patchOutcome(invocations[0])).toBe('failed-rolled-back');
    expect(sim.fleet.server(id)?.version).toBe('7.3.0');
    const reverts = sim.fleet.historyOf(id).filter((h) => h.action === 'revert');
    expect(reverts.map((h) => [h.image, h.detail.mode, h.ok])).toEqual([
      ['app', 'standard', true],
      ['dc', 'ad-safe', true],
    ]);
  });

  it('C6.2 a failed post-check reverts the applied version and exits 30', async () => {
    const id = addServer('7.3.0');
    sim.fleet.setFault(id, 'check-fails');
    const { invocations } = await send(patchCommand([id]));
    expect(invocations[0]).toMatchObject({ status: 'Failed', responseCode: PATCH_EXIT.checkFailedReverted });
    expect(sim.fleet.historyOf(id).some((h) => h.action === 'apply' && h.ok)).toBe(true);
    expect(sim.fleet.server(id)?.version).toBe('7.3.0');
  });

  it('C6.3 a failed rollback exits 40 (rollback-failed) and the fault is used once', async () => {
    const id = addServer();
    sim.fleet.setFault(id, 'rollback-fails');
    const first = await send(patchCommand([id]));
    expect(first.invocations[0]).toMatchObject({ status: 'Failed', responseCode: PATCH_EXIT.rollbackFailed });
    expect(first.invocations[0] && patchOutcome(first.invocations[0])).toBe('rollback-failed');
    expect(sim.fleet.server(id)?.health).toBe('broken');

    const second = await send(patchCommand([id]));
    expect(second.invocations[0]).toMatchObject({ status: 'Success', responseCode: 0 });
  });

  it('C6.1 refuses a command naming an unregistered instance with InvalidInstanceId, as SSM does, and runs nothing', async () => {
    const known = addServer();
    const unknown = newServerId();
    const before = events.length;
    await expect(ssm.fleet.sendCommand(patchCommand([known, unknown]))).rejects.toMatchObject({
      name: 'InvalidInstanceId',
      message: `Instances [[${unknown}]] not in a valid state for account 000000000000`,
    });
    await sim.fleet.settle();
    expect(events.length).toBe(before);
    expect(sim.fleet.historyOf(known)).toEqual([]);
  });

  it('refuses Targets with a message saying the simulator sends to InstanceIds only', async () => {
    await expect(
      ssm.client.send(
        new SendCommandCommand({
          DocumentName: 'PatchServer',
          InstanceIds: [addServer()],
          Targets: [{ Key: 'tag:customer', Values: ['acme'] }],
          Parameters: { releaseId: ['r-1'], version: ['7.4.1'] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/InstanceIds only/),
    });
  });

  const SLOT = '2026-11-22T02:00:00.000Z';
  const backupCommand = (instanceIds: string[], images: string, kind = 'full'): FleetCommand => ({
    document: 'BackupImage',
    instanceIds,
    parameters: { images: [images], kind: [kind], slot: [SLOT], bucket: ['backups-eu'], prefix: ['acme'] },
    comment: 'run:backup:1',
    maxConcurrency: '50',
    maxErrors: '100%',
  });

  it('C9.3 a backup snapshots the image, then records a local and a cloud copy, verified', async () => {
    const id = addServer();
    const { commandId } = await ssm.fleet.sendCommand(backupCommand([id], 'dc', 'incremental'));
    await sim.fleet.settle();
    const [invocation] = await ssm.fleet.listInvocations(commandId);
    expect(invocation && backupOutcome(invocation)).toBe('succeeded');
    expect(invocation?.output).toBe('IMAGE=dc COPIES=local,cloud RESULT=0');
    const detail = await ssm.client.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: id }),
    );
    expect(detail.StandardOutputContent?.split('\n').at(-1)).toBe('IMAGE=dc COPIES=local,cloud RESULT=0');

    const steps = sim.fleet.historyOf(id, 'dc').map((h) => [h.action, h.detail.target ?? '-', h.ok]);
    expect(steps).toEqual([
      ['snapshot', '-', true],
      ['copy', 'local', true],
      ['copy', 'cloud', true],
      ['verify', 'local', true],
      ['verify', 'cloud', true],
      ['release', '-', true],
    ]);
    const cloud = sim.fleet.historyOf(id).find((h) => h.action === 'copy' && h.detail.target === 'cloud');
    expect(cloud?.detail.location).toBe(`s3://backups-eu/acme/backup:${id}:dc:incremental:${SLOT}`);
  });

  it('C9.1 C9.3 one command backs up every image of each of its servers, one result line per image', async () => {
    const [a, b] = [addServer(), addServer()];
    const { commandId } = await ssm.fleet.sendCommand(backupCommand([a, b], 'all'));
    await sim.fleet.settle();
    const invocations = await ssm.fleet.listInvocations(commandId);
    expect(invocations.map((i) => [i.instanceId, i.status, i.output])).toEqual(
      [a, b].map((id) => [
        id,
        'Success',
        'IMAGE=app COPIES=local,cloud RESULT=0\nIMAGE=dc COPIES=local,cloud RESULT=0',
      ]),
    );
    // C9.3: the result handler reads one server's invocation, filtered by instance id.
    expect((await ssm.fleet.listInvocations(commandId, b)).map((i) => i.instanceId)).toEqual([b]);
    for (const id of [a, b])
      expect(
        sim.fleet
          .historyOf(id)
          .filter((h) => h.action === 'release')
          .map((h) => h.image),
      ).toEqual(['app', 'dc']);
  });

  it('C9.3 C9.4 a failed cloud copy fails that image with 53, keeps its local copy, and backs up the next', async () => {
    const id = addServer();
    // Through the admin route, as an out-of-process driver would.
    const res = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ instanceId: id, kind: 'backup-cloud-copy-fails' }),
    });
    expect(res.status).toBe(204);
    const { commandId } = await ssm.fleet.sendCommand(backupCommand([id], 'all'));
    await sim.fleet.settle();
    const [invocation] = await ssm.fleet.listInvocations(commandId);
    expect(invocation).toMatchObject({ status: 'Failed', responseCode: BACKUP_EXIT.cloudCopyFailed });
    expect(invocation && backupOutcome(invocation)).toBe('failed');
    expect(invocation?.output).toBe('IMAGE=app COPIES=local RESULT=53\nIMAGE=dc COPIES=local,cloud RESULT=0');
    expect(sim.fleet.historyOf(id).at(-1)?.action).toBe('release');
  });

  it('ListCommandInvocations, GetCommandInvocation and ListCommands agree for a 3-server command', async () => {
    const ids = [addServer(), addServer(), addServer()];
    sim.fleet.setFault(ids[1] ?? '', 'check-fails');
    const { commandId, invocations } = await send(patchCommand(ids));

    expect(invocations.map((i) => [i.instanceId, i.status, i.responseCode, i.comment])).toEqual([
      [ids[0], 'Success', 0, 'run:apply:2026-11-25T01:00Z'],
      [ids[1], 'Failed', 30, 'run:apply:2026-11-25T01:00Z'],
      [ids[2], 'Success', 0, 'run:apply:2026-11-25T01:00Z'],
    ]);
    const one = await ssm.client.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: ids[1] }),
    );
    expect(one).toMatchObject({ Status: 'Failed', ResponseCode: 30, PluginName: 'patchServer' });
    const listed = await ssm.client.send(new ListCommandsCommand({ CommandId: commandId }));
    expect(listed.Commands?.[0]).toMatchObject({
      CommandId: commandId,
      Status: 'Failed',
      TargetCount: 3,
      CompletedCount: 3,
      ErrorCount: 1,
      Comment: 'run:apply:2026-11-25T01:00Z',
    });
    expect(listed.Commands?.[0]?.RequestedDateTime?.toISOString()).toBe('2026-11-25T01:00:00.000Z');

    const pages: number[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.client.send(
        new ListCommandInvocationsCommand({ CommandId: commandId, MaxResults: 2, NextToken: token }),
      );
      pages.push(page.CommandInvocations?.length ?? 0);
      token = page.NextToken;
    } while (token);
    expect(pages).toEqual([2, 1]);
  });

  it('answers SSM errors in the AWS JSON shape: more than 50 ids, bad parameters, unknown command', async () => {
    const tooMany = Array.from({ length: 51 }, () => newServerId());
    await expect(
      ssm.client.send(
        new SendCommandCommand({ DocumentName: 'PatchServer', InstanceIds: tooMany, Parameters: {} }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.client.send(
        new SendCommandCommand({
          DocumentName: 'PatchServer',
          InstanceIds: [addServer()],
          Parameters: { releaseId: ["x'; reboot"], version: ['1'] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameters' });
    await expect(
      ssm.client.send(
        new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [addServer()] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDocument' });
    await expect(ssm.fleet.listInvocations('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      name: 'InvalidCommandId',
    });
  });
});

describe('fleet simulator, virtual time', () => {
  const clock = testClock('2026-11-25T01:00:00Z');
  const events: InvocationStatusChangeEvent[] = [];
  let sim: FleetSimulator;
  let ssm: ReturnType<typeof connect>;

  beforeAll(async () => {
    sim = await startFleetSimulator({ clock, mode: 'virtual', onEvent: (e) => void events.push(e) });
    ssm = connect(sim.url);
  });
  afterAll(async () => {
    ssm.client.destroy();
    await sim.stop();
  });

  it('C6.1 runs the steps only as the driver advances time, with their simulated durations', async () => {
    const id = newServerId();
    sim.fleet.addServer({ instanceId: id, version: '7.3.0', images: [{ name: 'app' }] });
    const { commandId } = await ssm.fleet.sendCommand(patchCommand([id]));
    await sim.fleet.settle();
    expect((await ssm.fleet.listInvocations(commandId))[0]?.status).toBe('Pending');

    await sim.advanceTo(toInstant('2026-11-25T01:10:00Z'));
    expect((await ssm.fleet.listInvocations(commandId))[0]?.status).toBe('InProgress');
    expect(sim.fleet.server(id)?.version).toBe('7.3.0');

    await sim.advanceTo(toInstant('2026-11-25T02:00:00Z'));
    expect((await ssm.fleet.listInvocations(commandId))[0]).toMatchObject({
      status: 'Success',
      responseCode: 0,
    });
    const success = events.find((e) => e.detail['command-id'] === commandId && e.detail.status === 'Success');
    // delivery 5 s + snapshot 5 + apply 30 + check 5 + release 1 minutes
    expect(success?.time).toBe('2026-11-25T01:41:05Z');
  });

  it('C6.3 an apply that hangs past the execution timeout ends TimedOut (state unknown: rollback-failed)', async () => {
    clock.set('2026-11-26T01:00:00Z');
    const id = newServerId();
    sim.fleet.addServer({ instanceId: id, version: '7.3.0', images: [{ name: 'app' }] });
    sim.fleet.setFault(id, 'apply-times-out');
    const { commandId } = await ssm.fleet.sendCommand(patchCommand([id]));
    await sim.advanceTo(toInstant('2026-11-26T03:00:00Z'));
    expect((await ssm.fleet.listInvocations(commandId))[0]?.status).toBe('InProgress');

    await sim.advanceTo(toInstant('2026-11-26T05:00:00Z'));
    const [invocation] = await ssm.fleet.listInvocations(commandId);
    expect(invocation?.status).toBe('TimedOut');
    expect(invocation && patchOutcome(invocation)).toBe('rollback-failed');
    const timedOut = events.find(
      (e) => e.detail['command-id'] === commandId && e.detail.status === 'TimedOut',
    );
    expect(timedOut?.detail['status-details']).toBe('ExecutionTimedOut');
    const started = Date.parse('2026-11-26T01:00:05Z');
    expect(timedOut?.time).toBe(
      new Date(started + PATCH_TIMEOUT_SECONDS * 1000).toISOString().replace('.000', ''),
    );
  });

  it('C6.5 records a patch that overlaps a running backup on the same server', async () => {
    clock.set('2026-11-27T01:00:00Z');
    const id = newServerId();
    sim.fleet.addServer({ instanceId: id, version: '7.3.0', images: [{ name: 'app' }] });
    await ssm.fleet.sendCommand({
      document: 'BackupImage',
      instanceIds: [id],
      parameters: {
        images: ['app'],
        kind: ['full'],
        slot: ['2026-11-22T02:00:00.000Z'],
        bucket: ['backups-eu'],
      },
      comment: 'run:backup:9',
      maxConcurrency: '1',
      maxErrors: '0',
    });
    await ssm.fleet.sendCommand(patchCommand([id]));
    await sim.advanceTo(toInstant('2026-11-27T04:00:00Z'));
    const overlap = sim.fleet.historyOf(id).filter((h) => h.action === 'concurrent-run');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]?.detail.clause).toBe('C6.5');
  });
});
