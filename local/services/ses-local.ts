/**
 * The local SES server (`aws-ses-v2-local`): accepts SES v2 SendEmail (the service sends Simple
 * content: subject, bodies, headers, attachments) as well as v1 SendEmail/SendRawEmail, keeps every message
 * in memory and shows them in its web UI. Started on loopback as a child process; this module also
 * reads its store back (the timeline's mail evidence) and clears it. Only on loopback.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LocalService } from './dynamodb-local.ts';
import { choosePort, LOOPBACK } from './ports.ts';
import { captureOutput, stopChild, track, waitUntilReady } from './processes.ts';

/** One message as the local SES store returns it (`GET /store`). */
export type StoredEmail = {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** `content` is base64. */
  attachments: { filename?: string; contentType?: string; contentDisposition?: string; content: string }[];
  /** The custom headers of a Simple-content message (SES v2 `Content.Simple.Headers`). */
  headers?: { name: string; value: string }[];
  /** Real receipt time, epoch seconds (not the virtual clock). */
  at: number;
};

const EXIT_WITH_PARENT = new URL('./exit-with-parent.mjs', import.meta.url).href;

const cliPath = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('aws-ses-v2-local/package.json')), 'dist', 'cli.js');
};

export async function startSesLocal(options: { port?: number } = {}): Promise<LocalService> {
  const port = await choosePort('the local SES server', options.port, '--ses-port');
  // exit-with-parent.mjs: the server exits when this process goes, even killed with SIGKILL.
  const child = track(
    spawn(
      process.execPath,
      ['--import', EXIT_WITH_PARENT, cliPath(), '--host', LOOPBACK, '--port', String(port)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    ),
  );
  child.stdin?.on('error', () => {});
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const output = captureOutput(child);
  const endpoint = `http://${LOOPBACK}:${port}`;
  const probe = async () =>
    (await fetch(`${endpoint}/health-check`, { signal: AbortSignal.timeout(1000) })).ok;
  await waitUntilReady('the local SES server', child, probe, output);
  return { name: 'local SES', endpoint, port, pid: child.pid, stop: () => stopChild(child) };
}

/** Reads the local SES store back. */
export class SesLocalStore {
  constructor(readonly endpoint: string) {}

  async list(sinceEpochSeconds?: number): Promise<StoredEmail[]> {
    const query = sinceEpochSeconds === undefined ? '' : `?since=${Math.floor(sinceEpochSeconds)}`;
    const res = await fetch(`${this.endpoint}/store${query}`);
    if (!res.ok) throw new Error(`local SES store answered ${res.status}`);
    const body = (await res.json()) as { emails: StoredEmail[] };
    return body.emails;
  }

  /** The raw MIME message (`GET /get-emlContent`). */
  async raw(messageId: string): Promise<string> {
    const res = await fetch(`${this.endpoint}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
    if (!res.ok) throw new Error(`local SES store has no message ${messageId}`);
    return res.text();
  }

  async clear(): Promise<void> {
    const res = await fetch(`${this.endpoint}/clear-store`, { method: 'POST' });
    if (!res.ok) throw new Error(`local SES store could not be cleared (${res.status})`);
  }
}
