import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { processNotification } from '../../../functions/inbound-mail/process-notification.ts';
import { s3ObjectReader } from '../../../functions/inbound-mail/s3-object.ts';
import { CUTOFF, type Seeded, seedCustomer, sentMail, sns, useChannelWorld } from './channel-world.ts';
import { type Delivery, fixtureFor, notification } from './inbound-delivery.ts';

const world = useChannelWorld();
const s3 = mockClient(S3Client);
const objects = new Map<string, Buffer>();
beforeEach(() => {
  s3.reset();
  objects.clear();
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const body = objects.get(input.Key) ?? Buffer.alloc(0);
    return {
      ContentLength: body.byteLength,
      Body: { transformToByteArray: async () => new Uint8Array(body) },
    };
  });
});
const readObject = s3ObjectReader(new S3Client({}), 'inbound-bucket');

async function deliver(seeded: Seeded, raw: Buffer, d: Delivery = {}) {
  const message = notification(raw, seeded, d);
  if (d.via === 's3') objects.set(JSON.parse(message).receipt.action.objectKey, raw);
  return processNotification(world.deps, message, readObject);
}
const fixture = (seeded: Seeded, name: string, d: Delivery = {}) =>
  deliver(seeded, fixtureFor(name, seeded), d);
const requests = (s: Seeded) => world.deps.store.requests.listRequestsByChange(s.change.id);
const recorded = async (receiptId: string) =>
  (await world.deps.store.audit.listBySubject(`inbound:${receiptId}`)).map((e) => [e.type, e.clause]);

describe('handleInboundReply: emailed postponement requests', () => {
  it('C4.1 C4.4 C4.5 grants a plain reply above the quoted notice and confirms the new date to the contacts', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'plain-reply.eml');
    expect(out).toMatchObject({
      status: 'processed',
      results: [{ outcome: 'granted', newApplyAt: '2026-12-09T01:00:00.000Z' }],
    });
    const [request] = await requests(s);
    expect(request).toMatchObject({ via: 'email', requester: `ops@${s.customer.id}.example` });
    expect(request?.riskAcceptance?.words).toBe('We accept the risks.'); // C4.3 exact words
    expect(sentMail().map((m) => m.to)).toEqual([s.customer.contacts]);
    expect(sentMail()[0]?.raw).toMatch(/9 December 2026/);
  });

  it('C4.1 reads an HTML-only reply and an Outlook reply without a date (next window)', async () => {
    const s = await seedCustomer(world.deps);
    expect(await fixture(s, 'html-only-reply.eml')).toMatchObject({
      status: 'processed',
      results: [{ outcome: 'granted' }],
    });
    const t = await seedCustomer(world.deps);
    expect(await fixture(t, 'outlook-reply.eml')).toMatchObject({
      status: 'processed',
      results: [{ outcome: 'granted', newApplyAt: '2026-12-09T01:00:00.000Z' }],
    });
  });

  it('C4.1 applies one reply to every change of the notice', async () => {
    const s = await seedCustomer(world.deps);
    const second = { ...s.change, id: `${s.change.id}-2` };
    const { auditEventOf } = await import('../../../functions/application/shared/audit.ts');
    await world.deps.store.changes.createChange(
      second,
      auditEventOf({
        type: 'change.planned',
        actor: 't',
        at: world.clock.at,
        subjectId: second.id,
        key: 's',
        customerId: s.customer.id,
      }),
    );
    const notice = {
      ...s.notice,
      changes: [...s.notice.changes, { ...s.notice.changes[0], changeId: second.id }],
    } as typeof s.notice;
    await world.deps.store.notices.updateNotice(
      { ...notice, version: s.notice.version + 1 },
      s.notice.version,
      auditEventOf({
        type: 'notice.updated',
        actor: 't',
        at: world.clock.at,
        subjectId: notice.id,
        key: 's',
      }),
    );
    const out = await fixture(s, 'plain-reply.eml');
    expect(out.results?.map((r) => [r.changeId, r.outcome])).toEqual([
      [s.change.id, 'granted'],
      [second.id, 'granted'],
    ]);
    expect(sentMail()).toHaveLength(1); // C3.4 one confirmation for the notice's changes
  });

  it('C12.2 ignores a forwarded notice answered by a non-contact and sends nobody anything', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'forwarded-notice.eml', { receiptId: `fwd-${s.customer.id}` });
    expect(out).toMatchObject({ status: 'refused', replied: false });
    expect(await recorded(`fwd-${s.customer.id}`)).toEqual([['inbound.refused', 'C12.2']]);
    expect(out.reason).toContain('not a registered contact');
    expect(await requests(s)).toEqual([]);
    expect(sentMail()).toEqual([]);
    // the forwarded copy did not use the token up: the real contact can still answer
    expect((await fixture(s, 'plain-reply.eml')).status).toBe('processed');
  });

  it('C12.2 ignores a spoofed From with DMARC FAIL, without a reply and without using the token', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'spoofed-from.eml', { verdicts: { dmarc: 'FAIL', spf: 'FAIL' } });
    expect(out).toMatchObject({ status: 'refused', replied: false });
    expect(sentMail()).toEqual([]);
    expect(await requests(s)).toEqual([]);
    // the token is still good for the real contact
    expect((await fixture(s, 'plain-reply.eml')).status).toBe('processed');
  });

  it('C12.2 refuses a replayed token and tells the registered contact why', async () => {
    const s = await seedCustomer(world.deps);
    await fixture(s, 'plain-reply.eml');
    const replay = await fixture(s, 'gmail-reply.eml');
    expect(replay).toMatchObject({ status: 'refused', replied: true });
    expect(replay.reason).toMatch(/^token-refused/);
    const reply = sentMail().at(-1);
    expect(reply?.to).toEqual([`greta@${s.customer.id}.example`]);
    expect(reply?.raw).toMatch(/no longer valid/);
    expect(reply?.raw).toMatch(/Auto-Submitted: auto-replied/);
    expect(await requests(s)).toHaveLength(1);
  });

  it('C11.2 processes a redelivered notification once', async () => {
    const s = await seedCustomer(world.deps);
    const raw = fixtureFor('plain-reply.eml', s);
    expect((await deliver(s, raw, { receiptId: `r-${s.customer.id}` })).status).toBe('processed');
    expect((await deliver(s, raw, { receiptId: `r-${s.customer.id}` })).status).toBe('duplicate');
    expect(sentMail()).toHaveLength(1);
  });

  it('C12.2 C11.3 refuses an expired token judged on the receipt time', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'plain-reply.eml', { receivedAt: '2026-12-03T09:00:00.000Z' });
    expect(out).toMatchObject({ status: 'refused', replied: true });
    expect(await requests(s)).toEqual([]);
  });

  it('C4.2 C11.3 refuses a request received after the cutoff whatever its Date header says', async () => {
    const s = await seedCustomer(world.deps);
    const late = new Date(Date.parse(CUTOFF) + 60_000).toISOString();
    const out = await fixture(s, 'plain-reply.eml', { receivedAt: late }); // Date: header is 24 November
    expect(out.results).toEqual([expect.objectContaining({ outcome: 'refused', clause: 'C4.2' })]);
    expect(sentMail()[0]?.to).toEqual(s.customer.contacts); // the refusal notice, with the reason
  });

  it('C12.2 never takes an out-of-office or a bounce as a request, and answers neither', async () => {
    const s = await seedCustomer(world.deps);
    const ooo = `ooo-${s.customer.id}`;
    expect(await fixture(s, 'out-of-office.eml', { receiptId: ooo })).toMatchObject({
      status: 'ignored',
      replied: false,
    });
    expect(await recorded(ooo)).toEqual([['inbound.ignored', 'C12.2']]); // C10.1 recorded, then ignored
    expect(await fixture(s, 'bounce.eml')).toMatchObject({ status: 'ignored', replied: false });
    expect(await fixture(s, 'mailing-list.eml')).toMatchObject({ replied: false });
    expect(sentMail()).toEqual([]);
    expect(await requests(s)).toEqual([]);
  });

  it('C2.2 refuses an opt-out with the reason and records it', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'opt-out.eml');
    expect(out.results).toEqual([expect.objectContaining({ outcome: 'refused', clause: 'C2.2' })]);
    expect((await world.deps.store.changes.getChange(s.change.id))?.state).toBe('notified');
    expect(sentMail().map((m) => m.to)).toEqual([s.customer.contacts]);
  });

  it('C4.3 refuses a request without risk acceptance', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'missing-risk.eml');
    expect(out.results).toEqual([expect.objectContaining({ outcome: 'refused', clause: 'C4.3' })]);
  });

  it('explains the grammar to a contact whose reply has no command, and keeps the token usable', async () => {
    const s = await seedCustomer(world.deps);
    const raw = await composeRaw(`ops@${s.customer.id}.example`, s, 'Thanks, noted!');
    const out = await deliver(s, raw);
    expect(out).toMatchObject({ status: 'refused', replied: true });
    expect(sentMail()[0]?.raw).toMatch(/POSTPONE|postpone/);
    const stranger = await deliver(s, await composeRaw('someone@elsewhere.example', s, 'Thanks!'));
    expect(stranger.replied).toBe(false);
    expect(sentMail()).toHaveLength(1);
    expect((await fixture(s, 'plain-reply.eml')).status).toBe('processed');
  });

  it('reads a message SES stored in S3 with a large attachment, and ignores one over the size limit', async () => {
    const s = await seedCustomer(world.deps);
    const big = await composeRaw(
      `ops@${s.customer.id}.example`,
      s,
      'POSTPONE because audit week. We accept the risks.',
      2_000_000,
    );
    expect(await deliver(s, big, { via: 's3' })).toMatchObject({
      status: 'processed',
      results: [{ outcome: 'granted' }],
    });
    const t = await seedCustomer(world.deps);
    const huge = await composeRaw(
      `ops@${t.customer.id}.example`,
      t,
      'POSTPONE because audit. We accept the risks.',
      11_000_000,
    );
    const out = await deliver(t, huge, { via: 's3' });
    expect(out).toMatchObject({ status: 'refused', replied: false });
    expect(await requests(t)).toEqual([]);
  });

  it('C11.2 a message whose processing fails gives its claim back: the retry of the delivery processes it', async () => {
    const s = await seedCustomer(world.deps);
    const failing = {
      ...world.deps,
      store: {
        ...world.deps.store,
        notices: {
          ...world.deps.store.notices,
          getNotice: async () => {
            throw new Error('ProvisionedThroughputExceeded');
          },
        },
      },
    };
    const message = notification(fixtureFor('plain-reply.eml', s), s);
    await expect(processNotification(failing, message, readObject)).rejects.toThrow(
      'ProvisionedThroughputExceeded',
    );
    // The token was used by this very message: its retry (same receipt id) still counts.
    await expect(processNotification(world.deps, message, readObject)).resolves.toMatchObject({
      status: 'processed',
    });
    expect(await requests(s)).toHaveLength(1);
  });

  it('survives broken MIME: nothing throws, no request is made', async () => {
    const s = await seedCustomer(world.deps);
    const out = await fixture(s, 'broken-mime.eml');
    expect(out.status).not.toBe('processed');
    expect(await requests(s)).toEqual([]);
    for (const m of sentMail()) expect(m.to).toEqual([`ops@${s.customer.id}.example`]);
  });
});

async function composeRaw(from: string, s: Seeded, text: string, attachmentBytes = 0): Promise<Buffer> {
  return new MailComposer({
    from,
    to: `reply+${s.token}@replies.patch.example`,
    subject: 'Re: Planned maintenance',
    text,
    ...(attachmentBytes
      ? { attachments: [{ filename: 'scan.bin', content: Buffer.alloc(attachmentBytes, 7) }] }
      : {}),
  })
    .compile()
    .build();
}
