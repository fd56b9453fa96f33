/**
 * The OpenAPI 3.1 document, generated from the route declarations (route.ts) so the document and
 * the validation cannot drift. scripts/openapi.ts writes it to docs/openapi.json; a test fails
 * when the checked-in file differs from what this returns.
 *
 * The schemas come from zod's own JSON Schema conversion (`z.toJSONSchema` over a registry), which
 * reads classic and `zod/mini` schemas alike: every schema given an id with `.meta({ id })` becomes
 * a component, referenced as `#/components/schemas/<id>`, and a route's unnamed schemas are inlined.
 */
import * as z from 'zod/mini';
import { named } from '../domain/records.ts';
import type { AnyRoute } from './route.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from './route-tables.ts';

type JsonSchema = Record<string, unknown>;
type Parameter = {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};
type MediaContent = Record<string, { schema: JsonSchema }>;
export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  'x-refusals'?: AnyRoute['refusals'];
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: MediaContent };
  responses: Record<string, { description: string; content: MediaContent }>;
};
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  components: { securitySchemes: Record<string, JsonSchema>; schemas: Record<string, JsonSchema> };
  paths: Record<string, Partial<Record<AnyRoute['method'], Operation>>>;
};

/** RFC 9457: a problem may carry extension members (a refusal's earliest date, for one). */
const ProblemSchema = named(
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.optional(z.string()).check(z.describe('the request id')),
    errors: z
      .optional(z.array(z.object({ path: z.string(), message: z.string() })))
      .check(z.describe('validation errors')),
    clause: z.optional(z.string()).check(z.describe('the contract clause of a refusal (422)')),
  }),
  'Problem',
);

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
const SECURITY: Record<AnyRoute['audience'], Operation['security']> = {
  customer: [{ customerJwt: [] }],
  cs: [{ csIam: [] }],
  public: [],
};

const SECURITY_SCHEMES = {
  customerJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Cognito access token carrying the custom:customer_id claim (locally: `patchctl token <customerId>`)',
  },
  csIam: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'AWS SigV4-signed request (IAM); locally the x-cs-key header instead',
  },
};

const COMPONENTS = '#/components/schemas/';
/** Ids given to a route's unnamed schemas for the conversion only; they are inlined afterwards. */
const INLINE = '~inline:';

/**
 * Converts every schema the routes use, in one direction: requests as the client sends them
 * (`input`: a field with a default is optional), responses as the service answers (`output`).
 * Returns the JSON Schema of each route schema (a `$ref` for a named one) and the named schemas.
 */
export function convert(routeSchemas: readonly z.core.$ZodType[], io: 'input' | 'output') {
  const ids = z.registry<{ id: string }>();
  // Every schema named anywhere (`named`, records.ts); `_idmap` is how zod's own registry
  // conversion finds them too. Only those the routes reach end up in the document.
  for (const [id, schema] of z.globalRegistry._idmap) ids.add(schema, { id });
  const inlineIds = new Map<z.core.$ZodType, string>();
  for (const schema of routeSchemas) {
    if (ids.has(schema) || inlineIds.has(schema)) continue;
    const id = `${INLINE}${inlineIds.size}`;
    inlineIds.set(schema, id);
    ids.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(ids, {
    target: 'draft-2020-12',
    io,
    // A transform describes its output in its metadata (records.ts `normalise`); any other is an error.
    unrepresentable: ({ zodSchema, message }) => {
      if (typeof z.globalRegistry.get(zodSchema)?.type === 'string') return {};
      throw new Error(
        `${message}: register the JSON Schema of its output as its metadata (records.ts normalise)`,
      );
    },
    uri: (id) => `${COMPONENTS}${id}`,
  });
  const raw: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    if (id === '__shared') throw new Error('the API schemas are expected to need no shared definitions');
    const { $id: _id, $schema: _schema, ...body } = schema as JsonSchema;
    raw[id] = body;
  }
  // A route's unnamed schema may also sit inside a named one, where the conversion refers to it:
  // put its body back in those places, so only named schemas are ever referenced.
  const inlined = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inlined);
    if (!value || typeof value !== 'object') return value;
    const ref = (value as JsonSchema).$ref;
    const entries = Object.entries(value).map(([key, inner]) => [key, inlined(inner)] as const);
    if (typeof ref === 'string' && ref.startsWith(`${COMPONENTS}${INLINE}`)) {
      // Siblings of the reference (a description given where it is used) stay beside the body.
      const siblings = entries.filter(([key]) => key !== '$ref');
      return {
        ...(inlined(raw[ref.slice(COMPONENTS.length)]) as JsonSchema),
        ...Object.fromEntries(siblings),
      };
    }
    return Object.fromEntries(entries);
  };
  const bodies = Object.fromEntries(
    Object.entries(raw).map(([id, body]) => [id, inlined(body) as JsonSchema]),
  );
  const of = (schema: z.core.$ZodType): JsonSchema => {
    const inline = inlineIds.get(schema);
    if (inline) return bodies[inline] as JsonSchema;
    return { $ref: `${COMPONENTS}${ids.get(schema)?.id}` };
  };
  const named = Object.fromEntries(Object.entries(bodies).filter(([id]) => !id.startsWith(INLINE)));
  return { of, named };
}

function parameters(schema: JsonSchema, where: Parameter['in']): Parameter[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, field]) => ({
    schema: field,
    required: where === 'path' || required.has(name),
    ...(typeof field.description === 'string' ? { description: field.description } : {}),
    name,
    in: where,
  }));
}

function operation(
  route: AnyRoute,
  request: (s: z.core.$ZodType) => JsonSchema,
  response: (s: z.core.$ZodType) => JsonSchema,
): Operation {
  const statuses = [...new Set([...ALWAYS, ...route.problems, ...(route.body ? [415] : [])])].sort(
    (a, b) => a - b,
  );
  const responses: Operation['responses'] = {};
  for (const ok of [route.success, ...(route.success.also ?? [])]) {
    responses[ok.status] = {
      description: ok.description,
      content: {
        [route.success.contentType ?? 'application/json']: { schema: response(route.success.schema) },
      },
    };
  }
  for (const status of statuses) {
    responses[status] = {
      description: PROBLEM_TEXT[status] ?? 'error',
      content: { 'application/problem+json': { schema: response(ProblemSchema) } },
    };
  }
  const refusals = route.refusals ?? [];
  const refusalText = refusals.length
    ? `Beyond the schemas, 400 when: ${refusals.map((r) => `\`${r.path}\` ${r.message}`).join('; ')}.`
    : '';
  const description = [route.description, refusalText].filter(Boolean).join(' ');
  const params = [
    ...(route.params ? parameters(request(route.params), 'path') : []),
    ...(route.query ? parameters(request(route.query), 'query') : []),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(description ? { description } : {}),
    ...(refusals.length ? { 'x-refusals': refusals } : {}),
    tags: [route.audience],
    security: SECURITY[route.audience],
    ...(params.length ? { parameters: params } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: request(route.body) } } } }
      : {}),
    responses,
  };
}

/** Named schemas a document refers to, following references inside named schemas too. */
function referenced(
  value: unknown,
  named: Record<string, JsonSchema>,
  found = new Set<string>(),
): Set<string> {
  if (Array.isArray(value)) for (const item of value) referenced(item, named, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENTS)) {
        const id = inner.slice(COMPONENTS.length);
        if (!found.has(id)) {
          found.add(id);
          referenced(named[id], named, found);
        }
      } else referenced(inner, named, found);
    }
  }
  return found;
}

export function openApiDocument(): OpenApiDocument {
  const routes = [...CUSTOMER_API_ROUTES, ...CS_API_ROUTES];
  const requests = convert(
    routes.flatMap((r) => [r.params, r.query, r.body].filter((s): s is z.core.$ZodType => s !== undefined)),
    'input',
  );
  const responses = convert([ProblemSchema, ...routes.map((r) => r.success.schema)], 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route, requests.of, responses.of) };
  }
  const operations = Object.values(paths).flatMap((ops) => Object.values(ops));
  const schemas: Record<string, JsonSchema> = {};
  const sides = [
    { named: requests.named, parts: operations.map((op) => [op.parameters, op.requestBody]) },
    { named: responses.named, parts: operations.map((op) => op.responses) },
  ];
  for (const { named, parts } of sides) {
    for (const id of referenced(parts, named)) {
      const json = named[id] as JsonSchema;
      const already = schemas[id];
      if (already && JSON.stringify(already) !== JSON.stringify(json))
        throw new Error(`schema ${id} reads differently in requests and responses: give each its own id`);
      schemas[id] = json;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Patch promise API',
      version: '1.0.0',
      description:
        'Customer and Customer Success routes of the patch, upgrade and backup service. Errors are ' +
        'application/problem+json. Contract clause ids (C1–C12) refer to the service contract.',
    },
    components: { securitySchemes: SECURITY_SCHEMES, schemas },
    paths,
  };
}

/** The document as checked in: two-space JSON, final newline. */
export const openApiJson = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;
