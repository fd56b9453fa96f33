import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { runCutoff } from '../../../functions/application/runs/run-cutoff.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { PostponementRequest } from '../../../functions/domain/records.ts';
import {
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

const TONIGHT = '2026-11-03T01:00:00Z';
const cutoffRun = (h: Harness) =>
  runCutoff(h.deps, { scheduledTime: toInstant('2026-11-02T18:00:00Z'), timeZone: 'Europe/London' });

async function urgentTonight(h: Harness, count: number) {
  const ids = Array.from({ length: count }, () => serverId());
  await givenFleet(
    h,
    [customer({ id: 'acme' })],
    ids.map((id) => server({ id, customerId: 'acme' })),
  );
  await releaseStored(h, release({ id: 'urg-1', class: 'urgent' }));
  await givenChanges(
    h,
    ids.map((id) => notifiedChange('urg-1', id, 'acme', TONIGHT, { class: 'urgent' })),
  );
  return ids;
}

async function undecided(h: Harness, changeId: string, over: Partial<PostponementRequest> = {}) {
  const request: PostponementRequest = {
    id: `req-${changeId}`,
    changeId,
    customerId: 'acme',
    via: 'email',
    requester: 'ops@acme.example',
    reason: 'Quarter-end billing run tonight',
    receivedAt: '2026-11-02T15:00:00.000Z',
    ...over,
  };
  await h.store.requests.saveRequest(
    request,
    auditEventOf({
      type: 'request.received',
      actor: 'test',
      at: h.clock.now(),
      subjectId: request.id,
      key: 'x',
    }),
  );
  return request;
}

describe('runCutoff', () => {
  const h = useHarness();

  it('C5.5 fixes the night plan: one night.plan-fixed event listing the changes due that night', async () => {
    const ids = await urgentTonight(h, 2);
    h.clock.set('2026-11-02T18:00:03Z');
    const summary = await cutoffRun(h);

    expect(summary).toMatchObject({ nights: [{ customerId: 'acme', changes: expect.any(Array) }] });
    const [event] = await h.store.audit.listBySubject('night:acme:2026-11-03');
    expect(event).toMatchObject({ type: 'night.plan-fixed', clause: 'C5.5', customerId: 'acme' });
    const listed = ((event?.data.changes ?? []) as { id: string }[]).map((c) => c.id).sort();
    expect(listed).toEqual(ids.map((id) => `urg-1:${id}`).sort());
  });

  it('C5.5 C4.3 an undecided request without risk acceptance is refused at the cutoff, with a reply saying why', async () => {
    const [a] = (await urgentTonight(h, 1)) as [string];
    const request = await undecided(h, `urg-1:${a}`);
    h.clock.set('2026-11-02T18:00:03Z');
    await cutoffRun(h);

    expect((await h.store.requests.getRequest(request.id))?.decision).toMatchObject({
      outcome: 'refused',
      clause: 'C4.3',
    });
    const [mail] = await sentMails(h);
    expect(mail?.parsed.headers.get('x-notice-kind')).toBe('postponement-refused');
    expect((await h.store.changes.getChange(`urg-1:${a}`))?.state).toBe('notified');
  });

  it('C5.5 C5.4 an undecided request received by 18:00 with the risk accepted is granted: the change leaves the night plan', async () => {
    const [a, b] = (await urgentTonight(h, 2)) as [string, string];
    await undecided(h, `urg-1:${a}`, {
      riskAcceptance: {
        by: 'ops@acme.example',
        at: '2026-11-02T15:00:00.000Z',
        words: 'We accept the risks.',
      },
    });
    h.clock.set('2026-11-02T18:00:03Z');
    const summary = await cutoffRun(h);

    expect(await h.store.changes.getChange(`urg-1:${a}`)).toMatchObject({
      state: 'postponed',
      applyAt: '2026-11-04T01:00:00.000Z',
      postponementCount: 1,
    });
    expect(summary).toMatchObject({ nights: [{ changes: [`urg-1:${b}`] }] });
    expect((await sentMails(h))[0]?.parsed.headers.get('x-notice-kind')).toBe('postponement-granted');
  });

  it('C11.2 a second delivery of the cutoff run does nothing', async () => {
    const [a] = (await urgentTonight(h, 1)) as [string];
    await undecided(h, `urg-1:${a}`);
    h.clock.set('2026-11-02T18:00:03Z');
    await cutoffRun(h);
    await expect(cutoffRun(h)).resolves.toMatchObject({ duplicate: true });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
