import { describe, expect, it } from 'vitest';
import { eventMailTracker } from '../../../functions/adapters/ses/event-mail-tracker.ts';
import { noticeTagOf } from '../../../functions/application/ports.ts';
import { prepareNotice } from '../../../functions/application/shared/notice-outbox.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { mailEventsApp } from '../../../functions/handlers/mail-events/app.ts';
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

/** What SES publishes to the configuration set's SNS destination (event publishing format). */
const sesEvent = (eventType: string, tags: Record<string, string>, messageId = 'ses-msg-1') =>
  JSON.stringify({
    eventType,
    mail: {
      timestamp: '2026-11-02T12:00:03.000Z',
      source: 'patches@provider.example',
      messageId,
      destination: ['ops@acme.example'],
      tags: {
        'ses:configuration-set': ['Sending'],
        ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
      },
    },
    [eventType === 'Send' ? 'send' : 'other']: {},
  });

async function sendingNotice(h: Harness) {
  const a = serverId();
  const acme = customer({ id: 'acme' });
  await givenFleet(h, [acme], [server({ id: a, customerId: 'acme' })]);
  await releaseStored(h, release({ id: 'rel-1' }));
  const change = notifiedChange('rel-1', a, 'acme', '2026-11-11T01:00:00Z', { state: 'planned' });
  await givenChanges(h, [change]);
  const prepared = prepareNotice(
    h.deps,
    {
      id: 'notice:acme:scheduled:events',
      kind: 'scheduled',
      customer: acme,
      changes: [change],
      sendBy: toInstant('2026-11-04T01:00:00Z'),
    },
    { id: 'req-dead', until: h.clock.now().add({ minutes: 5 }) },
    h.clock.now(),
  );
  await h.store.commit(prepared.writes);
  return { notice: prepared.notice, change };
}

describe('mail events (DESIGN.md rule 4)', () => {
  const h = useHarness();

  it('C11.2 a Send event for an attempt whose invocation died records the notice sent and its changes notified', async () => {
    const { notice, change } = await sendingNotice(h);
    const app = mailEventsApp(h.deps);
    const tags = { 'notice-attempt': notice.attempt?.id as string, 'notice-id': noticeTagOf(notice.id) };
    await expect(app(sesEvent('Send', tags))).resolves.toMatchObject({ recorded: true, notice: 'sent' });
    expect(await h.store.notices.getNotice(notice.id)).toMatchObject({
      status: 'sent',
      messageId: 'ses-msg-1',
    });
    expect(await h.store.changes.getChange(change.id)).toMatchObject({
      state: 'notified',
      noticeId: notice.id,
    });
    // SES delivers events at least once: the same event again changes nothing.
    await expect(app(sesEvent('Send', tags))).resolves.toMatchObject({ notice: 'already-sent' });
  });

  it('DESIGN.md rule 4 the tracker: accepted with an event, lost once none came within the wait, unknown before', async () => {
    const { notice } = await sendingNotice(h);
    const tracker = eventMailTracker(h.store.mailEvents);
    const attempt = { id: notice.attempt?.id as string, at: h.clock.now() };
    expect(await tracker.outcome(attempt, h.clock.now().add({ minutes: 2 }))).toEqual({ outcome: 'unknown' });
    expect(await tracker.outcome(attempt, h.clock.now().add({ minutes: 10 }))).toEqual({ outcome: 'lost' });
    await mailEventsApp(h.deps)(sesEvent('Delivery', { 'notice-attempt': attempt.id }, 'ses-msg-9'));
    expect(await tracker.outcome(attempt, h.clock.now())).toEqual({
      outcome: 'sent',
      messageId: 'ses-msg-9',
    });
  });

  it('DESIGN.md rule 4 a Reject event makes the attempt rejected, never lost (it is not sent again)', async () => {
    const { notice } = await sendingNotice(h);
    await mailEventsApp(h.deps)(sesEvent('Reject', { 'notice-attempt': notice.attempt?.id as string }));
    const tracker = eventMailTracker(h.store.mailEvents);
    expect(
      (
        await tracker.outcome(
          { id: notice.attempt?.id as string, at: h.clock.now() },
          h.clock.now().add({ hours: 1 }),
        )
      ).outcome,
    ).toBe('rejected');
  });

  it('ignores events of messages that are not ours, and event types it does not track', async () => {
    const app = mailEventsApp(h.deps);
    await expect(app(sesEvent('Send', {}))).resolves.toMatchObject({
      ignored: expect.stringMatching(/not a notice/),
    });
    await expect(app(sesEvent('Open', { 'notice-attempt': 'na-1' }))).resolves.toMatchObject({
      ignored: expect.stringMatching(/not tracked/),
    });
    await expect(app('not json')).rejects.toThrow(/SES event/);
  });
});
