import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3ObjectReader } from '../../../functions/adapters/s3/s3-object.ts';
import { processNotification } from '../../../functions/handlers/inbound-mail/process-notification.ts';
import { CUTOFF, type Seeded, seedCustomer, sentMail, useChannelWorld } from './channel-world.ts';
import { type Delivery, fixtureFor, notification } from './inbound-delivery.ts';

const world = useChannelWorld();
const s3 = mockClient(S3Client);
const objects = new Map<string, Buffer>();
/** The Range of every ranged GetObject, to check what was downloaded. */
const ranges: string[] = [];
beforeEach(() => {
  s3.reset();
  objects.clear();
  ranges.length = 0;
  s3.on(GetObjectCommand).callsFake((input: { Key: string; Range?: string }) => {
    const whole = objects.get(input.Key) ?? Buffer.alloc(0);
    const range = input.Range ? /^bytes=(\d+)-(\d+)$/.exec(input.Range) : null;
    if (input.Range) ranges.push(input.Range);
    const body = range ? whole.subarray(Number(range[1]), Number(range[2]) + 1) : whole;
    return {
      ContentLength: body.byteLength,
      Body: { transformToByteArray: async () => new Uint8Array(body), destroy: () => undefined },
    };
  });
});
/** The text of a reply the service sent. */
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
    expect(sentMail()[0]?.text).toMatch(/9 December 2026/);
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
    expect(reply?.text).toMatch(/no longer valid/);
    expect(reply?.headers.get('auto-submitted')).toBe('auto-replied');
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
    expect(sentMail()[0]?.text).toMatch(/POSTPONE|postpone/);
    const stranger = await deliver(s, await composeRaw('someone@elsewhere.example', s, 'Thanks!'));
    expect(stranger.replied).toBe(false);
    expect(sentMail()).toHaveLength(1);
    expect((await fixture(s, 'plain-reply.eml')).status).toBe('processed');
  });

  it('reads a message SES stored in S3 with a large attachment', async () => {
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
  });

  it('C12.2 tells a registered contact why an oversize reply was not read, records who sent it, and keeps the token', async () => {
    const s = await seedCustomer(world.deps);
    const receiptId = `big-${s.customer.id}`;
    const huge = await composeRaw(
      `ops@${s.customer.id}.example`,
      s,
      'POSTPONE because audit. We accept the risks.',
      8_000_000, // a scan of about 8 MB: over 10 MB once base64-encoded
    );
    expect(huge.byteLength).toBeGreaterThan(10 * 1024 * 1024);
    const out = await deliver(s, huge, { via: 's3', receiptId });
    expect(out).toMatchObject({ status: 'refused', replied: true, customerId: s.customer.id });
    expect(out.reason).toMatch(/^too-large/);
    // Only the head of the stored object was fetched, never the whole message.
    expect(ranges).toEqual(['bytes=0-262143']);
    const [event] = await world.deps.store.audit.listBySubject(`inbound:${receiptId}`);
    expect(event).toMatchObject({
      type: 'inbound.refused',
      actor: `email:ops@${s.customer.id}.example`,
      data: {
        from: `ops@${s.customer.id}.example`,
        subject: 'Re: Planned maintenance',
        reply: { to: `ops@${s.customer.id}.example` },
      },
    });
    const [reply] = sentMail();
    expect(reply?.to).toEqual([`ops@${s.customer.id}.example`]);
    const text = reply?.text ?? '';
    expect(text).toMatch(/larger than we accept/);
    expect(text).toMatch(/It is 1\d\.\d MB; we read emails of up to 10\.0 MB\./);
    expect(text).toMatch(/without attachments/);
    expect(await requests(s)).toEqual([]);
    // the token was not used up: a short reply from the same contact is taken
    expect((await fixture(s, 'plain-reply.eml')).status).toBe('processed');
  });

  it('C12.2 records an oversize message from a stranger with its sender, and answers nobody', async () => {
    const s = await seedCustomer(world.deps);
    const receiptId = `big-stranger-${s.customer.id}`;
    const huge = await composeRaw('someone@elsewhere.example', s, 'POSTPONE because x.', 11_000_000);
    const out = await deliver(s, huge, { via: 's3', receiptId });
    expect(out).toMatchObject({ status: 'refused', replied: false });
    const [event] = await world.deps.store.audit.listBySubject(`inbound:${receiptId}`);
    expect(event?.data).toMatchObject({ from: 'someone@elsewhere.example' });
    expect(sentMail()).toEqual([]);
  });

  it('C4.1 grants the date the customer wrote as 16/12/2026, not the next window', async () => {
    const s = await seedCustomer(world.deps);
    const raw = await composeRaw(
      `ops@${s.customer.id}.example`,
      s,
      'POSTPONE to 16/12/2026 because our stocktake runs that week. We accept the risks.',
    );
    expect(await deliver(s, raw)).toMatchObject({
      status: 'processed',
      results: [{ outcome: 'granted', newApplyAt: '2026-12-16T01:00:00.000Z' }],
    });
    const [request] = await requests(s);
    expect(request?.requestedDate).toBe('2026-12-16');
  });

  it('C4.1 refuses a date that reads two ways with a reply asking for one, and keeps the token', async () => {
    const s = await seedCustomer(world.deps);
    const raw = await composeRaw(
      `ops@${s.customer.id}.example`,
      s,
      'POSTPONE to 09/12/2026 because our stocktake runs that week. We accept the risks.',
    );
    const out = await deliver(s, raw);
    expect(out).toMatchObject({ status: 'refused', replied: true });
    expect(out.reason).toMatch(/^ambiguous-date/);
    const text = sentMail()[0]?.text ?? '';
    expect(text).toContain('"09/12/2026" can be read as 9 December 2026 or as 12 September 2026.');
    expect(text).toContain('Please write the one date you want, as 2026-12-09 or 9 December 2026');
    expect(await requests(s)).toEqual([]);
    expect((await fixture(s, 'plain-reply.eml')).status).toBe('processed');
  });

  it('C4.1 refuses a date-like text it cannot read instead of moving the change to the next window', async () => {
    const s = await seedCustomer(world.deps);
    const raw = await composeRaw(
      `ops@${s.customer.id}.example`,
      s,
      'POSTPONE to next Wednesday because our stocktake runs. We accept the risks.',
    );
    const out = await deliver(s, raw);
    expect(out).toMatchObject({ status: 'refused', replied: true });
    expect(out.reason).toMatch(/^invalid-date: We could not read "next Wednesday" as a calendar date\./);
    expect(await requests(s)).toEqual([]);
  });

  it("gives the help reply an example date a week after the notice's window, never a fixed one", async () => {
    const s = await seedCustomer(world.deps, { applyAt: '2027-03-03T01:00:00.000Z' });
    const out = await deliver(s, await composeRaw(`ops@${s.customer.id}.example`, s, 'Thanks, noted!'));
    expect(out).toMatchObject({ status: 'refused', replied: true });
    const text = sentMail()[0]?.text ?? '';
    expect(text).toContain('Please postpone to 2027-03-10 because <your important business reason>.');
    expect(text).toContain('Write it as 2027-03-10 or 10 March 2027.');
    expect(text).not.toMatch(/\bC\d{1,2}\.\d\b/); // no clause ids in a customer's reply
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
