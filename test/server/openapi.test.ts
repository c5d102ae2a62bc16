import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { inline, openApiDocument } from '../../src/server/openapi.ts';
import { ROUTES, SCHEMAS } from '../../src/server/schemas.ts';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = openApiDocument({ version: '0.0.0-test' });
    const v = new Validator();
    const res = await v.validate(doc);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(v.version).toBe('3.1');
  });

  it('lists every route of the table, each with an error shape for its failures', () => {
    const doc = openApiDocument({ version: 't' }) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((x) => `${x.toUpperCase()} ${p}`));
    expect(ops.length).toBe(ROUTES.length);
    for (const r of ROUTES) for (const [code, s] of Object.entries(r.responses)) if (Number(code) >= 400) expect(s, `${r.url} ${code}`).toBe('Error');
  });

  it('every $ref resolves', () => {
    expect(() => inline(SCHEMAS)).not.toThrow();
    for (const r of ROUTES) expect(() => inline([r.params, r.querystring, r.body])).not.toThrow();
  });
});
