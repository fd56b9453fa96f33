import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { planUrgentRelease } from '../../../functions/application/runs/plan-urgent-release.ts';
import { registerRelease } from '../../../functions/application/runs/register-release.ts';
import { runNotice } from '../../../functions/application/runs/run-notice.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { hashToken, tokenFromAddress } from '../../../functions/mail/reply-token.ts';
import {
  alerts,
  customer,
  givenFleet,
  type Harness,
  release,
  sentMails,
  server,
  serverId,
  useHarness,
} from './harness.ts';

const LONDON = 'Europe/London';
const noticeRun = (h: Harness, scheduled: string, zone = LONDON) =>
  runNotice(h.deps, { scheduledTime: toInstant(scheduled), timeZone: zone });

async function twoServersOneRelease(h: Harness) {
  const [a, b] = [serverId(), serverId()];
  await givenFleet(
    h,
    [customer({ id: 'acme' })],
    [server({ id: a, customerId: 'acme' }), server({ id: b, customerId: 'acme' })],
  );
  await registerRelease(h.deps, { release: release({ id: 'rel-1' }), actor: 'cs' });
  return [a, b] as const;
}

describe('runNotice', () => {
  const h = useHarness();

  it('C3.2 C3.4 sends ONE notice for the changes of one customer and window, and marks them notified', async () => {
    const [a, b] = await twoServersOneRelease(h);
    h.clock.set('2026-11-02T12:00:04Z');
    const summary = await noticeRun(h, '2026-11-02T12:00:00Z');

    expect(summary).toMatchObject({ duplicate: false, noticesSent: 1, changesNotified: 2 });
    const mails = await sentMails(h);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.destinations).toEqual(['ops@acme.example']);
    for (const id of [a, b]) {
      const change = await h.store.changes.getChange(`rel-1:${id}`);
      expect(change).toMatchObject({ state: 'notified', originalApplyAt: '2026-11-11T01:00:00.000Z' });
      expect(change?.noticeId).toBeDefined();
    }
  });

  it('C3.3 C12.2 the notice reads in local time, names the deadline, carries a reply token and a valid .ics', async () => {
    await twoServersOneRelease(h);
    h.clock.set('2026-11-02T12:00:04Z');
    await noticeRun(h, '2026-11-02T12:00:00Z');
    const [mail] = await sentMails(h);
    const parsed = mail?.parsed;
    const text = parsed?.text ?? '';

    expect(text).toContain('11 November 2026'); // the window, local date
    expect(text).toMatch(/01:00/); // window start, local time
    expect(text).toMatch(/10 November 2026.*18:00|18:00.*10 November 2026/s); // C4.2 deadline: 18:00 the day before
    const replyTo = parsed?.replyTo[0] ?? '';
    const token = tokenFromAddress(replyTo);
    expect(token).toBeDefined();
    const notice = (await h.store.notices.listNoticesByCustomer('acme'))[0];
    // Only the hash is stored; consuming it proves the token belongs to this notice.
    await expect(
      h.store.tokens.consume(hashToken(token as string), toInstant('2026-11-03T00:00:00Z'), 'msg-1'),
    ).resolves.toEqual({
      noticeId: notice?.id,
      customerId: 'acme',
    });
    const ics = parsed?.attachments.find((x) => x.filename.endsWith('.ics'))?.content.toString() ?? '';
    expect(ics).toMatch(/BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT[\s\S]*END:VEVENT[\s\S]*END:VCALENDAR/);
    expect(ics).toMatch(/DTSTART[^:\r\n]*:20261111T010000Z?/);
  });

  it('C11.2 a second delivery of the same run does nothing: exactly one email per notice', async () => {
    await twoServersOneRelease(h);
    h.clock.set('2026-11-02T12:00:04Z');
    await noticeRun(h, '2026-11-02T12:00:00Z');
    const replay = await noticeRun(h, '2026-11-02T12:00:00Z');

    expect(replay).toEqual({ duplicate: true, runKey: 'run:notice:Europe/London:2026-11-02T12:00:00.000Z' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('C11.2 a run that fails part-way gives its claim back: the retry of that delivery sends the notice once', async () => {
    await twoServersOneRelease(h);
    h.clock.set('2026-11-02T12:00:04Z');
    const broken = {
      ...h.deps,
      store: {
        ...h.deps.store,
        directory: {
          ...h.deps.store.directory,
          listCustomers: () => Promise.reject(new Error('DynamoDB unavailable')),
        },
      },
    };
    const input = { scheduledTime: toInstant('2026-11-02T12:00:00Z'), timeZone: LONDON };
    await expect(runNotice(broken, input)).rejects.toThrow('DynamoDB unavailable');
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);

    const retry = await noticeRun(h, '2026-11-02T12:00:00Z');
    expect(retry).toMatchObject({ duplicate: false, noticesSent: 1, changesNotified: 2 });
    expect(await noticeRun(h, '2026-11-02T12:00:00Z')).toMatchObject({ duplicate: true });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('C11.1 serves only the customers of its own time zone', async () => {
    await twoServersOneRelease(h);
    h.clock.set('2026-11-02T12:00:04Z');
    const summary = await noticeRun(h, '2026-11-02T12:00:00Z', 'Europe/Paris');
    expect(summary).toMatchObject({ noticesSent: 0 });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('C11.2 a run delivered late catches up what was due at the missed run, while the 168 h still hold', async () => {
    const [a] = await twoServersOneRelease(h);
    // Monday's run never came; Tuesday's run (delivered late, at 15:00) still leaves 178 h.
    h.clock.set('2026-11-03T15:00:00Z');
    const summary = await noticeRun(h, '2026-11-03T12:00:00Z');
    expect(summary).toMatchObject({ noticesSent: 1, changesNotified: 2, replanned: [] });
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.applyAt).toBe('2026-11-11T01:00:00.000Z');
  });

  it('C3.5 a notice that can no longer keep the 168 h is not sent for that window: replanned, CS alerted', async () => {
    const [a] = await twoServersOneRelease(h);
    h.clock.set('2026-11-04T12:00:03Z'); // Wednesday: the 11th 01:00 window is 157 h away
    const summary = await noticeRun(h, '2026-11-04T12:00:00Z');

    expect(summary).toMatchObject({ noticesSent: 0 });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(await h.store.changes.getChange(`rel-1:${a}`)).toMatchObject({
      state: 'planned',
      noticeAt: '2026-11-05T12:00:00.000Z',
      applyAt: '2026-11-18T01:00:00.000Z',
    });
    expect(alerts(h).filter((x) => x.clause === 'C3.5')).toHaveLength(2);
  });

  it('C5.2 C3.5 an urgent notice must reach the customer by 12:00 on the day: a late run replans to the next night', async () => {
    const a = serverId();
    await givenFleet(h, [customer({ id: 'acme' })], [server({ id: a, customerId: 'acme' })]);
    h.clock.set('2026-11-02T10:00:00Z');
    await planUrgentRelease(h.deps, {
      release: { id: 'urg-1', platform: 'hyperstack', version: '1.1.1', title: 'Critical fix' },
      targets: 'all',
      validatedBy: 'cs.lead',
    });
    h.clock.set('2026-11-02T14:30:00Z'); // the 12:00 run delivered two and a half hours late
    await noticeRun(h, '2026-11-02T12:00:00Z');

    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(await h.store.changes.getChange(`urg-1:${a}`)).toMatchObject({
      state: 'planned',
      noticeAt: '2026-11-03T12:00:00.000Z',
      applyAt: '2026-11-04T01:00:00.000Z',
    });
    expect(alerts(h)[0]).toMatchObject({ clause: 'C3.5' });
  });

  it('C5.2 an urgent notice goes out at the 12:00 run for that night, one per customer and night', async () => {
    const [a, b] = [serverId(), serverId()];
    await givenFleet(
      h,
      [customer({ id: 'acme' })],
      [server({ id: a, customerId: 'acme' }), server({ id: b, customerId: 'acme' })],
    );
    h.clock.set('2026-11-02T10:00:00Z');
    await planUrgentRelease(h.deps, {
      release: { id: 'urg-1', platform: 'hyperstack', version: '1.1.1', title: 'Critical fix' },
      targets: 'all',
      validatedBy: 'cs.lead',
    });
    h.clock.set('2026-11-02T12:00:02Z');
    await noticeRun(h, '2026-11-02T12:00:00Z');
    const mails = await sentMails(h);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.headers.get('x-notice-kind')).toBe('urgent');
    expect(mails[0]?.parsed.text).toContain('3 November 2026');
    expect((await h.store.changes.getChange(`urg-1:${a}`))?.state).toBe('notified');
  });

  it('C3.2 SES throttling is retried: the notice is sent once it is accepted', async () => {
    await twoServersOneRelease(h);
    h.ses
      .on(SendEmailCommand)
      .rejectsOnce(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' }))
      .resolves({ MessageId: 'ses-after-throttle' });
    h.clock.set('2026-11-02T12:00:04Z');
    const summary = await noticeRun(h, '2026-11-02T12:00:00Z');

    expect(summary).toMatchObject({ noticesSent: 1 });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    const [notice] = await h.store.notices.listNoticesByCustomer('acme');
    expect(notice).toMatchObject({ status: 'sent', messageId: 'ses-after-throttle' });
  });

  it('C3.5 a notice rejected by the mail service is marked failed, its changes stay planned, CS is alerted', async () => {
    const [a] = await twoServersOneRelease(h);
    h.ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' }));
    h.clock.set('2026-11-02T12:00:04Z');
    const summary = await noticeRun(h, '2026-11-02T12:00:00Z');

    expect(summary).toMatchObject({ noticesSent: 0 });
    expect((await h.store.notices.listNoticesByCustomer('acme'))[0]?.status).toBe('failed');
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('planned');
    expect(alerts(h)[0]?.reason).toMatch(/rejected by the mail service/);
  });
});

describe('runNotice when the mail service is down', () => {
  const h = useHarness();

  it('C3.5 the changes stay planned (never applied without their notice) and CS is alerted at once', async () => {
    const [a] = await twoServersOneRelease(h);
    h.ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    h.clock.set('2026-11-02T12:00:04Z');
    const summary = await noticeRun(h, '2026-11-02T12:00:00Z');

    expect(summary).toMatchObject({
      noticesSent: 0,
      failed: [{ reason: expect.stringMatching(/unavailable/) }],
    });
    expect((await h.store.changes.getChange(`rel-1:${a}`))?.state).toBe('planned');
    expect(alerts(h)).toEqual([
      expect.objectContaining({ clause: 'C3.5', reason: expect.stringMatching(/could not be sent/) }),
    ]);
  });
});
