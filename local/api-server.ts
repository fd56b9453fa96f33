/**
 * The HTTP API locally: a node:http server on the loopback that turns each request into the API
 * Gateway HTTP API (payload 2.0) event and runs the same router as the Lambda functions.
 * - /v1/cs/* → the CS routes; the `x-cs-key` header stands in for IAM (local-auth.ts), and the
 *   optional `x-cs-user` header names the CS identity recorded as actor.
 * - everything else → the customer routes; `Authorization: Bearer <token>` with a token from
 *   `patchctl token <customerId>` stands in for the Cognito JWT authorizer. Tokens are checked on
 *   the local system's clock (virtual under npm start), which GET /local/clock tells.
 *
 * Standalone: TABLE_NAME, ALERT_TOPIC_ARN, SENDER_ADDRESS, REPLY_DOMAIN, SES_CONFIGURATION_SET (any
 * name: the local SES ignores it) and AWS_ENDPOINT_URL_* pointing at local services, then
 * `npx tsx local/api-server.ts [--port 3000]`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { channelDepsFromEnv } from '../functions/api/channel-deps.ts';
import type { HttpEvent, HttpResult } from '../functions/api/http-event.ts';
import { logRequest } from '../functions/api/http-handler.ts';
import { HttpProblem, problemResponse, toProblem } from '../functions/api/problem.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../functions/api/route-tables.ts';
import { bodyTooLarge, createRouter, MAX_BODY_BYTES, type RequestLog } from '../functions/api/router.ts';
import type { ChannelDeps } from '../functions/application/channels/deps.ts';
import { listCustomers } from '../functions/application/channels/onboarding.ts';
import { toIso } from '../functions/domain/calendar.ts';
import {
  checkCustomerToken,
  csKeyMatches,
  LOCAL_CLOCK_PATH,
  localCsKey,
  localJwtSecret,
  signCustomerToken,
} from './local-auth.ts';
import { webAsset } from './web-assets.ts';

/** Local sign-in of the portal (local only, never deployed): the demo customers, and a token for one. */
export const LOCAL_CUSTOMERS_PATH = '/local/customers';
export const LOCAL_SIGN_IN_PATH = '/local/sign-in';
const PORTAL_TOKEN_SECONDS = 30 * 86_400;

const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export type ApiServerOptions = {
  deps: ChannelDeps;
  port?: number;
  jwtSecret?: string;
  csKey?: string;
  log?: RequestLog;
};

export type RunningApiServer = { url: string; server: Server; close(): Promise<void> };

/**
 * Keeps at most `limit` bytes and drains the rest; a larger body is refused with its whole size
 * counted (the router only ever sees what was kept).
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    if (size <= limit) chunks.push(buf.subarray(0, limit + 1 - size));
    size += buf.byteLength;
  }
  if (size > limit) throw bodyTooLarge(size);
  return Buffer.concat(chunks);
}

export function toHttpEvent(
  req: IncomingMessage,
  body: Buffer,
  authorizer: HttpEvent['requestContext']['authorizer'],
  timeEpoch: number,
): HttpEvent {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  return {
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(body.byteLength ? { body: body.toString('base64'), isBase64Encoded: true } : {}),
    requestContext: {
      requestId: randomUUID(),
      timeEpoch,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        sourceIp: req.socket?.remoteAddress ?? '127.0.0.1',
      },
      ...(authorizer ? { authorizer } : {}),
    },
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const log = options.log ?? logRequest;
  const customer = createRouter(CUSTOMER_API_ROUTES, options.deps, log);
  const cs = createRouter(CS_API_ROUTES, options.deps, log);
  const secret = options.jwtSecret ?? localJwtSecret();
  const key = options.csKey ?? localCsKey();

  const answer = async (req: IncomingMessage): Promise<HttpResult> => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const body = await readBody(req, MAX_BODY_BYTES);
    const now = options.deps.clock.now();
    if (path.startsWith('/v1/cs/')) {
      const given = req.headers['x-cs-key'];
      if (given !== undefined && !csKeyMatches(String(given), key)) {
        throw new HttpProblem(403, 'Forbidden', 'the x-cs-key header does not match the local CS key');
      }
      const user = String(req.headers['x-cs-user'] ?? 'local-cs');
      const authorizer = given ? { iam: { userArn: `local:cs:${user}` } } : undefined;
      return cs(toHttpEvent(req, body, authorizer, now.epochMilliseconds));
    }
    if (req.method === 'GET') {
      const asset = webAsset(path);
      if (asset) return asset;
    }
    if (req.method === 'GET' && path === LOCAL_CUSTOMERS_PATH) {
      // The demo customers to sign in as: the local system holds a handful, read page by page.
      const customers: { id: string; name: string }[] = [];
      let next: string | undefined;
      do {
        const page = await listCustomers(options.deps, { limit: 1000, ...(next ? { next } : {}) });
        customers.push(...page.items.map((c) => ({ id: c.id, name: c.name })));
        next = page.next;
      } while (next);
      return json(200, { customers });
    }
    if (req.method === 'POST' && path === LOCAL_SIGN_IN_PATH) {
      // Any demo customer: the local stand-in for the Cognito sign-in (C12.1: the token names it).
      let customerId = '';
      try {
        customerId = String((JSON.parse(body.toString('utf8')) as { customerId?: unknown }).customerId ?? '');
      } catch {
        throw new HttpProblem(400, 'Invalid request', 'send {"customerId": "…"}');
      }
      const known = await options.deps.store.directory.getCustomer(customerId);
      if (!known) throw new HttpProblem(404, 'Not found', `no customer ${customerId}`);
      const token = signCustomerToken(customerId, {
        secret,
        nowSeconds: Math.floor(now.epochMilliseconds / 1000),
        ttlSeconds: PORTAL_TOKEN_SECONDS,
        subject: `portal@${customerId}`,
      });
      return json(200, { token });
    }
    if (req.method === 'GET' && path === LOCAL_CLOCK_PATH) {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now: toIso(now) }),
      };
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    let authorizer: HttpEvent['requestContext']['authorizer'];
    if (bearer) {
      // As the deployed JWT authorizer: a token that is given but not valid is refused here,
      // saying why (an expired one says when), on the local system's own (virtual) clock.
      const check = checkCustomerToken(bearer, {
        secret,
        nowSeconds: Math.floor(now.epochMilliseconds / 1000),
      });
      if (!check.ok) {
        throw new HttpProblem(
          401,
          'Unauthorized',
          `${check.reason}. A new one: npx patchctl token <customerId>`,
          {
            ...(check.expiredAt ? { expiredAt: check.expiredAt } : {}),
          },
        );
      }
      authorizer = { jwt: { claims: { ...check.claims } } };
    }
    return customer(toHttpEvent(req, body, authorizer, now.epochMilliseconds));
  };

  const server = createServer((req, res) => {
    answer(req)
      .catch((error) => problemResponse(toProblem(error, 'local')))
      .then((out) => {
        res.writeHead(out.statusCode, out.headers);
        res.end(out.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 3000;
  const running = await startApiServer({ deps: channelDepsFromEnv(), port });
  console.log(`patch-promise API on ${running.url} (CS key: x-cs-key; customer token: patchctl token <id>)`);
}
