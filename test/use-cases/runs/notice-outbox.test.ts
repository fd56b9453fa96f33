import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { decisionNoticeDraft } from '../../../functions/application/shared/decision-notice.ts';
import {
  dispatchNotice,
  drainNotices,
  type NoticeDraft,
  prepareNotice,
} from '../../../functions/application/shared/notice-outbox.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import type { Holder } from '../../../functions/domain/claims.ts';
import { hashToken, tokenFromAddress } from '../../../functions/mail/reply-token.ts';
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

const invocation = (id: string, h: Harness, minutes = 15): Holder => ({
  id,
  until: h.clock.now().add({ minutes }),
});

describe('notice outbox (DESIGN.md rules 2–4)', () => {
  const h = useHarness();

  it('C3.2 C11.2 is safe to call twice: a sent notice is never sent again, and its changes are notified with it', async () => {
    const draft = await draftFor(h);
    const me = invocation('req-1', h);
    const first = await dispatchNotice(h.deps, draft, me);
    const second = await dispatchNotice(h.deps, draft, me);
    expect(first.outcome).toBe('sent');
    expect(second).toMatchObject({ outcome: 'already-sent', notice: { status: 'sent', messageId: 'ses-1' } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const change = await h.store.changes.getChange(draft.changes[0]?.id as string);
    expect(change).toMatchObject({ state: 'notified', noticeId: draft.id });
  });

  it('C11.2 sent but not recorded: a retry adopts the attempt the mail service accepted and sends nothing', async () => {
    const draft = await draftFor(h);
    const me = invocation('req-1', h);
    // The invocation sends, then dies before recording: its claim and the SES call are all there is.
    const prepared = prepareNotice(h.deps, draft, me, h.clock.now());
    await h.store.commit(prepared.writes);
    h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-accepted' });
    await h.deps.mailer.send({
      from: 'x@provider.example',
      to: ['ops@acme.example'],
      subject: 'x',
      text: 'x',
      date: new Date('2026-11-02T09:00:00Z'),
      headers: {},
      tags: { 'notice-attempt': prepared.notice.attempt?.id as string },
    });
    expect((await h.store.notices.getNotice(draft.id))?.status).toBe('sending');

    h.clock.set('2026-11-02T09:01:00Z');
    const retry = await dispatchNotice(h.deps, draft, me); // Lambda's retry: the same request id
    expect(retry).toMatchObject({ outcome: 'sent', notice: { status: 'sent', messageId: 'ses-accepted' } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect((await h.store.changes.getChange(draft.changes[0]?.id as string))?.state).toBe('notified');
  });

  it('C12.2 claimed but provably never sent: a new attempt with a new token; the lost token no longer exists', async () => {
    const draft = await draftFor(h);
    const me = invocation('req-1', h);
    const prepared = prepareNotice(h.deps, draft, me, h.clock.now());
    await h.store.commit(prepared.writes); // died before the send
    const lostHash = prepared.notice.attempt?.tokenHash as string;
    expect(await h.store.tokens.owner(lostHash)).toBeDefined();

    h.clock.set('2026-11-02T09:01:00Z');
    const retry = await dispatchNotice(h.deps, draft, me);
    expect(retry).toMatchObject({ outcome: 'sent', notice: { attempt: { n: 2 } } });
    expect(await h.store.tokens.owner(lostHash)).toBeUndefined();
    const [mail] = await sentMails(h);
    const token = tokenFromAddress(String(mail?.parsed.replyTo[0]));
    expect(hashToken(token as string)).toBe(retry.notice.attempt?.tokenHash);
    expect(await h.store.tokens.owner(hashToken(token as string))).toMatchObject({ noticeId: draft.id });
  });

  it('C11.2 a concurrent duplicate never sends: while another live invocation holds the attempt it is in flight', async () => {
    const draft = await draftFor(h);
    const prepared = prepareNotice(h.deps, draft, invocation('req-1', h), h.clock.now());
    await h.store.commit(prepared.writes);
    const other = await dispatchNotice(h.deps, draft, invocation('req-2', h));
    expect(other.outcome).toBe('in-flight');
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('C11.2 two invocations dispatching the same notice at once send exactly one email', async () => {
    const draft = await draftFor(h);
    const results = await Promise.all([
      dispatchNotice(h.deps, draft, invocation('req-1', h)),
      dispatchNotice(h.deps, draft, invocation('req-2', h)),
    ]);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(results.map((r) => r.outcome).sort()).toEqual(['in-flight', 'sent']);
  });

  it('DESIGN.md rule 7 the outbox sweep resolves what a dead invocation left, once its deadline has passed', async () => {
    const draft = await draftFor(h);
    const prepared = prepareNotice(h.deps, draft, invocation('req-1', h, 5), h.clock.now());
    await h.store.commit(prepared.writes);
    expect(await drainNotices(h.deps, invocation('req-2', h), ['acme'])).toMatchObject([
      { outcome: 'in-flight' },
    ]);
    h.clock.set('2026-11-02T09:06:00Z');
    expect(await drainNotices(h.deps, invocation('req-3', h), ['acme'])).toMatchObject([{ outcome: 'sent' }]);
    expect(await h.store.notices.listOutbox(['acme'])).toEqual([]);
  });

  it('C3.5 the mail service unavailable: an advance notice is given up with its alert; its changes stay planned', async () => {
    const draft = await draftFor(h);
    h.ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    const result = await dispatchNotice(h.deps, draft, invocation('req-1', h));
    expect(result).toMatchObject({ outcome: 'deferred', notice: { status: 'failed' } });
    expect((await h.store.changes.getChange(draft.changes[0]?.id as string))?.state).toBe('planned');
    expect(await h.store.alerts.listUnpublished()).toEqual([]);
    expect(
      (
        await h.store.alerts.listAlerts(toInstant('2026-11-01T00:00:00Z'), toInstant('2026-11-03T00:00:00Z'))
      ).map((a) => a.clause),
    ).toEqual(['C3.5']);
  });

  it('C4.5 a confirmation the mail service could not take stays pending, and the sweep sends it later', async () => {
    const draft = await draftFor(h);
    const moved = {
      ...(draft.changes[0] as NoticeDraft['changes'][0]),
      state: 'postponed' as const,
      applyAt: '2026-11-18T01:00:00.000Z',
    };
    const granted = decisionNoticeDraft(h.deps, {
      outcome: 'granted',
      customer: draft.customer,
      changes: [moved],
      requestId: 'req-1',
      clause: 'C4.4',
      reason: 'granted',
      at: h.clock.now(),
    });
    h.ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Maximum sending rate exceeded.'), {
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const first = await dispatchNotice(h.deps, granted, invocation('req-1', h));
    expect(first).toMatchObject({ outcome: 'deferred', notice: { status: 'pending' } });

    h.ses.resetHistory(); // the refused calls above
    h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-later' });
    h.clock.set('2026-11-02T10:00:00Z');
    expect(await drainNotices(h.deps, invocation('req-2', h), ['acme'])).toMatchObject([{ outcome: 'sent' }]);
    const mails = (await sentMails(h)).filter((m) => m.parsed.subject?.includes('18 November 2026'));
    expect(mails.map((m) => m.destinations)).toEqual([['ops@acme.example']]);
  });
});
