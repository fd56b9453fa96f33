/**
 * The service for the local runtime: the same use cases and adapters as the stack (DynamoDB store,
 * SES mailer, SSM fleet), pointed at DynamoDB Local, the local SES and the fleet simulator, with a
 * virtual Clock. functions/runtime/wiring/ builds the deployed deps with the system clock at
 * module scope; here the deps are built from the same adapters with the clock injected. The
 * customer API is called over HTTP through the local API server (the same router as the Lambda),
 * inbound mail through the inbound-mail function's notification processing.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createDynamoStore } from '../functions/adapters/dynamodb/create-dynamo-store.ts';
import { ensureTable } from '../functions/adapters/dynamodb/ensure-table.ts';
import { SesMailer } from '../functions/adapters/ses/ses-mailer.ts';
import { SsmFleet } from '../functions/adapters/ssm/ssm-fleet.ts';
import { decideReview, listReviews } from '../functions/application/channels/decide-review.ts';
import type { ChannelDeps } from '../functions/application/channels/deps.ts';
import { addCustomer, addServer } from '../functions/application/channels/onboarding.ts';
import type { FanOutDeps } from '../functions/application/runs/fan-out.ts';
import { registerRelease } from '../functions/application/runs/register-release.ts';
import type { ApplyDeps, BackupDeps } from '../functions/application/shared/deps.ts';
import type { ContractConfig } from '../functions/domain/config.ts';
import { applyApp } from '../functions/handlers/apply/app.ts';
import { applyResultApp } from '../functions/handlers/apply-result/app.ts';
import { applyShardApp } from '../functions/handlers/apply-shard/app.ts';
import { backupApp } from '../functions/handlers/backup/app.ts';
import { backupShardApp } from '../functions/handlers/backup-shard/app.ts';
import { cutoffApp } from '../functions/handlers/cutoff/app.ts';
import { processNotification } from '../functions/handlers/inbound-mail/process-notification.ts';
import { noticeApp } from '../functions/handlers/notice/app.ts';
import { noticeShardApp } from '../functions/handlers/notice-shard/app.ts';
import { urgentPatchApp } from '../functions/handlers/urgent-patch/app.ts';
import type { ScheduledRunInput } from '../lib/schedules.ts';
import { type RunningApiServer, startApiServer } from './api-server.ts';
import { FaultyMailer, type MailFaultWindow } from './faulty-mailer.ts';
import { signCustomerToken } from './local-auth.ts';
import type { RecordingAlerter } from './recording-alerter.ts';
import type { ApiAnswer, LocalServiceApi } from './service-api.ts';
import type { SesEventLog } from './services/ses-events.ts';
import { sesEventsMailTracker } from './ses-events-mail-tracker.ts';
import { LocalShardQueue } from './shard-queue.ts';
import type { VirtualClock } from './virtual-clock.ts';

export type LocalWiringOptions = {
  clock: VirtualClock;
  cfg: ContractConfig;
  alerter: RecordingAlerter;
  /** `ses`: the SES endpoint the service sends through (the events proxy in front of the local SES server). */
  endpoints: { dynamodb: string; ses: string; ssm: string };
  /** What the local SES accepted, by attempt (local/services/ses-events.ts). */
  mailEvents: SesEventLog;
  tableName: string;
  mailFaults?: MailFaultWindow[];
  senderAddress?: string;
  replyDomain?: string;
  apiPort?: number;
  backupBucket?: string;
  /**
   * Fan the notice, apply and backup runs out in shards of at most this many servers, through the
   * local shard queue (runs/fan-out.ts); absent, every run is done in one call, as for a small fleet.
   */
  shardServers?: number;
};

/** Every use case's deps in one object (the deployed functions each get their own subset). */
export type LocalDeps = ApplyDeps & BackupDeps & ChannelDeps;

export type LocalService = LocalServiceApi & {
  deps: LocalDeps;
  api: RunningApiServer;
  close(): Promise<void>;
};

const REGION = 'eu-west-2';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const CANCEL_WORDS = 'Please cancel this change and skip it; we do not want it applied.';

export async function createLocalService(options: LocalWiringOptions): Promise<LocalService> {
  const { clock, cfg } = options;
  const dynamodb = new DynamoDBClient({ endpoint: options.endpoints.dynamodb, region: REGION, credentials });
  const requests = { dynamodb: 0 };
  // The scale runs' profile (runner.ts agendaCost): every DynamoDB request, counted once per attempt.
  dynamodb.middlewareStack.add(
    (next) => (args) => {
      requests.dynamodb += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  );
  await ensureTable(dynamodb, options.tableName);
  const ses = new SESv2Client({
    endpoint: options.endpoints.ses,
    region: REGION,
    credentials,
    maxAttempts: 1,
  });
  const ssm = new SSMClient({ endpoint: options.endpoints.ssm, region: REGION, credentials });
  const store = createDynamoStore({ client: dynamodb, tableName: options.tableName });
  const mailer = new FaultyMailer(new SesMailer(ses), clock, options.mailFaults ?? []);
  const from = options.senderAddress ?? 'patches@provider.example';
  const deps: LocalDeps = {
    store,
    clock,
    cfg,
    mailer,
    // DESIGN.md rule 4: the local SES store plays the part of SES's sending events.
    tracker: sesEventsMailTracker(options.mailEvents),
    alerter: options.alerter,
    mail: { from, replyDomain: options.replyDomain ?? 'reply.provider.example' },
    fleet: new SsmFleet(ssm),
    backupBucket: options.backupBucket ?? 'patch-promise-local-backups',
    reviewTo: [from],
  };
  const api = await startApiServer({ deps, port: options.apiPort ?? 0, log: () => {} });
  const by = (actor: string) => ({ actor, at: clock.now() });

  const callApi = async (
    customerId: string,
    subject: string,
    changeId: string,
    body: unknown,
  ): Promise<ApiAnswer> => {
    const token = signCustomerToken(customerId, {
      subject,
      nowSeconds: Math.floor(clock.now().epochMilliseconds / 1000),
    });
    const res = await fetch(`${api.url}/v1/changes/${encodeURIComponent(changeId)}/postponements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const callEach = async (
    changeIds: string[],
    call: (id: string) => Promise<ApiAnswer>,
  ): Promise<ApiAnswer> => {
    let last: ApiAnswer = { status: 404, body: { detail: 'no pending change to ask about' } };
    for (const id of changeIds) last = await call(id);
    return last;
  };

  // The functions the stack deploys, minus their env wiring: same payloads, same parsing, same use cases.
  // The shard functions (functions/<run>-shard/), fed by the coordinators' shard queues.
  const shardWorkers = {
    notice: noticeShardApp(deps),
    apply: applyShardApp(deps),
    'backup-full': backupShardApp(deps),
    'backup-incremental': backupShardApp(deps),
  };
  const shardQueue: LocalShardQueue = new LocalShardQueue(shardWorkers, options.alerter);
  const runDeps: LocalDeps & FanOutDeps =
    options.shardServers === undefined
      ? deps
      : { ...deps, fanOut: { queue: shardQueue, shardServers: options.shardServers } };
  const scheduled: Record<ScheduledRunInput['run'], (event: unknown) => Promise<unknown>> = {
    notice: noticeApp(runDeps),
    cutoff: cutoffApp(deps),
    apply: applyApp(runDeps),
    'backup-full': backupApp(runDeps),
    'backup-incremental': backupApp(runDeps),
    'backup-due': backupApp(runDeps),
  };
  const runScheduled = async (input: ScheduledRunInput): Promise<void> => {
    await scheduled[input.run](input); // EventBridge Scheduler's payload, as is
  };
  const applyResult = applyResultApp(deps, { patch: 'PatchServer', backup: 'BackupImage' });
  const urgentPatch = urgentPatchApp(deps);

  return {
    store,
    requests,
    deps,
    api,
    addCustomer: async (customer) => {
      if (!(await store.directory.getCustomer(customer.id)))
        await addCustomer(deps, customer, by('local-seed'));
    },
    addServer: async (server) => {
      if (!(await store.directory.getServer(server.id))) await addServer(deps, server, by('local-seed'));
    },
    runScheduled,
    registerRelease: async (release, actor) => {
      await registerRelease(deps, { release, actor });
    },
    urgentPatch: async (release, targets, actor) => {
      await urgentPatch({
        release: {
          id: release.id,
          platform: release.platform,
          version: release.version,
          title: release.title,
          description: release.description,
        },
        targets,
        validatedBy: actor,
      });
    },
    postponeByApi: (request) =>
      callEach(request.changeIds, (id) =>
        callApi(request.customerId, request.requester, id, {
          reason: request.reason,
          acceptRisk: request.acceptedRisk !== undefined,
          ...(request.requestedDate ? { newDate: request.requestedDate } : {}),
        }),
      ),
    cancelByApi: (request) =>
      callEach(request.changeIds, (id) =>
        callApi(request.customerId, request.requester, id, { reason: CANCEL_WORDS, acceptRisk: true }),
      ),
    inboundMail: async (event) => {
      const outcomes: unknown[] = [];
      for (const record of event.Records) {
        outcomes.push(
          await processNotification(deps, String(record.Sns.Message), async () => {
            throw new Error('the local runtime delivers mail inline (SNS action), not through S3');
          }),
        );
      }
      return outcomes;
    },
    pendingReviews: async () =>
      (await listReviews(deps)).map((r) => ({
        requestId: r.id,
        customerId: r.customerId,
        changeId: r.changeId,
      })),
    decideReview: async (requestId, approve, actor, reason) => {
      await decideReview(deps, { requestId, approve, actor, reason });
    },
    applyResult: async (event) => {
      await applyResult(event); // the EventBridge event, as is
    },
    close: async () => {
      await api.close();
      dynamodb.destroy();
      ses.destroy();
      ssm.destroy();
    },
  };
}
