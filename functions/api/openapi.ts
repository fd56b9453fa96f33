/**
 * The OpenAPI 3.1 document, generated from the route declarations (route.ts) so the document and
 * the validation cannot drift. scripts/openapi.ts writes it to docs/openapi.json; a test fails
 * when the checked-in file differs from what this returns.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { AnyRoute } from './route.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from './route-tables.ts';

const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().describe('the request id'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('validation errors'),
    clause: z.string().optional().describe('the contract clause of a refusal (422)'),
  })
  .meta({ id: 'Problem' });

const PROBLEM_TEXT: Record<number, string> = {
  400: 'invalid request: each field and rule is listed in `errors`',
  401: 'no valid credentials',
  403: 'not allowed for this caller',
  404: 'no such record for this caller (C12.1: records of others look the same)',
  405: 'method not allowed',
  409: 'conflict with the current state',
  413: 'body larger than 64 KB',
  415: 'body is not JSON',
  422: 'refused by the service contract: see `clause` and `detail`',
  429: 'too many requests: retry after the Retry-After header',
  500: 'internal error: quote the request id',
};
const ALWAYS = [400, 401, 413, 429, 500];

/** A public route (a calendar feed) has no scheme: the secret in its path is its credential. */
const SECURITY: Record<AnyRoute['audience'], RouteConfig['security']> = {
  customer: [{ customerJwt: [] }],
  cs: [{ csIam: [] }],
  public: [],
};

function routeConfig(route: AnyRoute): RouteConfig {
  const statuses = [...new Set([...ALWAYS, ...route.problems, ...(route.body ? [415] : [])])].sort(
    (a, b) => a - b,
  );
  const responses: RouteConfig['responses'] = {};
  for (const ok of [route.success, ...(route.success.also ?? [])]) {
    responses[ok.status] = {
      description: ok.description,
      content: { [route.success.contentType ?? 'application/json']: { schema: route.success.schema } },
    };
  }
  for (const status of statuses) {
    responses[status] = {
      description: PROBLEM_TEXT[status] ?? 'error',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  const refusals = route.refusals ?? [];
  const refusalText = refusals.length
    ? `Beyond the schemas, 400 when: ${refusals.map((r) => `\`${r.path}\` ${r.message}`).join('; ')}.`
    : '';
  const description = [route.description, refusalText].filter(Boolean).join(' ');
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    ...(description ? { description } : {}),
    ...(refusals.length ? { 'x-refusals': refusals } : {}),
    tags: [route.audience],
    security: SECURITY[route.audience],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.body
        ? { body: { required: true, content: { 'application/json': { schema: route.body } } } }
        : {}),
    },
    responses,
  };
}

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'customerJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Cognito access token carrying the custom:customer_id claim (locally: `patchctl token <customerId>`)',
  });
  registry.registerComponent('securitySchemes', 'csIam', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'AWS SigV4-signed request (IAM); locally the x-cs-key header instead',
  });
  for (const route of [...CUSTOMER_API_ROUTES, ...CS_API_ROUTES]) registry.registerPath(routeConfig(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Patch promise API',
      version: '1.0.0',
      description:
        'Customer and Customer Success routes of the patch, upgrade and backup service. Errors are ' +
        'application/problem+json. Contract clause ids (C1–C12) refer to the service contract.',
    },
  });
}

/** The document as checked in: stable key order from the generator, two-space JSON, final newline. */
export const openApiJson = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;
