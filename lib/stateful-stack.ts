/**
 * Stateful resources (STYLE.md: a stateful/stateless pair): the one table, the buckets and the
 * customer user pool. They are retained on stack deletion and handed to the stateless stack as
 * typed props.
 */
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/adapters/dynamodb/table-definition.ts';

/** What the stateless stack receives. */
export type StatefulResources = {
  table: dynamodb.ITableV2;
  inboundBucket: s3.IBucket;
  backupBucket: s3.IBucket;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
};

/** Where SES stores received mail in the inbound bucket. */
export const INBOUND_PREFIX = 'inbound/';

/** The Cognito attribute that ties a customer user to its customer (C12.1). */
export const CUSTOMER_ID_ATTRIBUTE = 'customer_id';

const attribute = (a: { name: string; type: 'S' }): dynamodb.Attribute => ({
  name: a.name,
  type: dynamodb.AttributeType.STRING,
});

export class StatefulStack extends Stack implements StatefulResources {
  readonly table: dynamodb.TableV2;
  readonly inboundBucket: s3.Bucket;
  readonly backupBucket: s3.Bucket;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // One definition for local and cloud (functions/adapters/dynamodb/table-definition.ts).
    const def = TABLE_DEFINITION;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(def.partitionKey),
      sortKey: attribute(def.sortKey),
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: def.timeToLiveAttribute,
      globalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
        indexName: g.indexName,
        partitionKey: attribute(g.partitionKey),
        sortKey: attribute(g.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      // C10.1: records are never lost.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server access log target of the other buckets; logging it would recurse.',
    });

    // C10.1: received mail is evidence (requests, risk acceptances): versioned, kept two years.
    this.inboundBucket = this.dataBucket('InboundMailBucket', accessLogs, 'inbound-mail/', 730);
    // C9.3: cloud copies of the backups; old versions expire after 35 days.
    this.backupBucket = this.dataBucket('BackupBucket', accessLogs, 'backups/', undefined);

    this.userPool = new cognito.UserPool(this, 'CustomerUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      // C12.1: set by the CS team when the user is created; customers cannot change it.
      customAttributes: {
        [CUSTOMER_ID_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 2, maxLen: 63, mutable: false }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPoolClient = this.userPool.addClient('CustomerApiClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(CUSTOMER_ID_ATTRIBUTE),
      // C12.1: the client may not write custom:customer_id.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
  }

  private dataBucket(
    id: string,
    accessLogs: s3.IBucket,
    logPrefix: string,
    expireAfterDays: number | undefined,
  ): s3.Bucket {
    return new s3.Bucket(this, id, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: logPrefix,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(35),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          ...(expireAfterDays ? { expiration: Duration.days(expireAfterDays) } : {}),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
