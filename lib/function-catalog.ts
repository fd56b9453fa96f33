/**
 * The Lambda catalog: every function, the environment it reads and the permissions it holds, in one
 * place (STYLE.md anti-pattern "infra and handler drift"). The stateless stack builds each function
 * from its entry here; test/infra/function-catalog.test.ts checks each handler reads exactly these
 * variables (test/infra/handler-env.ts finds what a handler reads). Pure data: no CDK import.
 */

export const FUNCTION_NAMES = [
  'notice',
  'notice-shard',
  'cutoff',
  'apply',
  'apply-shard',
  'apply-result',
  'backup',
  'backup-shard',
  'urgent-patch',
  'customer-api',
  'cs-api',
  'inbound-mail',
  'mail-events',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Every environment variable a handler may read. */
export const ENV_VARS = [
  'TABLE_NAME',
  'ALERT_TOPIC_ARN',
  'SENDER_ADDRESS',
  'REPLY_DOMAIN',
  'CONTRACT_CONFIG',
  'PATCH_DOCUMENT_NAME',
  'BACKUP_DOCUMENT_NAME',
  'BACKUP_BUCKET',
  'INBOUND_BUCKET',
  'SHARD_QUEUE_URL',
  'SHARD_SERVERS',
  'SES_SEND_RATE',
  'SES_CONFIGURATION_SET',
  'POWERTOOLS_SERVICE_NAME',
  'LOG_LEVEL',
  'NODE_OPTIONS',
] as const;
export type EnvVar = (typeof ENV_VARS)[number];

/**
 * Read by @aws-lambda-powertools/logger (service name, level) and by Node.js itself (source maps in
 * stack traces); every function gets them, no handler reads them.
 */
export const LIBRARY_ENV = [
  'POWERTOOLS_SERVICE_NAME',
  'LOG_LEVEL',
  'NODE_OPTIONS',
] as const satisfies readonly EnvVar[];

/** How a function is started. */
export type Trigger =
  | 'schedule'
  | 'shard-queue'
  | 'ssm-status-event'
  | 'invoke'
  | 'http-jwt'
  | 'http-iam'
  | 'ses-via-sns'
  | 'ses-events-via-sns';

export type Grants = {
  /** DynamoDB access on the table and its indexes. */
  table?: 'read' | 'write';
  /**
   * ses:SendEmail (SES v2) on the sending identity (From = SENDER_ADDRESS) through the configuration set
   * whose events name each attempt (SES_CONFIGURATION_SET, DESIGN.md rule 4).
   */
  sendEmail?: boolean;
  /** sns:Publish on the CS alert topic. */
  publishAlerts?: boolean;
  /** ssm:SendCommand with these documents, on managed instances only. */
  sendCommand?: readonly ('patch' | 'backup')[];
  /**
   * ssm:GetCommandInvocation / ListCommandInvocations: reading the outcome of commands (reconcile);
   * ssm:ListCommands: finding a send a dead invocation may have made (DESIGN.md rule 4).
   */
  readCommands?: boolean;
  /** s3:GetObject on the inbound mail bucket. */
  readInboundMail?: boolean;
  /**
   * The coordinator of a fanned-out run (functions/application/runs/fan-out.ts): SHARD_QUEUE_URL
   * and sqs:SendMessage on its run's shard queue only; the run's shard function (`shardsOf` this
   * one) receives and deletes them through its event source. Never another run's queue.
   */
  shardQueue?: boolean;
};

/**
 * Concurrent shard workers of each fanned-out run: the shard queue's event source
 * `maximumConcurrency` (Lambda allows 2 to 1,000). bench/DESIGN.md "Design for 100,000 servers",
 * Rates: the workers share the account's SES and SSM rates, and this number is what bounds them.
 * - notice 2: each worker sends its notices one at a time through the account's one SES sending
 *   rate (14/s is a common first production quota, bench/shards.ts), paced at its share of it
 *   (SES_SEND_RATE = config sesSendRate ÷ 2, lib/stateless-stack.ts); 2 is the least Lambda allows.
 *   The notice run is bounded by SES whatever the concurrency (≈ 24 min for 20,000 notices).
 * - apply 5, backup 5: each worker sends SSM SendCommand (one per 50 servers) against the
 *   account's SSM API rate (5/s assumed in bench/RESULTS.md) and writes to DynamoDB; 5 keeps that
 *   pressure modest, and 100,000 servers in 2,000-server apply shards are 10 rounds of shards
 *   that target 2 minutes each: the overnight run ends long before the window does.
 */
export const SHARD_WORKERS = { notice: 2, apply: 5, backup: 5 } as const;

export type FunctionSpec = {
  name: FunctionName;
  description: string;
  trigger: Trigger;
  /**
   * A shard function (trigger `shard-queue`): the coordinator whose shard queue feeds it (an SQS
   * event source, one shard per invocation, failures reported per record).
   */
  shardsOf?: FunctionName;
  /** A shard function: at most this many shards at once (SHARD_WORKERS). */
  shardWorkers?: number;
  /** Handler-specific variables the stack sets; LIBRARY_ENV is added to every function. */
  env: readonly EnvVar[];
  /**
   * Variables the handler reads when present and the stack never sets (ServiceFunction refuses
   * them): SHARD_SERVERS overrides the measured shard size (fan-out.ts DEFAULT_SHARD_SERVERS), for
   * a test deployment only.
   */
  optionalEnv?: readonly EnvVar[];
  grants: Grants;
  timeoutSeconds: number;
  memoryMb: number;
};

/** The function's entry file, relative to the repository root. */
export const entryOf = (name: FunctionName): string => `functions/handlers/${name}/handler.ts`;

/**
 * The shard function of a fanned-out run: what its coordinator does for one shard, so the same
 * environment and grants, without the shard queue (it only receives from it, through its event
 * source) and without SHARD_QUEUE_URL / SHARD_SERVERS.
 */
function shardFunctionFor(
  coordinator: FunctionSpec,
  name: FunctionName,
  description: string,
  workers: number,
): FunctionSpec {
  const { shardQueue: _handsOut, ...grants } = coordinator.grants;
  return {
    name,
    description,
    trigger: 'shard-queue',
    shardsOf: coordinator.name,
    shardWorkers: workers,
    env: coordinator.env.filter((v) => v !== 'SHARD_QUEUE_URL'),
    grants,
    timeoutSeconds: coordinator.timeoutSeconds,
    memoryMb: coordinator.memoryMb,
  };
}

const COORDINATED: Readonly<Record<Exclude<FunctionName, `${string}-shard`>, FunctionSpec>> = {
  notice: {
    name: 'notice',
    description: 'C3.2 C5.2 daily 12:00 local notice run (C3.5 alerts CS when a notice is late)',
    trigger: 'schedule',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'ALERT_TOPIC_ARN',
      'SHARD_QUEUE_URL',
      'SES_SEND_RATE',
    ],
    optionalEnv: ['SHARD_SERVERS'],
    grants: { table: 'write', sendEmail: true, publishAlerts: true, shardQueue: true },
    timeoutSeconds: 300,
    memoryMb: 512,
  },
  cutoff: {
    name: 'cutoff',
    description: 'C5.5 daily 18:00 local cutoff run: closes requests and fixes the night plan',
    trigger: 'schedule',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'ALERT_TOPIC_ARN',
    ],
    grants: { table: 'write', sendEmail: true, publishAlerts: true },
    timeoutSeconds: 300,
    memoryMb: 512,
  },
  apply: {
    name: 'apply',
    description: 'C6.1 C11.2 hourly overnight apply run; reconciles commands whose result was missed',
    trigger: 'schedule',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'PATCH_DOCUMENT_NAME',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'ALERT_TOPIC_ARN',
      'SHARD_QUEUE_URL',
    ],
    optionalEnv: ['SHARD_SERVERS'],
    grants: {
      table: 'write',
      sendCommand: ['patch'],
      readCommands: true,
      sendEmail: true,
      publishAlerts: true,
      shardQueue: true,
    },
    timeoutSeconds: 600,
    memoryMb: 512,
  },
  'apply-result': {
    name: 'apply-result',
    description: 'C6.2 C6.3 C8 C9.4 records SSM command outcomes, sends failure notices, alerts CS',
    trigger: 'ssm-status-event',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'ALERT_TOPIC_ARN',
      'PATCH_DOCUMENT_NAME',
      'BACKUP_DOCUMENT_NAME',
    ],
    grants: { table: 'write', sendEmail: true, publishAlerts: true, readCommands: true },
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  backup: {
    name: 'backup',
    description: 'C9 weekly full and daily AD incremental backups, outside maintenance windows',
    trigger: 'schedule',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'BACKUP_DOCUMENT_NAME',
      'BACKUP_BUCKET',
      'ALERT_TOPIC_ARN',
      'SHARD_QUEUE_URL',
    ],
    optionalEnv: ['SHARD_SERVERS'],
    grants: {
      table: 'write',
      sendCommand: ['backup'],
      readCommands: true,
      publishAlerts: true,
      shardQueue: true,
    },
    timeoutSeconds: 600,
    memoryMb: 512,
  },
  'urgent-patch': {
    name: 'urgent-patch',
    description: 'C1.3 C5.1 C5.3 CS declares an urgent release; plans it on every targeted server',
    trigger: 'invoke',
    env: ['TABLE_NAME', 'CONTRACT_CONFIG'],
    grants: { table: 'write' },
    // A platform-wide release, 8 servers at a time: 4.6–5.7 ms per server on DynamoDB Local in the
    // bench (bench/RESULTS.md, "register"), so 100,000 servers take 460–575 s: Lambda's limit, not 120 s.
    timeoutSeconds: 900,
    memoryMb: 512,
  },
  'customer-api': {
    name: 'customer-api',
    description: 'C4 C5.4 C12.1 customer HTTP API (Cognito JWT): servers, changes, postponements',
    trigger: 'http-jwt',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'ALERT_TOPIC_ARN',
    ],
    grants: { table: 'write', sendEmail: true, publishAlerts: true },
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  'cs-api': {
    name: 'cs-api',
    description: 'C4.4 C10.2 CS HTTP API (IAM): directory, releases, reviews, compliance report',
    trigger: 'http-iam',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'ALERT_TOPIC_ARN',
    ],
    grants: { table: 'write', sendEmail: true, publishAlerts: true },
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  'inbound-mail': {
    name: 'inbound-mail',
    description: 'C4.1 C12.2 emailed postponement requests: SES stores to S3, notifies SNS, this reads',
    trigger: 'ses-via-sns',
    env: [
      'TABLE_NAME',
      'CONTRACT_CONFIG',
      'SENDER_ADDRESS',
      'REPLY_DOMAIN',
      'SES_CONFIGURATION_SET',
      'INBOUND_BUCKET',
      'ALERT_TOPIC_ARN',
    ],
    grants: { table: 'write', sendEmail: true, publishAlerts: true, readInboundMail: true },
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  'mail-events': {
    name: 'mail-events',
    description: 'DESIGN.md rule 4: SES sending events by attempt; an accepted attempt completes its notice',
    trigger: 'ses-events-via-sns',
    env: ['TABLE_NAME', 'CONTRACT_CONFIG'],
    grants: { table: 'write' },
    timeoutSeconds: 60,
    memoryMb: 256,
  },
};

export const FUNCTION_CATALOG: Readonly<Record<FunctionName, FunctionSpec>> = {
  ...COORDINATED,
  'notice-shard': shardFunctionFor(
    COORDINATED.notice,
    'notice-shard',
    'C3.2 C3.4 the notice run at fleet scale: one shard of customers per invocation',
    SHARD_WORKERS.notice,
  ),
  'apply-shard': shardFunctionFor(
    COORDINATED.apply,
    'apply-shard',
    'C6.1 C11.2 the apply run at fleet scale: one shard of customers per invocation',
    SHARD_WORKERS.apply,
  ),
  'backup-shard': shardFunctionFor(
    COORDINATED.backup,
    'backup-shard',
    'C9.1 C9.2 the backup runs at fleet scale: one shard of customers per invocation',
    SHARD_WORKERS.backup,
  ),
};

/** Every variable the stack sets in a function's environment: its own plus the library ones. */
export const envOf = (name: FunctionName): EnvVar[] => [...FUNCTION_CATALOG[name].env, ...LIBRARY_ENV];

/** The shard function a coordinator hands its run's shards to, if it fans out. */
export const shardFunctionOf = (name: FunctionName): FunctionName | undefined =>
  FUNCTION_NAMES.find((n) => FUNCTION_CATALOG[n].shardsOf === name);

/** Every variable a function's handler may read: what the stack sets plus its optional ones. */
export const envReadableBy = (name: FunctionName): EnvVar[] => [
  ...envOf(name),
  ...(FUNCTION_CATALOG[name].optionalEnv ?? []),
];
