/** Customer routes (JWT authorizer). The customer id comes only from the token (C12.1). */
import {
  getCustomerChange,
  listCustomerBackups,
  listCustomerChanges,
  listCustomerNotices,
} from '../application/channels/customer-views.ts';
import { getCustomer, listServers } from '../application/channels/onboarding.ts';
import { loadOwnChange, requestPostponement } from '../application/channels/request-postponement.ts';
import { RISK_STATEMENT } from '../application/channels/risk-statement.ts';
import { formatLocal, toInstant, toIso } from '../domain/calendar.ts';
import { CURSOR_REFUSAL, pageBody, pageRequestOf } from './paging.ts';
import { PERIOD_REFUSAL, periodOf } from './period.ts';
import { customerIdOf } from './principal.ts';
import { HttpProblem } from './problem.ts';
import { DecisionRefused, RiskNotAccepted } from './refusals.ts';
import { type AnyRoute, defineRoute } from './route.ts';
import * as S from './schemas.ts';

export const customerRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/v1/servers',
    audience: 'customer',
    operationId: 'listMyServers',
    summary: 'Your servers',
    query: S.PageQuery,
    success: {
      status: 200,
      description: 'a page of the servers of your organisation, by id',
      schema: S.page('servers', S.Server),
    },
    problems: [],
    refusals: [CURSOR_REFUSAL],
    handle: async (req, deps) => ({
      body: pageBody(
        'servers',
        await listServers(deps, customerIdOf(req.principal), pageRequestOf(req.query)),
      ),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/changes',
    audience: 'customer',
    operationId: 'listMyChanges',
    summary: 'Your changes, upcoming and past, with local times and states',
    query: S.ChangesQuery,
    success: {
      status: 200,
      description: 'a page of changes by apply time',
      schema: S.page('changes', S.ChangeView),
    },
    problems: [404],
    refusals: [CURSOR_REFUSAL],
    handle: async (req, deps) => ({
      body: pageBody(
        'changes',
        await listCustomerChanges(
          deps,
          customerIdOf(req.principal),
          req.query.when,
          pageRequestOf(req.query),
        ),
      ),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/changes/{id}',
    audience: 'customer',
    operationId: 'getMyChange',
    summary: 'One of your changes, with its history and postponement requests',
    params: S.IdParam,
    success: { status: 200, description: 'the change', schema: S.ChangeDetail },
    problems: [404],
    handle: async (req, deps) => ({
      body: await getCustomerChange(deps, customerIdOf(req.principal), req.params.id),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/changes/{id}/postponements',
    audience: 'customer',
    operationId: 'requestPostponement',
    summary: 'Ask to move a change (C4.1–C4.5, C5.4)',
    description:
      'Give an important business reason and accept the interim risks (acceptRisk: true). Send an ' +
      'Idempotency-Key header to make retries safe. 201: granted; 202: waiting for CS review; 422: ' +
      `refused with the clause. The risk statement: "${RISK_STATEMENT}"`,
    params: S.IdParam,
    body: S.PostponementBody,
    success: {
      status: 201,
      description: 'granted: the change moves to the new date (C4.4, C5.4)',
      schema: S.PostponementResult,
      also: [
        { status: 202, description: 'beyond the minor-adjustment limits: waiting for CS review (C4.4)' },
      ],
    },
    problems: [404, 409, 422],
    handle: async (req, deps) => {
      const customerId = customerIdOf(req.principal);
      await loadOwnChange(deps, req.params.id, customerId); // C12.1 before anything else
      if (req.body.acceptRisk !== true) throw new RiskNotAccepted(); // C4.3
      const key = req.headers['idempotency-key'];
      if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
        throw new HttpProblem(
          400,
          'Invalid request',
          'Idempotency-Key must be 1–200 visible ASCII characters',
        );
      }
      const requester = req.principal.kind === 'customer' ? req.principal.subject : customerId;
      const [result] = await requestPostponement(deps, {
        changeIds: [req.params.id],
        customerId,
        via: 'api',
        requester,
        reason: req.body.reason,
        requestedDate: req.body.newDate,
        riskAcceptance: { by: requester, at: toIso(req.receivedAt), words: RISK_STATEMENT },
        receivedAt: req.receivedAt,
        requestKey: key ? `key:${key}` : `req:${req.requestId}`,
      });
      if (!result) throw new Error('no decision returned');
      if (result.outcome === 'refused')
        throw new DecisionRefused(result.clause, result.reason, result.requestId);
      const customer = await getCustomer(deps, customerId);
      const newApplyAtLocal = result.newApplyAt
        ? formatLocal(toInstant(result.newApplyAt), customer.timeZone)
        : undefined;
      return { status: result.outcome === 'granted' ? 201 : 202, body: { ...result, newApplyAtLocal } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/notices',
    audience: 'customer',
    operationId: 'listMyNotices',
    summary: 'The notices sent to your contacts',
    query: S.PageQuery,
    success: {
      status: 200,
      description: 'a page of notices, by the time each was due',
      schema: S.page('notices', S.NoticeView),
    },
    problems: [404],
    refusals: [CURSOR_REFUSAL],
    handle: async (req, deps) => ({
      body: pageBody(
        'notices',
        await listCustomerNotices(deps, customerIdOf(req.principal), pageRequestOf(req.query)),
      ),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/backups',
    audience: 'customer',
    operationId: 'listMyBackups',
    summary: 'Backups of your servers in a period (C9)',
    query: S.PeriodQuery,
    success: {
      status: 200,
      description: 'a page of backup runs scheduled in the period, oldest first',
      schema: S.page('backups', S.BackupView),
    },
    problems: [404],
    refusals: [PERIOD_REFUSAL, CURSOR_REFUSAL],
    handle: async (req, deps) => {
      const period = periodOf(req.query, { now: req.receivedAt, defaultDays: 30 });
      const page = pageRequestOf(req.query);
      return {
        body: pageBody('backups', await listCustomerBackups(deps, customerIdOf(req.principal), period, page)),
      };
    },
  }),
];
