import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { TABLE_DEFINITION } from '../../../functions/adapters/dynamodb/table-definition.ts';
import { assertJava17 } from '../../../local/services/java.ts';
import { localDynamoClient, useTestStore } from '../../support/dynamo.ts';

describe('test support: DynamoDB Local and per-file tables', () => {
  const t = useTestStore();

  it('provides the endpoint of a running DynamoDB Local on loopback', async () => {
    expect(inject('dynamoEndpoint')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = localDynamoClient();
    await expect(client.send(new ListTablesCommand({}))).resolves.toBeDefined();
    client.destroy();
  });

  it('creates each file its own table from the shared definition, with TTL', async () => {
    expect(t.tableName).toMatch(/^test-[0-9a-f-]{36}$/);
    const { Table } = await t.client.send(new DescribeTableCommand({ TableName: t.tableName }));
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName).sort(),
    );
  });

  it('explains how to install Java when it is missing', () => {
    expect(() => assertJava17('java-that-is-not-installed')).toThrow(
      /Java 17.*apt-get install openjdk-17-jdk-headless/s,
    );
    expect(() => assertJava17()).not.toThrow();
  });
});
