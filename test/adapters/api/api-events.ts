/** API Gateway HTTP API (payload 2.0) events as the JWT and IAM authorizers deliver them. */
import { randomUUID } from 'node:crypto';
import type { HttpEvent, HttpResult } from '../../../functions/api/http-event.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../../../functions/api/route-tables.ts';
import { createRouter } from '../../../functions/api/router.ts';
import type { ChannelDeps } from '../../../functions/application/channels/deps.ts';

export type Call = {
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  at?: string;
};

export type Auth = { customerId: string } | { cs: string } | 'none';

export function httpEvent(method: string, path: string, auth: Auth, call: Call = {}): HttpEvent {
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const authorizer =
    auth === 'none'
      ? undefined
      : 'customerId' in auth
        ? {
            jwt: {
              claims: { sub: `user@${auth.customerId}`, 'custom:customer_id': auth.customerId },
              scopes: null,
            },
          }
        : { iam: { userArn: auth.cs } };
  return {
    rawPath: path,
    headers: { 'content-type': 'application/json', ...call.headers },
    ...(call.query ? { queryStringParameters: call.query } : {}),
    ...(body !== undefined ? { body } : {}),
    requestContext: {
      requestId: randomUUID(),
      ...(call.at ? { timeEpoch: Date.parse(call.at) } : {}),
      http: { method, path },
      ...(authorizer ? { authorizer } : {}),
    },
  };
}

export type Answer = {
  status: number;
  type: string | undefined;
  json: Record<string, unknown> & { [k: string]: unknown };
};

export function apiOf(deps: () => ChannelDeps) {
  const logs: Record<string, unknown>[] = [];
  const send = async (method: string, path: string, auth: Auth, call?: Call): Promise<Answer> => {
    const d = deps();
    const route = createRouter([...CUSTOMER_API_ROUTES, ...CS_API_ROUTES], d, (e) => logs.push(e));
    const out: HttpResult = await route(httpEvent(method, path, auth, call));
    return { status: out.statusCode, type: out.headers['content-type'], json: JSON.parse(out.body) };
  };
  return { send, logs };
}
