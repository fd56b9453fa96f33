/**
 * A local SES (aws-ses-v2-local) for tests that send through the real SES client: started on a
 * free loopback port, read back through its HTTP store, stopped by its own process id.
 *
 *   const ses = await startSesLocal();
 *   const client = ses.client();            // a real SESClient pointed at it
 *   const emails = await ses.emails();      // what it received
 *   await ses.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';

export type LocalEmail = {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
};

export type SesLocal = {
  endpoint: string;
  client(): SESClient;
  emails(sinceEpochSeconds?: number): Promise<LocalEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`aws-ses-v2-local exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/health-check`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`aws-ses-v2-local did not answer at ${endpoint} within ${timeoutMs} ms`);
}

export async function startSesLocal(timeoutMs = 15_000): Promise<SesLocal> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const cli = join(process.cwd(), 'node_modules', 'aws-ses-v2-local', 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitHealthy(endpoint, child, timeoutMs);
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    endpoint,
    client: () =>
      new SESClient({
        endpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      }),
    async emails(since) {
      const res = await fetch(`${endpoint}/store${since === undefined ? '' : `?since=${since}`}`);
      const body = (await res.json()) as { emails: LocalEmail[] };
      return body.emails;
    },
    async clear() {
      await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
