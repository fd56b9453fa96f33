/**
 * Customer routes the portal reads besides the customer API's lists (JWT authorizer; the customer
 * id comes only from the token, C12.1): the home page's overview, a change's postponement choices,
 * the history, a notice as sent, the calendar feed's secret, and the compliance report (C10.2).
 * Asking to move a change stays `POST /v1/changes/{id}/postponements` (customer-routes.ts).
 */
import {
  calendarFeedStatus,
  feedPathOf,
  issueCalendarFeed,
  revokeCalendarFeed,
} from '../application/channels/calendar-feed.ts';
import { complianceReport } from '../application/channels/compliance-report.ts';
import { customerHistory, noticeAsSent } from '../application/channels/portal-history.ts';
import { customerOverview, postponementChoices } from '../application/channels/portal-overview.ts';
import { RISK_STATEMENT } from '../application/channels/risk-statement.ts';
import { PERIOD_REFUSAL, periodOf } from './period.ts';
import * as P from './portal-schemas.ts';
import { customerIdOf } from './principal.ts';
import { type AnyRoute, defineRoute, type RouteRequest } from './route.ts';
import * as S from './schemas.ts';

/** Who acts for the customer: the token's subject (the user), else the customer. */
const actorOf = (req: RouteRequest<unknown, unknown, unknown>): string =>
  req.principal.kind === 'customer' ? `api:${req.principal.subject}` : 'api';

/** The API's own address as the caller reached it (API Gateway sets x-forwarded-proto). */
function baseUrlOf(req: RouteRequest<unknown, unknown, unknown>): string {
  const host = req.headers.host ?? 'localhost';
  const proto = (req.headers['x-forwarded-proto'] ?? 'http').split(',')[0]?.trim() || 'http';
  return `${proto}://${host}`;
}

export const portalRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/v1/overview',
    audience: 'customer',
    operationId: 'getMyOverview',
    summary: 'Your windows ahead with their changes and deadlines, repeats after failures, stopped servers',
    success: {
      status: 200,
      description: 'the overview, every time also in your zone',
      schema: P.CustomerOverview,
    },
    problems: [404],
    handle: async (req, deps) => ({ body: await customerOverview(deps, customerIdOf(req.principal)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/changes/{id}/postponement-options',
    audience: 'customer',
    operationId: 'getMyPostponementOptions',
    summary:
      'Before asking to move a change: the deadline, the dates you may name and what each would get (C4.2, C4.4, C5.4)',
    description:
      'Each option carries the decision the service would make if asked now with the risks accepted; ' +
      'the request itself is POST /v1/changes/{id}/postponements.',
    params: S.IdParam,
    success: { status: 200, description: 'the choices', schema: P.PostponementChoices },
    problems: [404],
    handle: async (req, deps) => ({
      body: await postponementChoices(deps, customerIdOf(req.principal), req.params.id, RISK_STATEMENT),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/history',
    audience: 'customer',
    operationId: 'getMyHistory',
    summary: 'What happened to your records in a period, oldest first (C10.1)',
    query: P.HistoryQuery,
    success: { status: 200, description: 'a page of the audit trail', schema: P.HistoryPage },
    problems: [404],
    refusals: [PERIOD_REFUSAL],
    handle: async (req, deps) => ({
      body: await customerHistory(
        deps,
        customerIdOf(req.principal),
        periodOf(req.query, { now: req.receivedAt, defaultDays: 90 }),
        { limit: req.query.limit, next: req.query.next },
      ),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/notices/{id}',
    audience: 'customer',
    operationId: 'getMyNotice',
    summary: 'A notice as your contacts received it',
    params: S.IdParam,
    success: {
      status: 200,
      description: 'the notice, composed again from its record',
      schema: P.NoticeAsSent,
    },
    problems: [404],
    handle: async (req, deps) => ({
      body: await noticeAsSent(deps, customerIdOf(req.principal), req.params.id),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/calendar-feed',
    audience: 'customer',
    operationId: 'getMyCalendarFeed',
    summary: 'Whether your calendar subscription is active (its address is shown only when made)',
    success: { status: 200, description: 'the feed status', schema: P.FeedStatus },
    problems: [404],
    handle: async (req, deps) => ({ body: await calendarFeedStatus(deps, customerIdOf(req.principal)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/calendar-feed',
    audience: 'customer',
    operationId: 'createMyCalendarFeed',
    summary: 'A new calendar subscription address (webcal); any earlier one stops working',
    success: { status: 201, description: 'the new address, shown once', schema: P.FeedCreated },
    problems: [404],
    handle: async (req, deps) => {
      const { secret, createdAt } = await issueCalendarFeed(deps, customerIdOf(req.principal), actorOf(req));
      const url = `${baseUrlOf(req)}${feedPathOf(secret)}`;
      return {
        status: 201,
        headers: { 'cache-control': 'no-store' },
        body: { active: true, createdAt, url, webcalUrl: url.replace(/^https?:/, 'webcal:') },
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/calendar-feed',
    audience: 'customer',
    operationId: 'revokeMyCalendarFeed',
    summary: 'Revoke your calendar subscription: its address answers 404 from now on',
    success: { status: 200, description: 'revoked', schema: P.FeedStatus },
    problems: [404],
    handle: async (req, deps) => ({
      body: await revokeCalendarFeed(deps, customerIdOf(req.principal), actorOf(req)),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/report',
    audience: 'customer',
    operationId: 'getMyComplianceReport',
    summary: 'C10.2: whether each clause held for you in a period, with the evidence',
    query: S.ReportQuery,
    success: { status: 200, description: 'the compliance report', schema: S.ComplianceReport },
    problems: [404],
    refusals: [PERIOD_REFUSAL],
    handle: async (req, deps) => {
      const { from, to } = periodOf(req.query, { now: req.receivedAt, defaultDays: 30 });
      return { body: await complianceReport(deps, customerIdOf(req.principal), from, to) };
    },
  }),
];
