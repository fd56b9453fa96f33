import { SendCommandCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import type { BackupRunKind } from '../../../functions/application/runs/run-backups.ts';
import { missedBackupRuns, runBackups } from '../../../functions/application/runs/run-backups.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import {
  customer,
  givenChanges,
  givenFleet,
  type Harness,
  notifiedChange,
  server,
  serverId,
  useHarness,
} from './harness.ts';

const backupRun = (h: Harness, scheduled: string, kind: BackupRunKind) =>
  runBackups(h.deps, { scheduledTime: toInstant(scheduled), timeZone: 'Europe/London', kind });

const sentParams = (h: Harness) => h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input);

describe('runBackups', () => {
  const h = useHarness();

  it('C9.1 C9.3 the weekly full run backs up every image of every server in one BackupImage command', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-08T02:00:04Z'); // Sunday 02:00 London
    const summary = await backupRun(h, '2026-11-08T02:00:00Z', 'full');

    expect(summary).toMatchObject({ created: 2, sent: [expect.anything(), expect.anything()] });
    expect(
      sentParams(h).map((c) => [c.DocumentName, c.InstanceIds, c.Parameters?.images, c.Parameters?.kind]),
    ).toEqual([['BackupImage', [a], ['all'], ['full']]]);
    expect(sentParams(h)[0]?.Parameters).toMatchObject({
      bucket: ['backups-bucket'],
      slot: ['2026-11-08T02:00:00.000Z'],
    });
    const backups = await h.store.backups.listBackupsByServer(a);
    expect(backups.map((b) => [b.state, b.commandId])).toEqual([
      ['running', 'cmd-1'],
      ['running', 'cmd-1'],
    ]);
    // The server rebuilds each BackupRun id from its instance id, the image, the kind and the slot.
    expect(backups.map((b) => b.id).sort()).toEqual(
      ['dc01', 'files'].map((image) => `backup:${a}:${image}:full:2026-11-08T02:00:00.000Z`),
    );
  });

  it('C9.1 120 servers of 24 customers: 3 SendCommand calls of at most 50 servers, all images each', async () => {
    const customers = Array.from({ length: 24 }, (_, i) => customer({ id: `c${i}` }));
    const servers = Array.from({ length: 120 }, (_, i) =>
      server({ id: serverId(), customerId: `c${i % 24}` }),
    );
    await givenFleet(h, customers, servers);
    h.clock.set('2026-11-08T02:00:04Z');
    const summary = await backupRun(h, '2026-11-08T02:00:00Z', 'full');

    expect(summary).toMatchObject({ created: 240, failedSends: [] });
    const sent = sentParams(h);
    expect(sent.map((c) => c.InstanceIds?.length)).toEqual([50, 50, 20]);
    expect(new Set(sent.flatMap((c) => c.InstanceIds ?? []))).toEqual(new Set(servers.map((s) => s.id)));
    expect(sent.every((c) => c.Parameters?.images?.[0] === 'all' && c.MaxErrors === '100%')).toBe(true);
    const byCommand = new Map<string, number>();
    for (const { commandId } of 'sent' in summary ? summary.sent : [])
      byCommand.set(commandId, (byCommand.get(commandId) ?? 0) + 1);
    expect([...byCommand.values()]).toEqual([100, 100, 40]);
  });

  it('C9.2 the daily incremental run backs up the Active Directory image only', async () => {
    const [ad, plain] = [serverId(), serverId()];
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      [
        server({ id: ad, customerId: 'acme' }),
        server({ id: plain, customerId: 'acme', images: [{ name: 'web', activeDirectory: false }] }),
      ],
    );
    h.clock.set('2026-11-02T23:00:02Z');
    await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    expect(sentParams(h).map((c) => [c.InstanceIds, c.Parameters?.images, c.Parameters?.kind])).toEqual([
      [[ad], ['ad'], ['incremental']],
    ]);
  });

  it('C9.4 a backup slot inside a maintenance window runs when the window ends, not before', async () => {
    const a = serverId();
    await givenFleet(
      h,
      [customer({ id: 'acme', maintenanceWindow: { weekday: 'SUN', start: '01:00', durationHours: 4 } })],
      [server({ id: a, customerId: 'acme', images: [{ name: 'web', activeDirectory: false }] })],
    );
    h.clock.set('2026-11-08T02:00:04Z');
    await backupRun(h, '2026-11-08T02:00:00Z', 'full');
    expect(sentParams(h)).toHaveLength(0);
    expect((await h.store.backups.listBackupsByServer(a))[0]).toMatchObject({
      state: 'planned',
      scheduledFor: '2026-11-08T05:00:00.000Z',
    });

    // Issue 15 #9: the hourly due run sends it when the window ends, not at the next 23:00.
    h.clock.set('2026-11-08T04:00:04Z');
    await backupRun(h, '2026-11-08T04:00:00Z', 'due');
    expect(sentParams(h)).toHaveLength(0);
    // Nothing came due at 04:00: the run claimed nothing, so a second delivery is no duplicate either.
    await expect(backupRun(h, '2026-11-08T04:00:00Z', 'due')).resolves.toMatchObject({ duplicate: false });
    h.clock.set('2026-11-08T05:00:04Z');
    await backupRun(h, '2026-11-08T05:00:00Z', 'due');
    expect(sentParams(h).map((c) => c.Parameters?.kind)).toEqual([['full']]);
  });

  it('C9.4 the hourly due run creates no slot and leaves a failed backup to the next full or incremental run', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.ssm
      .on(SendCommandCommand)
      .rejectsOnce(new Error('agent offline'))
      .resolves({ Command: { CommandId: 'c2' } });
    h.clock.set('2026-11-02T23:00:02Z');
    await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    h.clock.set('2026-11-03T01:00:02Z');
    await expect(backupRun(h, '2026-11-03T01:00:00Z', 'due')).resolves.toMatchObject({
      created: 0,
      sent: [],
    });
    expect((await h.store.backups.listBackupsByServer(a)).map((b) => [b.state, b.attempt])).toEqual([
      ['failed', 1],
    ]);
  });

  it('C9.1 C9.4 the script timeout is sized to the images: six images get hours enough, not a fixed 4 h (issue 15 #4)', async () => {
    const [small, big] = [serverId(), serverId()];
    const images = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `img${i}`, activeDirectory: false }));
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      [
        server({ id: small, customerId: 'acme', images: images(1) }),
        server({ id: big, customerId: 'acme', images: images(6) }),
      ],
    );
    h.clock.set('2026-11-08T02:00:04Z');
    await backupRun(h, '2026-11-08T02:00:00Z', 'full');
    const timeouts = Object.fromEntries(
      sentParams(h).map((c) => [c.InstanceIds?.[0], c.Parameters?.executionTimeout]),
    );
    // Assumed 120 minutes per image until learned, half as long again: 3 h for one image, 18 h for six.
    expect(timeouts).toEqual({ [small]: [String(3 * 3600)], [big]: [String(18 * 3600)] });
  });

  it('C6.5 C9.4 an AD incremental is planned with what its own backups took (issue 15 #3): a 20-minute one runs at 23:00 before a 00:00 window, a 71-minute one after it', async () => {
    const [quick, slow] = [serverId(), serverId()];
    const window = { weekday: 'WED' as const, start: '00:00', durationHours: 1 };
    await givenFleet(
      h,
      [customer({ id: 'acme', maintenanceWindow: window })],
      [server({ id: quick, customerId: 'acme' }), server({ id: slow, customerId: 'acme' })],
    );
    // The last three incrementals, as the results recorded them: sent at 23:00, finished 20 or 71 minutes later.
    for (const [id, minutes] of [
      [quick, 20],
      [slow, 71],
    ] as const) {
      for (let day = 7; day <= 9; day++) {
        const slot = `2026-11-0${day}T23:00:00.000Z`;
        await h.store.backups.createBackup(
          {
            id: `backup:${id}:dc01:incremental:${slot}`,
            serverId: id,
            customerId: 'acme',
            image: 'dc01',
            kind: 'incremental',
            scheduledFor: slot,
            state: 'succeeded',
            copies: ['local', 'cloud'],
            attempt: 1,
            send: { holder: 'test', until: slot, at: slot, key: `k-${id}-${day}` },
            commandId: `cmd-${id}-${day}`,
            finishedAt: toInstant(slot).add({ minutes }).toString(),
            version: 1,
          },
          auditEventOf({
            type: 'test.seeded',
            actor: 'test',
            at: toInstant(slot),
            subjectId: id,
            key: slot,
            data: {},
          }),
        );
      }
    }
    h.clock.set('2026-11-10T23:00:02Z'); // Tuesday 23:00 London; the window is Wednesday 00:00–01:00
    await backupRun(h, '2026-11-10T23:00:00Z', 'incremental');
    const planned = async (id: string) =>
      (await h.store.backups.listBackupsByServer(id, toInstant('2026-11-10T00:00:00Z'))).map((b) => [
        b.scheduledFor,
        b.minutesPerImage,
      ]);
    expect(await planned(quick)).toEqual([['2026-11-10T23:00:00.000Z', 25]]);
    expect(await planned(slow)).toEqual([['2026-11-11T01:00:00.000Z', 90]]);
    expect(sentParams(h).map((c) => c.InstanceIds)).toEqual([[quick]]);
  });

  it('C6.5 a backup is held while its server applies a change', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    await givenChanges(h, [
      notifiedChange('rel-1', a, 'acme', '2026-11-02T01:00:00Z', { state: 'applying', commandId: 'cmd-x' }),
    ]);
    h.clock.set('2026-11-02T23:00:02Z');
    const held = await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    expect(held).toMatchObject({ held: [{ reason: expect.stringMatching(/C6\.5/) }] });
    expect(sentParams(h)).toHaveLength(0);
  });

  it('C9.4 a failed backup is retried at the next run, as a new attempt', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.ssm
      .on(SendCommandCommand)
      .rejectsOnce(new Error('agent offline'))
      .resolves({ Command: { CommandId: 'cmd-retry' } });
    h.clock.set('2026-11-02T23:00:02Z');
    const first = await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    expect(first).toMatchObject({ failedSends: [expect.any(String)] });

    h.clock.set('2026-11-03T23:00:02Z');
    await backupRun(h, '2026-11-03T23:00:00Z', 'incremental');
    const backups = await h.store.backups.listBackupsByServer(a);
    const retried = backups.find((b) => b.scheduledFor === '2026-11-02T23:00:00.000Z');
    expect(retried).toMatchObject({ state: 'running', attempt: 2, commandId: 'cmd-retry' });
  });

  it('C11.2 C9.2 a skipped incremental run is caught up: the next run backs up the slot it owed as well as its own', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T23:00:02Z');
    await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    // The 3 November run never fired; the 4 November run owes both slots.
    h.clock.set('2026-11-04T23:00:02Z');
    await expect(backupRun(h, '2026-11-04T23:00:00Z', 'incremental')).resolves.toMatchObject({ created: 2 });
    const slots = (await h.store.backups.listBackupsByServer(a)).map((b) => b.id.split(':incremental:')[1]);
    expect(slots).toEqual([
      '2026-11-02T23:00:00.000Z',
      '2026-11-03T23:00:00.000Z',
      '2026-11-04T23:00:00.000Z',
    ]);
  });

  it('C9.1 a server registered this week starts with the full backup of this Sunday, not of last Sunday beside it', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-08T02:00:04Z');
    await expect(backupRun(h, '2026-11-08T02:00:00Z', 'full')).resolves.toMatchObject({ created: 2 });
  });

  it('C9.4 C6.5 a retry that would run into a window is planned for its end and sent by the hourly run then', async () => {
    const a = serverId();
    const window = { weekday: 'WED' as const, start: '00:00', durationHours: 1 };
    await givenFleet(
      h,
      [customer({ id: 'acme', maintenanceWindow: window })],
      [server({ id: a, customerId: 'acme' })],
    );
    h.ssm
      .on(SendCommandCommand)
      .rejectsOnce(new Error('agent offline'))
      .resolves({ Command: { CommandId: 'c2' } });
    h.clock.set('2026-11-09T23:00:02Z'); // Monday: sent, and the send fails
    await backupRun(h, '2026-11-09T23:00:00Z', 'incremental');
    h.clock.set('2026-11-10T23:00:02Z'); // Tuesday 23:00: the retry would run into Wednesday 00:00
    const tuesday = await backupRun(h, '2026-11-10T23:00:00Z', 'incremental');
    expect(tuesday).toMatchObject({
      held: expect.arrayContaining([
        expect.objectContaining({ reason: expect.stringMatching(/C9\.4 the retry/) }),
      ]),
    });
    const retry = async () =>
      (await h.store.backups.listBackupsByServer(a)).find((b) => b.id.endsWith('2026-11-09T23:00:00.000Z'));
    expect(await retry()).toMatchObject({
      state: 'planned',
      attempt: 2,
      scheduledFor: '2026-11-11T01:00:00.000Z',
    });
    h.clock.set('2026-11-11T01:00:02Z');
    await backupRun(h, '2026-11-11T01:00:00Z', 'due');
    expect(await retry()).toMatchObject({ state: 'running', attempt: 2 });
  });

  it('C9.4 C11.2 a slot caught up after its time is judged from now: at 00:00 before a 01:00 window it waits for the window to end', async () => {
    const a = serverId();
    const window = { weekday: 'WED' as const, start: '01:00', durationHours: 4 };
    await givenFleet(
      h,
      [customer({ id: 'acme', maintenanceWindow: window })],
      [server({ id: a, customerId: 'acme' })],
    );
    h.clock.set('2026-11-11T00:00:05Z'); // the Tuesday 23:00 run, caught up at Wednesday 00:00
    await backupRun(h, '2026-11-10T23:00:00Z', 'incremental');
    expect((await h.store.backups.listBackupsByServer(a)).map((b) => [b.state, b.scheduledFor])).toEqual([
      ['planned', '2026-11-11T05:00:00.000Z'],
    ]);
    expect(sentParams(h)).toHaveLength(0);
  });

  it('C11.2 the hourly run finds a slot-creating run that never fired, not one that ran, nor one not yet due', async () => {
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: serverId(), customerId: 'acme' })]);
    h.clock.set('2026-11-02T23:00:02Z');
    await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    const missed = (at: string) =>
      missedBackupRuns(h.deps, { timeZone: 'Europe/London', scheduledTime: toInstant(at) }).then((m) =>
        m.map((r) => [r.kind, r.scheduledTime.toString()]),
      );
    expect(await missed('2026-11-03T00:00:00Z')).toEqual([]); // the 23:00 run ran
    expect(await missed('2026-11-03T23:30:00Z')).toEqual([]); // too early to call the 3 November run missed
    expect(await missed('2026-11-04T00:00:00Z')).toEqual([['incremental', '2026-11-03T23:00:00Z']]);
    // A delivery that claimed the 3 November run and died before completing it leaves it owed.
    await h.store.runs.claim(
      'run:backup-incremental:Europe/London:2026-11-03T23:00:00.000Z',
      { id: 'died', until: toInstant('2026-11-03T23:15:00Z') },
      toInstant('2026-11-03T23:00:01Z'),
    );
    expect(await missed('2026-11-04T00:00:00Z')).toEqual([['incremental', '2026-11-03T23:00:00Z']]);
    expect(await missed('2026-11-08T03:00:00Z')).toEqual([
      ['full', '2026-11-08T02:00:00Z'],
      ['incremental', '2026-11-07T23:00:00Z'],
    ]);
  });

  it('C11.2 a second delivery of a backup run sends nothing again', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T23:00:02Z');
    await backupRun(h, '2026-11-02T23:00:00Z', 'incremental');
    await expect(backupRun(h, '2026-11-02T23:00:00Z', 'incremental')).resolves.toMatchObject({
      duplicate: true,
    });
    expect(sentParams(h)).toHaveLength(1);
  });
});
