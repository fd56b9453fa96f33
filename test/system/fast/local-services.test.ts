import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { FaultyMailer } from '../../../local/faulty-mailer.ts';
import { startDynamoDbLocal } from '../../../local/services/dynamodb-local.ts';
import { assertJava17, JavaMissingError, parseJavaMajor } from '../../../local/services/java.ts';
import { PortInUseError } from '../../../local/services/ports.ts';
import { runningChildren } from '../../../local/services/processes.ts';
import { SesLocalStore, startSesLocal } from '../../../local/services/ses-local.ts';
import { VirtualClock } from '../../../local/virtual-clock.ts';
import { isLoopback, listenersOn } from '../support/listeners.ts';

const hold = (host: string): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, host, () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('local services', () => {
  const held: Server[] = [];
  afterEach(() => {
    for (const s of held.splice(0)) s.close();
  });

  it('starts the local SES on loopback, reads its store back, and stops its process', async () => {
    const ses = await startSesLocal();
    try {
      expect(ses.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listenersOn(ses.port).filter((a) => !isLoopback(a))).toEqual([]);
      const store = new SesLocalStore(ses.endpoint);
      expect(await store.list()).toEqual([]);
      await store.clear();
    } finally {
      await ses.stop();
    }
    expect(runningChildren()).toBe(0);
  });

  it('starts DynamoDB Local on loopback only, though its jar has no bind option', async () => {
    const dynamo = await startDynamoDbLocal();
    try {
      expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(dynamo.listensOn).toBe('127.0.0.1');
      const listeners = listenersOn(dynamo.port);
      expect(listeners.length).toBeGreaterThan(0);
      expect(listeners.filter((a) => !isLoopback(a))).toEqual([]);
    } finally {
      await dynamo.stop();
    }
    expect(listenersOn(dynamo.port)).toEqual([]);
  });

  it('keeps the table on disk with dbPath (simulate --dynamodb-on-disk): a restart on the same directory finds the item', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ddb-disk-'));
    const dbPath = join(root, 'dynamodb-local'); // created by the start, as simulate's is
    const clientOf = (endpoint: string) =>
      new DynamoDBClient({
        endpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
    try {
      const first = await startDynamoDbLocal({ dbPath });
      try {
        const db = clientOf(first.endpoint);
        await db.send(
          new CreateTableCommand({
            TableName: 'disk',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
        await db.send(new PutItemCommand({ TableName: 'disk', Item: { pk: { S: 'kept' } } }));
        db.destroy();
      } finally {
        await first.stop();
      }
      expect(readdirSync(dbPath).some((f) => f.endsWith('.db'))).toBe(true);
      const second = await startDynamoDbLocal({ dbPath });
      try {
        const db = clientOf(second.endpoint);
        const got = await db.send(new GetItemCommand({ TableName: 'disk', Key: { pk: { S: 'kept' } } }));
        expect(got.Item?.pk?.S).toBe('kept');
        db.destroy();
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says which port is in use and which option changes it', async () => {
    const server = await hold('127.0.0.1');
    held.push(server);
    const port = portOf(server);
    await expect(startSesLocal({ port })).rejects.toThrow(PortInUseError);
    await expect(startSesLocal({ port })).rejects.toThrow(`port ${port} is already in use`);
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(/--dynamodb-port/);
  });

  it('explains a missing or old Java instead of failing to spawn', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(() => assertJava17('/nonexistent/bin/java')).toThrow(JavaMissingError);
    expect(() => assertJava17('/nonexistent/bin/java')).toThrow(
      /needs Java 17 or later.*Install a Java 17\+ JDK.*openjdk-17-jdk-headless/s,
    );
  });
});

describe('virtual clock and mail faults', () => {
  it('moves forward only', () => {
    const clock = new VirtualClock(toInstant('2026-11-23T00:00:00Z'));
    clock.set(toInstant('2026-11-23T12:00:00Z'));
    expect(() => clock.set(toInstant('2026-11-23T11:00:00Z'))).toThrow(RangeError);
    expect(clock.moveTo(toInstant('2026-11-23T11:00:00Z')).toString()).toBe('2026-11-23T12:00:00Z');
    expect(clock.advance(60_000).toString()).toBe('2026-11-23T12:01:00Z');
  });

  it('C3.5 fails sending inside a throttle or reject window, and sends through outside them', async () => {
    const clock = new VirtualClock(toInstant('2026-11-23T11:00:00Z'));
    const sent: string[] = [];
    const inner = {
      send: async (m: { to: string[] }) => {
        sent.push(m.to[0] ?? '');
        return { messageId: 'm-1' };
      },
    };
    const mailer = new FaultyMailer(inner, clock, [
      { mode: 'throttle', from: toInstant('2026-11-23T11:30:00Z'), to: toInstant('2026-11-23T12:30:00Z') },
      { mode: 'reject', from: toInstant('2026-11-24T11:30:00Z'), to: toInstant('2026-11-24T12:30:00Z') },
    ]);
    const mail = {
      from: 'a@b.example',
      to: ['c@d.example'],
      subject: 'x',
      text: 'x',
      date: new Date('2026-11-23T11:00:00Z'),
      headers: {},
    };
    await expect(mailer.send(mail)).resolves.toEqual({ messageId: 'm-1' });
    clock.set(toInstant('2026-11-23T12:00:00Z'));
    await expect(mailer.send(mail)).rejects.toMatchObject({ name: 'MailUnavailableError', retryable: true });
    clock.set(toInstant('2026-11-24T12:00:00Z'));
    await expect(mailer.send(mail)).rejects.toMatchObject({ name: 'MailRejectedError', retryable: false });
    expect(sent).toEqual(['c@d.example']);
  });
});
