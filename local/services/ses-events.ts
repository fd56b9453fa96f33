/**
 * SES event publishing, played locally (DESIGN.md rule 4). The local SES server keeps the messages
 * (and shows them in its web UI) but keeps neither headers nor message tags, so a small proxy on
 * loopback stands in front of it: every request passes through, and each SES v2 SendEmail
 * (`POST /v2/email/outbound-emails`, REST JSON) the server accepts is recorded with its tags,
 * recipients and headers — what SES's configuration set would publish as a "Send" event. The local MailTracker (local/ses-events-mail-tracker.ts) reads it.
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
  /** The message's headers, lower-cased names: From, To, Reply-To, Subject and the custom headers. */
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
  if (answer.ok && req.method === 'POST' && (req.url ?? '').split('?')[0] === SEND_EMAIL_PATH) {
    record(body.toString('utf8'), text, log);
  }
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
  res.end(text);
}

/** SES v2 SendEmail, as the SDK's REST JSON protocol sends it. */
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

type SendEmailBody = {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  ReplyToAddresses?: string[];
  Content?: { Simple?: { Subject?: { Data?: string }; Headers?: { Name: string; Value: string }[] } };
  EmailTags?: { Name: string; Value: string }[];
};

/** A SendEmail the server accepted: its tags, recipients and headers, by its MessageId. */
function record(json: string, answer: string, log: SesEventLog): void {
  let request: SendEmailBody;
  let messageId: string | undefined;
  try {
    request = JSON.parse(json) as SendEmailBody;
    messageId = (JSON.parse(answer) as { MessageId?: string }).MessageId;
  } catch {
    return;
  }
  if (!messageId) return;
  const tags = Object.fromEntries((request.EmailTags ?? []).map((t) => [t.Name, t.Value]));
  const destinations = request.Destination?.ToAddresses ?? [];
  const simple = request.Content?.Simple;
  const headers: Record<string, string> = {
    ...(request.FromEmailAddress ? { from: request.FromEmailAddress } : {}),
    ...(destinations.length ? { to: destinations.join(', ') } : {}),
    ...(request.ReplyToAddresses?.length ? { 'reply-to': request.ReplyToAddresses.join(', ') } : {}),
    ...(simple?.Subject?.Data !== undefined ? { subject: simple.Subject.Data } : {}),
  };
  for (const h of simple?.Headers ?? []) headers[h.Name.toLowerCase()] = h.Value;
  log.sent.push({ messageId, at: Date.now(), tags, destinations, headers });
}
