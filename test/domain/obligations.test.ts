/**
 * C10.2 on obligations (issue 15): what each change and each backup slot owed, judged from the
 * contract's rules, not from what the service happened to record. Pure: facts built in memory.
 */
import { describe, expect, it } from 'vitest';
import { toInstant } from '../../functions/domain/calendar.ts';
import type { Facts } from '../../functions/domain/compliance-facts.ts';
import {
  backupsInWindows,
  lateBackups,
  missedBackupSlots,
} from '../../functions/domain/obligations-backups.ts';
import {
  brokenUrgentNights,
  MAX_REPLANS,
  replanEscalation,
  replannedTooOften,
  staleReviews,
  unconfirmedGrants,
  unconvergedChanges,
} from '../../functions/domain/obligations-work.ts';
import type {
  AuditEvent,
  BackupRun,
  Change,
  ChangeTransition,
  Customer,
  Notice,
  PostponementRequest,
  Release,
  Server,
} from '../../functions/domain/records.ts';
import { cfg } from './support.ts';

const SERVER = 'mi-0a0000000000000a1';
const customer: Customer = {
  id: 'acme',
  name: 'Acme',
  timeZone: 'Europe/London',
  contacts: ['ops@acme.example'],
  maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
};
const server: Server = {
  id: SERVER,
  customerId: 'acme',
  platform: 'vplat',
  version: '7.1',
  images: [{ name: 'dc01', activeDirectory: true }],
  status: 'active',
};
const release = (id: string, cls: Release['class'], validatedAt: string): Release => ({
  id,
  platform: 'vplat',
  version: id.replace('vplat-', ''),
  class: cls,
  title: id,
  description: '',
  validatedBy: 'cs',
  validatedAt,
});
const step = (at: string, to: ChangeTransition['to'], clause?: string): ChangeTransition => ({
  at,
  from: null,
  to,
  actor: 'system',
  reason: 'test',
  ...(clause ? { clause } : {}),
});
const change = (
  releaseId: string,
  cls: Change['class'],
  history: ChangeTransition[],
  over: Partial<Change> = {},
): Change => ({
  id: `${releaseId}:${SERVER}`,
  releaseId,
  serverId: SERVER,
  customerId: 'acme',
  class: cls,
  state: history.at(-1)?.to ?? 'planned',
  applyAt: '2026-12-02T01:00:00.000Z',
  noticeAt: '2026-11-24T12:00:00.000Z',
  postponementCount: 0,
  attempt: 1,
  version: 1,
  history,
  ...over,
});
const grant = (id: string, changeId: string, decidedAt: string, newApplyAt: string): PostponementRequest => ({
  id,
  changeId,
  customerId: 'acme',
  via: 'api',
  requester: 'ops@acme.example',
  reason: 'stocktake',
  receivedAt: decidedAt,
  riskAcceptance: { by: 'ops@acme.example', at: decidedAt, words: 'We accept the risks.' },
  decision: { outcome: 'granted', clause: 'C4.4', reason: 'ok', newApplyAt, decidedBy: 'policy', decidedAt },
});
const notice = (
  id: string,
  kind: Notice['kind'],
  sentAt: string,
  changeId: string,
  applyAt: string,
): Notice => ({
  id,
  customerId: 'acme',
  kind,
  to: ['ops@acme.example'],
  changes: [{ changeId, serverId: SERVER, releaseId: changeId.split(':')[0] as string, applyAt }],
  sendBy: sentAt,
  status: 'sent',
  sentAt,
  version: 1,
});
const backup = (
  id: string,
  kind: BackupRun['kind'],
  scheduledFor: string,
  finishedAt: string,
  over: Partial<BackupRun> = {},
): BackupRun => ({
  id,
  serverId: SERVER,
  customerId: 'acme',
  image: 'dc01',
  kind,
  scheduledFor,
  state: 'succeeded',
  copies: ['local', 'cloud'],
  attempt: 1,
  finishedAt,
  version: 1,
  ...over,
});
const event = (type: string, subjectId: string, at: string): AuditEvent => ({
  id: `${type}:${subjectId}:${at}`,
  at,
  actor: 'system',
  type,
  customerId: 'acme',
  subjectId,
  data: {},
});

function facts(over: Partial<Facts>): Facts {
  const releases = over.releases ?? new Map<string, Release>();
  return {
    customer,
    servers: [server],
    releases,
    latestByPlatform: new Map(),
    changes: [],
    notices: [],
    requests: [],
    backups: [],
    audit: [],
    from: toInstant('2026-11-01T00:00:00Z'),
    to: toInstant('2027-01-31T00:00:00Z'),
    now: toInstant('2027-01-31T00:00:00Z'),
    cfg,
    ...over,
  };
}
const releasesOf = (...rs: Release[]) => new Map(rs.map((r) => [r.id, r]));
const texts = (r: { breaches: { explanation: string }[] }) => r.breaches.map((b) => b.explanation);

describe('C2.1 every change reaches its server by the deadline the contract allows', () => {
  // Registered Monday 23 November 10:00 London: notice Monday 12:00, first window ≥ 168 h later is
  // Wednesday 2 December 01:00–05:00.
  const r = release('vplat-7.2', 'important', '2026-11-23T10:00:00.000Z');
  const planned = step('2026-11-23T10:00:00.000Z', 'planned');

  it('C2.1 holds when the change is applied in its first window', () => {
    const c = change('vplat-7.2', 'important', [
      planned,
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-12-02T01:00:00.000Z', 'applying'),
      step('2026-12-02T01:40:00.000Z', 'succeeded'),
    ]);
    expect(unconvergedChanges(facts({ releases: releasesOf(r), changes: [c] }))).toEqual({
      checked: 1,
      breaches: [],
    });
  });

  it('C2.1 C4.4 a granted postponement moves the deadline: applied on the granted date, it holds', () => {
    const c = change('vplat-7.2', 'important', [
      planned,
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-11-25T09:00:00.000Z', 'postponed', 'C4.4'),
      step('2026-12-16T01:00:00.000Z', 'applying'),
      step('2026-12-16T01:40:00.000Z', 'succeeded'),
    ]);
    const g = grant('req-1', c.id, '2026-11-25T09:00:00.000Z', '2026-12-16T01:00:00.000Z');
    const f = facts({ releases: releasesOf(r), changes: [c], requests: [g] });
    expect(unconvergedChanges(f).breaches).toEqual([]);
    // …and without the grant the same late application is a breach.
    expect(texts(unconvergedChanges(facts({ releases: releasesOf(r), changes: [c] })))).toEqual([
      expect.stringMatching(
        /^due by Wednesday, 2 December 2026 at 05:00 GMT .* and never applied \(C2\.1\)$/,
      ),
    ]);
  });

  it('C2.1 C6.4 a failure moves the deadline to the repeat the failure notice allows', () => {
    const c = change('vplat-7.2', 'important', [
      planned,
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-12-02T01:00:00.000Z', 'applying'),
      step('2026-12-02T01:40:00.000Z', 'failed-rolled-back'),
      step('2026-12-02T01:40:00.000Z', 'planned', 'C6.4'),
      step('2026-12-16T01:00:00.000Z', 'applying'),
      step('2026-12-16T01:40:00.000Z', 'succeeded'),
    ]);
    expect(unconvergedChanges(facts({ releases: releasesOf(r), changes: [c] })).breaches).toEqual([]);
  });

  it('C2.1 C3.5 an urgent change moved every day because its 12:00 notice was missed is never applied: a breach (issue 15 #1)', () => {
    const u = release('vplat-7.3', 'urgent', '2026-11-23T10:00:00.000Z');
    const moves = ['24', '25', '26', '27', '28'].map((d) =>
      step(`2026-11-${d}T12:00:00.000Z`, 'planned', 'C3.5'),
    );
    const c = change('vplat-7.3', 'urgent', [step('2026-11-23T10:00:00.000Z', 'planned'), ...moves]);
    const f = facts({ releases: releasesOf(u), changes: [c] });
    expect(texts(unconvergedChanges(f))).toEqual([
      expect.stringMatching(/moved 5 times \(C3\.5\), and never applied \(C2\.1\)/),
    ]);
    expect(texts(replannedTooOften(f))).toEqual([
      expect.stringMatching(/^moved 5 times because its notice or its slot was missed, .*at most 2 moves/),
    ]);
  });

  it('C2.1 C4.6 a newer scheduled release inherits the granted date of the change it superseded; an urgent one does not', () => {
    const older = change('vplat-7.2', 'important', [
      planned,
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-11-25T09:00:00.000Z', 'postponed', 'C4.4'),
      step('2026-11-26T10:00:00.000Z', 'superseded'),
    ]);
    const g = grant('req-1', older.id, '2026-11-25T09:00:00.000Z', '2026-12-23T01:00:00.000Z');
    const applied = [
      step('2026-12-23T01:00:00.000Z', 'applying'),
      step('2026-12-23T01:40:00.000Z', 'succeeded'),
    ];
    const newer = change('vplat-7.3', 'important', [step('2026-11-26T10:00:00.000Z', 'planned'), ...applied]);
    const r3 = release('vplat-7.3', 'important', '2026-11-26T10:00:00.000Z');
    const f = facts({ releases: releasesOf(r, r3), changes: [older, newer], requests: [g] });
    expect(unconvergedChanges(f).breaches).toEqual([]);
    // An urgent release may go earlier (C4.6): its own night is its deadline, not the granted date.
    const urgent = change('vplat-7.3', 'urgent', [step('2026-11-26T10:00:00.000Z', 'planned'), ...applied]);
    const u3 = release('vplat-7.3', 'urgent', '2026-11-26T10:00:00.000Z');
    const late = facts({ releases: releasesOf(r, u3), changes: [older, urgent], requests: [g] });
    expect(texts(unconvergedChanges(late))).toEqual([
      expect.stringMatching(/^due by Friday, 27 November 2026 at 05:00 GMT/),
    ]);
  });

  it('C2.1 C6.3 a server whose rollback failed owes nothing after it', () => {
    const c = change('vplat-7.2', 'important', [
      planned,
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-12-02T01:00:00.000Z', 'applying'),
      step('2026-12-02T01:40:00.000Z', 'rollback-failed'),
    ]);
    expect(unconvergedChanges(facts({ releases: releasesOf(r), changes: [c] })).breaches).toEqual([]);
  });

  it('C2.1 C6.3 an application started in its slot whose rollback failed after the slot ended is no breach', () => {
    // A timed-out application: started at 04:00, its outcome known (rollback failed) at 07:00.
    const c = change('vplat-7.2', 'important', [
      planned,
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-12-02T04:00:00.000Z', 'applying'),
      step('2026-12-02T07:00:05.000Z', 'rollback-failed'),
    ]);
    expect(unconvergedChanges(facts({ releases: releasesOf(r), changes: [c] })).breaches).toEqual([]);
  });
});

describe('C5.2 every urgent change is applied on the night its notice announced', () => {
  const u = release('vplat-7.3', 'urgent', '2026-11-24T09:00:00.000Z');
  const night = '2026-11-25T01:00:00.000Z';
  const urgentNotice = notice('n-u', 'urgent', '2026-11-24T12:00:05.000Z', `vplat-7.3:${SERVER}`, night);

  it('C5.2 holds when it starts that night', () => {
    const c = change('vplat-7.3', 'urgent', [
      step('2026-11-24T09:00:00.000Z', 'planned'),
      step('2026-11-24T12:00:05.000Z', 'notified'),
      step(night, 'applying'),
      step('2026-11-25T01:40:00.000Z', 'succeeded'),
    ]);
    const f = facts({ releases: releasesOf(u), changes: [c], notices: [urgentNotice] });
    expect(brokenUrgentNights(f)).toEqual({ checked: 1, breaches: [] });
  });

  it('C5.2 an announced urgent change silently replaced by a newer scheduled release is a breach (issue 15 #6)', () => {
    const c = change('vplat-7.3', 'urgent', [
      step('2026-11-24T09:00:00.000Z', 'planned'),
      step('2026-11-24T12:00:05.000Z', 'notified'),
      step('2026-11-24T15:00:00.000Z', 'superseded'),
    ]);
    const newer = release('vplat-7.4', 'important', '2026-11-24T15:00:00.000Z');
    const f = facts({ releases: releasesOf(u, newer), changes: [c], notices: [urgentNotice] });
    expect(texts(brokenUrgentNights(f))).toEqual([
      'announced for the night of Wednesday, 25 November 2026 at 01:00 GMT (Europe/London) and not applied that night (C5.2)',
    ]);
    expect(texts(unconvergedChanges(f))).toHaveLength(1);
  });

  it('C2.1 C6.4 an urgent change replaced by a newer urgent release for the same night is judged through it: its failure and repeat hold', () => {
    const older = change('vplat-7.3', 'urgent', [
      step('2026-11-24T09:00:00.000Z', 'planned'),
      step('2026-11-24T11:00:00.000Z', 'superseded'),
    ]);
    const newer = release('vplat-7.4', 'urgent', '2026-11-24T11:00:00.000Z');
    const replacing = change('vplat-7.4', 'urgent', [
      step('2026-11-24T11:00:00.000Z', 'planned'),
      step('2026-11-24T12:00:05.000Z', 'notified'),
      step(night, 'applying'),
      step('2026-11-25T01:40:00.000Z', 'failed-rolled-back'),
      step('2026-11-26T01:00:00.000Z', 'applying'),
      step('2026-11-26T01:40:00.000Z', 'succeeded'),
    ]);
    const f = facts({ releases: releasesOf(u, newer), changes: [older, replacing] });
    expect(unconvergedChanges(f).breaches).toEqual([]);
  });

  it('C2.1 C5.2 an urgent change replaced by a newer urgent release for a later night is still judged on its own', () => {
    const older = change('vplat-7.3', 'urgent', [
      step('2026-11-24T09:00:00.000Z', 'planned'),
      step('2026-11-24T12:00:05.000Z', 'notified'),
      step('2026-11-24T13:00:00.000Z', 'superseded'),
    ]);
    const newer = release('vplat-7.4', 'urgent', '2026-11-24T13:00:00.000Z');
    const replacing = change('vplat-7.4', 'urgent', [
      step('2026-11-24T13:00:00.000Z', 'planned'),
      step('2026-11-25T12:00:05.000Z', 'notified'),
      step('2026-11-26T01:00:00.000Z', 'applying'),
      step('2026-11-26T01:40:00.000Z', 'succeeded'),
    ]);
    const f = facts({ releases: releasesOf(u, newer), changes: [older, replacing], notices: [urgentNotice] });
    expect(texts(unconvergedChanges(f))).toEqual([
      expect.stringMatching(/^due by Wednesday, 25 November 2026 at .* never applied \(C2\.1\)$/),
    ]);
    expect(texts(brokenUrgentNights(f))).toHaveLength(1);
  });

  it('C5.4 a granted postponement before the night excuses it', () => {
    const c = change('vplat-7.3', 'urgent', [
      step('2026-11-24T09:00:00.000Z', 'planned'),
      step('2026-11-24T12:00:05.000Z', 'notified'),
      step('2026-11-24T15:00:00.000Z', 'postponed', 'C5.4'),
      step('2026-11-26T01:00:00.000Z', 'applying'),
      step('2026-11-26T01:40:00.000Z', 'succeeded'),
    ]);
    const g = grant('req-u', c.id, '2026-11-24T15:00:00.000Z', '2026-11-26T01:00:00.000Z');
    const f = facts({ releases: releasesOf(u), changes: [c], notices: [urgentNotice], requests: [g] });
    expect(brokenUrgentNights(f).breaches).toEqual([]);
    expect(unconvergedChanges(f).breaches).toEqual([]);
  });
});

describe('C3.5 a change that keeps being replanned is a breach', () => {
  it(`C3.5 up to ${MAX_REPLANS} moves hold; one more is a breach`, () => {
    const moves = (n: number) =>
      Array.from({ length: n }, (_, i) => step(`2026-11-2${i + 1}T12:00:00.000Z`, 'planned', 'C3.5'));
    const f = (n: number) =>
      facts({
        changes: [
          change('vplat-7.2', 'important', [step('2026-11-20T10:00:00.000Z', 'planned'), ...moves(n)]),
        ],
      });
    expect(replannedTooOften(f(MAX_REPLANS)).breaches).toEqual([]);
    expect(replannedTooOften(f(MAX_REPLANS + 1)).breaches).toHaveLength(1);
  });

  it('C3.5 the CS alert of the second replan (not the tenth) says the change keeps missing its slot', () => {
    const moved = (n: number) =>
      change('vplat-7.2', 'important', [
        step('2026-11-20T10:00:00.000Z', 'planned'),
        ...Array.from({ length: n }, (_, i) => step(`2026-11-2${i + 1}T12:00:00.000Z`, 'planned', 'C3.5')),
      ]);
    expect(replanEscalation(moved(0))).toBe('');
    expect(replanEscalation(moved(1))).toMatch(
      /moved 2 times: it keeps missing its slot \(one move from a breach of C3\.5\)/,
    );
    expect(replanEscalation(moved(2))).toMatch(/moved 3 times: .*a breach of C3\.5/);
  });
});

describe('C4.5 every granted postponement has its own confirmation', () => {
  const c = change('vplat-7.2', 'important', [step('2026-11-20T10:00:00.000Z', 'planned')]);
  const first = grant('req-1', c.id, '2026-11-25T09:00:00.000Z', '2026-12-09T01:00:00.000Z');
  const second = grant('req-2', c.id, '2026-12-01T09:00:00.000Z', '2026-12-16T01:00:00.000Z');
  const confirm = (at: string) =>
    notice(`n-${at}`, 'postponement-granted', at, c.id, '2026-12-09T01:00:00.000Z');

  it('C4.5 holds with one confirmation per grant, each sent after its grant', () => {
    const f = facts({
      changes: [c],
      requests: [first, second],
      notices: [confirm('2026-11-25T09:00:01.000Z'), confirm('2026-12-01T09:00:01.000Z')],
    });
    expect(unconfirmedGrants(f)).toEqual({ checked: 2, breaches: [] });
  });

  it('C4.5 two grants and one confirmation: the second grant is in breach', () => {
    const f = facts({
      changes: [c],
      requests: [first, second],
      notices: [confirm('2026-11-25T09:00:01.000Z')],
    });
    expect(unconfirmedGrants(f).breaches.map((b) => b.subjectId)).toEqual(['req-2']);
  });

  it('C4.5 an urgent grant needs its confirmation too (issue 15 #5)', () => {
    const u = change('vplat-7.3', 'urgent', [step('2026-11-24T09:00:00.000Z', 'planned')]);
    const g = grant('req-u', u.id, '2026-11-24T15:00:00.000Z', '2026-11-26T01:00:00.000Z');
    expect(texts(unconfirmedGrants(facts({ changes: [u], requests: [g] })))).toEqual([
      expect.stringMatching(/without a confirmation of the new date to the customer \(C4\.5\)$/),
    ]);
  });
});

describe('C4.4 a review whose change moved on closes itself (issue 15 #7)', () => {
  const pending = (changeId: string): PostponementRequest => ({
    ...grant('req-r', changeId, '2026-11-25T09:00:00.000Z', '2027-01-13T01:00:00.000Z'),
    decision: {
      outcome: 'pending-review',
      clause: 'C4.4',
      reason: 'beyond 28 days',
      decidedBy: 'policy',
      decidedAt: '2026-11-25T09:00:00.000Z',
    },
  });

  it('C4.4 a review still open after its change was superseded is a breach; one whose change is pending is not', () => {
    const superseded = change('vplat-7.2', 'important', [
      step('2026-11-20T10:00:00.000Z', 'planned'),
      step('2026-11-23T12:00:00.000Z', 'notified'),
      step('2026-11-26T09:00:00.000Z', 'superseded'),
    ]);
    expect(texts(staleReviews(facts({ changes: [superseded], requests: [pending(superseded.id)] })))).toEqual(
      [expect.stringMatching(/^still waiting for review although its change was superseded .*\(C4\.4\)$/)],
    );
    const waiting = change('vplat-7.2', 'important', [
      step('2026-11-20T10:00:00.000Z', 'planned'),
      step('2026-11-23T12:00:00.000Z', 'notified'),
    ]);
    expect(staleReviews(facts({ changes: [waiting], requests: [pending(waiting.id)] })).breaches).toEqual([]);
  });
});

describe('C9 backups on obligations', () => {
  const week = {
    from: toInstant('2026-11-02T00:00:00Z'),
    to: toInstant('2026-11-10T00:00:00Z'),
    now: toInstant('2026-11-10T00:00:00Z'),
  };
  const incrementals = ['02', '03', '04', '05', '06', '07'].map((d) =>
    backup(`i-${d}`, 'incremental', `2026-11-${d}T23:00:00.000Z`, `2026-11-${d}T23:30:00.000Z`),
  );

  it('C9.1 C9.2 every slot from registration to the horizon is kept by a success', () => {
    const full = backup('f-08', 'full', '2026-11-08T02:00:00.000Z', '2026-11-08T03:11:00.000Z');
    const sunday = backup('i-08', 'incremental', '2026-11-08T23:00:00.000Z', '2026-11-08T23:30:00.000Z');
    expect(missedBackupSlots(facts({ ...week, backups: [...incrementals, sunday, full] })).breaches).toEqual(
      [],
    );
    const missing = missedBackupSlots(facts({ ...week, backups: [...incrementals, sunday] }));
    expect(texts(missing)).toEqual([
      'no successful full backup of dc01 for its slot of Sunday, 8 November 2026 at 02:00 GMT (Europe/London) (C9.1)',
    ]);
  });

  it('C9.1 a failed backup does not keep its slot; its retry at the next run does', () => {
    const failed = backup('f-08', 'full', '2026-11-08T02:00:00.000Z', '2026-11-08T02:30:00.000Z', {
      state: 'failed',
    });
    expect(texts(missedBackupSlots(facts({ ...week, backups: [...incrementals, failed] })))).toEqual([
      expect.stringMatching(/full backup of dc01 .*Sunday, 8 November .*\(C9\.1\)/),
    ]);
    // The same backup retried at the 23:00 run and succeeded (one record, C9.4).
    const retried = {
      ...failed,
      state: 'succeeded' as const,
      attempt: 2,
      finishedAt: '2026-11-09T00:11:00.000Z',
    };
    expect(missedBackupSlots(facts({ ...week, backups: [...incrementals, retried] })).breaches).toEqual([]);
  });

  it('C9.1 C9.2 owe nothing before the server was registered (issue 16)', () => {
    const f = facts({ ...week, audit: [event('server.added', SERVER, '2026-11-09T10:00:00.000Z')] });
    expect(missedBackupSlots(f)).toEqual({ checked: 0, breaches: [] });
    const before = facts({ ...week });
    expect(missedBackupSlots(before).breaches.length).toBeGreaterThan(0);
  });

  it('C9.4 names a backup that ran into a maintenance window', () => {
    // Tuesday 23:00 incremental running until 01:11 Wednesday, into the 01:00 window.
    const b = backup('i-late', 'incremental', '2026-11-03T23:00:00.000Z', '2026-11-04T01:11:00.000Z');
    const f = facts({
      ...week,
      backups: [b],
      audit: [
        event('backup.started', b.id, '2026-11-04T00:00:00.000Z'),
        event('backup.succeeded', b.id, '2026-11-04T01:11:00.000Z'),
      ],
    });
    expect(texts(backupsInWindows(f))).toEqual([
      expect.stringMatching(
        /^backup i-late ran .* inside the maintenance window Wednesday, 4 November 2026 at 01:00 .*\(C9\.4\)$/,
      ),
    ]);
  });

  it('C9.4 names a backup moved out of a window that started hours later, not when the window ended (issue 15 #9)', () => {
    const b = backup('f-moved', 'full', '2026-11-08T05:00:00.000Z', '2026-11-09T00:11:00.000Z');
    const f = facts({
      ...week,
      backups: [b],
      audit: [
        event('backup.started', b.id, '2026-11-08T23:00:00.000Z'),
        event('backup.succeeded', b.id, '2026-11-09T00:11:00.000Z'),
      ],
    });
    expect(texts(lateBackups(f))).toEqual([
      expect.stringMatching(
        /was due Sunday, 8 November 2026 at 05:00 .* and started Sunday, 8 November 2026 at 23:00 .*\(C9\.4\)$/,
      ),
    ]);
    // Started within the hour: held.
    const prompt = facts({
      ...week,
      backups: [b],
      audit: [event('backup.started', b.id, '2026-11-08T05:00:05.000Z')],
    });
    expect(lateBackups(prompt).breaches).toEqual([]);
  });
});
