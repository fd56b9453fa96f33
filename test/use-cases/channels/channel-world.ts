/**
 * A customer world for the channel tests: the real DynamoDB store on DynamoDB Local (one table per
 * file), the real SES mailer and SNS alerter over mocked SDK clients, and a clock the test sets.
 * Every seeded customer has a unique id, so tests sharing a table never see each other.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach } from 'vitest';
import { SesMailer } from '../../../functions/adapters/ses/ses-mailer.ts';
import { createSnsAlerter } from '../../../functions/adapters/sns/sns-alerter.ts';
import type { ChannelDeps } from '../../../functions/application/channels/deps.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import { type Instant, toInstant } from '../../../functions/domain/calendar.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import type { Change, Customer, Notice, Release, Server } from '../../../functions/domain/records.ts';
import { hashToken, issueReplyToken } from '../../../functions/mail/reply-token.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { mockSesTracker } from '../../support/mock-ses-tracker.ts';
import { type SentEmail, sentEmails } from '../../support/sent-email.ts';

export const SENDER = 'notices@patch.example';
export const REPLY_DOMAIN = 'replies.patch.example';
/** Wednesday 2 December 2026, 01:00 GMT: the window of the mail fixtures' notice. */
export const WINDOW = '2026-12-02T01:00:00.000Z';
/** Tuesday 1 December 2026, 18:00 GMT: the C4.2 cutoff for that window. */
export const CUTOFF = '2026-12-01T18:00:00.000Z';

export const ses = mockClient(SESv2Client);
export const sns = mockClient(SNSClient);

export type World = { deps: ChannelDeps; clock: { at: Instant; now(): Instant } };

export function useChannelWorld(): World {
  const table = useTestStore();
  const clock = { at: toInstant('2026-11-24T12:00:00Z'), now: () => clock.at };
  const world = { clock } as World;
  beforeEach(() => {
    ses.reset();
    sns.reset();
    ses.on(SendEmailCommand).callsFake(() => ({ MessageId: `ses-${randomUUID()}` }));
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    clock.at = toInstant('2026-11-24T12:00:00Z');
    world.deps = {
      store: table.store,
      clock,
      cfg: defaultConfig(),
      mailer: new SesMailer(new SESv2Client({}), { backoff: { maxAttempts: 1, baseMs: 1, capMs: 1 } }),
      tracker: mockSesTracker({ ses }),
      alerter: createSnsAlerter({
        client: new SNSClient({}),
        topicArn: 'arn:aws:sns:eu-west-2:000000000000:alerts',
      }),
      mail: { from: SENDER, replyDomain: REPLY_DOMAIN },
      reviewTo: ['cs@patch.example'],
    };
  });
  return world;
}

let counter = Math.floor(Math.random() * 1e9);
const nextServerId = () => `mi-${(counter++).toString(16).padStart(17, '0')}`;

export type Seeded = {
  customer: Customer;
  server: Server;
  release: Release;
  change: Change;
  notice: Notice;
  /** The notice's reply token (the store keeps only its hash). */
  token: string;
};

const setup = (type: string, subjectId: string, customerId?: string) =>
  auditEventOf({
    type,
    actor: 'test',
    at: toInstant('2026-11-20T09:00:00Z'),
    subjectId,
    key: 'seed',
    customerId,
  });

/** A customer with one server, one `notified` change in the 2 December window and its notice. */
export async function seedCustomer(
  deps: ChannelDeps,
  over: { cls?: Release['class']; applyAt?: string } = {},
): Promise<Seeded> {
  const id = `acme-${randomUUID().slice(0, 8)}`;
  const domain = `${id}.example`;
  const customer: Customer = {
    id,
    name: `Acme ${id}`,
    timeZone: 'Europe/London',
    // The senders of the mail fixtures (test/adapters/mail/fixtures, test/fixtures/replies).
    contacts: [
      'ops',
      'anna',
      'greta',
      'hana',
      'omar',
      'cto',
      'jan',
      'lena',
      'chloe',
      'lucia',
      'kim',
      'giulia',
      'joao',
      'sam',
      'tom',
    ].map((u) => `${u}@${domain}`),
    maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
  };
  const server: Server = {
    id: nextServerId(),
    customerId: id,
    platform: `plat-${id}`,
    version: '1.0.0',
    images: [{ name: 'dc1', activeDirectory: true }],
    status: 'active',
  };
  const release: Release = {
    id: `rel-${id}`,
    platform: server.platform,
    version: '1.1.0',
    class: over.cls ?? 'important',
    title: 'Security update',
    description: 'Fixes a critical flaw',
    validatedBy: 'cs@patch.example',
    validatedAt: '2026-11-20T10:00:00.000Z',
  };
  const applyAt = over.applyAt ?? WINDOW;
  const change: Change = {
    id: `${release.id}:${server.id}`,
    releaseId: release.id,
    serverId: server.id,
    customerId: id,
    class: release.class,
    state: 'notified',
    applyAt,
    noticeAt: '2026-11-24T12:00:00.000Z',
    postponementCount: 0,
    attempt: 1,
    version: 1,
    history: [
      { at: '2026-11-20T10:00:00.000Z', from: null, to: 'planned', actor: 'system', reason: 'registered' },
      {
        at: '2026-11-24T12:00:00.000Z',
        from: 'planned',
        to: 'notified',
        actor: 'system',
        reason: 'notice sent',
      },
    ],
  };
  const notice: Notice = {
    id: `notice:${id}:scheduled:${applyAt}`,
    customerId: id,
    kind: release.class === 'urgent' ? 'urgent' : 'scheduled',
    to: customer.contacts,
    changes: [{ changeId: change.id, serverId: server.id, releaseId: release.id, applyAt }],
    postponeUntil: CUTOFF,
    sendBy: '2026-11-24T12:00:00.000Z',
    status: 'sent',
    sentAt: '2026-11-24T12:00:05.000Z',
    version: 1,
  };
  const { store } = deps;
  await store.directory.saveCustomer(customer, setup('customer.added', id, id));
  await store.directory.saveServer(server, setup('server.added', server.id, id));
  await store.releases.addRelease(release, setup('release.registered', release.id));
  await store.changes.createChange(change, setup('change.planned', change.id, id));
  await store.notices.createNotice(notice, setup('notice.created', notice.id, id));
  const token = issueReplyToken((n) => randomBytes(n));
  await store.tokens.issue({
    hash: hashToken(token),
    noticeId: notice.id,
    customerId: id,
    expiresAt: toInstant(CUTOFF).add({ hours: 24 }),
  });
  return { customer, server, release, change, notice, token };
}

/** The messages SES was asked to send (SendEmail, Simple content), with their recipients. */
export function sentMail(): SentEmail[] {
  return sentEmails(ses);
}
