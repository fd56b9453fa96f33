/**
 * Which routes each API function serves: the router, the OpenAPI document, the local API server and
 * the HTTP API's routes in the stack (lib/constructs/http-api.ts) all read these two tables.
 */
import { consoleRoutes } from './console-routes.ts';
import { csRoutes } from './cs-routes.ts';
import { customerRoutes } from './customer-routes.ts';
import { feedRoutes } from './feed-routes.ts';
import { portalRoutes } from './portal-routes.ts';
import type { AnyRoute } from './route.ts';

/** The customer-api function: customer routes (JWT) and the calendar feeds (no authorizer). */
export const CUSTOMER_API_ROUTES: readonly AnyRoute[] = [...customerRoutes, ...portalRoutes, ...feedRoutes];

/** The cs-api function: CS routes (IAM). */
export const CS_API_ROUTES: readonly AnyRoute[] = [...csRoutes, ...consoleRoutes];
