/**
 * Stateless resources: the functions of the catalog with their triggers (schedules, the shard
 * queues of the fanned-out runs, the SSM status rule, SES via SNS, the HTTP API), the SSM
 * documents, the alert topic and the monitoring. Stateful resources arrive as typed props
 * (StatefulResources).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/adapters/dynamodb/table-definition.ts';
import { TERMINAL_STATUSES } from '../functions/fleet/exit-codes.ts';
import type { DeploymentConfig } from './config.ts';
import { FleetDocuments } from './constructs/fleet-documents.ts';
import { API_PREFIX, HttpApi } from './constructs/http-api.ts';
import { Mail } from './constructs/mail.ts';
import { Messaging } from './constructs/messaging.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { PortalSignIn } from './constructs/portal-sign-in.ts';
import { RunSchedules } from './constructs/run-schedules.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { ShardQueue } from './constructs/shard-queue.ts';
import { WebHosting } from './constructs/web-hosting.ts';
import { FUNCTION_CATALOG, FUNCTION_NAMES, type FunctionName, shardFunctionOf } from './function-catalog.ts';
import {
  acknowledgeBucketDeployment,
  acknowledgeCsOperatorPolicy,
  acknowledgeFunctionFindings,
  acknowledgeManagedInstanceRole,
  acknowledgeSchedulerRoles,
  acknowledgeShardQueue,
} from './nag-acknowledgements.ts';
import { scheduleTable } from './schedules.ts';
import { INBOUND_PREFIX, type StatefulResources } from './stateful-stack.ts';

export type StatelessStackProps = StackProps & {
  config: DeploymentConfig;
  stateful: StatefulResources;
};

/** The EventBridge detail-type of an SSM Run Command invocation status change. */
export const SSM_STATUS_DETAIL_TYPE = 'EC2 Command Invocation Status-change Notification';

const TABLE_INDEXES = TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName);

const pascal = (name: string): string =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

export class StatelessStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, ServiceFunction>>;
  /** The shard queue of each coordinator (the `shardQueue` grant), worked by its shard function. */
  readonly shardQueues: Readonly<Partial<Record<FunctionName, ShardQueue>>>;
  /** The shared dead-letter queue of schedules, rules, subscriptions and asynchronous invocations. */
  readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;

    const messaging = new Messaging(this, 'Messaging', { alertEmail: config.alertEmail });
    const documents = new FleetDocuments(this, 'FleetDocuments');
    const mail = new Mail(this, 'Mail', {
      senderAddress: config.senderAddress,
      replyDomain: config.replyDomain,
      inboundBucket: stateful.inboundBucket,
      inboundPrefix: INBOUND_PREFIX,
      inboundTopic: messaging.inboundMailTopic,
      eventsTopic: messaging.mailEventsTopic,
    });

    const functions = {} as Record<FunctionName, ServiceFunction>;
    const shardQueues: Partial<Record<FunctionName, ShardQueue>> = {};
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTION_CATALOG[name];
      // A shard function's failures go to its queue's own dead-letter queue (ShardQueue).
      const asynchronous =
        spec.trigger !== 'http-jwt' &&
        spec.trigger !== 'http-iam' &&
        spec.trigger !== 'invoke' &&
        spec.trigger !== 'shard-queue';
      const fn = new ServiceFunction(this, `${pascal(name)}Function`, {
        spec,
        logLevel: config.logLevel,
        ...(asynchronous ? { onFailure: messaging.deadLetterQueue } : {}),
      });
      const { grants, env } = spec;
      if (grants.table) fn.bindTable({ table: stateful.table, access: grants.table, indexes: TABLE_INDEXES });
      if (grants.publishAlerts) fn.bindAlertTopic(messaging.alertTopic);
      if (grants.sendEmail) {
        fn.bindMailSender({
          identityArn: mail.senderIdentity.emailIdentityArn,
          senderAddress: config.senderAddress,
          configurationSetName: mail.configurationSet.configurationSetName,
        });
      }
      for (const document of grants.sendCommand ?? []) {
        const [variable, documentName] =
          document === 'patch'
            ? (['PATCH_DOCUMENT_NAME', documents.nameOf('PatchServer')] as const)
            : (['BACKUP_DOCUMENT_NAME', documents.nameOf('BackupImage')] as const);
        fn.bindCommandDocument({ variable, documentName });
      }
      if (grants.readCommands) fn.allowReadingCommands();
      if (grants.readInboundMail) fn.bindInboundBucket(stateful.inboundBucket, INBOUND_PREFIX);
      // Variables that come with no permission of their own.
      if (env.includes('CONTRACT_CONFIG'))
        fn.setEnv('CONTRACT_CONFIG', JSON.stringify(config.contractOverrides));
      if (env.includes('REPLY_DOMAIN')) fn.setEnv('REPLY_DOMAIN', config.replyDomain);
      if (env.includes('BACKUP_BUCKET')) fn.setEnv('BACKUP_BUCKET', stateful.backupBucket.bucketName);
      // The shard workers share the account's SES rate: each paces itself at its share
      // (bench/DESIGN.md "Design for 100,000 servers", Rates).
      if (env.includes('SES_SEND_RATE')) {
        const workers =
          spec.shardWorkers ?? FUNCTION_CATALOG[shardFunctionOf(name) ?? name].shardWorkers ?? 1;
        fn.setEnv('SES_SEND_RATE', String(config.sesSendRate / workers));
      }
      if (env.includes('PATCH_DOCUMENT_NAME') && !grants.sendCommand?.includes('patch')) {
        fn.setEnv('PATCH_DOCUMENT_NAME', documents.nameOf('PatchServer'));
      }
      if (env.includes('BACKUP_DOCUMENT_NAME') && !grants.sendCommand?.includes('backup')) {
        fn.setEnv('BACKUP_DOCUMENT_NAME', documents.nameOf('BackupImage'));
      }
      acknowledgeFunctionFindings(fn);
      functions[name] = fn;
    }
    // Fan-out (bench/DESIGN.md "Design for 100,000 servers"): each coordinator hands out its run's
    // shards to its own queue, and its run's shard function works them from it; no function
    // reaches another run's queue.
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTION_CATALOG[name];
      const worker = shardFunctionOf(name);
      if (!spec.grants.shardQueue && !worker) continue;
      const workerSpec = worker ? FUNCTION_CATALOG[worker] : undefined;
      if (!spec.grants.shardQueue || !worker || workerSpec?.shardWorkers === undefined) {
        throw new Error(
          `${name}: the shardQueue grant, a shard function and its shardWorkers go together (lib/function-catalog.ts)`,
        );
      }
      const shardQueue = new ShardQueue(this, `${pascal(name)}ShardQueue`, {
        consumerTimeout: Duration.seconds(workerSpec.timeoutSeconds),
      });
      functions[name].bindShardQueue(shardQueue.queue);
      acknowledgeShardQueue(
        shardQueue,
        functions[worker].workShardsFrom(shardQueue.queue, workerSpec.shardWorkers),
      );
      shardQueues[name] = shardQueue;
    }
    this.functions = functions;
    this.shardQueues = shardQueues;
    this.deadLetterQueue = messaging.deadLetterQueue;

    // C3.2 C5.5 C6.1 C9: the scheduled runs, from THE schedule table.
    new RunSchedules(this, 'Schedules', {
      entries: scheduleTable(config.contract, config.timeZones),
      functions,
      deadLetterQueue: messaging.deadLetterQueue,
    });
    acknowledgeSchedulerRoles(this);

    // C6.2 C6.3 C9.4: outcomes of the two documents' commands.
    new events.Rule(this, 'CommandStatusRule', {
      description: 'Final SSM command invocation statuses of the patch and backup documents',
      eventPattern: {
        source: ['aws.ssm'],
        detailType: [SSM_STATUS_DETAIL_TYPE],
        // Only final statuses: Pending/InProgress/Delayed events would invoke the function for nothing.
        detail: {
          'document-name': [documents.nameOf('PatchServer'), documents.nameOf('BackupImage')],
          status: [...TERMINAL_STATUSES],
        },
      },
      targets: [
        new eventTargets.LambdaFunction(functions['apply-result'], {
          deadLetterQueue: messaging.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });

    // C4.1 C12.2: mail stored by SES, announced on the inbound topic.
    messaging.inboundMailTopic.addSubscription(
      new subscriptions.LambdaSubscription(functions['inbound-mail'], {
        deadLetterQueue: messaging.deadLetterQueue,
      }),
    );

    // DESIGN.md rule 4: SES's sending events of our messages, recorded by attempt.
    messaging.mailEventsTopic.addSubscription(
      new subscriptions.LambdaSubscription(functions['mail-events'], {
        deadLetterQueue: messaging.deadLetterQueue,
      }),
    );

    // The customer portal and the CS console: static pages on CloudFront, signing in with Cognito.
    const web = new WebHosting(this, 'Web');
    const signIn = new PortalSignIn(this, 'PortalSignIn', { userPool: stateful.userPool, siteUrl: web.url });

    const api = new HttpApi(this, 'HttpApi', {
      customerApi: functions['customer-api'],
      csApi: functions['cs-api'],
      userPool: stateful.userPool,
      userPoolClients: [stateful.userPoolClient, signIn.client],
      allowOrigins: [web.url],
    });
    const cognitoConfig = {
      mode: 'cognito',
      apiUrl: api.api.apiEndpoint,
      region: this.region,
      userPoolId: stateful.userPool.userPoolId,
      clientId: signIn.client.userPoolClientId,
      authDomain: `https://${signIn.domain.domainName}.auth.${this.region}.amazoncognito.com`,
    };
    acknowledgeBucketDeployment(
      this,
      web.deploy({
        portal: cognitoConfig,
        console: { ...cognitoConfig, identityPoolId: signIn.identityPool.ref },
      }),
    );

    new Monitoring(this, 'Monitoring', {
      alertTopic: messaging.alertTopic,
      deadLetterQueue: messaging.deadLetterQueue,
      functions,
      shardDeadLetterQueues: Object.fromEntries(
        Object.entries(shardQueues).map(([name, q]) => [name, q.deadLetterQueue]),
      ),
    });

    // The role of the hybrid activation (`aws ssm create-activation --iam-role`): the SSM agent on
    // the premises, and the backup document's cloud copy (C9.3).
    const managedInstanceRole = new iam.Role(this, 'ManagedInstanceRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
      description: 'Hybrid managed instances: SSM agent and the cloud copy of backups',
    });
    managedInstanceRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
        resources: [stateful.backupBucket.arnForObjects('*')],
      }),
    );
    acknowledgeManagedInstanceRole(managedInstanceRole);

    // C5.1: what a CS operator needs: the CS routes (IAM authorizer) and the urgent-patch function.
    const csOperatorPolicy = new iam.ManagedPolicy(this, 'CsOperatorPolicy', {
      description: 'Attach to the CS team role: calls /v1/cs and invokes urgent-patch',
      statements: [
        new iam.PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: [
            api.api.arnForExecuteApi('*', API_PREFIX.cs),
            api.api.arnForExecuteApi('*', `${API_PREFIX.cs}/*`),
          ],
        }),
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [functions['urgent-patch'].functionArn],
        }),
      ],
    });
    acknowledgeCsOperatorPolicy(csOperatorPolicy);
    // The console's role (Cognito group cs-staff): the same CS routes, nothing else.
    signIn.allowCsRoutes(
      new iam.PolicyStatement({
        actions: ['execute-api:Invoke'],
        resources: [
          api.api.arnForExecuteApi('*', API_PREFIX.cs),
          api.api.arnForExecuteApi('*', `${API_PREFIX.cs}/*`),
        ],
      }),
    );
    acknowledgeCsOperatorPolicy(signIn.csConsoleRole);

    new CfnOutput(this, 'ApiUrl', { value: api.api.apiEndpoint });
    new CfnOutput(this, 'PortalUrl', { value: `${web.url}/portal/` });
    new CfnOutput(this, 'ConsoleUrl', { value: `${web.url}/console/` });
    new CfnOutput(this, 'UserPoolCsGroup', { value: 'cs-staff' });
    new CfnOutput(this, 'UrgentPatchFunctionName', { value: functions['urgent-patch'].functionName });
    new CfnOutput(this, 'ReceiptRuleSetName', { value: mail.ruleSet.receiptRuleSetName });
    new CfnOutput(this, 'ManagedInstanceRoleName', { value: managedInstanceRole.roleName });
    new CfnOutput(this, 'CsOperatorPolicyArn', { value: csOperatorPolicy.managedPolicyArn });
  }
}
