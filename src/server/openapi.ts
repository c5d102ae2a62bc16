/**
 * The OpenAPI 3.1 document, generated from the route table and the named
 * schemas in schemas.ts (the ones Fastify validates with), plus `inline()`,
 * which resolves the document's `$ref`s for Fastify's validator. Pure.
 */
import { ROUTES, SCHEMAS, openApiPath, type RouteDef } from './schemas.ts';

type Schema = Record<string, unknown>;

const REF = '#/components/schemas/';

/** A schema with every `#/components/schemas/X` reference replaced by X itself (the shapes are not recursive). */
export function inline(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(inline);
  if (!s || typeof s !== 'object') return s;
  const o = s as Schema;
  if (typeof o.$ref === 'string' && o.$ref.startsWith(REF)) {
    const named = SCHEMAS[o.$ref.slice(REF.length)];
    if (!named) throw new Error(`unknown schema ${o.$ref}`);
    return inline(named);
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(o)) out[k] = inline(v);
  return out;
}

function parameters(r: RouteDef): Schema[] {
  const out: Schema[] = [];
  const add = (where: 'path' | 'query', s: Schema | undefined) => {
    if (!s) return;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const req = new Set((s.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(props)) {
      const { description, ...rest } = schema;
      const explode = where === 'query' && schema.type === 'array';
      out.push({ name, in: where, required: where === 'path' || req.has(name), schema: rest, ...(description ? { description } : {}), ...(explode ? { style: 'form', explode: true } : {}) });
    }
  };
  add('path', r.params);
  add('query', r.querystring);
  return out;
}

export interface OpenApiInfo {
  version: string;
  demo?: boolean;
}

export function openApiDocument(info: OpenApiInfo): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const r of ROUTES) {
    const p = (paths[openApiPath(r.url)] ??= {});
    const responses: Record<string, Schema> = {};
    for (const [code, v] of Object.entries(r.responses)) {
      responses[code] =
        typeof v === 'string'
          ? { description: code.startsWith('2') ? 'OK' : describe(Number(code)), content: { 'application/json': { schema: { $ref: `${REF}${v}` } } } }
          : { description: v.description, content: { [v.text]: { schema: { type: 'string' } } } };
    }
    const params = parameters(r);
    p[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: !r.bodyOptional, content: { 'application/json': { schema: r.body } } } } : {}),
      responses,
      ...(r.public ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'zlm-doctor serve API',
      version: info.version,
      description:
        'REST API of `zlm-doctor serve` (fleet monitor for ZLMediaKit and WVP). Errors are `{error, message}`. A bearer token is required whenever serve binds a non-loopback address (and when one is configured).' +
        (info.demo ? ' DEMO: this instance monitors a simulated fleet.' : ''),
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'meta', description: 'about this instance' },
      { name: 'nodes', description: 'the fleet and each node' },
      { name: 'history', description: 'config history (the history store)' },
      { name: 'alerts', description: 'events, alerts, acknowledgements, silences, live updates' },
    ],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '`--token`, ZLM_DOCTOR_TOKEN or `token:` in zlm-doctor.yml' } },
    },
  };
}

function describe(code: number): string {
  return (
    { 400: 'the request does not match its schema', 401: 'no or wrong bearer token', 403: 'a cross-site request, or a Host that is not loopback while no token is set', 404: 'no such node, alert, silence or revision', 409: 'a probe of this node is already running', 503: 'too many live clients' } as Record<number, string>
  )[code] ?? 'error';
}
