import { describe, expect, it } from 'vitest';
import { complianceReport } from '../../../functions/application/channels/compliance-report.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { BackupRun, Change, Notice } from '../../../functions/domain/records.ts';
import { type Seeded, seedCustomer, useChannelWorld } from './channel-world.ts';

const world = useChannelWorld();
const audit = (type: string, subjectId: string, customerId?: string) =>
  auditEventOf({
    type,
    actor: 'test',
    at: toInstant('2026-11-27T16:00:00Z'),
    subjectId,
    key: 'k',
    customerId,
  });

async function failedAt(s: Seeded, at: string, noticeSentAt: string): Promise<void> {
  const failed: Change = {
    ...s.change,
    id: `${s.change.id}-f`,
    state: 'failed-rolled-back',
    history: [
      ...s.change.history,
      { at, from: 'notified', to: 'applying', actor: 'system', reason: 'window' },
      { at, from: 'applying', to: 'failed-rolled-back', actor: 'system', reason: 'post-check failed' },
    ],
  };
  await world.deps.store.changes.createChange(failed, audit('change.failed', failed.id, s.customer.id));
  const notice: Notice = {
    ...s.notice,
    id: `notice:${s.customer.id}:failure:${failed.id}:1`,
    kind: 'failure',
    changes: [{ ...s.notice.changes[0], changeId: failed.id } as Notice['changes'][number]],
    postponeUntil: undefined,
    sentAt: noticeSentAt,
    version: 0,
  };
  await world.deps.store.notices.createNotice(notice, audit('notice.sent', notice.id, s.customer.id));
}

/** A successful backup of the seeded server's AD image dc1 on `day` (London: GMT in November). */
async function createBackup(s: Seeded, day: string, kind: BackupRun['kind']) {
  const run: BackupRun = {
    id: `backup:${s.server.id}:dc1:${kind}:${day}`,
    serverId: s.server.id,
    customerId: s.customer.id,
    image: 'dc1',
    kind,
    scheduledFor: `${day}T${kind === 'full' ? '02' : '23'}:00:00.000Z`,
    state: 'succeeded',
    copies: ['local', 'cloud'],
    attempt: 1,
    version: 1,
  };
  await world.deps.store.backups.createBackup(run, audit('backup.ok', run.id, s.customer.id));
}

const report = (s: Seeded, from: string, to: string) =>
  complianceReport(world.deps, s.customer.id, toInstant(from), toInstant(to));
const clause = (r: Awaited<ReturnType<typeof report>>, id: string) => r.clauses.find((c) => c.clause === id);

describe('complianceReport (C10.2)', () => {
  it('C8.2 holds when the failure notice went out within 4 working hours', async () => {
    const s = await seedCustomer(world.deps);
    world.clock.at = toInstant('2026-12-05T00:00:00Z');
    await failedAt(s, '2026-11-27T16:00:00.000Z', '2026-11-30T11:00:00.000Z'); // Fri 16:00 → Mon 11:00: 3.5 h
    const c8 = clause(await report(s, '2026-11-20T00:00:00Z', '2026-12-01T00:00:00Z'), 'C8');
    expect(c8).toMatchObject({ status: 'held', breaches: [] });
  });

  it('C8.2 explains a failure notice sent later than 4 working hours', async () => {
    const s = await seedCustomer(world.deps);
    world.clock.at = toInstant('2026-12-05T00:00:00Z');
    await failedAt(s, '2026-11-27T16:00:00.000Z', '2026-11-30T12:00:00.000Z'); // 1.5 h Friday + 3 h Monday
    const c8 = clause(await report(s, '2026-11-20T00:00:00Z', '2026-12-01T00:00:00Z'), 'C8');
    expect(c8?.status).toBe('not-held');
    expect(c8?.breaches[0]?.explanation).toMatch(
      /4\.50 working hours after the failure; at most 4 are allowed \(C8\.2\)/,
    );
  });

  it('C9.1 C9.2 names each weekly full and each daily AD slot that no successful backup kept', async () => {
    const s = await seedCustomer(world.deps);
    const days = Array.from({ length: 7 }, (_, i) => `2026-11-0${i + 2}`);
    for (const d of days) await createBackup(s, d, 'incremental');
    await createBackup(s, '2026-11-08', 'full');
    const held = clause(await report(s, '2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'), 'C9');
    expect(held).toMatchObject({ status: 'held', breaches: [] });

    const longer = clause(await report(s, '2026-11-02T00:00:00Z', '2026-11-17T00:00:00Z'), 'C9');
    expect(longer?.status).toBe('not-held');
    const text = longer?.breaches.map((b) => b.explanation) ?? [];
    expect(text).toHaveLength(7);
    expect(text).toEqual(
      expect.arrayContaining([
        ...['Monday, 9', 'Tuesday, 10', 'Wednesday, 11', 'Thursday, 12', 'Friday, 13', 'Saturday, 14'].map(
          (day) =>
            `no successful Active Directory incremental backup of dc1 for its slot of ${day} November 2026 at 23:00 GMT (Europe/London) (C9.2)`,
        ),
        'no successful full backup of dc1 for its slot of Sunday, 15 November 2026 at 02:00 GMT (Europe/London) (C9.1)',
      ]),
    );
  });

  it("C9.1 C9.2 counts backups from the server's registration: a period that starts before it owes nothing for the days before (issue 16)", async () => {
    const s = await seedCustomer(world.deps);
    // Registered on Thursday 12 November at 10:00; backups from then on.
    await world.deps.store.audit.append([
      { ...audit('server.added', s.server.id, s.customer.id), at: '2026-11-12T10:00:00.000Z' },
    ]);
    for (const d of ['2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16'])
      await createBackup(s, d, 'incremental');
    await createBackup(s, '2026-11-15', 'full');
    const c9 = clause(await report(s, '2026-11-01T00:00:00Z', '2026-11-18T12:00:00Z'), 'C9');
    expect(c9).toMatchObject({ status: 'held', breaches: [] });
  });

  it('C4 shows a granted postponement as evidence, and says "no evidence" where nothing happened', async () => {
    const s = await seedCustomer(world.deps);
    const { requestPostponement } = await import(
      '../../../functions/application/channels/request-postponement.ts'
    );
    await requestPostponement(world.deps, {
      changeIds: [s.change.id],
      customerId: s.customer.id,
      via: 'api',
      requester: 'user',
      reason: 'stocktake',
      riskAcceptance: { by: 'user', at: '2026-11-25T10:00:00.000Z', words: 'We accept the risks.' },
      receivedAt: toInstant('2026-11-25T10:00:00Z'),
      requestKey: 'k1',
    });
    world.clock.at = toInstant('2026-11-26T10:00:00Z');
    const r = await report(s, '2026-11-20T00:00:00Z', '2026-11-30T00:00:00Z');
    const c4 = clause(r, 'C4');
    expect(c4?.status).toBe('held');
    expect(c4?.evidence.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'postponement.requested',
        'postponement.risk-accepted',
        'postponement.granted',
      ]),
    );
    expect(clause(r, 'C5')?.status).toBe('no-evidence');
    expect(clause(r, 'C10')?.status).toBe('held');
  });

  it('C9.1 asks nothing of a server after its rollback failed (C6.3), and C6.5 names a backup run during an application', async () => {
    const s = await seedCustomer(world.deps);
    world.clock.at = toInstant('2026-12-20T00:00:00Z');
    const halted: Change = {
      ...s.change,
      state: 'rollback-failed',
      history: [
        ...s.change.history,
        {
          at: '2026-12-02T01:00:00.000Z',
          from: 'notified',
          to: 'applying',
          actor: 'system',
          reason: 'window',
        },
        {
          at: '2026-12-02T01:40:00.000Z',
          from: 'applying',
          to: 'rollback-failed',
          actor: 'system',
          reason: 'x',
        },
      ],
    };
    await world.deps.store.changes.updateChanges(
      [{ next: { ...halted, version: s.change.version + 1 }, expectedVersion: s.change.version }],
      [{ ...audit('change.rollback-failed', halted.id, s.customer.id), at: '2026-12-02T01:40:00.000Z' }],
    );
    await world.deps.store.directory.setServerStatus(
      s.server.id,
      'needs-attention',
      audit('server.needs-attention', s.server.id, s.customer.id),
    );
    const backup: BackupRun = {
      id: `backup:${s.server.id}:dc1:incremental:2026-12-02`,
      serverId: s.server.id,
      customerId: s.customer.id,
      image: 'dc1',
      kind: 'incremental',
      scheduledFor: '2026-12-02T00:50:00.000Z',
      state: 'succeeded',
      copies: ['local'],
      attempt: 1,
      finishedAt: '2026-12-02T01:10:00.000Z',
      version: 1,
    };
    await world.deps.store.backups.createBackup(backup, {
      ...audit('backup.started', backup.id, s.customer.id),
      at: '2026-12-02T00:55:00.000Z',
    });
    const r = await report(s, '2026-12-01T00:00:00Z', '2026-12-20T00:00:00Z');
    const c9 =
      clause(r, 'C9')
        ?.breaches.map((b) => b.explanation)
        .join('\n') ?? '';
    expect(c9).not.toMatch(/\(C9\.1\)/);
    expect(c9).toMatch(/copied to local, not both local and cloud \(C9\.3\)/);
    expect(clause(r, 'C6')?.breaches.map((b) => b.explanation)).toEqual([
      expect.stringMatching(/while .* was applying \(C6\.5\)/),
    ]);
    // C10.2: the evidence of C6 is the applications' own records
    expect(clause(r, 'C6')?.evidence.map((e) => e.type)).toContain('change.rollback-failed');
  });

  it('C2.1 names a change whose window passed without an application, C7.1 finds the loss of service in the notice', async () => {
    const s = await seedCustomer(world.deps);
    world.clock.at = toInstant('2026-12-04T00:00:00Z');
    const r = await report(s, '2026-11-20T00:00:00Z', '2026-12-04T00:00:00Z');
    expect(clause(r, 'C2')?.breaches.map((b) => b.explanation)).toEqual([
      expect.stringMatching(/due .* and never applied \(C2\.1\)/),
    ]);
    expect(clause(r, 'C7')).toMatchObject({ status: 'held', breaches: [] });
  });

  it('C11.2 names a notice sent twice, C12.2 a notice sent to someone not a contact', async () => {
    const s = await seedCustomer(world.deps);
    world.clock.at = toInstant('2026-11-30T00:00:00Z');
    const again: Notice = {
      ...s.notice,
      id: `${s.notice.id}:again`,
      to: [...s.notice.to, 'eve@elsewhere.example'],
      sentAt: '2026-11-25T12:00:05.000Z',
    };
    await world.deps.store.notices.createNotice(again, audit('notice.sent', again.id, s.customer.id));
    const r = await report(s, '2026-11-20T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(clause(r, 'C11')?.breaches.map((b) => b.explanation)).toEqual([
      `the same notice as ${s.notice.id} was sent again (C11.2)`,
    ]);
    expect(clause(r, 'C12')?.breaches.map((b) => b.explanation)).toEqual([
      'sent to eve@elsewhere.example, not a registered contact (C12.2)',
    ]);
  });
});
