/**
 * cdk-nag acknowledgements (cdk-nag 3: `Validations.of(scope).acknowledge`). Each names the rule or
 * the exact finding, on the narrowest construct, with the reason.
 *
 * Wildcard findings (AwsSolutions-IAM5) embed resolved references, including cross-stack exports
 * that exist only once the app is prepared. `allowWildcards` therefore runs as a construct
 * validation (after references are resolved, before the nag plugins): it acknowledges each exact
 * finding on one policy that matches an allowance, and leaves any other wildcard as a finding.
 */
import { type Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { ServiceFunction } from './constructs/service-function.ts';
import type { ShardQueue } from './constructs/shard-queue.ts';

export type WildcardAllowance = { finding: RegExp; reason: string };

/** Acknowledges the IAM5 findings matching `allowances` on each IAM policy under `scope`. */
export function allowWildcards(
  scope: IConstruct,
  allowances: readonly WildcardAllowance[],
  onlyPolicies: (path: string) => boolean = () => true,
): void {
  scope.node.addValidation({
    validate: () => {
      const policies = scope.node
        .findAll()
        .filter(
          (c): c is iam.CfnPolicy | iam.CfnManagedPolicy =>
            (c instanceof iam.CfnPolicy || c instanceof iam.CfnManagedPolicy) && onlyPolicies(c.node.path),
        );
      for (const policy of policies) {
        const findings = rules.iam.IAMNoWildcardPermissions(policy);
        if (!Array.isArray(findings)) continue;
        for (const finding of findings) {
          const allowance = allowances.find((a) => a.finding.test(finding));
          if (allowance)
            Validations.of(policy).acknowledge({
              id: `AwsSolutions-IAM5[${finding}]`,
              reason: allowance.reason,
            });
        }
      }
      return [];
    },
  });
}

const BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

export function acknowledgeFunctionFindings(fn: ServiceFunction): void {
  if (fn.role) {
    Validations.of(fn.role).acknowledge({
      id: BASIC_EXECUTION,
      reason: 'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch Logs.',
    });
  }
  allowWildcards(fn, [
    {
      finding: /^Resource::\*$/,
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords and ssm:GetCommandInvocation/ListCommandInvocations ' +
        'support no resource-level permissions.',
    },
    {
      finding: /^Action::kms:GenerateDataKey\*$/,
      reason:
        'sns:Publish to the KMS-encrypted alert topic needs data keys of that one key (CDK topic grant).',
    },
    {
      finding: /:managed-instance\/\*$/,
      reason: 'ssm:SendCommand targets any hybrid managed instance of the fleet; the document is pinned.',
    },
    {
      finding: /\/inbound\/\*$/,
      reason: 'The inbound-mail function reads SES-stored messages, whose keys are SES message ids.',
    },
  ]);
  const isAsync =
    fn.spec.trigger === 'schedule' ||
    fn.spec.trigger === 'ssm-status-event' ||
    fn.spec.trigger === 'ses-via-sns' ||
    fn.spec.trigger === 'ses-events-via-sns';
  Validations.of(fn).acknowledge(
    isAsync
      ? {
          id: 'Serverless-LambdaDLQ',
          reason:
            'Failed asynchronous invocations go to the dead-letter queue through an on-failure destination.',
        }
      : {
          id: 'Serverless-LambdaDLQ',
          reason: 'Invoked synchronously (HTTP API or `aws lambda invoke`): the caller receives the error.',
        },
  );
}

/** A run's shard queue: its dead-letter queue, and the event source mapping that works the queue. */
export function acknowledgeShardQueue(shardQueue: ShardQueue, mapping: lambda.CfnEventSourceMapping): void {
  Validations.of(shardQueue.deadLetterQueue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason: 'This queue is itself a dead-letter queue; its alarm tells the CS team, nothing consumes it.',
  });
  Validations.of(mapping).acknowledge({
    id: 'Serverless-LambdaEventSourceMappingDestination',
    reason:
      'Lambda supports no on-failure destination for SQS event sources; the shard queue redrives ' +
      'failed shards to its own dead-letter queue instead.',
  });
}

/** The roles EventBridge Scheduler assumes to invoke each scheduled function. */
export function acknowledgeSchedulerRoles(stack: Stack): void {
  allowWildcards(
    stack,
    [
      {
        finding: /^Resource::<\w+Function\w+\.Arn>:\*$/,
        reason:
          'The scheduler role invokes its one function, any version or alias (CDK LambdaInvoke target).',
      },
    ],
    (path) => path.includes('/SchedulerRoleForTarget-'),
  );
}

export function acknowledgeManagedInstanceRole(role: iam.Role): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
    reason: 'The documented minimum policy of the SSM agent on a hybrid managed instance.',
  });
  allowWildcards(role, [
    {
      finding: /\/\*$/,
      reason:
        'Backup copies are written under keys named by the backup document (the backup id: server, image, kind and slot).',
    },
  ]);
}

/** The policy the CS team attaches to call the CS API (and the CS console's role). */
export function acknowledgeCsOperatorPolicy(policy: iam.ManagedPolicy | iam.Role): void {
  allowWildcards(policy, [
    {
      finding: /\/\*\/\*\/v1\/cs(\/\*)?$/,
      reason: 'execute-api:Invoke on every stage and method of the /v1/cs routes only (the CS API).',
    },
  ]);
}

/**
 * CDK's BucketDeployment (the portal's assets): its singleton function copies the built files into
 * the web bucket and invalidates the distribution, once per deployment. Its code, runtime and role
 * are CDK's; the findings below are acknowledged on that function and its role only.
 */
export function acknowledgeBucketDeployment(stack: Stack, _deployment: IConstruct): void {
  const singletons = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  for (const scope of singletons) {
    Validations.of(scope).acknowledge(
      {
        id: BASIC_EXECUTION,
        reason: 'AWSLambdaBasicExecutionRole only lets CDK’s deployment function write its own logs.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'CDK’s BucketDeployment function pins its own runtime (it bundles the AWS CLI layer for it).',
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'A CloudFormation custom resource: a failure fails the deployment, which reports it.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'CDK’s deployment function runs once per deployment; its logs record each copy.',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: 'CDK’s BucketDeployment function pins its own runtime version.',
      },
    );
    allowWildcards(scope, [
      {
        finding: /^Action::s3:(GetObject\*|GetBucket\*|List\*|DeleteObject\*|Abort\*)$/,
        reason:
          'CDK’s grants to copy the asset into the web bucket and prune old files (read the asset, write and delete in the web bucket).',
      },
      {
        finding:
          /^Resource::(<WebAssetsBucket\w+\.Arn>|arn:<AWS::Partition>:s3:::cdk-[\w-]+-assets-<AWS::AccountId>-<AWS::Region>)\/\*$/,
        reason: 'The objects of the web bucket and of the CDK asset bucket: keys are the built files.',
      },
      {
        finding: /^Resource::\*$/,
        reason:
          'cloudfront:CreateInvalidation/GetInvalidation support no resource-level permission in CDK’s grant.',
      },
    ]);
  }
}
