/**
 * The scheduled and invoked handlers as Lambda runs them: env read at import, real SDK clients from
 * the composition root (DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB; SES, SNS, SSM mocked at
 * the wire), middy + Powertools logging, typed errors mapped without a stack.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListCommandInvocationsCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { MissingEnvError, readEnv } from '../../../functions/runtime/env.ts';
import { createTestTable, type TestTable } from '../../support/dynamo.ts';
import { seed } from '../../support/seed.ts';
import { customer, release, server, serverId } from './harness.ts';

const context = {
  awsRequestId: 'req-1',
  functionName: 'notice',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:1:function:notice',
  getRemainingTimeInMillis: () => 300_000,
} as Context;

let table: TestTable;
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);

beforeAll(async () => {
  table = await createTestTable();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    TABLE_NAME: table.tableName,
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-2:111122223333:cs-alerts',
    SENDER_ADDRESS: 'patches@provider.example',
    REPLY_DOMAIN: 'reply.provider.example',
    SES_CONFIGURATION_SET: 'patch-promise-sending',
    CONTRACT_CONFIG: '{}',
    PATCH_DOCUMENT_NAME: 'PatchServer',
    BACKUP_DOCUMENT_NAME: 'BackupImage',
    POWERTOOLS_SERVICE_NAME: 'patch-promise-test',
  });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});
afterAll(async () => {
  ses.restore();
  sns.restore();
  await table.drop();
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
});

/** What the handler logged (Powertools writes JSON lines to stdout, errors to stderr). */
async function logsOf<T>(work: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const out = vi.spyOn(process.stdout, 'write');
  const err = vi.spyOn(process.stderr, 'write');
  try {
    const result = await work();
    const lines = [...out.mock.calls, ...err.mock.calls]
      .map((c) => String(c[0]))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { result, lines };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('handlers', () => {
  it("C11.2 the notice handler works on the schedule's own time and logs a replay as a duplicate delivery", async () => {
    const a = serverId();
    await seed(table.ctx, {
      customers: [customer({ id: 'acme' })],
      servers: [server({ id: a, customerId: 'acme' })],
    });
    const { handler: urgent } = await import('../../../functions/handlers/urgent-patch/handler.ts');
    await urgent(
      {
        release: { id: 'urg-h', platform: 'hyperstack', version: '1.1.1', title: 'Fix' },
        targets: 'all',
        validatedBy: 'cs.lead',
      },
      context,
    );
    const { handler } = await import('../../../functions/handlers/notice/handler.ts');
    // The system clock says 2026 or later; the input's scheduledTime decides what is due.
    const event = { run: 'notice', scheduledTime: '2099-01-01T12:00:00Z', timeZone: 'Europe/London' };
    const first = await logsOf(() => handler(event, context));
    const replay = await logsOf(() => handler(event, context));

    expect(first.result).toMatchObject({
      duplicate: false,
      runKey: 'run:notice:Europe/London:2099-01-01T12:00:00.000Z',
    });
    expect(replay.result).toMatchObject({ duplicate: true });
    expect(replay.lines).toEqual([
      expect.objectContaining({ message: 'duplicate delivery, nothing to do', function_request_id: 'req-1' }),
    ]);
  });

  it('C11.2 a batch from the shard queue answers SQS with the failed shards only, and logs why', async () => {
    const { handler } = await import('../../../functions/handlers/notice-shard/handler.ts');
    const shard = {
      run: 'notice',
      timeZone: 'Europe/London',
      scheduledTime: '2099-01-02T12:00:00Z',
      index: 0,
      count: 2,
      customerIds: ['acme'],
    };
    const record = (messageId: string, body: string) => ({ messageId, body, eventSource: 'aws:sqs' });
    const { result, lines } = await logsOf(() =>
      handler(
        {
          Records: [
            record('good', JSON.stringify(shard)),
            record('bad', JSON.stringify({ ...shard, count: 0 })),
          ],
        },
        context,
      ),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: 'run complete',
          summary: expect.objectContaining({
            runKey: 'run:notice:Europe/London:2099-01-02T12:00:00.000Z#shard-1-of-2',
          }),
        }),
        expect.objectContaining({
          level: 'ERROR',
          message: 'shard failed; SQS delivers it again',
          messageId: 'bad',
        }),
      ]),
    );
  });

  it('STYLE-4 a bad input is refused naming the field, without a stack trace to the caller', async () => {
    const { handler } = await import('../../../functions/handlers/notice/handler.ts');
    const error = await handler(
      { run: 'notice', scheduledTime: 'yesterday', timeZone: 'Mars/Base' },
      context,
    ).catch((e) => e);
    expect(error).toMatchObject({ name: 'PublicError', kind: 'validation' });
    expect(error.message).toMatch(/scheduledTime/);
    expect(error.message).toMatch(/timeZone/);
    expect(error.stack).toBeUndefined();
  });

  it('C5.1 the urgent-patch handler refuses targets that are not managed-instance ids', async () => {
    const { handler } = await import('../../../functions/handlers/urgent-patch/handler.ts');
    const bad = { release: release({ id: 'urg-x' }), targets: ['web-01'], validatedBy: 'cs.lead' };
    await expect(handler(bad, context)).rejects.toThrow(
      /targets\.0: must be an SSM hybrid managed instance id/,
    );
  });

  it('STYLE-4 an unexpected failure reaches the caller as "internal error" with the request id, internals only in the log', async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(ListCommandInvocationsCommand).rejects(new Error('secret internals'));
    try {
      const { handler } = await import('../../../functions/handlers/apply-result/handler.ts');
      const event = {
        detail: {
          'command-id': 'cmd-1',
          'instance-id': serverId(),
          'document-name': 'PatchServer',
          status: 'Failed',
        },
      };
      const { result: error, lines } = await logsOf(() => handler(event, context).catch((e: Error) => e));
      expect(error).toMatchObject({ name: 'PublicError', message: 'internal error (request req-1)' });
      expect((error as Error).stack).toBeUndefined();
      expect(lines).toEqual([
        expect.objectContaining({ level: 'ERROR', message: 'request failed', kind: 'internal' }),
      ]);
    } finally {
      ssm.restore();
    }
  });
});

describe('readEnv', () => {
  it('fails fast naming every missing or malformed variable', () => {
    expect(() => readEnv(['TABLE_NAME', 'SENDER_ADDRESS'], { SENDER_ADDRESS: 'not-an-address' })).toThrow(
      MissingEnvError,
    );
    expect(() => readEnv(['TABLE_NAME', 'SENDER_ADDRESS'], { SENDER_ADDRESS: 'not-an-address' })).toThrow(
      /TABLE_NAME is missing; SENDER_ADDRESS must be an email address/,
    );
    expect(readEnv(['TABLE_NAME'], { TABLE_NAME: 'patches' })).toEqual({ TABLE_NAME: 'patches' });
  });
});
