import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { Change } from '../../../functions/domain/records.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { audit, change, nextServerId, uniq } from './fixtures.ts';

/**
 * Due-time queries over the sparse agenda index. Each test uses its own far-apart time range, so
 * tests sharing a table never see each other's due changes.
 */
describe('change store: agendas of due work', () => {
  const t = useTestStore();

  async function plant(changes: Change[]): Promise<void> {
    for (const c of changes) await t.store.changes.createChange(c, audit(c.id, { customerId: c.customerId }));
  }
  const ids = (changes: Change[]) => changes.map((c) => c.id).sort();
  const only = (changes: Change[], mine: Change[]) => changes.filter((c) => mine.some((m) => m.id === c.id));

  it('C11.2 lists planned changes to notify up to and including the run time, across an hour boundary', async () => {
    const customerId = `c-${uniq()}`;
    const at = (noticeAt: string) => change({ serverId: nextServerId(), customerId, noticeAt });
    const early = at('2031-03-01T10:59:59.999Z');
    const exact = at('2031-03-01T11:00:00.000Z');
    const late = at('2031-03-01T11:00:00.001Z');
    await plant([early, exact, late]);

    const due = only(await t.store.changes.listChangesToNotify(toInstant('2031-03-01T11:00:00Z')), [
      early,
      exact,
      late,
    ]);
    expect(ids(due)).toEqual(ids([early, exact]));
  });

  it("C3.4 a fan-out worker's read keeps only its customers' due changes; the coordinator's count holds none", async () => {
    const [a, b, c] = [`c-${uniq()}`, `c-${uniq()}`, `c-${uniq()}`];
    const at = (customerId: string) =>
      change({ serverId: nextServerId(), customerId, noticeAt: '2034-05-01T11:00:00.000Z' });
    const planted = [at(a), at(a), at(b), at(c)];
    await plant(planted);
    const runAt = toInstant('2034-05-01T11:00:00Z');

    const mine = await t.store.changes.listChangesToNotify(runAt, [a, c]);
    expect(ids(only(mine, planted))).toEqual(ids([planted[0], planted[1], planted[3]] as Change[]));
    expect(mine.every((m) => m.customerId === a || m.customerId === c)).toBe(true);

    const counts = await t.store.changes.countChangesByCustomer('notice', runAt);
    expect([counts.get(a), counts.get(b), counts.get(c)]).toEqual([2, 1, 1]);
    expect((await t.store.changes.countChangesByCustomer('apply', runAt)).get(a)).toBeUndefined();
  });

  it('C11.2 a late run catches up everything due since days before, across a day boundary', async () => {
    const customerId = `c-${uniq()}`;
    const at = (noticeAt: string) => change({ serverId: nextServerId(), customerId, noticeAt });
    const missedTwoDaysAgo = at('2032-01-30T12:00:00.000Z');
    const missedYesterday = at('2032-01-31T12:00:00.000Z');
    const beforeMidnight = at('2032-01-31T23:59:59.000Z');
    const tomorrow = at('2032-02-02T12:00:00.000Z');
    await plant([missedTwoDaysAgo, missedYesterday, beforeMidnight, tomorrow]);

    const runAt = toInstant('2032-02-01T00:30:00Z');
    const due = only(await t.store.changes.listChangesToNotify(runAt), [
      missedTwoDaysAgo,
      missedYesterday,
      beforeMidnight,
      tomorrow,
    ]);
    expect(ids(due)).toEqual(ids([missedTwoDaysAgo, missedYesterday, beforeMidnight]));
    expect(due.map((c) => c.noticeAt)).toEqual([...due.map((c) => c.noticeAt)].sort());
  });

  it('C3.1 lists notified and postponed changes to apply by applyAt, and never planned ones', async () => {
    const customerId = `c-${uniq()}`;
    const mk = (state: Change['state'], applyAt: string) =>
      change({ serverId: nextServerId(), customerId, state, applyAt, noticeAt: '2033-01-01T12:00:00.000Z' });
    const notified = mk('notified', '2033-01-08T01:00:00.000Z');
    const postponed = mk('postponed', '2033-01-08T02:00:00.000Z');
    const planned = mk('planned', '2033-01-08T01:00:00.000Z');
    const later = mk('notified', '2033-01-08T03:00:00.000Z');
    await plant([notified, postponed, planned, later]);

    const due = only(await t.store.changes.listChangesToApply(toInstant('2033-01-08T02:00:00Z')), [
      notified,
      postponed,
      planned,
      later,
    ]);
    expect(ids(due)).toEqual(ids([notified, postponed]));
  });

  it('C11.2 a change leaves the notice agenda when notified and joins the apply agenda, then the applying list', async () => {
    const c = change({
      serverId: nextServerId(),
      customerId: `c-${uniq()}`,
      noticeAt: '2034-05-01T11:00:00.000Z',
      applyAt: '2034-05-09T00:00:00.000Z',
    });
    await plant([c]);
    const runAt = toInstant('2034-05-01T11:00:00Z');
    expect(only(await t.store.changes.listChangesToNotify(runAt), [c])).toHaveLength(1);

    const [notified] = await t.store.changes.updateChanges(
      [{ next: { ...c, state: 'notified' }, expectedVersion: 0 }],
      [audit(c.id, { type: 'change.notified' })],
    );
    expect(notified?.version).toBe(1);
    expect(only(await t.store.changes.listChangesToNotify(runAt), [c])).toHaveLength(0);
    const applyRun = toInstant('2034-05-09T00:00:00Z');
    expect(only(await t.store.changes.listChangesToApply(applyRun), [c])).toHaveLength(1);

    await t.store.changes.updateChanges(
      [{ next: { ...c, state: 'applying', commandId: 'cmd-1' }, expectedVersion: 1 }],
      [audit(c.id, { type: 'change.applying' })],
    );
    expect(only(await t.store.changes.listChangesToApply(applyRun), [c])).toHaveLength(0);
    expect(only(await t.store.changes.listChangesApplying(), [c])).toMatchObject([
      { state: 'applying', version: 2 },
    ]);

    await t.store.changes.updateChanges(
      [{ next: { ...c, state: 'succeeded' }, expectedVersion: 2 }],
      [audit(c.id, { type: 'change.succeeded' })],
    );
    expect(only(await t.store.changes.listChangesApplying(), [c])).toHaveLength(0);
    expect(await t.store.changes.getChange(c.id)).toMatchObject({ state: 'succeeded', version: 3 });
  });

  it('lists changes by server and by customer, as valid domain records', async () => {
    const customerId = `c-${uniq()}`;
    const [s1, s2] = [nextServerId(), nextServerId()];
    const a = change({ serverId: s1, customerId });
    const b = change({ serverId: s1, customerId, applyAt: '2026-12-09T01:00:00.000Z' });
    const c = change({ serverId: s2, customerId });
    await plant([a, b, c]);
    expect(ids(await t.store.changes.listChangesByServer(s1))).toEqual(ids([a, b]));
    const byCustomer = await t.store.changes.listChangesByCustomer(customerId);
    expect(ids(byCustomer)).toEqual(ids([a, b, c]));
    for (const x of byCustomer) expect(Change.safeParse(x).success).toBe(true);
  });
});
