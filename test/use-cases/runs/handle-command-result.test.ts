import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ListCommandInvocationsCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { handleCommandResult } from '../../../functions/application/runs/handle-command-result.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import type { BackupRun } from '../../../functions/domain/records.ts';
import {
  alerts,
  customer,
  givenChanges,
  givenFleet,
  type Harness,
  notifiedChange,
  release,
  releaseStored,
  sentMails,
  server,
  serverId,
  useHarness,
} from './harness.ts';

type Reply = { status: string; details?: string; code?: number; output?: string };

/** What ListCommandInvocations answers for cmd-9, per server. */
function fleetSays(h: Harness, replies: Record<string, Reply>) {
  h.ssm.on(ListCommandInvocationsCommand).resolves({
    CommandInvocations: Object.entries(replies).map(([id, r]) => ({
      CommandId: 'cmd-9',
      InstanceId: id,
      Status: r.status as 'Success',
      StatusDetails: r.details ?? r.status,
      CommandPlugins: [{ ResponseCode: r.code ?? -1, Output: r.output }],
    })),
  });
}

async function applying(h: Harness, count: number, cls: 'important' | 'urgent' = 'important') {
  const ids = Array.from({ length: count }, () => serverId());
  await givenFleet(
    h,
    [customer({ id: 'acme' })],
    ids.map((id) => server({ id, customerId: 'acme' })),
  );
  await releaseStored(h, release({ id: 'rel-1', class: cls }));
  const applyAt = cls === 'urgent' ? '2026-11-03T01:00:00Z' : '2026-11-06T01:00:00Z';
  await givenChanges(
    h,
    ids.map((id) =>
      notifiedChange('rel-1', id, 'acme', applyAt, {
        class: cls,
        state: 'applying',
        commandId: 'cmd-9',
        history: [{ at: applyAt, from: 'notified', to: 'applying', actor: 'apply-run', reason: 'sent' }],
      }),
    ),
  );
  return ids;
}

const result = (h: Harness, instanceId: string, status = 'Failed') =>
  handleCommandResult(h.deps, { commandId: 'cmd-9', instanceId, status: status as 'Failed' });

describe('handleCommandResult (PatchServer)', () => {
  const h = useHarness();

  it('C8.1 a success sends nothing; the change succeeded and the server runs the new version', async () => {
    const [a] = (await applying(h, 1)) as [string];
    fleetSays(h, { [a]: { status: 'Success', code: 0 } });
    await expect(result(h, a, 'Success')).resolves.toMatchObject({
      recorded: 'change',
      outcome: 'succeeded',
    });

    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('succeeded');
    expect((await h.store.directory.getServer(a))?.version).toBe('1.1.0');
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('C6.2 C6.4 C8.2 C8.3 a Friday-evening failure: reverted, replanned, failure notice sent at once, well within 4 working hours', async () => {
    const [a] = (await applying(h, 1)) as [string];
    fleetSays(h, { [a]: { status: 'Failed', code: 20 } });
    h.clock.set('2026-11-06T19:30:00Z'); // Friday 19:30 London, after working hours
    await result(h, a);

    const change = await h.store.changes.getChange(`rel-1:${a}`);
    expect(change).toMatchObject({ state: 'notified', attempt: 2, applyAt: '2026-11-18T01:00:00.000Z' });
    expect(change?.history.map((t) => t.to).slice(-3)).toEqual(['failed-rolled-back', 'planned', 'notified']);
    const [notice] = await h.store.notices.listNoticesByCustomer('acme');
    // C8.2: 4 working hours from Friday 19:30 end on Monday 13:00; it went out on Friday.
    expect(notice).toMatchObject({
      kind: 'failure',
      status: 'sent',
      sendBy: '2026-11-09T13:00:00.000Z',
      sentAt: '2026-11-06T19:30:00.000Z',
    });
    const [mail] = await sentMails(h);
    const text = mail?.parsed.text ?? '';
    expect(text).toMatch(/reversed automatically/);
    expect(text).toMatch(/still works/);
    expect(text).toContain('18 November 2026'); // C8.3: when it will be repeated
  });

  it('C6.4 a failed urgent change is repeated on the first night whose 12:00 notice follows the failure notice', async () => {
    const [a] = (await applying(h, 1, 'urgent')) as [string];
    fleetSays(h, { [a]: { status: 'Failed', code: 30 } });
    h.clock.set('2026-11-03T03:00:00Z');
    await result(h, a);
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({
      state: 'notified',
      attempt: 2,
      applyAt: '2026-11-04T01:00:00.000Z',
    });
  });

  it('C6.2 the same event twice changes nothing the second time: one failure notice', async () => {
    const [a] = (await applying(h, 1)) as [string];
    fleetSays(h, { [a]: { status: 'Failed', code: 20 } });
    h.clock.set('2026-11-06T02:00:00Z');
    await result(h, a);
    const once = await h.store.changes.getChange(`rel-1:${a}`);
    await expect(result(h, a)).resolves.toMatchObject({ recorded: 'nothing' });
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toEqual(once);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('C8.2 a failure notice that could not be sent is sent when the event is delivered again', async () => {
    const [a] = (await applying(h, 1)) as [string];
    fleetSays(h, { [a]: { status: 'Failed', code: 20 } });
    h.ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    // The result is recorded with its notice; the mail service refused it, so the notice waits.
    await expect(result(h, a)).resolves.toMatchObject({ outcome: 'failed-rolled-back' });
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({ state: 'planned', attempt: 2 });
    expect((await h.store.notices.listNoticesByCustomer('acme'))[0]).toMatchObject({ status: 'pending' });

    h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-retry' });
    await result(h, a); // the event source retries the delivery
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('notified');
    const [notice] = await h.store.notices.listNoticesByCustomer('acme');
    expect(notice).toMatchObject({ kind: 'failure', status: 'sent', messageId: 'ses-retry' });
  });

  it('C6.3 a rollback that fails: rollback-failed, server needs-attention, CS alerted at once, nothing sent to the customer', async () => {
    const [a] = (await applying(h, 1)) as [string];
    fleetSays(h, { [a]: { status: 'Failed', code: 40 } });
    await result(h, a);

    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('rollback-failed');
    expect((await h.store.directory.getServer(a))?.status).toBe('needs-attention');
    expect(alerts(h)).toEqual([expect.objectContaining({ clause: 'C6.3' })]);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it.each(['TimedOut', 'Cancelled'])(
    'C6.3 %s stops the script part-way: state unknown, treated as a failed rollback',
    async (status) => {
      const [a] = (await applying(h, 1)) as [string];
      fleetSays(h, { [a]: { status, details: status === 'TimedOut' ? 'ExecutionTimedOut' : status } });
      await result(h, a, status);
      expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('rollback-failed');
      expect((await h.store.directory.getServer(a))?.status).toBe('needs-attention');
    },
  );

  it.each(['Undeliverable', 'DeliveryTimedOut'])(
    'C3.5 %s: nothing ran, so no failure on the customer; replanned with a new notice to come, CS alerted',
    async (details) => {
      const [a] = (await applying(h, 1)) as [string];
      fleetSays(h, { [a]: { status: details === 'Undeliverable' ? 'Failed' : 'TimedOut', details } });
      h.clock.set('2026-11-06T01:30:00Z');
      await result(h, a);

      expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({
        state: 'planned',
        attempt: 1,
        noticeAt: '2026-11-06T12:00:00.000Z',
        applyAt: '2026-11-18T01:00:00.000Z',
      });
      expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
      expect(alerts(h)[0]).toMatchObject({ clause: 'C3.5' });
    },
  );

  it('C6.2 a status that is not final records nothing and asks the fleet nothing', async () => {
    const [a] = (await applying(h, 1)) as [string];
    await expect(result(h, a, 'InProgress')).resolves.toMatchObject({ recorded: 'nothing' });
    expect(h.ssm.commandCalls(ListCommandInvocationsCommand)).toHaveLength(0);
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('applying');
  });

  it('C6.2 a partial fleet failure: each server gets its own outcome from the same command', async () => {
    const [a, b, c] = (await applying(h, 3)) as [string, string, string];
    fleetSays(h, {
      [a]: { status: 'Success', code: 0 },
      [b]: { status: 'Failed', code: 20 },
      [c]: { status: 'Success', code: 0 },
    });
    for (const id of [a, b, c]) await result(h, id, id === b ? 'Failed' : 'Success');

    const states = await Promise.all(
      [a, b, c].map(async (id) => (await h.store.changes.getChange(`rel-1:${id}`))?.state),
    );
    expect(states).toEqual(['succeeded', 'notified', 'succeeded']);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});

describe('handleCommandResult (BackupImage)', () => {
  const h = useHarness();

  async function runningBackup(images: string[] = ['dc01']): Promise<string> {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    for (const image of images) {
      const backup: BackupRun = {
        id: `backup:${a}:${image}:full:2026-11-08T02:00:00.000Z`,
        serverId: a,
        customerId: 'acme',
        image,
        kind: 'full',
        scheduledFor: '2026-11-08T02:00:00.000Z',
        state: 'running',
        copies: [],
        attempt: 1,
        commandId: 'cmd-9',
        version: 0,
      };
      await h.store.backups.createBackup(
        backup,
        auditEventOf({
          type: 'backup.started',
          actor: 'test',
          at: h.clock.now(),
          subjectId: backup.id,
          key: 'x',
        }),
      );
    }
    return a;
  }

  const statesOf = async (a: string) =>
    (await h.store.backups.listBackupsByServer(a))
      .map((b) => [b.image, b.state, b.copies])
      .sort(([x], [y]) => String(x).localeCompare(String(y)));

  it('C9.3 a backup that succeeds records both copies, local and cloud', async () => {
    const a = await runningBackup();
    fleetSays(h, { [a]: { status: 'Success', code: 0 } });
    await expect(result(h, a, 'Success')).resolves.toMatchObject({
      recorded: 'backup',
      outcome: 'succeeded',
    });
    const [backup] = await h.store.backups.listBackupsByServer(a);
    expect(backup).toMatchObject({ state: 'succeeded', copies: ['local', 'cloud'] });
    expect(alerts(h)).toEqual([]);
  });

  it('C9.4 a failed backup alerts the CS team (not the customer) and is left for retry', async () => {
    const a = await runningBackup();
    fleetSays(h, { [a]: { status: 'Failed', code: 53 } });
    h.clock.set('2026-11-08T04:00:00Z');
    await result(h, a);
    const [backup] = await h.store.backups.listBackupsByServer(a);
    expect(backup).toMatchObject({ state: 'failed', copies: ['local'] });
    expect(alerts(h)[0]).toMatchObject({ clause: 'C9.4' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect((await h.store.backups.listBackupsDue(h.clock.now())).map((b) => b.id)).toEqual([backup?.id]);
  });

  it('C9.3 records the outcome and copies of each image from its line of one invocation', async () => {
    const a = await runningBackup(['dc01', 'files']);
    const output = 'IMAGE=dc01 COPIES=local,cloud RESULT=0\nIMAGE=files COPIES=local,cloud RESULT=0';
    fleetSays(h, { [a]: { status: 'Success', code: 0, output } });
    await expect(result(h, a, 'Success')).resolves.toMatchObject({
      recorded: 'backup',
      backupIds: [expect.any(String), expect.any(String)],
      outcome: 'succeeded',
    });
    expect(await statesOf(a)).toEqual([
      ['dc01', 'succeeded', ['local', 'cloud']],
      ['files', 'succeeded', ['local', 'cloud']],
    ]);
    expect(alerts(h)).toEqual([]);
  });

  it('C9.4 one image failing fails only its BackupRun, alerts CS about it, and leaves it for retry', async () => {
    const a = await runningBackup(['dc01', 'files']);
    const output = 'IMAGE=dc01 COPIES=local,cloud RESULT=0\nIMAGE=files COPIES=local RESULT=53';
    fleetSays(h, { [a]: { status: 'Failed', code: 53, output } });
    h.clock.set('2026-11-08T04:00:00Z');
    await expect(result(h, a)).resolves.toMatchObject({ recorded: 'backup', outcome: 'failed' });
    expect(await statesOf(a)).toEqual([
      ['dc01', 'succeeded', ['local', 'cloud']],
      ['files', 'failed', ['local']],
    ]);
    const failedId = `backup:${a}:files:full:2026-11-08T02:00:00.000Z`;
    expect(alerts(h)).toEqual([expect.objectContaining({ clause: 'C9.4', subjectId: failedId })]);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect((await h.store.backups.listBackupsDue(h.clock.now())).map((b) => b.id)).toEqual([failedId]);
  });

  it('C9.4 an image the script printed no line for failed, even when the others succeeded', async () => {
    const a = await runningBackup(['dc01', 'files']);
    fleetSays(h, {
      [a]: {
        status: 'TimedOut',
        details: 'ExecutionTimedOut',
        output: 'IMAGE=dc01 COPIES=local,cloud RESULT=0',
      },
    });
    await result(h, a, 'TimedOut');
    expect(await statesOf(a)).toEqual([
      ['dc01', 'succeeded', ['local', 'cloud']],
      ['files', 'failed', []],
    ]);
    expect(alerts(h)).toHaveLength(1);
  });

  it('C9.4 a command never delivered fails every backup of the server in it, each alerted', async () => {
    const a = await runningBackup(['dc01', 'files']);
    fleetSays(h, { [a]: { status: 'Failed', details: 'Undeliverable' } });
    await result(h, a);
    expect(await statesOf(a)).toEqual([
      ['dc01', 'failed', []],
      ['files', 'failed', []],
    ]);
    expect(alerts(h)).toHaveLength(2);
  });
});
