import { describe, expect, it } from 'vitest';
import { planUrgentRelease } from '../../../functions/application/runs/plan-urgent-release.ts';
import { registerRelease, STOP_RESERVE_MS } from '../../../functions/application/runs/register-release.ts';
import { runNotice } from '../../../functions/application/runs/run-notice.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { customer, givenFleet, release, sentMails, server, serverId, useHarness } from './harness.ts';

describe('registerRelease', () => {
  const h = useHarness();

  it('C3.1 C3.2 plans one change per active server for the first window 168 h after the next 12:00 notice run', async () => {
    const [a, b, current, stopped] = [serverId(), serverId(), serverId(), serverId()];
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      [
        server({ id: a, customerId: 'acme' }),
        server({ id: b, customerId: 'acme' }),
        server({ id: current, customerId: 'acme', version: '1.1.0' }),
        server({ id: stopped, customerId: 'acme', status: 'needs-attention' }),
      ],
    );
    const result = await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs.lead' });

    expect(result.newChanges).toBe(2);
    expect(result.skipped.map((s) => s.serverId).sort()).toEqual([current, stopped].sort());
    const change = await h.store.changes.getChange(`rel-1:${a}`);
    expect(change).toMatchObject({
      state: 'planned',
      noticeAt: '2026-11-02T12:00:00.000Z', // Monday 12:00 London (GMT)
      applyAt: '2026-11-11T01:00:00.000Z', // Wednesday window, 181 h after the notice
      attempt: 1,
    });
  });

  it("C3.1 C11.2 a registration that runs out of its caller's time says how many servers remain, and the same call plans the rest once", async () => {
    const ids = Array.from({ length: 30 }, () => serverId());
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      ids.map((id) => server({ id, customerId: 'acme' })),
    );
    let budget = 12; // the caller's time lasts for about a dozen servers
    const timeLeftMs = () => (budget-- > 0 ? STOP_RESERVE_MS + 1000 : STOP_RESERVE_MS - 1);
    const first = await registerRelease(h.deps, {
      release: release({ id: 'rel-1' }),
      actor: 'cs',
      timeLeftMs,
    });

    expect(first.complete).toBe(false);
    expect(first.remaining).toBeGreaterThan(0);
    expect(first.newChanges + first.remaining).toBe(30);

    const rest = await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs' });
    expect(rest).toMatchObject({ complete: true, remaining: 0, changes: 30, created: false });
    expect(rest.newChanges).toBe(first.remaining);
    expect(new Set(rest.changeIds)).toEqual(new Set(ids.map((id) => `rel-1:${id}`)));
  });

  it('C2.1 a newer release supersedes the pending change of an older one, and a repeat creates nothing', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs' });
    const newer = release({ id: 'rel-2', version: '1.2.0' });
    const first = await registerRelease(h.deps, { release: newer, actor: 'cs' });
    const again = await registerRelease(h.deps, { release: newer, actor: 'cs' });

    expect(first.superseded).toEqual([`rel-1:${a}`]);
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('superseded');
    expect(again).toMatchObject({ created: false, newChanges: 0, changes: 1, superseded: [] });
    expect(await h.store.changes.listChangesByServer(a)).toHaveLength(2);
  });

  it('C2.1 an older release registered after a newer one plans nothing', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    await registerRelease(h.deps, { release: release({ id: 'rel-2', version: '1.2.0' }), actor: 'cs' });
    const late = await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs' });
    expect(late.newChanges).toBe(0);
    expect(late.skipped[0]?.reason).toMatch(/C2\.1/);
  });
});

describe('planUrgentRelease', () => {
  const h = useHarness();
  const input = (over: Record<string, unknown> = {}) => ({
    release: { id: 'urg-1', platform: 'hyperstack', version: '1.1.1', title: 'Critical storage fix' },
    targets: 'all',
    validatedBy: 'cs.lead@provider.example',
    ...over,
  });

  it('C5.1 C5.3 a release validated before the 12:00 run goes on that night, with who and when recorded (C1.3)', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T11:59:00Z');
    const result = await planUrgentRelease(h.deps, input());

    expect(result.release).toMatchObject({
      class: 'urgent',
      validatedBy: 'cs.lead@provider.example',
      validatedAt: '2026-11-02T11:59:00.000Z',
    });
    expect(await h.store.changes.getChange(`urg-1:${a}`)).toMatchObject({
      class: 'urgent',
      noticeAt: '2026-11-02T12:00:00.000Z',
      applyAt: '2026-11-03T01:00:00.000Z',
    });
  });

  it('C5.3 a release validated after the 12:00 run goes on the next night', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T12:00:01Z');
    await planUrgentRelease(h.deps, input());
    expect(await h.store.changes.getChange(`urg-1:${a}`)).toMatchObject({
      noticeAt: '2026-11-03T12:00:00.000Z',
      applyAt: '2026-11-04T01:00:00.000Z',
    });
  });

  it('C5.1 targets a named subset only', async () => {
    const [a, b] = [serverId(), serverId()];
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      [server({ id: a, customerId: 'acme' }), server({ id: b, customerId: 'acme' })],
    );
    const result = await planUrgentRelease(h.deps, input({ targets: [b] }));
    expect(result.changeIds).toEqual([`urg-1:${b}`]);
  });

  it('C5.1 refuses bad input with a ValidationError naming the field', async () => {
    await expect(planUrgentRelease(h.deps, input({ targets: ['web-01'] }))).rejects.toThrow(/targets\.0/);
    await expect(planUrgentRelease(h.deps, input({ validatedBy: '' }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    const unknown = serverId();
    await expect(planUrgentRelease(h.deps, input({ targets: [unknown] }))).rejects.toThrow(
      /targets\.0: server .* is not registered/,
    );
  });

  it('C5.1 is idempotent on the release id: the same input gives the same result, different content conflicts', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    const first = await planUrgentRelease(h.deps, input());
    h.clock.set('2026-11-02T10:30:00Z');
    const again = await planUrgentRelease(h.deps, input());

    expect(again.release).toEqual(first.release);
    expect(again.changeIds).toEqual(first.changeIds);
    expect(await h.store.changes.listChangesByServer(a)).toHaveLength(1);
    await expect(
      planUrgentRelease(h.deps, input({ release: { ...input().release, version: '9.9.9' } })),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('registerRelease: C4.6 a granted postponement binds the server', () => {
  const h = useHarness();

  /** rel-1 planned for Wednesday 11 November, then postponed by the customer to 25 November. */
  async function postponedServer(): Promise<string> {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs' });
    const change = await h.store.changes.getChange(`rel-1:${a}`);
    if (!change) throw new Error('no change');
    await h.store.commit([
      {
        update: 'change',
        record: {
          ...change,
          state: 'postponed',
          applyAt: '2026-11-25T01:00:00.000Z',
          originalApplyAt: change.applyAt,
          postponementCount: 1,
        },
        expectedVersion: change.version,
      },
    ]);
    return a;
  }

  it('C4.6 a newer scheduled release is not applied before the granted date: it inherits it, and its notice says so', async () => {
    const a = await postponedServer();
    h.clock.set('2026-11-03T09:00:00Z');
    await registerRelease(h.deps, { release: release({ id: 'rel-2', version: '1.2.0' }), actor: 'cs' });

    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({ state: 'superseded' });
    const next = await h.store.changes.getChange(`rel-2:${a}`);
    // Without the binding it would go in the window of 11 November (168 h after the 3 November notice).
    expect(next).toMatchObject({
      applyAt: '2026-11-25T01:00:00.000Z',
      binding: { changeId: `rel-1:${a}`, until: '2026-11-25T01:00:00.000Z', mode: 'inherited' },
    });
    await runNotice(h.deps, { scheduledTime: toInstant('2026-11-03T12:00:00Z'), timeZone: 'Europe/London' });
    const [mail] = await sentMails(h);
    expect(mail?.parsed.text).toMatch(
      /Postponement kept: this release replaces release rel-1, which you had postponed to Wednesday, 25 November 2026/,
    );
  });

  it('C4.6 C5.2 an urgent release goes earlier than the granted date, and its notice says it overrides the postponement', async () => {
    const a = await postponedServer();
    h.clock.set('2026-11-03T09:00:00Z');
    await planUrgentRelease(h.deps, {
      release: { id: 'urg-1', platform: 'hyperstack', version: '1.1.5', title: 'Critical fix' },
      targets: 'all',
      validatedBy: 'cs.lead',
    });
    const urgent = await h.store.changes.getChange(`urg-1:${a}`);
    expect(urgent).toMatchObject({ applyAt: '2026-11-04T01:00:00.000Z', binding: { mode: 'overridden' } });
    await runNotice(h.deps, { scheduledTime: toInstant('2026-11-03T12:00:00Z'), timeZone: 'Europe/London' });
    const [mail] = await sentMails(h);
    expect(mail?.parsed.text).toMatch(
      /Postponement overridden: you had postponed release rel-1 to Wednesday, 25 November 2026/,
    );
  });

  it('C2.1 C5.2 an announced urgent change is not replaced by a newer scheduled release applied later: both stand', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    await planUrgentRelease(h.deps, {
      release: { id: 'urg-1', platform: 'hyperstack', version: '1.0.5', title: 'Critical fix' },
      targets: 'all',
      validatedBy: 'cs.lead',
    });
    const result = await registerRelease(h.deps, {
      release: release({ id: 'rel-2', version: '1.2.0' }),
      actor: 'cs',
    });
    expect(result.superseded).toEqual([]);
    expect((await h.store.changes.getChange(`urg-1:${a}`))?.state).toBe('planned');
    expect((await h.store.changes.getChange(`rel-2:${a}`))?.state).toBe('planned');
  });

  it('C2.1 C5.2 an announced urgent change is not replaced by a newer urgent release that can only go a later night: both stand, one night after the other', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T09:00:00Z');
    await planUrgentRelease(h.deps, {
      release: { id: 'urg-1', platform: 'hyperstack', version: '1.0.5', title: 'Critical fix' },
      targets: 'all',
      validatedBy: 'cs.lead',
    });
    await runNotice(h.deps, { scheduledTime: toInstant('2026-11-02T12:00:00Z'), timeZone: 'Europe/London' });
    h.clock.set('2026-11-02T12:30:00Z'); // after the day's notice deadline: the newer one goes tomorrow night
    const result = await planUrgentRelease(h.deps, {
      release: { id: 'urg-2', platform: 'hyperstack', version: '1.0.6', title: 'Second critical fix' },
      targets: 'all',
      validatedBy: 'cs.lead',
    });

    expect(result.superseded).toEqual([]);
    const first = await h.store.changes.getChange(`urg-1:${a}`);
    const second = await h.store.changes.getChange(`urg-2:${a}`);
    expect(first?.state).toBe('notified');
    expect(second?.state).toBe('planned');
    expect(Date.parse(second?.applyAt ?? '')).toBeGreaterThan(Date.parse(first?.applyAt ?? ''));
  });

  it('C2.1 C5.2 a newer urgent release that goes the same night replaces the older urgent change', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T09:00:00Z');
    for (const [id, version] of [
      ['urg-1', '1.0.5'],
      ['urg-2', '1.0.6'],
    ] as const) {
      await planUrgentRelease(h.deps, {
        release: { id, platform: 'hyperstack', version, title: 'Critical fix' },
        targets: 'all',
        validatedBy: 'cs.lead',
      });
    }

    expect((await h.store.changes.getChange(`urg-1:${a}`))?.state).toBe('superseded');
    expect((await h.store.changes.getChange(`urg-2:${a}`))?.state).toBe('planned');
  });
});
