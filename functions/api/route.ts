/**
 * A route is declared once: method, path, audience, zod schemas for params, query and body, and
 * its responses. The router validates with these schemas and the OpenAPI document is generated
 * from the same declarations (scripts/openapi.ts), so the two cannot drift.
 */
import type * as z from 'zod/v4/core';
import type { ChannelDeps } from '../application/channels/deps.ts';
import type { Instant } from '../domain/calendar.ts';
import type { Principal } from './http-event.ts';

/** `public`: no authorizer; the route's own secret in its path is its credential (calendar feeds). */
export type Audience = 'customer' | 'cs' | 'public';
export type Method = 'get' | 'post' | 'put' | 'delete';

export type RouteRequest<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  requestId: string;
  /** C11.3: the API's own request time. */
  receivedAt: Instant;
  /** What is left of API Gateway's 29 s for this request, in ms (real time, not the service clock). */
  timeLeftMs: () => number;
  headers: Record<string, string | undefined>;
};

/** A 400 beyond the schemas: the field it names and the words its message contains. */
export type Refusal = { path: string; message: string };

/** `body` is sent as JSON, unless `text` gives the answer as a document of another type. */
export type RouteResponse = {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  text?: { contentType: string; body: string };
};

type AnyObject = z.$ZodObject;

export type RouteDef<P extends AnyObject, Q extends AnyObject, B extends z.$ZodType> = {
  method: Method;
  path: string;
  audience: Audience;
  operationId: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  success: {
    status: number;
    description: string;
    schema: z.$ZodType;
    /** Every other success status `handle` may answer, with the same body schema (documented too). */
    also?: { status: number; description: string }[];
    /** The document's type when it is not JSON (the route answers with `text`). */
    contentType?: string;
  };
  /** Problem statuses this route can answer, besides 400/401/413/429/500 which every route can. */
  problems: number[];
  /**
   * The 400s this route gives for requests its schemas accept: rules no JSON Schema can state
   * (one field against another, a cursor it did not hand out). The document lists them.
   */
  refusals?: Refusal[];
  handle(req: RouteRequest<z.output<P>, z.output<Q>, z.output<B>>, deps: ChannelDeps): Promise<RouteResponse>;
};

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous route table erases each route's types.
export type AnyRoute = RouteDef<any, any, any>;

/** Declares a route; the generic parameters carry the schemas' types into `handle`. */
export const defineRoute = <
  P extends AnyObject = z.$ZodObject<Record<never, never>>,
  Q extends AnyObject = z.$ZodObject<Record<never, never>>,
  B extends z.$ZodType = z.$ZodUndefined,
>(
  def: RouteDef<P, Q, B>,
): RouteDef<P, Q, B> => def;
