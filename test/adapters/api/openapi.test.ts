import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiJson } from '../../../functions/api/openapi.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../../../functions/api/route-tables.ts';

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
});
