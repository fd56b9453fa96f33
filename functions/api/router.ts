/**
 * A small router over API Gateway HTTP API payload 2.0 events: matches the path, authenticates
 * the caller from the authorizer's context only (C12.1), validates with the route's schemas,
 * calls the route and maps any error once to problem+json.
 */
import type { ChannelDeps } from '../application/channels/deps.ts';
import { Temporal } from '../domain/calendar.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { HttpEvent, HttpResult, Principal } from './http-event.ts';
import { HttpProblem, problemResponse, toProblem } from './problem.ts';
import type { AnyRoute, Audience } from './route.ts';

/** Bodies above this size are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The 413 for a body of `size` bytes (its whole size, however much of it was kept). */
export const bodyTooLarge = (size: number): HttpProblem =>
  new HttpProblem(
    413,
    'Payload too large',
    `the body is ${size} bytes; the limit is ${MAX_BODY_BYTES.toLocaleString('en-GB')} bytes (${MAX_BODY_BYTES / 1024} KB)`,
  );
export const CUSTOMER_CLAIM = 'custom:customer_id';

export type RequestLog = (entry: Record<string, unknown>) => void;

type Match = { route: AnyRoute; params: Record<string, string> };

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = got[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (!actual) return undefined;
      params[part.slice(1, -1)] = decodePathSegment(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(
      400,
      'Invalid request',
      `the path segment "${segment}" is not valid percent-encoding`,
    );
  }
}

function findRoute(routes: readonly AnyRoute[], method: string, path: string): Match {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method.toLowerCase()) return { route, params };
  }
  if (pathMatched) throw new HttpProblem(405, 'Method not allowed', `${method} is not supported on ${path}`);
  throw new HttpProblem(404, 'Not found', `no resource at ${path}`);
}

/** C12.1: the customer id comes only from the verified JWT claim, never from the request. */
function principalOf(event: HttpEvent, audience: Audience): Principal {
  const auth = event.requestContext.authorizer;
  if (audience === 'public') return { kind: 'public' };
  if (audience === 'customer') {
    const claims = auth?.jwt?.claims ?? {};
    const customerId = claims[CUSTOMER_CLAIM];
    if (typeof customerId !== 'string' || !customerId) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        `a customer token with the ${CUSTOMER_CLAIM} claim is required`,
      );
    }
    return { kind: 'customer', customerId, subject: String(claims.sub ?? customerId) };
  }
  // The CS console signs with the identity pool's role: the person is the Cognito user (C10.1),
  // named in the authenticated methods as `…:CognitoSignIn:<sub>`.
  const signedIn = auth?.iam?.cognitoIdentity?.amr?.find((m) => m.includes(':CognitoSignIn:'));
  const identity = signedIn
    ? `cognito:${signedIn.slice(signedIn.lastIndexOf(':') + 1)}`
    : (auth?.iam?.userArn ?? auth?.iam?.callerId);
  if (!identity) throw new HttpProblem(401, 'Unauthorized', 'CS routes need a signed request (IAM)');
  return { kind: 'cs', identity };
}

function lowerHeaders(event: HttpEvent): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function readBody(event: HttpEvent, route: AnyRoute, headers: Record<string, string | undefined>): unknown {
  if (!event.body) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw bodyTooLarge(raw.byteLength);
  if (!route.body) return undefined;
  const type = headers['content-type'] ?? 'application/json';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpProblem(415, 'Unsupported media type', 'send the body as application/json');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'Invalid request', 'the body is not valid JSON');
  }
}

/** API Gateway's integration timeout for an HTTP API: the answer must be back by then. */
export const API_TIMEOUT_MS = 29_000;

export function createRouter(routes: readonly AnyRoute[], deps: ChannelDeps, log: RequestLog) {
  return async function route(event: HttpEvent): Promise<HttpResult> {
    const requestId = event.requestContext.requestId;
    const method = event.requestContext.http.method;
    const started = Date.now();
    let status = 500;
    try {
      const { route: r, params } = findRoute(routes, method, event.rawPath);
      const principal = principalOf(event, r.audience);
      const headers = lowerHeaders(event);
      const body = readBody(event, r, headers);
      // DESIGN.md rule 5: this request holds its claims until API Gateway stops waiting for it.
      const holder = {
        id: `api-${requestId}`,
        until: deps.clock.now().add({ milliseconds: API_TIMEOUT_MS }),
      };
      const out = await r.handle(
        {
          params: r.params ? parseOrThrow(r.params, params, 'path') : params,
          query: r.query ? parseOrThrow(r.query, event.queryStringParameters ?? {}, 'query') : {},
          body: r.body ? parseOrThrow(r.body, body ?? {}, 'body') : undefined,
          principal,
          requestId,
          receivedAt: receivedAtOf(event, deps),
          timeLeftMs: () => API_TIMEOUT_MS - (Date.now() - started),
          headers,
        },
        { ...deps, holder },
      );
      status = out.status ?? r.success.status;
      if (out.text) {
        return {
          statusCode: status,
          headers: { 'content-type': out.text.contentType, ...out.headers },
          body: out.text.body,
        };
      }
      return {
        statusCode: status,
        headers: { 'content-type': 'application/json', ...out.headers },
        body: JSON.stringify(out.body),
      };
    } catch (error) {
      const problem = toProblem(error, requestId);
      status = problem.status;
      if (status >= 500)
        log({ level: 'error', requestId, error: error instanceof Error ? error.stack : String(error) });
      return problemResponse(problem);
    } finally {
      log({ level: 'info', requestId, method, path: event.rawPath, status, ms: Date.now() - started });
    }
  };
}

/** C11.3: deadlines are judged on the API's own request time, not on anything the caller sends. */
function receivedAtOf(event: HttpEvent, deps: ChannelDeps) {
  const epoch = event.requestContext.timeEpoch;
  return typeof epoch === 'number' ? Temporal.Instant.fromEpochMilliseconds(epoch) : deps.clock.now();
}
