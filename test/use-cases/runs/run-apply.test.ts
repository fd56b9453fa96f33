import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  DescribeInstanceInformationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { runApply } from '../../../functions/application/runs/run-apply.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import {
  alerts,
  customer,
  givenChanges,
  givenFleet,
  type Harness,
  notifiedChange,
  release,
  releaseStored,
  server,
  serverId,
  useHarness,
} from './harness.ts';

const WINDOW = '2026-11-11T01:00:00.000Z';
const applyRun = (h: Harness, scheduled: string) =>
  runApply(h.deps, { scheduledTime: toInstant(scheduled), timeZone: 'Europe/London' });

async function fleetOf(h: Harness, count: number) {
  const ids = Array.from({ length: count }, () => serverId());
  await givenFleet(
    h,
    [customer({ id: 'acme' })],
    ids.map((id) => server({ id, customerId: 'acme' })),
  );
  await releaseStored(h, release({ id: 'rel-1' }));
  await givenChanges(
    h,
    ids.map((id) => notifiedChange('rel-1', id, 'acme', WINDOW)),
  );
  return ids;
}

describe('runApply', () => {
  const h = useHarness();

  it('C6.1 sends 120 servers as 3 SendCommand calls of at most 50, intent written before and command id after', async () => {
    const ids = await fleetOf(h, 120);
    h.clock.set('2026-11-11T01:00:05Z');
    const summary = await applyRun(h, '2026-11-11T01:00:00Z');

    const calls = h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.InstanceIds?.length)).toEqual([50, 50, 20]);
    for (const call of calls) {
      expect(call).toMatchObject({
        DocumentName: 'PatchServer',
        Parameters: { releaseId: ['rel-1'], version: ['1.1.0'] },
        MaxConcurrency: '50',
        MaxErrors: '100%',
      });
    }
    // DESIGN.md rule 4: each send's Comment is unique to it, so a send maybe made before a crash is found.
    expect(calls.map((c) => c.Comment)).toEqual([
      expect.stringMatching(/^patch [0-9a-f]{16}#1$/),
      expect.stringMatching(/^patch [0-9a-f]{16}#2$/),
      expect.stringMatching(/^patch [0-9a-f]{16}#3$/),
    ]);
    expect(summary).toMatchObject({
      duplicate: false,
      commands: [{ commandId: 'cmd-1' }, { commandId: 'cmd-2' }, { commandId: 'cmd-3' }],
    });
    const last = await h.store.changes.getChange(`rel-1:${ids[119]}`);
    expect(last).toMatchObject({ state: 'applying', commandId: 'cmd-3' });
  });

  it('C11.2 a second delivery of the apply run sends nothing: one SendCommand per change', async () => {
    await fleetOf(h, 3);
    h.clock.set('2026-11-11T01:00:05Z');
    await applyRun(h, '2026-11-11T01:00:00Z');
    const replay = await applyRun(h, '2026-11-11T01:00:00Z');
    expect(replay).toMatchObject({ duplicate: true });
    expect(h.ssm.commandCalls(SendCommandCommand)).toHaveLength(1);
  });

  it('C4.3 C11.2 a change that moved after the run listed it is skipped alone; the rest of its command is sent', async () => {
    const ids = await fleetOf(h, 4);
    const raced = `rel-1:${ids[2]}`;
    // Between the run's listing and its intents, the customer's postponement lands on one change.
    const changes = h.store.changes;
    const racing = {
      ...h.deps,
      store: {
        ...h.store,
        changes: {
          ...changes,
          listChangesToApply: async (upTo: Parameters<typeof changes.listChangesToApply>[0]) => {
            const listed = await changes.listChangesToApply(upTo);
            const change = listed.find((c) => c.id === raced);
            if (change) {
              await changes.updateChanges(
                [
                  {
                    next: { ...change, state: 'postponed', version: change.version + 1 },
                    expectedVersion: change.version,
                  },
                ],
                [],
              );
            }
            return listed;
          },
        },
      },
    };
    h.clock.set('2026-11-11T01:00:05Z');
    const summary = await runApply(racing, {
      scheduledTime: toInstant('2026-11-11T01:00:00Z'),
      timeZone: 'Europe/London',
    });

    expect(summary).toMatchObject({
      skipped: [{ changeId: raced, reason: 'changed meanwhile (lost a race)' }],
    });
    const sent = h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input.InstanceIds);
    expect(sent).toEqual([[ids[0], ids[1], ids[3]]]);
    expect((await h.store.changes.getChange(raced))?.state).toBe('postponed');
  });

  it('C11.2 a skipped tick is caught up by the next one inside the window', async () => {
    await fleetOf(h, 2);
    h.clock.set('2026-11-11T02:00:03Z'); // the 01:00 tick never came
    const summary = await applyRun(h, '2026-11-11T02:00:00Z');
    expect(summary).toMatchObject({ commands: [{ instanceIds: expect.any(Array) }] });
    expect(h.ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.InstanceIds).toHaveLength(2);
  });

  it('C6.5 never patches a server while one of its backups runs; C6.3 never touches a server that needs attention', async () => {
    const [busy, stopped, free] = await fleetOf(h, 3);
    await h.store.backups.createBackup(
      {
        id: `backup:${busy}:dc01:incremental:x`,
        serverId: busy as string,
        customerId: 'acme',
        image: 'dc01',
        kind: 'incremental',
        scheduledFor: '2026-11-11T00:30:00.000Z',
        state: 'running',
        copies: [],
        attempt: 1,
        commandId: 'cmd-backup',
        version: 0,
      },
      auditEventOf({ type: 'backup.started', actor: 'test', at: h.clock.now(), subjectId: 'b', key: 'b' }),
    );
    await h.store.directory.setServerStatus(
      stopped as string,
      'needs-attention',
      auditEventOf({
        type: 'server.needs-attention',
        actor: 'test',
        at: h.clock.now(),
        subjectId: stopped as string,
        key: 'x',
      }),
    );
    h.clock.set('2026-11-11T01:00:05Z');
    const summary = await applyRun(h, '2026-11-11T01:00:00Z');

    expect(h.ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.InstanceIds).toEqual([free]);
    expect(summary).toMatchObject({
      skipped: expect.arrayContaining([
        { changeId: `rel-1:${busy}`, reason: expect.stringMatching(/C6\.5/) },
        { changeId: `rel-1:${stopped}`, reason: expect.stringMatching(/C6\.3/) },
      ]),
    });
    expect((await h.store.changes.getChange(`rel-1:${busy}`))?.state).toBe('notified');
  });

  it('C3.5 a change whose window ended before any tick sent it is not applied late: replanned, CS alerted', async () => {
    const [a] = await fleetOf(h, 1);
    h.clock.set('2026-11-11T06:00:00Z'); // the window was 01:00–05:00
    const summary = await applyRun(h, '2026-11-11T06:00:00Z');
    expect(h.ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
    expect(summary).toMatchObject({ replanned: [`rel-1:${a}`] });
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({
      state: 'planned',
      applyAt: '2026-11-25T01:00:00.000Z',
    });
    expect(alerts(h)[0]).toMatchObject({ clause: 'C3.5' });
  });

  it('C6.1 C3.5 a send SSM refused is sent again by the next run inside its window, under the same Comment', async () => {
    const [a] = await fleetOf(h, 1);
    h.ssm
      .on(SendCommandCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ Command: { CommandId: 'cmd-later' } });
    h.clock.set('2026-11-11T01:00:05Z');
    const first = await applyRun(h, '2026-11-11T01:00:00Z');
    expect(first).toMatchObject({ failedSends: [{ instanceIds: [a] }] });
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('applying');
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(1); // the CS team knows at once

    h.clock.set('2026-11-11T02:00:05Z');
    await applyRun(h, '2026-11-11T02:00:00Z');
    const calls = h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input.Comment);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toBe(calls[0]);
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({
      state: 'applying',
      commandId: 'cmd-later',
    });
  });

  it('C3.5 a send never made whose window has passed is replanned, with its alert, without a failure notice', async () => {
    const [a] = await fleetOf(h, 1);
    h.ssm
      .on(SendCommandCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    h.clock.set('2026-11-11T01:00:05Z');
    await applyRun(h, '2026-11-11T01:00:00Z');
    h.clock.set('2026-11-11T05:00:05Z');
    await applyRun(h, '2026-11-11T05:00:00Z');
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({ state: 'planned', attempt: 1 });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(h.sns.commandCalls(PublishCommand).length).toBeGreaterThanOrEqual(2);
  });

  it('C6.2 C11.2 the reconciler records results whose status event never arrived', async () => {
    const [a, b] = await fleetOf(h, 2);
    h.clock.set('2026-11-11T01:00:05Z');
    await applyRun(h, '2026-11-11T01:00:00Z');
    h.ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        { CommandId: 'cmd-1', InstanceId: a, Status: 'Success', CommandPlugins: [{ ResponseCode: 0 }] },
        { CommandId: 'cmd-1', InstanceId: b, Status: 'InProgress', CommandPlugins: [{ ResponseCode: -1 }] },
      ],
    });
    h.clock.set('2026-11-11T02:00:05Z');
    const summary = await applyRun(h, '2026-11-11T02:00:00Z');

    expect(summary).toMatchObject({ reconciled: 1 });
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('succeeded');
    expect((await h.store.changes.getChange(`rel-1:${b}`))?.state).toBe('applying');
  });
});

describe('runApply: agents', () => {
  const h = useHarness();

  it('C6.1 C3.5 sends nothing to a server whose SSM agent is offline: it waits, and is replanned if its window passes', async () => {
    const ids = Array.from({ length: 2 }, () => serverId());
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      ids.map((id) => server({ id, customerId: 'acme' })),
    );
    await releaseStored(h, release({ id: 'rel-1' }));
    await givenChanges(
      h,
      ids.map((id) => notifiedChange('rel-1', id, 'acme', WINDOW)),
    );
    const [online, offline] = ids as [string, string];
    h.ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        { InstanceId: online, PingStatus: 'Online' },
        { InstanceId: offline, PingStatus: 'ConnectionLost' },
      ],
    });
    h.clock.set('2026-11-11T01:00:05Z');
    const summary = await applyRun(h, '2026-11-11T01:00:00Z');
    expect(h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([
      [online],
    ]);
    expect(summary).toMatchObject({
      skipped: [{ changeId: `rel-1:${offline}`, reason: expect.stringMatching(/agent is offline/) }],
    });
    expect((await h.store.changes.getChange(`rel-1:${offline}`))?.state).toBe('notified');

    h.clock.set('2026-11-11T05:00:05Z');
    await applyRun(h, '2026-11-11T05:00:00Z');
    expect(await h.store.changes.getChange(`rel-1:${offline}`)).toMatchObject({ state: 'planned' });
  });
});
