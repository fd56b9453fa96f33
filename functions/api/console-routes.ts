/**
 * CS routes the console reads besides the CS API (IAM authorizer): the fleet at a glance and the
 * preview of a release before it is registered. Reviews, releases and urgent patches are decided
 * through the CS routes themselves (cs-routes.ts).
 */
import { fleetGlance } from '../application/channels/fleet-glance.ts';
import { previewRelease } from '../application/channels/release-preview.ts';
import { toIso } from '../domain/calendar.ts';
import { TARGET_REFUSALS, TARGETS_REFUSAL } from './cs-routes.ts';
import * as P from './portal-schemas.ts';
import { csIdentityOf } from './principal.ts';
import { type AnyRoute, defineRoute } from './route.ts';
import * as S from './schemas.ts';

export const consoleRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/v1/cs/fleet',
    audience: 'cs',
    operationId: 'fleetAtAGlance',
    summary:
      'Per customer: clauses held (C10.2), servers behind and why, stopped servers, failed backups, alerts',
    query: P.FleetQuery,
    success: { status: 200, description: 'the fleet', schema: P.FleetGlance },
    problems: [],
    handle: async (req, deps) => {
      csIdentityOf(req.principal);
      return { body: await fleetGlance(deps, req.query.days) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/cs/releases/preview',
    audience: 'cs',
    operationId: 'previewRelease',
    summary: 'What registering this release would plan (nothing is written)',
    body: S.ReleaseInput,
    success: {
      status: 200,
      description: 'the changes it would plan and the servers it would skip',
      schema: P.ReleasePreview,
    },
    problems: [],
    refusals: [TARGETS_REFUSAL, ...TARGET_REFUSALS],
    handle: async (req, deps) => {
      const actor = csIdentityOf(req.principal);
      const { targets, validatedAt, ...rest } = req.body;
      return {
        body: await previewRelease(deps, {
          release: { ...rest, validatedBy: actor, validatedAt: validatedAt ?? toIso(req.receivedAt) },
          ...(targets !== undefined ? { targets } : {}),
        }),
      };
    },
  }),
];
