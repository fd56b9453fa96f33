/**
 * The house Lambda function (STYLE.md habit 1): fixes runtime, architecture, bundling, tracing,
 * structured logs with retention, and sets exactly the environment its catalog entry names. The
 * `bind*` helpers set a variable and grant the least privilege for it together.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUNDLING } from '../bundling.ts';
import { type EnvVar, entryOf, type FunctionSpec, LIBRARY_ENV } from '../function-catalog.ts';

/** No Scan: every read is a GetItem, BatchGetItem or Query (table-design.ts), and IAM holds it so. */
const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
] as const;
const TABLE_WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag AwsSolutions-L1). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type ServiceFunctionProps = {
  spec: FunctionSpec;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Where asynchronous invocations go after their retries fail (scheduled and event-driven functions). */
  onFailure?: sqs.IQueue;
  logRetention?: logs.RetentionDays;
};

export class ServiceFunction extends nodejs.NodejsFunction {
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const { spec } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      description: spec.description,
      entry: `${REPO_ROOT}${entryOf(spec.name)}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      awsSdkConnectionReuse: false,
      ...(props.onFailure
        ? {
            onFailure: new destinations.SqsDestination(props.onFailure),
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
          }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: `patch-promise-${spec.name}`,
        LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      } satisfies Partial<Record<(typeof LIBRARY_ENV)[number], string>>,
      // lib/bundling.ts: the AWS SDK is bundled (pinned by the lock file, faster to load).
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: BUNDLING.target,
        platform: BUNDLING.platform,
        mainFields: [...BUNDLING.mainFields],
        minify: BUNDLING.minify,
        sourceMap: true,
        sourceMapMode: nodejs.SourceMapMode.EXTERNAL,
        sourcesContent: false,
        banner: BUNDLING.banner,
        externalModules: [...BUNDLING.externalModules],
      },
    });
    this.spec = spec;
    this.node.addValidation({ validate: () => this.environmentDrift() });
  }

  /** Sets a variable the catalog lists for this function; refuses one it does not list. */
  setEnv(name: EnvVar, value: string): this {
    if (!this.spec.env.includes(name)) {
      throw new Error(`${this.spec.name}: ${name} is not in its catalog entry (lib/function-catalog.ts)`);
    }
    this.addEnvironment(name, value);
    return this;
  }

  /**
   * TABLE_NAME plus item-level data access on the table and each of its named indexes (no
   * `index/*` wildcard); `read` never writes.
   */
  bindTable({
    table,
    access,
    indexes,
  }: {
    table: dynamodb.ITableV2;
    access: 'read' | 'write';
    indexes: readonly string[];
  }): this {
    this.setEnv('TABLE_NAME', table.tableName);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions:
          access === 'read' ? [...TABLE_READ_ACTIONS] : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
    return this;
  }

  /** ALERT_TOPIC_ARN plus sns:Publish on that topic only. */
  bindAlertTopic(topic: sns.ITopic): this {
    this.setEnv('ALERT_TOPIC_ARN', topic.topicArn);
    topic.grantPublish(this);
    return this;
  }

  /** SENDER_ADDRESS plus ses:SendEmail (SES v2, Simple content) on the identity, only with that From address. */
  bindMailSender({
    identityArn,
    senderAddress,
    configurationSetName,
  }: {
    identityArn: string;
    senderAddress: string;
    configurationSetName: string;
  }): this {
    this.setEnv('SENDER_ADDRESS', senderAddress);
    this.setEnv('SES_CONFIGURATION_SET', configurationSetName);
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSetName,
    });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        // Sending through a configuration set needs the permission on it too (DESIGN.md rule 4).
        resources: [identityArn, configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
      }),
    );
    return this;
  }

  /**
   * The document-name variable plus ssm:SendCommand with that document, on hybrid managed
   * instances only (`managed-instance/*`: the fleet grows without a deployment).
   */
  bindCommandDocument({ variable, documentName }: { variable: EnvVar; documentName: string }): this {
    this.setEnv(variable, documentName);
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ssm:SendCommand'],
        resources: [
          stack.formatArn({ service: 'ssm', resource: 'document', resourceName: documentName }),
          stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: '*' }),
        ],
      }),
    );
    return this;
  }

  /** ssm:GetCommandInvocation and ssm:ListCommandInvocations (IAM supports no resource scope for them). */
  allowReadingCommands(): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetCommandInvocation', 'ssm:ListCommandInvocations', 'ssm:ListCommands'],
        resources: ['*'],
      }),
    );
    return this;
  }

  /** INBOUND_BUCKET plus s3:GetObject on the stored messages under `prefix` only. */
  bindInboundBucket(bucket: s3.IBucket, prefix: string): this {
    this.setEnv('INBOUND_BUCKET', bucket.bucketName);
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
    );
    return this;
  }

  /**
   * The coordinator's side of its own shard queue: SHARD_QUEUE_URL plus sqs:SendMessage on that
   * queue only.
   */
  bindShardQueue(queue: sqs.IQueue): this {
    this.setEnv('SHARD_QUEUE_URL', queue.queueUrl);
    queue.grantSendMessages(this);
    return this;
  }

  /**
   * The shard function's side: an event source on `queue`, one shard per invocation (a shard fills a
   * worker's time), failed shards reported one by one (functions/runtime/shard-worker.ts), at most
   * `maxConcurrency` at once. The event source grants receiving and deleting on that queue only.
   * Returns the mapping.
   */
  workShardsFrom(queue: sqs.IQueue, maxConcurrency: number): lambda.CfnEventSourceMapping {
    if (this.spec.trigger !== 'shard-queue') {
      throw new Error(`${this.spec.name}: works a shard queue but is not a shard function`);
    }
    const before = new Set(this.node.children);
    this.addEventSource(
      new eventSources.SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency }),
    );
    const mapping = this.node.children
      .filter((c) => !before.has(c))
      .flatMap((c) => c.node.findAll())
      .find((c): c is lambda.CfnEventSourceMapping => c instanceof lambda.CfnEventSourceMapping);
    if (!mapping) throw new Error(`${this.spec.name}: the shard queue's event source mapping is missing`);
    return mapping;
  }

  private environmentDrift(): string[] {
    const expected = new Set<string>([...this.spec.env, ...LIBRARY_ENV]);
    const actual = new Set(Object.keys(this.environmentVariables()));
    const missing = [...expected].filter((v) => !actual.has(v));
    const extra = [...actual].filter((v) => !expected.has(v));
    return [
      ...missing.map((v) => `${this.spec.name}: catalog lists ${v} but the stack does not set it`),
      ...extra.map((v) => `${this.spec.name}: the stack sets ${v} but the catalog does not list it`),
    ];
  }

  private environmentVariables(): Record<string, unknown> {
    const cfn = this.node.defaultChild as lambda.CfnFunction;
    const env = Stack.of(this).resolve(cfn.environment) as
      | { variables?: Record<string, unknown> }
      | undefined;
    return env?.variables ?? {};
  }
}
