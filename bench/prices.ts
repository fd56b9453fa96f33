/**
 * Public unit prices used by the cost model (cost.ts), in one table. US East (N. Virginia),
 * on-demand, USD, no free tier, no Savings Plans. Each row names the AWS pricing page it comes
 * from. The bench machine is offline: the figures are those the named pages published when this
 * table was written (PRICES_AS_OF); check the pages before quoting a number to a customer.
 */

/** The date this table was written and last compared with the pages named below. */
export const PRICES_AS_OF = '2026-11-23';
export const PRICE_REGION = 'us-east-1';

export type UnitPrice = { usd: number; unit: string; source: string; note?: string };

export const PRICES = {
  lambdaGbSecondArm: {
    usd: 0.0000133334,
    unit: 'GB-second (Arm/Graviton; the stack deploys ARM_64)',
    source: 'AWS Lambda Pricing (aws.amazon.com/lambda/pricing), "Duration" table, first 6 billion GB-s',
  },
  lambdaRequest: {
    usd: 0.2 / 1_000_000,
    unit: 'request',
    source: 'AWS Lambda Pricing, "Requests": $0.20 per 1M requests',
  },
  dynamoWriteRequestUnit: {
    usd: 0.625 / 1_000_000,
    unit: 'write request unit (on-demand)',
    source: 'Amazon DynamoDB Pricing for On-Demand Capacity: $0.625 per million WRU (after the Nov 2024 cut)',
  },
  dynamoReadRequestUnit: {
    usd: 0.125 / 1_000_000,
    unit: 'read request unit (on-demand)',
    source: 'Amazon DynamoDB Pricing for On-Demand Capacity: $0.125 per million RRU',
  },
  sesEmail: {
    usd: 0.1 / 1_000,
    unit: 'outbound email',
    source: 'Amazon SES Pricing: $0.10 per 1,000 emails sent (attachments $0.12/GB, not counted)',
  },
  schedulerInvocation: {
    usd: 1.0 / 1_000_000,
    unit: 'scheduled invocation',
    source:
      'Amazon EventBridge Pricing, "EventBridge Scheduler": $1.00 per million invocations after 14M free',
  },
  ssmHybridStandard: {
    usd: 0,
    unit: 'hybrid-activated node-hour (standard-instances tier, at most 1,000 per account and Region)',
    source: 'AWS Systems Manager Pricing, "On-premises instance management": standard tier no charge',
  },
  ssmHybridAdvanced: {
    usd: 0.00695,
    unit: 'hybrid-activated node-hour (advanced-instances tier)',
    source:
      'AWS Systems Manager Pricing, "On-premises instance management": advanced tier $0.00695 per node-hour',
    note: 'Systems Manager user guide, "Configuring instance tiers": more than 1,000 hybrid nodes need the advanced tier',
  },
  ssmRunCommand: {
    usd: 0,
    unit: 'Run Command invocation',
    source: 'AWS Systems Manager Pricing, "Run Command": no additional charge',
  },
  sqsRequest: {
    usd: 0.4 / 1_000_000,
    unit: 'SQS standard request (64 KB chunk)',
    source: 'Amazon SQS Pricing: $0.40 per million requests (standard queue, after 1M free)',
  },
  eventBridgeAwsServiceEvent: {
    usd: 0,
    unit: 'AWS service event on the default bus (SSM status change)',
    source: 'Amazon EventBridge Pricing: state-change events from AWS services are free',
  },
} as const satisfies Record<string, UnitPrice>;

export type PriceName = keyof typeof PRICES;

/** Standard-tier limit of hybrid-activated nodes per account and Region. */
export const SSM_STANDARD_TIER_LIMIT = 1_000;
export const HOURS_PER_MONTH = 730;
