/**
 * The calendar feed (no authorizer: calendar programs cannot sign in). The secret in the path is
 * the only credential; its use case finds the customer by the secret's hash (C12.1), and an unknown
 * or revoked secret answers 404 like any missing record.
 */
import * as z from 'zod/mini';
import { calendarFeed } from '../application/channels/calendar-feed.ts';
import * as P from './portal-schemas.ts';
import { type AnyRoute, defineRoute } from './route.ts';

export const feedRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/v1/feeds/{secret}/calendar.ics',
    audience: 'public',
    operationId: 'getCalendarFeed',
    summary: 'A customer calendar subscription: every window with changes planned, read-only (iCalendar)',
    params: P.FeedParam,
    success: {
      status: 200,
      description: 'the iCalendar document',
      schema: P.FeedParam.shape.secret.check(z.describe('text/calendar')),
      contentType: 'text/calendar',
    },
    problems: [404],
    handle: async (req, deps) => ({
      body: undefined,
      headers: { 'cache-control': 'private, max-age=300' },
      text: {
        contentType: 'text/calendar; charset=utf-8',
        body: await calendarFeed(deps, req.params.secret),
      },
    }),
  }),
];
