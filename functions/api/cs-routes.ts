/** CS team routes (IAM authorizer): onboarding, releases, urgent patches, reviews, reports. */
import { complianceReport } from '../application/channels/compliance-report.ts';
import { decideReview, reviewQueue } from '../application/channels/decide-review.ts';
import {
  addCustomer,
  addServer,
  getCustomer,
  listCustomers,
  listServers,
  updateCustomer,
} from '../application/channels/onboarding.ts';
import { planUrgentRelease } from '../application/runs/plan-urgent-release.ts';
import { registerRelease } from '../application/runs/register-release.ts';
import { type toInstant, toIso } from '../domain/calendar.ts';
import { NotFoundError, PolicyRefusal, ValidationError } from '../domain/errors.ts';
import { Release, UNIQUE_IMAGE_NAMES } from '../domain/records.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { CURSOR_REFUSAL, pageBody, pageRequestOf } from './paging.ts';
import { PERIOD_REFUSAL, periodOf } from './period.ts';
import { csIdentityOf } from './principal.ts';
import { type AnyRoute, defineRoute } from './route.ts';
import * as S from './schemas.ts';

const by = (req: {
  principal: Parameters<typeof csIdentityOf>[0];
  receivedAt: ReturnType<typeof toInstant>;
}) => ({
  actor: csIdentityOf(req.principal),
  at: req.receivedAt,
});

/** C5.1: only an urgent release is planned at once, so only it may name its targets. */
export const TARGETS_REFUSAL = { path: 'targets', message: 'only an urgent release names targets (C5.1)' };
/** C5.1: a named target must be a registered server of the release's platform (register-release.ts). */
export const TARGET_REFUSALS = [
  { path: 'targets', message: 'is not registered' },
  { path: 'targets', message: 'runs platform' },
];

export const csRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/v1/cs/customers',
    audience: 'cs',
    operationId: 'addCustomer',
    summary: 'Register a customer (contacts, time zone, maintenance window)',
    body: S.CustomerInput,
    success: { status: 201, description: 'the customer as stored', schema: S.Customer },
    problems: [409],
    handle: async (req, deps) => ({ body: await addCustomer(deps, req.body, by(req)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/cs/customers',
    audience: 'cs',
    operationId: 'listCustomers',
    summary: 'All customers',
    query: S.PageQuery,
    success: {
      status: 200,
      description: 'a page of customers, by id',
      schema: S.page('customers', S.Customer),
    },
    problems: [],
    refusals: [CURSOR_REFUSAL],
    handle: async (req, deps) => {
      csIdentityOf(req.principal);
      return { body: pageBody('customers', await listCustomers(deps, pageRequestOf(req.query))) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/cs/customers/{id}',
    audience: 'cs',
    operationId: 'getCustomer',
    summary: 'One customer',
    params: S.IdParam,
    success: { status: 200, description: 'the customer', schema: S.Customer },
    problems: [404],
    handle: async (req, deps) => {
      csIdentityOf(req.principal);
      return { body: await getCustomer(deps, req.params.id) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/cs/customers/{id}',
    audience: 'cs',
    operationId: 'updateCustomer',
    summary: 'Change a customer (fields given replace the stored ones)',
    params: S.IdParam,
    body: S.CustomerUpdate,
    success: { status: 200, description: 'the customer as stored', schema: S.Customer },
    problems: [404, 409],
    handle: async (req, deps) => ({ body: await updateCustomer(deps, req.params.id, req.body, by(req)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/cs/servers',
    audience: 'cs',
    operationId: 'addServer',
    summary: 'Register a server (SSM hybrid managed instance) of a customer',
    body: S.ServerInput,
    success: { status: 201, description: 'the server as stored', schema: S.Server },
    problems: [404, 409],
    refusals: [
      { path: 'images', message: UNIQUE_IMAGE_NAMES },
      // records.ts ServerRegistration: the AD image named is one of `images`, and no other is flagged.
      { path: 'activeDirectoryImage', message: 'must be one of the server images' },
      { path: 'activeDirectoryImage', message: 'another image is already flagged' },
    ],
    handle: async (req, deps) => ({ body: await addServer(deps, req.body, by(req)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/cs/servers',
    audience: 'cs',
    operationId: 'listServers',
    summary: 'Servers, all or of one customer',
    query: S.ServersQuery,
    success: {
      status: 200,
      description: 'a page of servers, by customer then id',
      schema: S.page('servers', S.Server),
    },
    problems: [],
    refusals: [CURSOR_REFUSAL],
    handle: async (req, deps) => {
      csIdentityOf(req.principal);
      return {
        body: pageBody('servers', await listServers(deps, req.query.customerId, pageRequestOf(req.query))),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/cs/releases',
    audience: 'cs',
    operationId: 'registerRelease',
    summary: 'Register a validated release (C1); an urgent one is planned at once (C5.1)',
    body: S.ReleaseInput,
    success: {
      status: 201,
      description: 'registered: the release and how many changes were planned',
      schema: S.ReleaseResult,
      also: [
        {
          status: 200,
          description: 'already registered with the same content: what it planned (a retry plans the rest)',
        },
      ],
    },
    problems: [409],
    refusals: [TARGETS_REFUSAL, ...TARGET_REFUSALS],
    handle: async (req, deps) => {
      const { actor, at } = by(req);
      const { targets, validatedAt, ...rest } = req.body;
      const release = parseOrThrow(
        Release,
        { ...rest, validatedBy: actor, validatedAt: validatedAt ?? toIso(at) },
        'release',
      );
      if (targets !== undefined && release.class !== 'urgent') {
        throw new ValidationError('targets apply to urgent releases only', [TARGETS_REFUSAL]);
      }
      const out =
        release.class === 'urgent'
          ? await planUrgentRelease(
              deps,
              { release: rest, targets: targets ?? 'all', validatedBy: actor }, // C5.1
              req.timeLeftMs,
            )
          : await registerRelease(deps, { release, actor, timeLeftMs: req.timeLeftMs });
      return { status: out.created ? 201 : 200, body: out };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/cs/urgent-patches',
    audience: 'cs',
    operationId: 'urgentPatch',
    summary: 'C5.1: apply a registered urgent release to every server of its platform, or to a subset',
    body: S.UrgentPatchBody,
    success: {
      status: 200,
      description: 'the release and how many changes were planned',
      schema: S.ReleaseResult,
    },
    problems: [404, 409, 422],
    refusals: TARGET_REFUSALS,
    handle: async (req, deps) => {
      const actor = csIdentityOf(req.principal);
      const release = await deps.store.releases.getRelease(req.body.releaseId);
      if (!release) throw new NotFoundError('release', req.body.releaseId);
      if (release.class !== 'urgent') {
        throw new PolicyRefusal(
          'C1.3',
          `release ${release.id} is ${release.class}; register an urgent release to patch urgently`,
        );
      }
      return {
        body: await registerRelease(deps, {
          release,
          targets: req.body.targets,
          actor,
          timeLeftMs: req.timeLeftMs,
        }),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/cs/reviews',
    audience: 'cs',
    operationId: 'listReviews',
    summary: 'Postponement requests waiting for the CS team (C4.4)',
    query: S.PageQuery,
    success: {
      status: 200,
      description: 'a page of pending requests, oldest first',
      schema: S.page('reviews', S.PostponementRequest),
    },
    problems: [],
    refusals: [CURSOR_REFUSAL],
    handle: async (req, deps) => {
      csIdentityOf(req.principal);
      return { body: pageBody('reviews', await reviewQueue(deps, pageRequestOf(req.query))) };
    },
  }),
  ...(['approve', 'refuse'] as const).map((verb) =>
    defineRoute({
      method: 'post',
      path: `/v1/cs/reviews/{id}/${verb}`,
      audience: 'cs',
      operationId: `${verb}Review`,
      summary: `${verb === 'approve' ? 'Approve' : 'Refuse'} a postponement waiting for review (C4.4)`,
      params: S.IdParam,
      body: S.ReviewBody,
      success: { status: 200, description: 'the decision', schema: S.PostponementDecision },
      problems: [404, 409],
      handle: async (req, deps) => ({
        body: await decideReview(deps, {
          requestId: req.params.id,
          approve: verb === 'approve',
          reason: req.body.reason,
          actor: csIdentityOf(req.principal),
        }),
      }),
    }),
  ),
  defineRoute({
    method: 'get',
    path: '/v1/cs/reports/{customerId}',
    audience: 'cs',
    operationId: 'complianceReport',
    summary: 'C10.2: whether each clause held for a customer in a period, with the evidence',
    params: S.CustomerIdParam,
    query: S.ReportQuery,
    success: { status: 200, description: 'the compliance report', schema: S.ComplianceReport },
    problems: [404],
    refusals: [PERIOD_REFUSAL],
    handle: async (req, deps) => {
      csIdentityOf(req.principal);
      const { from, to } = periodOf(req.query, { now: req.receivedAt });
      return { body: await complianceReport(deps, req.params.customerId, from, to) };
    },
  }),
];
