import { SendCommandCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { runBackups } from '../../../functions/application/runs/run-backups.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { BackupKind } from '../../../functions/domain/records.ts';
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

const backupRun = (h: Harness, scheduled: string, kind: BackupKind) =>
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

    h.clock.set('2026-11-08T23:00:04Z'); // the next backup run sends what is due by then
    await backupRun(h, '2026-11-08T23:00:00Z', 'incremental');
    expect(sentParams(h).map((c) => c.Parameters?.kind)).toEqual([['full']]);
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
