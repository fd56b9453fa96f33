/**
 * The scheduled runs' fan-out (runs/fan-out.ts, bench/DESIGN.md): the coordinator hands the zone's
 * work out in shards of whole customers, the workers (the same function fed by its shard queue) do
 * it, and every step is safe to deliver twice. Store on DynamoDB Local, SES and SSM mocked at the
 * wire (harness.ts); the queue is a recording WorkQueue (the SQS adapter has its own test).
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendCommandCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import type { RunShard, WorkQueue } from '../../../functions/application/ports.ts';
import type { FanOutDeps } from '../../../functions/application/runs/fan-out.ts';
import { registerRelease } from '../../../functions/application/runs/register-release.ts';
import type { RunDeps } from '../../../functions/application/shared/deps.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { applyApp } from '../../../functions/handlers/apply/app.ts';
import { applyShardApp } from '../../../functions/handlers/apply-shard/app.ts';
import { backupApp } from '../../../functions/handlers/backup/app.ts';
import { backupShardApp } from '../../../functions/handlers/backup-shard/app.ts';
import { noticeApp } from '../../../functions/handlers/notice/app.ts';
import { noticeShardApp } from '../../../functions/handlers/notice-shard/app.ts';
import type { ShardBatchResult } from '../../../functions/runtime/shard-worker.ts';
import {
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

const LONDON = 'Europe/London';
const WINDOW = '2026-11-11T01:00:00.000Z';

class RecordingQueue implements WorkQueue {
  readonly sent: RunShard[] = [];
  async send(shards: readonly RunShard[]): Promise<void> {
    this.sent.push(...shards);
  }
}

/** An SQS event as the event source mapping delivers it: one record per shard. */
const sqsBatch = (shards: readonly RunShard[], bodies?: string[]) => ({
  Records: (bodies ?? shards.map((s) => JSON.stringify(s))).map((body, i) => ({
    messageId: `m-${i}`,
    body,
    eventSource: 'aws:sqs',
  })),
});

/** Four London customers of three servers each, and one New York customer. */
async function fleet(h: Harness) {
  const london = ['c1', 'c2', 'c3', 'c4'];
  const servers = [
    ...london.flatMap((id) => [0, 1, 2].map(() => server({ id: serverId(), customerId: id }))),
    server({ id: serverId(), customerId: 'ny1' }),
  ];
  await givenFleet(
    h,
    [...london.map((id) => customer({ id })), customer({ id: 'ny1', timeZone: 'America/New_York' })],
    servers,
  );
  return servers;
}

const withQueue = (h: Harness, shardServers: number) => {
  const queue = new RecordingQueue();
  const deps: RunDeps & FanOutDeps = { ...h.deps, fanOut: { queue, shardServers } };
  return { queue, deps };
};

const failures = (result: unknown) => (result as ShardBatchResult<unknown>).batchItemFailures;

describe('fan-out of the scheduled runs', () => {
  const h = useHarness();

  /** The fleet with release rel-1 notified on every server, a shard queue, the clock at the window. */
  const notifiedFleetAtWindow = async (shardServers: number) => {
    const servers = await fleet(h);
    await releaseStored(h, release({ id: 'rel-1' }));
    await givenChanges(
      h,
      servers.map((s) => notifiedChange('rel-1', s.id, s.customerId, WINDOW)),
    );
    const queued = withQueue(h, shardServers);
    h.clock.set('2026-11-11T01:00:05Z');
    return { servers, ...queued };
  };

  it('C3.4 C11.1 the apply coordinator hands out shards of whole customers of its zone and sends nothing itself', async () => {
    const { queue, deps } = await notifiedFleetAtWindow(6);
    const event = { run: 'apply', scheduledTime: '2026-11-11T01:00:00Z', timeZone: LONDON };

    const result = await applyApp(deps)(event);

    expect(result).toMatchObject({ fannedOut: true, shards: 2, customers: 4, servers: 12 });
    expect(queue.sent.map((s) => [s.run, s.index, s.count, s.customerIds])).toEqual([
      ['apply', 0, 2, ['c1', 'c2']],
      ['apply', 1, 2, ['c3', 'c4']],
    ]);
    expect(queue.sent.every((s) => s.timeZone === LONDON && s.scheduledTime === '2026-11-11T01:00:00Z')).toBe(
      true,
    );
    expect(h.ssm.commandCalls(SendCommandCommand)).toHaveLength(0);

    // C11.2: a second delivery of the schedule hands out nothing more.
    expect(await applyApp(deps)(event)).toMatchObject({ duplicate: true });
    expect(queue.sent).toHaveLength(2);
  });

  it('C3.1 C11.2 the apply workers send each shard once; a redelivered shard sends nothing', async () => {
    const { servers, queue, deps } = await notifiedFleetAtWindow(6);
    await applyApp(deps)({ run: 'apply', scheduledTime: '2026-11-11T01:00:00Z', timeZone: LONDON });

    expect(failures(await applyShardApp(deps)(sqsBatch(queue.sent)))).toEqual([]);
    const sent = h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input);
    expect(sent.map((c) => c.InstanceIds?.length)).toEqual([6, 6]);
    // Each shard's send has its own Comment (DESIGN.md rule 4: a send's unique key).
    expect(new Set(sent.map((c) => c.Comment)).size).toBe(2);
    const london = servers.filter((s) => s.customerId !== 'ny1').map((s) => s.id);
    expect(new Set(sent.flatMap((c) => c.InstanceIds ?? []))).toEqual(new Set(london));
    const ny = servers.find((s) => s.customerId === 'ny1')?.id as string;
    expect((await h.store.changes.getChange(`rel-1:${ny}`))?.state).toBe('notified');

    const again = await applyShardApp(deps)(sqsBatch(queue.sent));
    expect((again as ShardBatchResult<unknown>).outcomes.map((o) => o.ok && o.result)).toMatchObject([
      { duplicate: true },
      { duplicate: true },
    ]);
    expect(h.ssm.commandCalls(SendCommandCommand)).toHaveLength(2);
  });

  it("C11.2 a coordinator takes only its schedule's payload: a shard batch sent to it is refused, nothing is sent", async () => {
    const { queue, deps } = await notifiedFleetAtWindow(6);
    await applyApp(deps)({ run: 'apply', scheduledTime: '2026-11-11T01:00:00Z', timeZone: LONDON });
    const sends = h.ssm.commandCalls(SendCommandCommand).length;

    await expect(applyApp(deps)(sqsBatch(queue.sent))).rejects.toBeInstanceOf(ValidationError);
    expect(h.ssm.commandCalls(SendCommandCommand)).toHaveLength(sends);
  });

  it('C3.1 a run whose work fits one shard is done by the coordinator itself, as without a queue', async () => {
    const { queue, deps } = await notifiedFleetAtWindow(50);

    const result = await applyApp(deps)({
      run: 'apply',
      scheduledTime: '2026-11-11T01:00:00Z',
      timeZone: LONDON,
    });

    expect(result).toMatchObject({
      duplicate: false,
      runKey: 'run:apply:Europe/London:2026-11-11T01:00:00.000Z',
    });
    expect(queue.sent).toEqual([]);
    expect(h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input.InstanceIds?.length)).toEqual([
      12,
    ]);
  });

  it('C3.2 C3.4 notice workers send one notice per customer and window, however the customers are sharded', async () => {
    await fleet(h);
    await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs' });
    const { queue, deps } = withQueue(h, 3);
    h.clock.set('2026-11-02T12:00:04Z');

    const result = await noticeApp(deps)({
      run: 'notice',
      scheduledTime: '2026-11-02T12:00:00Z',
      timeZone: LONDON,
    });
    expect(result).toMatchObject({ fannedOut: true, shards: 4, servers: 12 });
    expect(failures(await noticeShardApp(deps)(sqsBatch(queue.sent)))).toEqual([]);

    const mails = h.ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses);
    expect(mails.flat().sort()).toEqual([
      'ops@c1.example',
      'ops@c2.example',
      'ops@c3.example',
      'ops@c4.example',
    ]);
    const changes = await h.store.changes.listChangesByCustomer('c3');
    expect(changes.map((c) => c.state)).toEqual(['notified', 'notified', 'notified']);
  });

  it('C9.1 backup shards are weighed by servers and back up every image of their customers', async () => {
    await fleet(h);
    const { queue, deps } = withQueue(h, 6);
    h.clock.set('2026-11-08T02:00:04Z'); // Sunday 02:00 London
    const event = { run: 'backup-full', scheduledTime: '2026-11-08T02:00:00Z', timeZone: LONDON };

    expect(await backupApp(deps)(event)).toMatchObject({ fannedOut: true, shards: 2, servers: 12 });
    expect(queue.sent.map((s) => s.run)).toEqual(['backup-full', 'backup-full']);
    expect(failures(await backupShardApp(deps)(sqsBatch(queue.sent)))).toEqual([]);

    const sent = h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input);
    expect(sent.map((c) => [c.DocumentName, c.InstanceIds?.length, c.Parameters?.images])).toEqual([
      ['BackupImage', 6, ['all']],
      ['BackupImage', 6, ['all']],
    ]);
  });

  it('C11.2 a shard that cannot be read, or belongs to another run, is reported for redelivery; the others are done', async () => {
    const { queue, deps } = await notifiedFleetAtWindow(6);
    await applyApp(deps)({ run: 'apply', scheduledTime: '2026-11-11T01:00:00Z', timeZone: LONDON });
    const [first] = queue.sent as [RunShard];

    const result = (await applyShardApp(deps)(
      sqsBatch(
        [],
        [
          'not json',
          JSON.stringify({ ...first, index: 2, count: 2 }),
          JSON.stringify({ ...first, run: 'notice' }),
          JSON.stringify(first),
        ],
      ),
    )) as ShardBatchResult<unknown>;

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'm-0' },
      { itemIdentifier: 'm-1' },
      { itemIdentifier: 'm-2' },
    ]);
    const reasons = result.outcomes.flatMap((o) => (o.ok ? [] : [String((o.error as Error).message)]));
    expect(reasons[1]).toMatch(/index.*index must be below count/);
    expect(reasons[2]).toMatch(/for the notice run, not apply/);
    expect(h.ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input.InstanceIds?.length)).toEqual([
      6,
    ]);
  });
});
