/**
 * The REST API's contract: one JSON Schema per shape and one entry per route.
 * Fastify validates requests with these (and serialises answers with the
 * response schemas); the OpenAPI 3.1 document (openapi.ts) is generated from
 * the same table, so the document and the server cannot disagree. Shapes
 * reuse the project's contracts: DoctorReport (src/doctor/types.ts), the
 * finding JSON (src/lint findingToJson), the diff JSON (`diff --format json`)
 * and the history JSON (`history/blame/show --format json`). Pure data.
 */
import { READINESS } from '../monitor/index.ts';

type Schema = Record<string, unknown>;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'boolean' } as const;
const nullable = (t: string): Schema => ({ type: [t, 'null'] });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), extra: Schema = {}): Schema => ({ type: 'object', properties, required, additionalProperties: false, ...extra });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const strMap: Schema = { type: 'object', additionalProperties: str };

export const HEALTH = ['up', 'degraded', 'down', 'unknown'] as const;
export const READINESS_ALL = [...READINESS, 'unknown'] as const;
export const SORT_KEYS = ['name', 'health', 'readiness', 'lastProbe', 'latency', 'findings', 'drift'] as const;
export const HOOK_STATUS = ['ok', 'unreachable', 'timeout', 'http_error', 'bad_answer', 'not_configured'] as const;

const phases = obj({ dns: num, connect: num, tls: num, firstByte: num, total: num }, ['total']);
const severityCounts = obj({ error: int, warning: int, info: int });

/** Named shapes (components.schemas of the OpenAPI document). */
export const SCHEMAS: Record<string, Schema> = {
  Error: obj({ error: str, message: str }, ['error', 'message'], { description: '`error`: a stable code (bad_request, unauthorized, forbidden, not_found, conflict, too_many_clients, internal); `message`: one line in the server language' }),
  Meta: obj({ name: str, version: str, demo: bool, lang: { enum: ['en', 'zh'] }, auth: bool, status: { enum: ['ok', 'monitor_isolated'] }, nodes: int, history: bool, storage: bool }),
  Counts: obj({ health: { type: 'object', additionalProperties: int }, readiness: { type: 'object', additionalProperties: int }, labels: { type: 'object', additionalProperties: { type: 'object', additionalProperties: int } } }),
  NodeSummary: obj(
    {
      name: str,
      labels: strMap,
      health: { enum: [...HEALTH] },
      readiness: { enum: [...READINESS_ALL] },
      since: int,
      lastProbe: nullable('integer'),
      latencyMs: nullable('number'),
      findings: { oneOf: [severityCounts, { type: 'null' }] },
      drift: nullable('integer'),
      consecutiveFailures: int,
      openAlerts: int,
    },
    undefined,
    { description: 'One row of the fleet overview. `drift`: risky keys that differ from the baseline (null: config not read yet)' },
  ),
  NodeList: obj({ total: int, offset: int, limit: int, items: arr(ref('NodeSummary')), counts: ref('Counts'), fleet: ref('Counts') }, undefined, {
    description: '`total` and `counts`: the nodes matching the filter (before paging); `fleet`: every node',
  }),
  ApiEvidence: obj(
    {
      at: int,
      ok: bool,
      readiness: { enum: [...READINESS] },
      phases,
      detail: str,
      mediaServerId: str,
      startedAt: int,
      threadLoad: arr(obj({ load: num, delay: num })),
      streams: int,
      readers: int,
      errorKind: str,
      build: str,
    },
    ['at', 'ok', 'readiness', 'phases'],
  ),
  HookEvidence: obj({ at: int, hooks: { type: 'object', additionalProperties: obj({ status: { enum: [...HOOK_STATUS] }, phases, detail: str }, ['status']) }, keepaliveTimer: bool }, ['at', 'hooks']),
  ProbeResult: obj({ node: str, at: int, readiness: { enum: [...READINESS] }, api: ref('ApiEvidence'), hooks: ref('HookEvidence'), findings: severityCounts, drift: int }, ['node', 'at', 'readiness', 'api']),
  DoctorReport: obj(
    {
      version: { const: 1 },
      diagnosis: arr(obj({ title: str, keys: arr(str), evidence: arr(str), fix: str, guess: { const: true } }, ['title', 'keys', 'evidence', 'fix'])),
      checks: arr(obj({ id: str, status: { enum: ['ok', 'warn', 'fail', 'skip', 'crash'] }, message: str })),
      findings: arr(ref('Finding')),
    },
    undefined,
    { description: "The doctor's JSON contract (src/doctor/types.ts DoctorReport): root cause first" },
  ),
  Finding: {
    type: 'object',
    description: 'One finding as `check --format json` shows it (findingToJson)',
    properties: {
      ruleId: str,
      severity: { enum: ['error', 'warning', 'info'] },
      file: str,
      line: int,
      column: int,
      endLine: int,
      endColumn: int,
      key: str,
      message: str,
      why: str,
      fix: str,
      docs: str,
      fixable: bool,
      group: str,
      docsUrl: str,
    },
    required: ['ruleId', 'severity', 'message'],
    additionalProperties: true,
  },
  HookStep: obj({ key: str, url: nullable('string'), status: { enum: [...HOOK_STATUS] }, phases: { oneOf: [phases, { type: 'null' }] }, detail: nullable('string') }),
  HookStage: obj({ stage: { enum: ['server', 'publish', 'play', 'stream', 'record', 'rtp', 'access', 'other'] }, hooks: arr(ref('HookStep')) }),
  HookChain: obj({ at: nullable('integer'), enabled: nullable('boolean'), keepaliveTimer: nullable('boolean'), stages: arr(ref('HookStage')) }, undefined, {
    description: 'The hook chain ZLM → WVP by lifecycle stage, each hook with its status and timing by phase',
  }),
  NodeDetail: obj({ node: ref('NodeSummary'), report: ref('DoctorReport'), hooks: ref('HookChain'), lastProbe: { oneOf: [ref('ProbeResult'), { type: 'null' }] }, alerts: arr(ref('Alert')) }),
  Findings: obj({ version: { const: 1 }, node: str, findings: arr(ref('Finding')), summary: severityCounts }, undefined, { description: 'Static findings on the running config (getServerConfig), messages redacted' }),
  DiffChange: obj({ key: str, kind: { enum: ['added', 'removed', 'changed'] }, risky: bool, reload: { enum: ['live', 'new-streams', 'restart'] }, before: nullable('string'), after: nullable('string'), secret: str }, [
    'key',
    'kind',
    'risky',
    'reload',
    'before',
    'after',
  ]),
  Drift: obj(
    { version: { const: 1 }, node: str, baseline: obj({ source: nullable('string'), at: nullable('integer') }), changes: arr(ref('DiffChange')), lastChange: { oneOf: [obj({ attribution: str, keys: arr(str) }), { type: 'null' }] } },
    undefined,
    { description: 'The running config against the baseline: the `diff --format json` contract (a whole secret as its fingerprint)' },
  ),
  History: obj({ version: { const: 1 }, node: str, revisions: arr(obj({ rev: str, time: str, source: str, attribution: str, reason: nullable('string'), keys: arr(str) })) }, undefined, {
    description: 'The `history --format json` contract',
  }),
  Blame: obj({ version: { const: 1 }, node: str, keys: arr(obj({ key: str, rev: str, time: str, source: str, attribution: str, reason: nullable('string'), actor: str }, ['key', 'rev', 'time', 'source', 'attribution', 'reason'])) }, undefined, {
    description: 'The `blame --format json` contract',
  }),
  Revision: obj(
    {
      version: { const: 1 },
      rev: str,
      node: str,
      parent: nullable('string'),
      time: str,
      source: str,
      attribution: str,
      reason: nullable('string'),
      keys: arr(str),
      parts: arr({ type: 'object', additionalProperties: true }),
      host: nullable('string'),
      mode: nullable('string'),
      owner: nullable('string'),
      actor: nullable('string'),
      changes: arr(ref('DiffChange')),
    },
    undefined,
    { description: 'The `show --format json` contract' },
  ),
  Config: obj({ node: str, at: nullable('integer'), source: nullable('string'), sections: { type: 'object', additionalProperties: strMap } }, undefined, {
    description: 'The live config as last read (getServerConfig), read-only; every secret is a fingerprint token',
  }),
  Series: obj(
    {
      node: str,
      resolution: { enum: ['raw', 'minute', 'hour'] },
      latency: arr(obj({ t: int, avgMs: num, maxMs: num, probes: int, failed: int, ready: int })),
      load: arr(obj({ t: int, load: nullable('number'), delayMs: nullable('number'), streams: nullable('integer'), readers: nullable('integer') })),
    },
    undefined,
    { description: '`latency` from the store (raw samples, per-minute or per-hour aggregates); `load` (thread load, delay, streams, readers) from the recent probes this process holds (a ring of the last probes per node)' },
  ),
  Event: obj({ at: int, node: str, kind: { enum: ['health', 'readiness', 'restart', 'drift', 'findings', 'monitor'] }, message: str, data: { type: 'object', additionalProperties: true } }, ['at', 'node', 'kind', 'message']),
  Events: obj({ items: arr(ref('Event')) }),
  Alert: obj(
    {
      id: str,
      node: str,
      rule: str,
      severity: str,
      status: { enum: ['open', 'resolved'] },
      openedAt: int,
      updatedAt: int,
      resolvedAt: nullable('integer'),
      summary: str,
      details: arr(str),
      acknowledged: { oneOf: [obj({ at: int, by: nullable('string'), comment: nullable('string') }), { type: 'null' }] },
      silencedBy: nullable('string'),
    },
    undefined,
  ),
  Alerts: obj({ items: arr(ref('Alert')), silences: arr(ref('Silence')) }),
  AckRequest: obj({ by: { type: 'string', maxLength: 100 }, comment: { type: 'string', maxLength: 500 } }, []),
  Silence: obj({ id: str, node: nullable('string'), labels: strMap, startsAt: int, endsAt: int, by: nullable('string'), comment: nullable('string') }),
  SilenceRequest: {
    type: 'object',
    description: 'Silence the alerts of one node, or of the nodes whose labels all match, for `duration` (`30m`, `2h`, `1d`; at most 30 days)',
    properties: {
      node: { type: 'string', minLength: 1, maxLength: 200 },
      labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 200 }, maxProperties: 20 },
      duration: { type: 'string', pattern: '^[0-9]{1,6}(s|m|h|d)$' },
      by: { type: 'string', maxLength: 100 },
      comment: { type: 'string', maxLength: 500 },
    },
    required: ['duration'],
    additionalProperties: false,
    anyOf: [{ required: ['node'] }, { required: ['labels'] }],
  },
  ProbeNow: obj({ node: ref('NodeSummary'), lastProbe: { oneOf: [ref('ProbeResult'), { type: 'null' }] } }),
  Ok: obj({ ok: { const: true } }),
};

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify form (`:name`); the OpenAPI path uses `{name}` */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: Schema;
  querystring?: Schema;
  body?: Schema;
  /** the body may be left out (then it is `{}`) */
  bodyOptional?: boolean;
  /** status → named schema; `text`: a non-JSON answer described by its media type */
  responses: Record<number, string | { text: string; description: string }>;
  /** no bearer token needed (documented) */
  public?: boolean;
}

const nameParam = obj({ name: { type: 'string', minLength: 1, maxLength: 200 } });
const paging = { offset: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } };
const nodeErrors = { 400: 'Error', 401: 'Error', 404: 'Error' };

export const ROUTES: RouteDef[] = [
  { method: 'GET', url: '/api/meta', operationId: 'getMeta', summary: 'Version, demo flag, language, whether a token is required', tag: 'meta', responses: { 200: 'Meta', 401: 'Error' } },
  {
    method: 'GET',
    url: '/api/nodes',
    operationId: 'listNodes',
    summary: 'The fleet: filter by label, readiness, health and name; sort; page; counts per health and readiness in the same answer',
    tag: 'nodes',
    querystring: {
      type: 'object',
      properties: {
        label: { description: '`key:value` (or `key=value`); repeat for AND', type: 'array', items: { type: 'string', maxLength: 400 }, maxItems: 20 },
        readiness: { type: 'string', description: 'comma-separated readiness reasons', pattern: `^(${READINESS_ALL.join('|')})(,(${READINESS_ALL.join('|')}))*$` },
        health: { type: 'string', description: 'comma-separated: up, degraded, down, unknown', pattern: `^(${HEALTH.join('|')})(,(${HEALTH.join('|')}))*$` },
        q: { type: 'string', maxLength: 200, description: 'substring of the node name (case-insensitive)' },
        sort: { enum: [...SORT_KEYS], default: 'name' },
        order: { enum: ['asc', 'desc'], default: 'asc' },
        ...paging,
      },
      additionalProperties: false,
    },
    responses: { 200: 'NodeList', 400: 'Error', 401: 'Error' },
  },
  { method: 'GET', url: '/api/nodes/:name', operationId: 'getNode', summary: 'One node: the doctor-style report (root cause first), the hook chain by stage, the last probe, its alerts', tag: 'nodes', params: nameParam, querystring: obj({ lang: { enum: ['en', 'zh'] } }, []), responses: { 200: 'NodeDetail', ...nodeErrors } },
  { method: 'GET', url: '/api/nodes/:name/findings', operationId: 'getFindings', summary: 'Static findings on the running config', tag: 'nodes', params: nameParam, querystring: obj({ lang: { enum: ['en', 'zh'] } }, []), responses: { 200: 'Findings', ...nodeErrors } },
  { method: 'GET', url: '/api/nodes/:name/drift', operationId: 'getDrift', summary: 'Semantic diff of the running config against the baseline', tag: 'nodes', params: nameParam, responses: { 200: 'Drift', ...nodeErrors } },
  { method: 'GET', url: '/api/nodes/:name/config', operationId: 'getConfig', summary: 'Read-only view of the live config, secrets redacted', tag: 'nodes', params: nameParam, responses: { 200: 'Config', ...nodeErrors } },
  {
    method: 'GET',
    url: '/api/nodes/:name/series',
    operationId: 'getSeries',
    summary: 'Chart data: probe latency from the store, thread load and stream counts from recent probes',
    tag: 'nodes',
    params: nameParam,
    querystring: obj({ resolution: { enum: ['raw', 'minute', 'hour'], default: 'minute' }, since: { type: 'integer', minimum: 0, description: 'ms since epoch' } }, []),
    responses: { 200: 'Series', ...nodeErrors },
  },
  { method: 'GET', url: '/api/nodes/:name/history', operationId: 'getHistory', summary: 'Config history of the node (history store)', tag: 'history', params: nameParam, querystring: obj({ key: { type: 'string', maxLength: 200 }, since: { type: 'string', format: 'date-time' } }, []), responses: { 200: 'History', ...nodeErrors } },
  { method: 'GET', url: '/api/nodes/:name/blame', operationId: 'getBlame', summary: 'For each key, the revision that last set it', tag: 'history', params: nameParam, responses: { 200: 'Blame', ...nodeErrors } },
  { method: 'GET', url: '/api/revisions/:rev', operationId: 'getRevision', summary: 'One revision with its changes', tag: 'history', params: obj({ rev: { type: 'string', pattern: '^[0-9a-f]{4,64}$' } }), responses: { 200: 'Revision', 400: 'Error', 401: 'Error', 404: 'Error' } },
  { method: 'POST', url: '/api/nodes/:name/probe', operationId: 'probeNode', summary: 'Probe the node now and answer with the result', tag: 'nodes', params: nameParam, responses: { 403: 'Error', 200: 'ProbeNow', ...nodeErrors, 409: 'Error' } },
  {
    method: 'GET',
    url: '/api/events',
    operationId: 'listEvents',
    summary: 'Events, newest first',
    tag: 'alerts',
    querystring: obj({ node: { type: 'string', maxLength: 200 }, since: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } }, []),
    responses: { 200: 'Events', 400: 'Error', 401: 'Error' },
  },
  {
    method: 'GET',
    url: '/api/alerts',
    operationId: 'listAlerts',
    summary: 'Alerts (open first, then the most recent resolved) and the active silences',
    tag: 'alerts',
    querystring: obj({ status: { enum: ['open', 'resolved', 'all'], default: 'all' }, node: { type: 'string', maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 }, lang: { enum: ['en', 'zh'] } }, []),
    responses: { 200: 'Alerts', 400: 'Error', 401: 'Error' },
  },
  { method: 'POST', url: '/api/alerts/:id/ack', operationId: 'ackAlert', summary: 'Acknowledge an alert: no more reminders for it (resolution is still sent)', tag: 'alerts', params: obj({ id: { type: 'string', minLength: 1, maxLength: 400 } }), body: ref('AckRequest'), bodyOptional: true, responses: { 403: 'Error', 200: 'Alert', 400: 'Error', 401: 'Error', 404: 'Error' } },
  { method: 'POST', url: '/api/silences', operationId: 'createSilence', summary: 'Silence the alerts of a node or of a label set for a while', tag: 'alerts', body: ref('SilenceRequest'), responses: { 403: 'Error', 201: 'Silence', 400: 'Error', 401: 'Error', 404: 'Error' } },
  { method: 'DELETE', url: '/api/silences/:id', operationId: 'deleteSilence', summary: 'End a silence', tag: 'alerts', params: obj({ id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } }), responses: { 403: 'Error', 200: 'Ok', 400: 'Error', 401: 'Error', 404: 'Error' } },
  {
    method: 'GET',
    url: '/api/events/stream',
    operationId: 'streamEvents',
    summary: 'Server-sent events: `probe` (node summary), `event`, `alert`, `nodes`, `status`; a `: ping` comment every 15 s',
    tag: 'alerts',
    responses: { 200: { text: 'text/event-stream', description: 'an endless event stream' }, 401: 'Error', 503: 'Error' },
  },
  { method: 'GET', url: '/api/openapi.json', operationId: 'getOpenApi', summary: 'This document', tag: 'meta', responses: { 200: { text: 'application/json', description: 'OpenAPI 3.1' } }, public: true },
  { method: 'GET', url: '/healthz', operationId: 'getHealth', summary: 'Liveness of the monitor (no token needed)', tag: 'meta', responses: { 200: { text: 'application/json', description: '{status, demo, nodes, down}' } }, public: true },
  { method: 'GET', url: '/metrics', operationId: 'getMetrics', summary: 'Prometheus metrics (token required when one is set: configure `authorization` in the scrape job)', tag: 'meta', responses: { 200: { text: 'text/plain', description: 'Prometheus text format' }, 401: 'Error' } },
];

/** `/api/nodes/:name` → `/api/nodes/{name}` */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, '{$1}');
}
