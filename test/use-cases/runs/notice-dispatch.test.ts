import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { sendDecisionNotice } from '../../../functions/application/shared/decision-notice.ts';
import { dispatchNotice, type NoticeDraft } from '../../../functions/application/shared/notice-dispatch.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
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

async function draftFor(h: Harness): Promise<NoticeDraft> {
  const a = serverId();
  const acme = customer({ id: 'acme' });
  await givenFleet(h, [acme], [server({ id: a, customerId: 'acme' })]);
  await releaseStored(h, release({ id: 'rel-1' }));
  const change = notifiedChange('rel-1', a, 'acme', '2026-11-11T01:00:00Z', { state: 'planned' });
  await givenChanges(h, [change]);
  return {
    id: 'notice:acme:scheduled:test',
    kind: 'scheduled',
    customer: acme,
    changes: [change],
    sendBy: toInstant('2026-11-04T01:00:00Z'),
    postponeUntil: toInstant('2026-11-10T18:00:00Z'),
    window: { start: toInstant('2026-11-11T01:00:00Z'), end: toInstant('2026-11-11T05:00:00Z') },
  };
}

describe('dispatchNotice', () => {
  const h = useHarness();

  it('C3.2 C11.2 is safe to call twice: a sent notice is never sent again', async () => {
    const draft = await draftFor(h);
    const first = await dispatchNotice(h.deps, draft);
    const second = await dispatchNotice(h.deps, draft);
    expect(first.outcome).toBe('sent');
    expect(second).toMatchObject({ outcome: 'already-sent', notice: { status: 'sent', messageId: 'ses-1' } });
    expect(h.ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('C3.5 a transient mail failure leaves the notice pending, and the next call sends it', async () => {
    const draft = await draftFor(h);
    h.ses.on(SendRawEmailCommand).rejects(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    await expect(dispatchNotice(h.deps, draft)).rejects.toThrow(/unavailable/);
    expect((await h.store.notices.getNotice(draft.id))?.status).toBe('pending');

    h.ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-later' });
    await expect(dispatchNotice(h.deps, draft)).resolves.toMatchObject({ outcome: 'sent' });
  });

  it('C4.5 a granted postponement is confirmed to the contacts with the new date', async () => {
    const draft = await draftFor(h);
    const moved = {
      ...(draft.changes[0] as NoticeDraft['changes'][0]),
      state: 'postponed' as const,
      applyAt: '2026-11-18T01:00:00.000Z',
    };
    await sendDecisionNotice(h.deps, {
      kind: 'postponement-granted',
      customerId: 'acme',
      changes: [moved],
      requestId: 'req-1',
      clause: 'C4.4',
      reason: 'granted',
      at: h.clock.now(),
    });
    const [mail] = await sentMails(h);
    expect(mail?.destinations).toEqual(['ops@acme.example']);
    expect(mail?.parsed.subject).toContain('18 November 2026');
  });
});
