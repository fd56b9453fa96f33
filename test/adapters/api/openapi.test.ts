import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { convert, openApiDocument, openApiJson } from '../../../functions/api/openapi.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../../../functions/api/route-tables.ts';
import { named } from '../../../functions/domain/records.ts';

describe('OpenAPI document', () => {
  it('docs/openapi.json is the document generated from the routes (run `npx tsx scripts/openapi.ts`)', () => {
    const checkedIn = readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(openApiJson());
  });

  it('documents every route with its problem responses', () => {
    const doc = openApiDocument();
    for (const r of [...CUSTOMER_API_ROUTES, ...CS_API_ROUTES]) {
      const op = doc.paths?.[r.path]?.[r.method];
      expect(op?.operationId).toBe(r.operationId);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '413', '429']));
    }
    const postpone = doc.paths?.['/v1/changes/{id}/postponements']?.post;
    expect(Object.keys(postpone?.responses ?? {})).toEqual(expect.arrayContaining(['201', '404', '422']));
  });

  it('C4.4 documents the 202 of a postponement sent to CS review, with the same result schema as the 201', () => {
    const responses = openApiDocument().paths?.['/v1/changes/{id}/postponements']?.post?.responses ?? {};
    const schemaOf = (status: string) =>
      (responses[status] as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
    expect(schemaOf('202')).toEqual({ $ref: '#/components/schemas/PostponementResult' });
    expect(schemaOf('201')).toEqual(schemaOf('202'));
  });

  it('C1 documents both answers of a release registration: 201 registered, 200 already registered', () => {
    const responses = openApiDocument().paths?.['/v1/cs/releases']?.post?.responses ?? {};
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '201']));
  });

  it('refers only to named components that exist, and every named component is referred to', () => {
    const doc = openApiDocument();
    const refs = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === '$ref') refs.add(String(inner));
          else walk(inner);
        }
      }
    };
    walk(doc.paths);
    walk(doc.components.schemas);
    const components = Object.keys(doc.components.schemas).map((id) => `#/components/schemas/${id}`);
    expect([...refs].sort()).toEqual(components.sort());
  });

  it('C11.3 describes instants as the service sends them (UTC, Z) and as it accepts them (any offset)', () => {
    const doc = openApiDocument();
    const backup = doc.components.schemas.BackupView as { properties: Record<string, { pattern?: string }> };
    const sent = new RegExp(backup.properties.scheduledFor?.pattern ?? '(?!)');
    expect(sent.test('2026-11-29T02:00:00.000Z')).toBe(true);
    expect(sent.test('2026-11-29T03:00:00.000+01:00')).toBe(false);
    const from = doc.paths['/v1/backups']?.get?.parameters?.find((p) => p.name === 'from');
    const accepted = new RegExp(String(from?.schema.pattern ?? '(?!)'));
    expect(accepted.test('2026-11-29T03:00:00.000+01:00')).toBe(true);
    expect(from?.required).toBe(false);
  });

  it('a request field with a default is optional; the same field in an answer is always there', () => {
    const doc = openApiDocument();
    const customers = doc.paths['/v1/cs/customers'];
    const resolved = (schema: Record<string, unknown> | undefined) =>
      (typeof schema?.$ref === 'string'
        ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]
        : schema) as { properties: Record<string, unknown>; required: string[] };
    const body = resolved(customers?.post?.requestBody?.content['application/json']?.schema);
    const answer = resolved(customers?.post?.responses['201']?.content['application/json']?.schema);
    expect(Object.keys(body.properties)).toContain('timeZone');
    expect(body.required).not.toContain('timeZone');
    expect(answer.required).toContain('timeZone');
  });
});

describe('OpenAPI generation from zod schemas (convert)', () => {
  it('stops at a transform whose output is not described, and says how to fix it', () => {
    const route = z.object({
      at: z.pipe(
        z.string(),
        z.transform((s: string) => s.trim()),
      ),
    });
    expect(() => convert([route], 'output')).toThrow(/register the JSON Schema of its output/);
    // A request is described by what the client sends: the transform's input.
    expect(convert([route], 'input').of(route)).toMatchObject({ properties: { at: { type: 'string' } } });
  });

  it('inlines an unnamed route schema where a named one uses it, keeping the description given there', () => {
    const inner = z.object({ a: z.string() });
    const outer = named(z.object({ x: z.optional(inner).check(z.describe('the x')) }), 'TestOnlyOuter');
    const { named: components, of } = convert([inner, outer], 'output');
    expect(of(outer)).toEqual({ $ref: '#/components/schemas/TestOnlyOuter' });
    expect(components.TestOnlyOuter).toMatchObject({
      properties: { x: { type: 'object', properties: { a: { type: 'string' } }, description: 'the x' } },
    });
    expect(JSON.stringify(components)).not.toContain('~inline');
  });
});
