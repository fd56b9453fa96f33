/**
 * The one table's definition as plain data: the CDK stack (lib/) and the local/test setup both
 * build the table from this object, so they cannot drift. See table-design.ts for why each key
 * and index exists. Types are the DynamoDB wire names ('S', 'ALL', 'PAY_PER_REQUEST'), which equal
 * the values of CDK's `AttributeType.STRING`, `ProjectionType.ALL` and `Billing.onDemand()`.
 */
import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';

export type KeyAttribute = { readonly name: string; readonly type: 'S' };
export type IndexDefinition = {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: 'ALL';
};

export const INDEX = { byParent: 'gsi1', byOwner: 'gsi2', agenda: 'agenda', listing: 'gsi3' } as const;

export const TABLE_DEFINITION = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  /** Epoch seconds; only reply tokens carry it (C12.2). */
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    {
      indexName: INDEX.byParent,
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: INDEX.byOwner,
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: INDEX.agenda,
      partitionKey: { name: 'agendaPk', type: 'S' },
      sortKey: { name: 'agendaSk', type: 'S' },
      projection: 'ALL',
    },
    // Read side (issue 16): the API's list pages, by customer and time (table-design.ts).
    {
      indexName: INDEX.listing,
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
      projection: 'ALL',
    },
  ],
} as const satisfies {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  billingMode: 'PAY_PER_REQUEST';
  timeToLiveAttribute: string;
  globalSecondaryIndexes: readonly IndexDefinition[];
};

/** The CreateTable input for `tableName` (on-demand, every GSI projecting ALL). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const def = TABLE_DEFINITION;
  const keys: KeyAttribute[] = [
    def.partitionKey,
    def.sortKey,
    ...def.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: def.billingMode,
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: g.projection },
    })),
  };
}

/** TTL is not part of CreateTable: the local setup sends this right after creating the table. */
export function timeToLiveInput(tableName: string): UpdateTimeToLiveCommandInput {
  return {
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
  };
}
