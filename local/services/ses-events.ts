/**
 * SES event publishing, played locally (DESIGN.md rule 4). The local SES server keeps the messages
 * (and shows them in its web UI) but keeps neither headers nor message tags, so a small proxy on
 * loopback stands in front of it: every SendRawEmail passes through, and each one the server
 * accepts is recorded with its tags, recipients and headers — what SES's configuration set would
 * publish as a "Send" event. The local MailTracker (local/ses-events-mail-tracker.ts) reads it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from './ports.ts';

export type SentMailEvent = {
  messageId: string;
  /** Real time of acceptance, epoch ms. */
  at: number;
  tags: Record<string, string>;
  destinations: string[];
  /** The message's own headers, lower-cased names. */
  headers: Record<string, string>;
};

export class SesEventLog {
  readonly sent: SentMailEvent[] = [];

  byTag(name: string, value: string): SentMailEvent | undefined {
    return this.sent.find((e) => e.tags[name] === value);
  }

  clear(): void {
    this.sent.length = 0;
  }
}

export type SesEventsProxy = { endpoint: string; log: SesEventLog; stop(): Promise<void> };

export async function startSesEvents(upstream: string): Promise<SesEventsProxy> {
  const log = new SesEventLog();
  const server: Server = createServer((req, res) => {
    forward(upstream, req, res, log).catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`the local SES server could not be reached: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function forward(upstream: string, req: IncomingMessage, res: ServerResponse, log: SesEventLog) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host' || name === 'content-length' || name === 'connection')
      continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const answer = await fetch(`${upstream}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    ...(body.length ? { body } : {}),
  });
  const text = await answer.text();
  if (answer.ok) record(body.toString('utf8'), text, log);
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
  res.end(text);
}

/** A SendRawEmail the server accepted: its tags, recipients and headers, by its MessageId. */
function record(form: string, answer: string, log: SesEventLog): void {
  const params = new URLSearchParams(form);
  if (params.get('Action') !== 'SendRawEmail') return;
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer)?.[1];
  if (!messageId) return;
  const tags: Record<string, string> = {};
  const destinations: string[] = [];
  for (let i = 1; params.has(`Tags.member.${i}.Name`); i += 1) {
    tags[params.get(`Tags.member.${i}.Name`) as string] = params.get(`Tags.member.${i}.Value`) ?? '';
  }
  for (let i = 1; params.has(`Destinations.member.${i}`); i += 1) {
    destinations.push(params.get(`Destinations.member.${i}`) as string);
  }
  const raw = Buffer.from(params.get('RawMessage.Data') ?? '', 'base64').toString('utf8');
  log.sent.push({ messageId, at: Date.now(), tags, destinations, headers: headersOf(raw) });
}

function headersOf(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}
