/**
 * The API contract as docs/openapi.json states it, read by a client that never saw the code: its
 * operations (method, path, audience, parameters, body, documented responses and the rules the
 * server applies beyond the schemas), a JSON Schema 2020-12 validator over it (Ajv + formats), and
 * a seeded generator of schema-valid values (json-schema-faker).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { generateSync } from 'json-schema-faker';

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export type Schema = Record<string, unknown>;
export type Param = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema };
export type Documented = { mediaType: string; pointer: string };
/** A refusal the server makes beyond what JSON Schema can say (cross-field rules, cursors, periods). */
export type Refusal = { path: string; message: string };

export type Operation = {
  operationId: string;
  method: string;
  path: string;
  audience: 'customer' | 'cs';
  params: Param[];
  body?: { schema: Schema; pointer: string };
  responses: Record<string, Documented>;
  refusals: Refusal[];
};

type RawOperation = {
  operationId: string;
  security?: Record<string, unknown>[];
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  'x-refusals'?: Refusal[];
};

export type OpenApiDocument = {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
};

const DOC_ID = 'https://patch-promise.example/openapi.json';
const segment = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
const pointerOf = (...parts: string[]) => `#/${parts.map(segment).join('/')}`;

export type Contract = ReturnType<typeof loadContract>;

export function loadContract(url: URL) {
  const doc = JSON.parse(readFileSync(url, 'utf8')) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const compiled = new Map<string, ValidateFunction>();

  function validatorOf(pointer: string): ValidateFunction {
    let fn = compiled.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `${DOC_ID}${pointer}` });
      compiled.set(pointer, fn);
    }
    return fn;
  }

  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const base = ['paths', path, method];
      const responses: Record<string, Documented> = {};
      for (const [status, r] of Object.entries(op.responses)) {
        const [mediaType] = Object.keys(r.content ?? {});
        if (mediaType)
          responses[status] = {
            mediaType,
            pointer: pointerOf(...base, 'responses', status, 'content', mediaType, 'schema'),
          };
      }
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        audience: op.security?.some((s) => 'customerJwt' in s) ? 'customer' : 'cs',
        params: op.parameters ?? [],
        ...(bodySchema
          ? {
              body: {
                schema: bodySchema,
                pointer: pointerOf(...base, 'requestBody', 'content', 'application/json', 'schema'),
              },
            }
          : {}),
        responses,
        refusals: op['x-refusals'] ?? [],
      });
    }
  }

  return {
    doc,
    operations,
    /** Validates `value` against the schema at `pointer` (a JSON pointer into the document). */
    check(pointer: string, value: unknown): { ok: boolean; errors: string } {
      const fn = validatorOf(pointer);
      const ok = fn(value) as boolean;
      return { ok, errors: ok ? '' : ajv.errorsText(fn.errors) };
    },
    /** Validates one parameter value as a client sends it (query and path values are text). */
    checkParam(op: Operation, param: Param, text: string): boolean {
      const i = op.params.indexOf(param);
      const pointer = pointerOf('paths', op.path, op.method.toLowerCase(), 'parameters', String(i), 'schema');
      const type = param.schema.type;
      const value = type === 'integer' || type === 'number' ? Number(text) : text;
      if ((type === 'integer' || type === 'number') && !/^-?\d+(\.\d+)?$/.test(text)) return false;
      return (validatorOf(pointer)(value) as boolean) === true;
    },
    /** A schema-valid value of `schema` (refs resolve against the document), fixed by `seed`. */
    generate(schema: Schema, seed: number): unknown {
      return generateSync({ ...schema, components: doc.components } as never, {
        seed,
        optionalsProbability: 0.6,
        maxDefaultItems: 3,
        maxItems: 4,
      });
    },
  };
}
