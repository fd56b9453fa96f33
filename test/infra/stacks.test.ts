import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../../functions/api/route-tables.ts';
import { TERMINAL_STATUSES } from '../../functions/fleet/exit-codes.ts';
import {
  ENV_VARS,
  envOf,
  FUNCTION_CATALOG,
  FUNCTION_NAMES,
  type FunctionName,
  SHARD_WORKERS,
} from '../../lib/function-catalog.ts';
import { scheduleTable } from '../../lib/schedules.ts';
import { type SynthesizedApp, synthExampleApp } from './synth-app.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

let built: SynthesizedApp;
let functionIds: Record<FunctionName, string>;
beforeAll(() => {
  built = synthExampleApp();
  const stack = built.stateless;
  functionIds = Object.fromEntries(
    FUNCTION_NAMES.map((name) => [
      name,
      stack.getLogicalId(built.stateless.functions[name].node.defaultChild as never),
    ]),
  ) as Record<FunctionName, string>;
}, 120_000);

const resources = (type: string): [string, Resource][] =>
  Object.entries(built.statelessTemplate.findResources(type) as Record<string, Resource>);

/** The logical id of a construct's CloudFormation resource in the stateless stack. */
const logicalIdOf = (construct: IConstruct): string =>
  built.stateless.getLogicalId(construct.node.defaultChild as CfnElement);

describe('scheduled runs (THE schedule table)', () => {
  it('C11.1 creates one schedule per run and configured time zone', () => {
    expect(resources('AWS::Scheduler::Schedule')).toHaveLength(6 * 2);
  });

  it.each([
    ['notice', 'Europe/London', 'notice', 'cron(30 11 * * ? *)'],
    ['cutoff', 'America/New_York', 'cutoff', 'cron(0 18 * * ? *)'],
    ['apply', 'Europe/London', 'apply', 'cron(0 0-5 * * ? *)'],
    ['backup-full', 'America/New_York', 'backup', 'cron(0 2 ? * SAT *)'],
    ['backup-incremental', 'Europe/London', 'backup', 'cron(0 23 * * ? *)'],
    ['backup-due', 'Europe/London', 'backup', 'cron(0 0-17 * * ? *)'],
  ] as const)('C3.2 C5.5 C6.1 C9.4 %s in %s invokes %s at %s local', (run, zone, fn, cron) => {
    const dlqId = logicalIdOf(built.stateless.deadLetterQueue);
    built.statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: cron,
      ScheduleExpressionTimezone: zone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [functionIds[fn], 'Arn'] },
        Input: JSON.stringify({ run, scheduledTime: '<aws.scheduler.scheduled-time>', timeZone: zone }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
  });

  it('C11.2 every schedule in the template is an entry of the table, and vice versa', () => {
    const table = scheduleTable(built.config.contract, built.config.timeZones);
    const deployed = resources('AWS::Scheduler::Schedule').map(([, r]) => {
      const target = r.Properties.Target as { Arn: { 'Fn::GetAtt': [string] }; Input: string };
      return `${r.Properties.ScheduleExpression} ${r.Properties.ScheduleExpressionTimezone} ${target.Arn['Fn::GetAtt'][0]} ${target.Input}`;
    });
    const expected = table.map(
      (e) => `${e.expression} ${e.timeZone} ${functionIds[e.functionName]} ${JSON.stringify(e.input)}`,
    );
    expect(deployed.sort()).toEqual(expected.sort());
  });
});

describe('functions', () => {
  it.each(FUNCTION_NAMES)('%s holds exactly the environment its catalog entry names', (name) => {
    const fn = built.statelessTemplate.toJSON().Resources[functionIds[name]] as Resource;
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual([...envOf(name)].sort());
    expect(Object.keys(variables).every((v) => (ENV_VARS as readonly string[]).includes(v))).toBe(true);
  });

  it('every function runs the newest Node.js on ARM64 with active tracing and JSON logs', () => {
    const all = built.statelessTemplate.toJSON().Resources as Record<string, Resource>;
    for (const fn of Object.values(functionIds).map((id) => all[id] as Resource)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
  });

  it('CONTRACT_CONFIG carries the configured overrides to the handlers', () => {
    const fn = built.statelessTemplate.toJSON().Resources[functionIds.notice] as Resource;
    const variables = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(JSON.parse(variables.CONTRACT_CONFIG ?? '')).toEqual(built.config.contractOverrides);
  });

  it('no statement of a function role allows every action or every action of a service', () => {
    const statements = resources('AWS::IAM::Policy').flatMap(([, p]) => {
      const doc = p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] };
      return doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    });
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a))).toEqual([]);
  });

  it('no function may Scan the table: reads are GetItem, BatchGetItem and Query only', () => {
    const actions = resources('AWS::IAM::Policy').flatMap(([, p]) => {
      const doc = p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] };
      return doc.Statement.flatMap((s) => [s.Action].flat());
    });
    expect(actions).toContain('dynamodb:Query');
    expect(actions).toContain('dynamodb:BatchGetItem');
    expect(actions.filter((a) => a.startsWith('dynamodb:') && a.includes('Scan'))).toEqual([]);
  });

  it('C6.1 ssm:SendCommand is allowed only on the two documents and on managed instances', () => {
    const resourcesOfSendCommand = resources('AWS::IAM::Policy').flatMap(([, p]) => {
      const doc = p.Properties.PolicyDocument as {
        Statement: { Action: string | string[]; Resource: unknown }[];
      };
      return doc.Statement.filter((s) => [s.Action].flat().includes('ssm:SendCommand')).flatMap((s) =>
        [s.Resource].flat().map((r) => JSON.stringify(Stack.of(built.stateless).resolve(r))),
      );
    });
    // apply, backup and their shard functions: one document and the managed instances each.
    expect(resourcesOfSendCommand.length).toBe(8);
    for (const r of resourcesOfSendCommand) expect(r).toMatch(/:document\/"|:managed-instance\/\*"/);
  });

  it.each(FUNCTION_NAMES)(
    'C3.2 %s may send mail (SES v2 ses:SendEmail) only if it sends notices, only from the sender address, through the identity and configuration set',
    (name) => {
      const role = built.stateless.functions[name].role;
      if (!role) throw new Error(`${name} has no role`);
      const roleRef = JSON.stringify({ Ref: logicalIdOf(role) });
      const statements = resources('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleRef))
        .flatMap(
          ([, p]) =>
            (
              p.Properties.PolicyDocument as {
                Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
              }
            ).Statement,
        )
        .filter((st) => [st.Action].flat().some((a) => a.startsWith('ses:')));
      if (!FUNCTION_CATALOG[name].grants.sendEmail) {
        expect(statements).toEqual([]);
        return;
      }
      expect(statements).toHaveLength(1);
      const [statement] = statements;
      expect(statement?.Action).toBe('ses:SendEmail');
      expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'patches@example.com' } });
      const named = [statement?.Resource]
        .flat()
        .map((r) => JSON.stringify(Stack.of(built.stateless).resolve(r)));
      expect(named).toHaveLength(2);
      expect(named.some((r) => r.includes(':identity/'))).toBe(true);
      expect(named.some((r) => r.includes(':configuration-set/'))).toBe(true);
    },
  );
});

describe('triggers', () => {
  it("C6.2 C9.4 the SSM status rule sends both documents' final command outcomes (only) to apply-result", () => {
    const docs = Object.keys(built.statelessTemplate.findResources('AWS::SSM::Document'));
    expect(docs).toHaveLength(2);
    built.statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ssm'],
        'detail-type': ['EC2 Command Invocation Status-change Notification'],
        detail: { 'document-name': docs.map((d) => ({ Ref: d })), status: [...TERMINAL_STATUSES] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionIds['apply-result'], 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.anyValue(),
        }),
      ],
    });
  });

  it('C4.1 mail to the reply domain is stored in the inbound bucket, then announced to inbound-mail', () => {
    built.statelessTemplate.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['reply.example.com'],
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/', TopicArn: Match.anyValue() }) },
        ],
      }),
    });
    built.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [functionIds['inbound-mail'], 'Arn'] },
      RedrivePolicy: Match.anyValue(),
    });
  });

  it('C12.1 every declared route, and only those: customer routes with the Cognito JWT authorizer, CS routes with IAM, calendar feeds with none', () => {
    const deployed = resources('AWS::ApiGatewayV2::Route')
      .map(([, r]) => `${r.Properties.RouteKey} ${r.Properties.AuthorizationType}`)
      .sort();
    const kind = { customer: 'JWT', cs: 'AWS_IAM', public: 'NONE' } as const;
    const declared = [...CUSTOMER_API_ROUTES, ...CS_API_ROUTES]
      .map((r) => `${r.method.toUpperCase()} ${r.path} ${kind[r.audience]}`)
      .sort();
    expect(deployed).toEqual(declared);
    expect(declared.filter((r) => r.includes('/v1/cs/')).every((r) => r.endsWith('AWS_IAM'))).toBe(true);
  });

  it('the pages are private in S3 behind CloudFront (origin access control, HTTPS, security headers)', () => {
    built.statelessTemplate.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.anyValue(),
    });
    built.statelessTemplate.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    built.statelessTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
    built.statelessTemplate.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("script-src 'self'"),
          }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
  });

  it('C12.1 only the cs-staff group gets the CS console role, which may call the CS routes only', () => {
    built.statelessTemplate.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
    });
    built.statelessTemplate.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'cs-staff' });
    built.statelessTemplate.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: Match.objectLike({
        pages: Match.objectLike({ Type: 'Token', AmbiguousRoleResolution: 'Deny' }),
      }),
    });
    const role = logicalIdOf(built.stateless.node.findChild('PortalSignIn').node.findChild('CsConsoleRole'));
    const policies = resources('AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    );
    const actions = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
        (st) => [st.Action].flat(),
      ),
    );
    expect(actions).toEqual(['execute-api:Invoke']);
  });

  it('the default stage throttles and writes access logs', () => {
    built.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('shard queues (the fan-out of the scheduled runs, bench/DESIGN.md)', () => {
  const FANNED_OUT = [
    ['notice', SHARD_WORKERS.notice, 300],
    ['apply', SHARD_WORKERS.apply, 600],
    ['backup', SHARD_WORKERS.backup, 600],
  ] as const;
  const shardQueueOf = (name: FunctionName) => {
    const shardQueue = built.stateless.shardQueues[name];
    if (!shardQueue) throw new Error(`${name} has no shard queue`);
    return { queueId: logicalIdOf(shardQueue.queue), dlqId: logicalIdOf(shardQueue.deadLetterQueue) };
  };
  const shardQueueIds = () =>
    FANNED_OUT.flatMap(([name]) => {
      const { queueId, dlqId } = shardQueueOf(name);
      return [queueId, dlqId];
    });
  /** The logical ids of the shard queues (or their DLQs) on which `name`'s role allows `action`. */
  const shardQueuesAllowing = (name: FunctionName, action: string): string[] => {
    const role = built.stateless.functions[name].role;
    if (!role) throw new Error(`${name} has no role`);
    const roleRef = { Ref: logicalIdOf(role) };
    const statements = resources('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(JSON.stringify(roleRef)))
      .flatMap(
        ([, p]) =>
          (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      )
      .filter((st) => [st.Action].flat().includes(action));
    const named = JSON.stringify(statements.map((st) => st.Resource));
    return shardQueueIds().filter((id) => named.includes(`"${id}"`));
  };

  it('three functions fan out: notice, apply and backup each have one shard queue and one event source', () => {
    expect(Object.keys(built.stateless.shardQueues).sort()).toEqual(['apply', 'backup', 'notice']);
    expect(resources('AWS::Lambda::EventSourceMapping')).toHaveLength(3);
    // Their 6 queues plus the shared dead-letter queue.
    expect(resources('AWS::SQS::Queue')).toHaveLength(3 * 2 + 1);
  });

  it.each(FANNED_OUT)(
    '%s: its shard queue is encrypted (SQS-managed), redrives to its own DLQ after 3 receives, and hides a shard for 6 function timeouts',
    (name, _workers, timeoutSeconds) => {
      const { queueId, dlqId } = shardQueueOf(name);
      const queue = built.statelessTemplate.toJSON().Resources[queueId] as Resource;
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: Math.min(6 * timeoutSeconds, 12 * 3600),
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 },
      });
      const dlq = built.statelessTemplate.toJSON().Resources[dlqId] as Resource;
      expect(dlq.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      expect(dlq.Properties.RedrivePolicy).toBeUndefined();
    },
  );

  it.each(FANNED_OUT)('%s: its shard queue and DLQ refuse requests without TLS', (name) => {
    const { queueId, dlqId } = shardQueueOf(name);
    for (const id of [queueId, dlqId]) {
      built.statelessTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Resource: { 'Fn::GetAtt': [id, 'Arn'] },
            }),
          ]),
        },
      });
    }
  });

  it.each(FANNED_OUT)(
    "C11.2 %s-shard works its coordinator's queue one shard per invocation, reports failed shards one by one, at most %i at once",
    (name, workers) => {
      const { queueId } = shardQueueOf(name);
      const mappings = resources('AWS::Lambda::EventSourceMapping')
        .map(([, r]) => r.Properties)
        .filter(
          (p) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: functionIds[`${name}-shard`] }),
        );
      expect(mappings).toEqual([
        expect.objectContaining({
          EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          BatchSize: 1,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          ScalingConfig: { MaximumConcurrency: workers },
        }),
      ]);
    },
  );

  it.each(FANNED_OUT)(
    "%s: SHARD_QUEUE_URL is its own queue's URL and SHARD_SERVERS is left unset",
    (name) => {
      const { queueId } = shardQueueOf(name);
      const fn = built.statelessTemplate.toJSON().Resources[functionIds[name]] as Resource;
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.SHARD_QUEUE_URL).toEqual({ Ref: queueId });
      expect(variables).not.toHaveProperty('SHARD_SERVERS');
    },
  );

  it.each(FUNCTION_NAMES)(
    "%s may send to its own shard queue only, and a shard function receive from its coordinator's only",
    (name) => {
      const { shardsOf } = FUNCTION_CATALOG[name];
      const sends = built.stateless.shardQueues[name] ? [shardQueueOf(name).queueId] : [];
      const receives = shardsOf ? [shardQueueOf(shardsOf).queueId] : [];
      expect(shardQueuesAllowing(name, 'sqs:SendMessage')).toEqual(sends);
      expect(shardQueuesAllowing(name, 'sqs:ReceiveMessage')).toEqual(receives);
      expect(shardQueuesAllowing(name, 'sqs:DeleteMessage')).toEqual(receives);
    },
  );

  it.each(FANNED_OUT)(
    "C11.2 a shard in %s's dead-letter queue (customers that run did not serve) alarms the CS team",
    (name) => {
      const { dlqId } = shardQueueOf(name);
      const alarms = resources('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
      const sharedDlqAlarm = alarms.find(
        (a) =>
          JSON.stringify(a.Dimensions) ===
          JSON.stringify([
            {
              Name: 'QueueName',
              Value: { 'Fn::GetAtt': [logicalIdOf(built.stateless.deadLetterQueue), 'QueueName'] },
            },
          ]),
      );
      expect(sharedDlqAlarm?.AlarmActions).toBeDefined();
      const shardAlarms = alarms.filter(
        (a) =>
          JSON.stringify(a.Dimensions) ===
          JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }]),
      );
      expect(shardAlarms).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: 1,
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
          // The same CS alert topic as every other alarm.
          AlarmActions: sharedDlqAlarm?.AlarmActions,
        }),
      ]);
    },
  );
});

describe('stateful resources', () => {
  it('C10.1 the table is built from the shared definition: keys, indexes, TTL', () => {
    const table = Object.values(
      built.statefulTemplate.findResources('AWS::DynamoDB::GlobalTable'),
    )[0] as Resource;
    const p = table.Properties as {
      KeySchema: { AttributeName: string; KeyType: string }[];
      GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown; Projection: unknown }[];
      TimeToLiveSpecification: unknown;
      BillingMode: string;
    };
    expect(p.BillingMode).toBe(TABLE_DEFINITION.billingMode);
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      TABLE_DEFINITION.globalSecondaryIndexes.map((g) => ({
        IndexName: g.indexName,
        KeySchema: [
          { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: g.projection },
      })),
    );
    expect(p.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('C10.1 the table keeps its records: PITR, deletion protection, encryption, retained', () => {
    built.statefulTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('C12.1 the customer id attribute is immutable and the app client cannot write it', () => {
    built.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: [Match.objectLike({ Name: 'customer_id', Mutable: false })],
    });
    const client = Object.values(
      built.statefulTemplate.findResources('AWS::Cognito::UserPoolClient'),
    )[0] as Resource;
    expect(client.Properties.ReadAttributes).toContain('custom:customer_id');
    expect(client.Properties.WriteAttributes).not.toContain('custom:customer_id');
  });
});
