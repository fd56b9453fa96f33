/**
 * The Lambda entry of an HTTP API function: the router over its routes, the runtime's logger with
 * the request id on every line, and a last-resort 500 problem that never carries internals.
 */
import type { Context } from 'aws-lambda';
import type { ChannelDeps } from '../application/channels/deps.ts';
import { logger, withRuntime } from '../runtime/middleware.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { problemResponse, toProblem } from './problem.ts';
import type { AnyRoute } from './route.ts';
import { createRouter, type RequestLog } from './router.ts';

export const logRequest: RequestLog = ({ level, ...entry }) => {
  if (level === 'error') logger.error('request failed', entry);
  else logger.info('request', entry);
};

export function httpHandler(routes: readonly AnyRoute[], deps: () => ChannelDeps) {
  let route: ((event: HttpEvent) => Promise<HttpResult>) | undefined;
  return withRuntime<HttpEvent, HttpResult>(
    async (event: HttpEvent, _context: Context) => {
      route ??= createRouter(routes, deps(), logRequest);
      return route(event);
    },
    { mapError: (error) => problemResponse(toProblem(error, 'unknown')) },
  );
}
