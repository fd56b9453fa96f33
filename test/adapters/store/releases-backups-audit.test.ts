import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ConflictError } from '../../../functions/domain/errors.ts';
import { AuditEvent, BackupRun, Release } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, backup, nextServerId, release, uniq } from './fixtures.ts';

describe('release store (C1)', () => {
  const t = useTestStore();

  it('lists releases by platform and all of them, in validation order', async () => {
    const [p1, p2] = [`p-${uniq()}`, `p-${uniq()}`];
    const a = release(`a-${uniq()}`, p1, { validatedAt: '2026-11-21T10:00:00.000Z' });
    const b = release(`b-${uniq()}`, p1, { validatedAt: '2026-11-20T10:00:00.000Z', class: 'urgent' });
    const c = release(`c-${uniq()}`, p2);
    for (const r of [a, b, c]) expect(await t.store.releases.addRelease(r, audit(r.id))).toBe('created');
    expect(await t.store.releases.addRelease(a, audit(a.id))).toBe('existing');
    await expect(t.store.releases.addRelease({ ...a, class: 'urgent' }, audit(a.id))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await t.store.releases.listReleases(p1)).map((r) => r.id)).toEqual([b.id, a.id]);
    const all = await t.store.releases.listReleases();
    expect(all.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    for (const r of all) expect(Release.safeParse(r).success).toBe(true);
    expect(await t.store.releases.getRelease(b.id)).toEqual(b);
  });
});

describe('release store reads', () => {
  const meter = { requests: 0, capacityUnits: 0, byOperation: {} };
  const t = useTestStore({ meter });

  it('C1 a release found is read from DynamoDB once (it never changes); a missing one is asked again', async () => {
    const r = release(`r-${uniq()}`, `p-${uniq()}`);
    await t.store.releases.addRelease(r, audit(r.id));
    const before = meter.requests;
    const missing = `missing-${uniq()}`;
    expect(await t.store.releases.getRelease(missing)).toBeUndefined();
    expect(await t.store.releases.getRelease(missing)).toBeUndefined();
    expect(await t.store.releases.getRelease(r.id)).toEqual(r);
    expect(await t.store.releases.getRelease(r.id)).toEqual(r);
    expect(meter.requests - before).toBe(3);
  });
});

describe('backup store (C9)', () => {
  const t = useTestStore();

  it('lists backups by server within an inclusive date range', async () => {
    const s = nextServerId();
    const at = (scheduledFor: string) => backup(`b-${uniq()}`, s, 'acme', { scheduledFor });
    const runs = [
      at('2026-11-29T02:00:00.000Z'),
      at('2026-12-06T02:00:00.000Z'),
      at('2026-12-13T02:00:00.000Z'),
    ];
    for (const r of runs) await t.store.backups.createBackup(r, audit(r.id));
    expect((await t.store.backups.listBackupsByServer(s)).map((r) => r.id)).toEqual(runs.map((r) => r.id));
    const ranged = await t.store.backups.listBackupsByServer(
      s,
      toInstant('2026-12-06T02:00:00Z'),
      toInstant('2026-12-13T02:00:00Z'),
    );
    expect(ranged.map((r) => r.id)).toEqual([runs[1]?.id, runs[2]?.id]);
    for (const r of ranged) expect(BackupRun.safeParse(r).success).toBe(true);
  });

  it('C9.4 due backups are planned or failed ones up to the run time; running ones are listed apart', async () => {
    const s = nextServerId();
    const mk = (state: BackupRun['state'], scheduledFor: string) =>
      backup(`b-${uniq()}`, s, 'acme', { state, scheduledFor });
    const planned = mk('planned', '2041-01-06T02:00:00.000Z');
    const failed = mk('failed', '2041-01-05T23:00:00.000Z');
    const future = mk('planned', '2041-01-06T02:00:00.001Z');
    const succeeded = mk('succeeded', '2041-01-05T02:00:00.000Z');
    for (const r of [planned, failed, future, succeeded]) await t.store.backups.createBackup(r, audit(r.id));
    const mine = (list: BackupRun[]) => list.filter((r) => r.serverId === s).map((r) => r.id);

    expect(mine(await t.store.backups.listBackupsDue(toInstant('2041-01-06T02:00:00Z')))).toEqual([
      failed.id,
      planned.id,
    ]);

    const running = await t.store.backups.updateBackup(
      { ...planned, state: 'running', commandId: 'c-1' },
      0,
      audit(planned.id),
    );
    expect(running.version).toBe(1);
    expect(mine(await t.store.backups.listBackupsDue(toInstant('2041-01-06T02:00:00Z')))).toEqual([
      failed.id,
    ]);
    expect(mine(await t.store.backups.listBackupsRunning())).toEqual([planned.id]);
    await expect(
      t.store.backups.updateBackup({ ...planned, state: 'failed' }, 0, audit(planned.id)),
    ).rejects.toBeInstanceOf(ConflictError);
  });
  it('C9.3 C10.1 updates many backups in transactions of 50, each with its audit event; a replay is a success', async () => {
    const s = nextServerId();
    const runs = Array.from({ length: 120 }, () => backup(`b-${uniq()}`, s, 'acme'));
    for (const r of runs) await t.store.backups.createBackup(r, audit(r.id));
    const updates = runs.map((r) => ({
      next: { ...r, state: 'running' as const, commandId: 'cmd-1' },
      expectedVersion: 0,
      audit: audit(r.id, { type: 'backup.started' }),
    }));
    const stored = await t.store.backups.updateBackups(updates);
    expect(stored.map((r) => [r.state, r.version])).toEqual(runs.map(() => ['running', 1]));
    expect((await t.store.backups.listBackupsRunning()).filter((r) => r.serverId === s)).toHaveLength(120);
    for (const r of runs.slice(0, 3)) {
      expect((await t.store.audit.listBySubject(r.id)).map((e) => e.type)).toContain('backup.started');
    }
    // C11.2: the same updates again (a redelivery) are recognised as already written.
    await expect(t.store.backups.updateBackups(updates)).resolves.toHaveLength(120);
  });

  it('C9.4 a backup changed meanwhile is named in the conflict; the other transactions stay written', async () => {
    const s = nextServerId();
    const runs = Array.from({ length: 60 }, () => backup(`b-${uniq()}`, s, 'acme'));
    for (const r of runs) await t.store.backups.createBackup(r, audit(r.id));
    const raced = runs[55] as BackupRun;
    await t.store.backups.updateBackup({ ...raced, state: 'failed' }, 0, audit(raced.id));

    const attempt = t.store.backups.updateBackups(
      runs.map((r) => ({
        next: { ...r, state: 'running' as const },
        expectedVersion: 0,
        audit: audit(r.id),
      })),
    );
    await expect(attempt).rejects.toThrow(
      new RegExp(`backups not written \\(changed meanwhile\\): .*${raced.id}`),
    );
    const first = await t.store.backups.getBackup((runs[0] as BackupRun).id);
    const inLostChunk = await t.store.backups.getBackup((runs[50] as BackupRun).id);
    expect(first?.state).toBe('running');
    expect(inLostChunk?.state).toBe('planned');
  });

  it('C9.1 C11.2 creates many backups in batches; a second call creates none; a batch with some existing creates the rest', async () => {
    const s = nextServerId();
    const runs = Array.from({ length: 70 }, () => backup(`b-${uniq()}`, s, 'acme'));
    const entries = runs.map((run) => ({ run, audit: audit(run.id, { type: 'backup.planned' }) }));
    expect(await t.store.backups.createBackups(entries.slice(0, 10))).toBe(10);
    // 10 exist already (an earlier run made them), 60 are new: only those are created.
    expect(await t.store.backups.createBackups(entries)).toBe(60);
    expect(await t.store.backups.createBackups(entries)).toBe(0);
    expect(await t.store.backups.listBackupsByServer(s)).toHaveLength(70);
  });

  it('C9.4 C11.2 a slot computed differently by a later run (another moved time) stays as first created', async () => {
    const s = nextServerId();
    const runs = Array.from({ length: 3 }, () => backup(`b-${uniq()}`, s, 'acme'));
    const entries = runs.map((run) => ({ run, audit: audit(run.id, { type: 'backup.planned' }) }));
    expect(await t.store.backups.createBackups(entries.slice(0, 1))).toBe(1);
    const [first] = entries as [(typeof entries)[0]];
    const moved = {
      run: { ...first.run, scheduledFor: '2026-11-08T05:00:00.000Z', minutesPerImage: 90 },
      audit: audit(first.run.id, { type: 'backup.planned', data: { moved: true } }),
    };
    expect(await t.store.backups.createBackups([moved, ...entries.slice(1)])).toBe(2);
    expect(await t.store.backups.getBackup(first.run.id)).toEqual(first.run);
  });

  it('C9.3 finds the running backups of one command on one server, and no longer once they finished', async () => {
    const [s1, s2] = [nextServerId(), nextServerId()];
    const command = `cmd-${uniq()}`;
    const runs = [
      backup(`b-${uniq()}`, s1, 'acme'),
      backup(`b-${uniq()}`, s1, 'acme'),
      backup(`b-${uniq()}`, s2, 'acme'),
    ];
    const other = backup(`b-${uniq()}`, s1, 'acme');
    for (const r of [...runs, other]) await t.store.backups.createBackup(r, audit(r.id));
    await t.store.backups.updateBackups([
      ...runs.map((r) => ({
        next: { ...r, state: 'running' as const, commandId: command },
        expectedVersion: 0,
        audit: audit(r.id),
      })),
      {
        next: { ...other, state: 'running' as const, commandId: `cmd-${uniq()}` },
        expectedVersion: 0,
        audit: audit(other.id),
      },
    ]);

    const found = await t.store.backups.listRunningBackupsOfCommand(command, s1);
    expect(found.map((b) => b.id).sort()).toEqual([runs[0]?.id, runs[1]?.id].sort());
    expect((await t.store.backups.listRunningBackupsOfCommand(command, s2)).map((b) => b.id)).toEqual([
      runs[2]?.id,
    ]);

    const [done] = found as [BackupRun];
    await t.store.backups.updateBackup({ ...done, state: 'succeeded' }, done.version, audit(done.id));
    expect(await t.store.backups.listRunningBackupsOfCommand(command, s1)).toHaveLength(1);
  });

  it('refuses the same backup twice in one update', async () => {
    const r = backup(`b-${uniq()}`, nextServerId(), 'acme');
    const u = { next: r, expectedVersion: 0, audit: audit(r.id) };
    await expect(t.store.backups.updateBackups([u, u])).rejects.toThrow(/only once in one update/);
  });
});

describe('audit log (C10.1)', () => {
  const t = useTestStore();

  it('C10.2 lists a customer’s events within an inclusive period, in time order', async () => {
    const customerId = `c-${uniq()}`;
    const at = (iso: string) => audit(`s-${uniq()}`, { customerId, at: iso });
    const before = at('2026-10-31T23:59:59.999Z');
    const first = at('2026-11-01T00:00:00.000Z');
    const middle = at('2026-11-15T12:00:00.000Z');
    const last = at('2026-11-30T23:59:59.999Z');
    const after = at('2026-12-01T00:00:00.000Z');
    await t.store.audit.append([after, middle, before, last, first]);
    const listed = await t.store.audit.listByCustomer(
      customerId,
      toInstant('2026-11-01T00:00:00Z'),
      toInstant('2026-11-30T23:59:59.999Z'),
    );
    expect(listed.map((e) => e.id)).toEqual([first.id, middle.id, last.id]);
    for (const e of listed) expect(AuditEvent.safeParse(e).success).toBe(true);
  });

  it('C10.1 an event is never overwritten: the same id with other content is a ConflictError', async () => {
    const e = audit(`s-${uniq()}`, { type: 'notice.sent' });
    await t.store.audit.append([e]);
    await t.store.audit.append([e]);
    await expect(t.store.audit.append([{ ...e, actor: 'someone-else' }])).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await t.store.audit.listBySubject(e.subjectId)).toEqual([e]);
  });
});
