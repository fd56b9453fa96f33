/**
 * The runs under test, wired like production: the DynamoDB store on DynamoDB Local (a fresh table
 * per test), the real SES Mailer, SSM Fleet and SNS Alerter over SDK clients mocked at the wire
 * (aws-sdk-client-mock), and a clock the test moves.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DescribeInstanceInformationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach } from 'vitest';
import { SesMailer } from '../../../functions/adapters/ses/ses-mailer.ts';
import { createSnsAlerter } from '../../../functions/adapters/sns/sns-alerter.ts';
import { SsmFleet } from '../../../functions/adapters/ssm/ssm-fleet.ts';
import type { Clock, Store } from '../../../functions/application/ports.ts';
import { auditEventOf } from '../../../functions/application/shared/audit.ts';
import type { RunDeps } from '../../../functions/application/shared/deps.ts';
import { type Instant, toInstant, toIso } from '../../../functions/domain/calendar.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import { Change, Customer, Release, Server } from '../../../functions/domain/records.ts';
import { createTestTable, type TestTable } from '../../support/dynamo.ts';
import { mockSesTracker } from '../../support/mock-ses-tracker.ts';
import { seed } from '../../support/seed.ts';
import { type SentEmail, sentEmails } from '../../support/sent-email.ts';

export const REGION = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
export const TOPIC = 'arn:aws:sns:eu-west-2:111122223333:cs-alerts';
export const SENDER = 'patches@provider.example';
export const REPLY_DOMAIN = 'reply.provider.example';

export class TestClock implements Clock {
  constructor(private current: Instant) {}
  now(): Instant {
    return this.current;
  }
  set(iso: string): void {
    this.current = toInstant(iso);
  }
}

export type Harness = {
  table: TestTable;
  store: Store;
  clock: TestClock;
  deps: RunDeps;
  ses: AwsClientStub<SESv2Client>;
  ssm: AwsClientStub<SSMClient>;
  sns: AwsClientStub<SNSClient>;
};

/** Registers per-test setup; the returned object is filled in before each test. */
export function useHarness(): Harness {
  const h = {} as Harness;
  beforeEach(async () => {
    h.ses = mockClient(SESv2Client);
    h.ssm = mockClient(SSMClient);
    h.sns = mockClient(SNSClient);
    let sent = 0;
    h.ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `ses-${++sent}` }));
    h.sns.on(PublishCommand).resolves({ MessageId: 'alert' });
    let commands = 0;
    h.ssm.on(SendCommandCommand).callsFake(async () => ({ Command: { CommandId: `cmd-${++commands}` } }));
    h.ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
    h.ssm.on(ListCommandsCommand).resolves({ Commands: [] });
    // Every agent online unless a test says otherwise.
    h.ssm.on(DescribeInstanceInformationCommand).callsFake(async (input) => ({
      InstanceInformationList: (input.Filters?.[0]?.Values ?? []).map((id: string) => ({
        InstanceId: id,
        PingStatus: 'Online',
      })),
    }));
    h.table = await createTestTable();
    h.store = h.table.store;
    h.clock = new TestClock(toInstant('2026-11-02T09:00:00Z'));
    h.deps = {
      store: h.store,
      clock: h.clock,
      cfg: defaultConfig(),
      mailer: new SesMailer(new SESv2Client(REGION), { sleep: async () => {} }),
      tracker: mockSesTracker(h),
      alerter: createSnsAlerter({ client: new SNSClient(REGION), topicArn: TOPIC }),
      mail: { from: SENDER, replyDomain: REPLY_DOMAIN },
      fleet: new SsmFleet(new SSMClient(REGION)),
      backupBucket: 'backups-bucket',
    };
  });
  afterEach(async () => {
    h.ses.restore();
    h.ssm.restore();
    h.sns.restore();
    await h.table.drop();
  });
  return h;
}

let serial = 0;
/** A managed-instance id: mi- and 17 hex digits. */
export const serverId = (n: number = ++serial): string => `mi-${n.toString(16).padStart(17, '0')}`;

export const customer = (over: Partial<Customer> & { id: string }): Customer =>
  Customer.parse({ name: `Customer ${over.id}`, contacts: [`ops@${over.id}.example`], ...over });

export const server = (over: Partial<Server> & { id: string; customerId: string }): Server =>
  Server.parse({
    platform: 'hyperstack',
    version: '1.0.0',
    images: [{ name: 'dc01', activeDirectory: true }, { name: 'files' }],
    ...over,
  });

export const release = (over: Partial<Release> & { id: string }): Release =>
  Release.parse({
    platform: 'hyperstack',
    version: '1.1.0',
    class: 'important',
    title: `Release ${over.id}`,
    description: 'Fixes a critical flaw in the storage layer.',
    validatedBy: 'cs.lead@provider.example',
    validatedAt: '2026-11-02T08:00:00Z',
    ...over,
  });

/** Customers and servers through the store's seed (bulk, no audit). */
export async function givenFleet(h: Harness, customers: Customer[], servers: Server[]): Promise<void> {
  await seed(h.table.ctx, { customers, servers });
}

export async function releaseStored(h: Harness, r: Release): Promise<void> {
  await h.store.releases.addRelease(
    r,
    auditEventOf({
      type: 'release.registered',
      actor: 'test',
      at: h.clock.now(),
      subjectId: r.id,
      key: r.id,
    }),
  );
}

/** The messages SES was asked to send (SendEmail, Simple content), with their recipients. */
export async function sentMails(h: Harness): Promise<{ destinations: string[]; parsed: SentEmail }[]> {
  return sentEmails(h.ses).map((parsed) => ({ destinations: parsed.to, parsed }));
}

/** The SNS alerts published to the CS topic. */
export const alerts = (h: Harness) =>
  h.sns
    .commandCalls(PublishCommand)
    .map((c) => JSON.parse(c.args[0].input.Message ?? '{}') as { reason: string; clause?: string });

export const iso = (instant: Instant): string => toIso(instant);

/** A change as the notice run leaves it: notified for the window at `applyAt`. */
export const notifiedChange = (
  releaseId: string,
  server: string,
  customerId: string,
  applyAt: string,
  over: Partial<Change> = {},
): Change =>
  Change.parse({
    id: `${releaseId}:${server}`,
    releaseId,
    serverId: server,
    customerId,
    class: 'important',
    state: 'notified',
    applyAt,
    noticeAt: '2026-11-02T12:00:00Z',
    originalApplyAt: applyAt,
    noticeId: `notice:${customerId}:scheduled`,
    version: 2,
    history: [],
    ...over,
  });

export async function givenChanges(h: Harness, changes: Change[]): Promise<void> {
  await seed(h.table.ctx, { changes });
}
