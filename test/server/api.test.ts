/**
 * The REST API on a real engine probing simulated ZLM nodes (test/support/zlm-sim)
 * with a real monitor store and a real history store: every route of the
 * OpenAPI document has a case here (the last test checks it), answers match
 * their schemas, schema errors are 400 `{error, message}`, unknown things 404,
 * a token guards the API, a non-loopback listener without a token is
 * refused, SSE delivers updates, and no secret appears in any answer or SSE
 * message.
 */
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot, HistoryStore } from '../../src/history/index.ts';
import { MonitorEngine, MonitorStore } from '../../src/monitor/index.ts';
import { createApiServer, TokenRequiredError, type ApiServer } from '../../src/server/index.ts';
import { inline, openApiDocument } from '../../src/server/openapi.ts';
import { ROUTES, SCHEMAS } from '../../src/server/schemas.ts';
import { HOOK_URL_KEYS } from '../../src/zlm/hook-urls.ts';
import { closedPort, startReceiver, type Receiver } from '../support/hook-receivers.ts';
import { freshDirs } from '../support/temp-tree.ts';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/index.ts';

let hasSqlite = true;
try {
  createRequire(import.meta.url)('better-sqlite3');
} catch {
  hasSqlite = false;
}
if (!hasSqlite) console.log('skipped: REST API tests (better-sqlite3 is not installed)');

const HOOK_TOKEN = 'hookTok3nVa1ueXYZ987';
const ADMIN_SECRET = 'adm1nParamsS3cretQQ';
const dir = freshDirs('zd-api-');

/** operationIds exercised by the tests below */
const covered = new Set<string>();
/** every body the API answered (the secrets grep reads them) */
const bodies: string[] = [];

const ajv = new Ajv({ allErrors: true });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function check(name: string, body: unknown): void {
  let v = validators.get(name);
  if (!v) validators.set(name, (v = ajv.compile(inline(SCHEMAS[name]!) as object)));
  if (!v(body)) throw new Error(`${name}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
}

describe.skipIf(!hasSqlite)('REST API', () => {
  const sims: ZlmSim[] = [];
  let receiver: Receiver;
  let engine: MonitorEngine;
  let store: MonitorStore;
  let history: HistoryStore | undefined;
  let api: ApiServer;
  let secrets: string[] = [];
  let rev = '';

  async function call(method: string, url: string, op: string, opts: { body?: unknown; headers?: Record<string, string>; server?: ApiServer } = {}) {
    covered.add(op);
    const r = await (opts.server ?? api).app.inject({ method: method as 'GET', url, ...(opts.body !== undefined ? { payload: opts.body as object } : {}), ...(opts.headers ? { headers: opts.headers } : {}) });
    bodies.push(r.body);
    return { status: r.statusCode, body: r.headers['content-type']?.toString().includes('json') ? (JSON.parse(r.body) as Record<string, unknown>) : r.body, headers: r.headers };
  }

  beforeAll(async () => {
    receiver = await startReceiver('good');
    const dead = await closedPort();
    for (let i = 0; i < 2; i++) {
      const s = await startZlmSim({ emitHooks: false });
      s.setConfig({
        ...Object.fromEntries(HOOK_URL_KEYS.map((k) => [k, ''])),
        'hook.enable': '1',
        'hook.on_play': i === 0 ? `${receiver.url}/index/hook/on_play?access_token=${HOOK_TOKEN}` : `http://127.0.0.1:${dead}/index/hook/on_play`,
        'hook.on_publish': `${receiver.url}/index/hook/on_publish`,
        'hook.admin_params': `secret=${ADMIN_SECRET}`,
      });
      sims.push(s);
    }
    secrets = [...sims.map((s) => s.secret), HOOK_TOKEN, ADMIN_SECRET];
    const stateDir = dir();
    store = MonitorStore.open(':memory:');
    engine = new MonitorEngine(
      [
        { name: 'good', api: sims[0]!.base, secret: sims[0]!.secret, labels: { site: 'lab', role: 'edge' } },
        { name: 'broken', api: sims[1]!.base, secret: sims[1]!.secret, labels: { site: 'lab', role: 'core' } },
        { name: 'gone', api: `http://127.0.0.1:${dead}`, secret: 'g0neNodeSecretValue1', labels: { site: 'far' } },
      ],
      { intervalMs: 60_000, timeoutMs: 1_500, state: { downAfter: 1, recoverAfter: 1 }, store, stateDir, selfCheck: async () => ({ ok: true }) },
    );
    secrets.push('g0neNodeSecretValue1');
    // the history of the good node: a snapshot, a change by the API, another snapshot
    await snapshot({ stateDir, target: { api: sims[0]!.base, secret: sims[0]!.secret }, env: {} });
    sims[0]!.setConfig({ 'hook.on_stream_changed': `${receiver.url}/index/hook/on_stream_changed` });
    const r2 = await snapshot({ stateDir, target: { api: sims[0]!.base, secret: sims[0]!.secret }, env: {} });
    rev = r2.rev!;
    history = HistoryStore.open(stateDir, { create: false });
    api = createApiServer({ engine, store, history, lang: 'en', version: '9.9.9-test', webRoot: false });
    for (const n of ['good', 'broken', 'gone']) await engine.probeNow(n);
    // drift: the good node's hook moves after the baseline was taken
    sims[0]!.setConfig({ 'hook.on_publish': `${receiver.url}/index/hook/on_publish2` });
    await engine.probeNow('good');
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await engine?.stop();
    store?.close();
    for (const s of sims) await s.close();
    await receiver?.close();
  });

  it('GET /api/meta', async () => {
    const r = await call('GET', '/api/meta', 'getMeta');
    expect(r.status).toBe(200);
    check('Meta', r.body);
    expect(r.body).toMatchObject({ version: '9.9.9-test', demo: false, auth: false, nodes: 3, history: true, storage: true });
  });

  it('GET /api/nodes: filter, sort, page, counts', async () => {
    const all = await call('GET', '/api/nodes', 'listNodes');
    expect(all.status).toBe(200);
    check('NodeList', all.body);
    const b = all.body as { total: number; items: { name: string; readiness: string; health: string }[]; fleet: { health: Record<string, number>; readiness: Record<string, number> } };
    expect(b.total).toBe(3);
    expect(b.items.map((i) => i.name)).toEqual(['broken', 'gone', 'good']);
    expect(b.fleet.readiness.api_unreachable).toBe(1);
    expect(b.fleet.readiness.hook_unreachable).toBe(1);
    expect(b.items.find((i) => i.name === 'gone')!.health).toBe('down');

    const lab = await call('GET', '/api/nodes?label=site:lab&sort=name&order=desc', 'listNodes');
    expect((lab.body as typeof b).items.map((i) => i.name)).toEqual(['good', 'broken']);
    expect((lab.body as typeof b & { counts: { labels: Record<string, Record<string, number>> } }).counts.labels.role).toEqual({ edge: 1, core: 1 });
    const two = await call('GET', '/api/nodes?label=site=lab&label=role:core', 'listNodes');
    expect((two.body as typeof b).items.map((i) => i.name)).toEqual(['broken']);
    const bad = await call('GET', '/api/nodes?readiness=hook_unreachable,api_unreachable&sort=health', 'listNodes');
    expect((bad.body as typeof b).items.map((i) => i.name)).toEqual(['gone', 'broken']);
    const page = await call('GET', '/api/nodes?offset=1&limit=1', 'listNodes');
    expect(page.body).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect((page.body as typeof b).items.map((i) => i.name)).toEqual(['gone']);
    const q = await call('GET', '/api/nodes?q=GOO&health=up,degraded', 'listNodes');
    expect((q.body as typeof b).items.map((i) => i.name)).toEqual(['good']);
  });

  it('schema errors are 400 {error, message}', async () => {
    for (const url of ['/api/nodes?limit=0', '/api/nodes?limit=5000', '/api/nodes?sort=bogus', '/api/nodes?readiness=fine', '/api/nodes?nope=1', '/api/revisions/NOT-A-REV', '/api/events?limit=x', '/api/alerts?status=maybe']) {
      const r = await call('GET', url, 'schema');
      expect(r.status, url).toBe(400);
      check('Error', r.body);
      expect((r.body as { error: string }).error).toBe('bad_request');
    }
    const s = await call('POST', '/api/silences', 'schema', { body: { node: 'good' } });
    expect(s.status).toBe(400);
    const s2 = await call('POST', '/api/silences', 'schema', { body: { duration: '1h' } });
    expect(s2.status).toBe(400);
    const s3 = await call('POST', '/api/silences', 'schema', { body: { node: 'good', duration: '1h', extra: 1 } });
    expect(s3.status).toBe(400);
    const s4 = await call('POST', '/api/silences', 'schema', { body: { node: 'good', duration: '99d' } });
    expect(s4.status).toBe(400);
    const j = await api.app.inject({ method: 'POST', url: '/api/silences', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(j.statusCode).toBe(400);
    expect(JSON.parse(j.body)).toMatchObject({ error: 'bad_request' });
  });

  it('unknown node, route, alert, silence, revision: 404 {error, message}', async () => {
    for (const [m, url] of [
      ['GET', '/api/nodes/nobody'],
      ['GET', '/api/nodes/nobody/findings'],
      ['GET', '/api/nodes/nobody/drift'],
      ['GET', '/api/nodes/nobody/config'],
      ['GET', '/api/nodes/nobody/series'],
      ['GET', '/api/nodes/nobody/history'],
      ['GET', '/api/nodes/nobody/blame'],
      ['POST', '/api/nodes/nobody/probe'],
      ['GET', '/api/nope'],
      ['POST', '/api/alerts/no%2Fsuch%2Falert/ack'],
      ['DELETE', '/api/silences/abc123'],
      ['GET', '/api/revisions/0123456789abcdef'],
    ] as const) {
      const r = await call(m, url, 'notfound');
      expect(r.status, url).toBe(404);
      check('Error', r.body);
      expect((r.body as { error: string }).error).toBe('not_found');
    }
    // a node without history
    const h = await call('GET', '/api/nodes/gone/history', 'getHistory');
    expect(h.status).toBe(404);
  });

  it('GET /api/nodes/{name}: root cause first, hook chain by stage, last probe', async () => {
    const r = await call('GET', '/api/nodes/broken', 'getNode');
    expect(r.status).toBe(200);
    check('NodeDetail', r.body);
    const b = r.body as { report: { diagnosis: { title: string; keys: string[] }[]; checks: { id: string; status: string }[] }; hooks: { stages: { stage: string; hooks: { key: string; status: string; url: string | null }[] }[] } };
    expect(b.report.diagnosis[0]!.keys).toContain('hook.on_play');
    expect(b.report.checks.find((c) => c.id === 'hooks')!.status).toBe('fail');
    const play = b.hooks.stages.find((s) => s.stage === 'play')!.hooks.find((h) => h.key === 'hook.on_play')!;
    expect(play.status).not.toBe('ok');
    expect(b.hooks.stages.map((s) => s.stage).indexOf('publish')).toBeLessThan(b.hooks.stages.map((s) => s.stage).indexOf('play'));
    const zh = await call('GET', '/api/nodes/gone?lang=zh', 'getNode');
    expect((zh.body as typeof b).report.diagnosis[0]!.title).toMatch(/ZLM HTTP 接口无响应/);
    const good = await call('GET', '/api/nodes/good', 'getNode');
    check('NodeDetail', good.body);
    const gh = (good.body as typeof b).hooks.stages.flatMap((s) => s.hooks).find((h) => h.key === 'hook.on_play')!;
    expect(gh.status).toBe('ok');
    expect(gh.url).not.toContain(HOOK_TOKEN);
  });

  it('GET /api/nodes/{name}/findings', async () => {
    const r = await call('GET', '/api/nodes/good/findings', 'getFindings');
    expect(r.status).toBe(200);
    check('Findings', r.body);
    const none = await call('GET', '/api/nodes/gone/findings', 'getFindings');
    expect(none.body).toMatchObject({ findings: [], summary: { error: 0, warning: 0, info: 0 } });
  });

  it('GET /api/nodes/{name}/drift: the semantic diff against the baseline', async () => {
    const r = await call('GET', '/api/nodes/good/drift', 'getDrift');
    expect(r.status).toBe(200);
    check('Drift', r.body);
    const c = (r.body as { changes: { key: string; risky: boolean; after: string }[] }).changes;
    expect(c.find((x) => x.key === 'hook.on_publish')).toMatchObject({ risky: true, after: `${receiver.url}/index/hook/on_publish2` });
    expect((r.body as { lastChange: { keys: string[] } | null }).lastChange?.keys).toContain('hook.on_publish');
  });

  it('GET /api/nodes/{name}/config: read-only, secrets redacted', async () => {
    const r = await call('GET', '/api/nodes/good/config', 'getConfig');
    expect(r.status).toBe(200);
    check('Config', r.body);
    const s = (r.body as { sections: Record<string, Record<string, string>> }).sections;
    expect(s.api!.secret).toMatch(/^‹secret/);
    expect(s.hook!.on_publish).toContain('on_publish2');
  });

  it('GET /api/nodes/{name}/series', async () => {
    for (const res of ['raw', 'minute', 'hour']) {
      store.flush();
      const r = await call('GET', `/api/nodes/good/series?resolution=${res}`, 'getSeries');
      expect(r.status).toBe(200);
      check('Series', r.body);
      expect((r.body as { latency: unknown[] }).latency.length).toBeGreaterThan(0);
      expect((r.body as { load: unknown[] }).load.length).toBeGreaterThan(0);
    }
  });

  it('history, blame and a revision (the history JSON contracts)', async () => {
    const h = await call('GET', '/api/nodes/good/history', 'getHistory');
    expect(h.status).toBe(200);
    check('History', h.body);
    expect((h.body as { revisions: { rev: string }[] }).revisions.map((r) => r.rev)).toContain(rev);
    const b = await call('GET', '/api/nodes/good/blame', 'getBlame');
    expect(b.status).toBe(200);
    check('Blame', b.body);
    const r = await call('GET', `/api/revisions/${rev}`, 'getRevision');
    expect(r.status).toBe(200);
    check('Revision', r.body);
    expect((r.body as { changes: { key: string }[] }).changes.map((c) => c.key)).toContain('hook.on_stream_changed');
    const short = await call('GET', `/api/revisions/${rev.slice(0, 10)}`, 'getRevision');
    expect(short.status).toBe(200);
  });

  it('POST /api/nodes/{name}/probe probes now; a second one at the same time is 409', async () => {
    const [a, b] = await Promise.all([call('POST', '/api/nodes/good/probe', 'probeNode'), call('POST', '/api/nodes/good/probe', 'probeNode')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ok = a.status === 200 ? a : b;
    check('ProbeNow', ok.body);
  });

  it('events, alerts, acknowledge, silences', async () => {
    const e = await call('GET', '/api/events', 'listEvents');
    expect(e.status).toBe(200);
    check('Events', e.body);
    expect((e.body as { items: { kind: string }[] }).items.some((x) => x.kind === 'health')).toBe(true);
    const en = await call('GET', '/api/events?node=gone&limit=5', 'listEvents');
    expect((en.body as { items: { node: string }[] }).items.every((x) => x.node === 'gone')).toBe(true);

    const a = await call('GET', '/api/alerts?status=open', 'listAlerts');
    expect(a.status).toBe(200);
    check('Alerts', a.body);
    const items = (a.body as { items: { id: string; node: string; rule: string }[] }).items;
    const down = items.find((x) => x.node === 'gone')!;
    expect(down).toBeDefined();
    // the server keeps both languages of an alert's text: ?lang picks one (the dashboard passes its own)
    const zh = await call('GET', '/api/alerts?status=open&lang=zh', 'listAlerts');
    expect(zh.status).toBe(200);
    const summaries = (lang: { body: unknown }) => (lang.body as { items: { id: string; summary: string }[] }).items.find((x) => x.id === down.id)!.summary;
    expect(summaries(zh)).toMatch(/[\u4e00-\u9fff]/);
    expect(summaries(a)).not.toMatch(/[\u4e00-\u9fff]/);

    const bare = await call('POST', `/api/alerts/${encodeURIComponent(down.id)}/ack`, 'ackAlert');
    expect(bare.status).toBe(200);
    const ack = await call('POST', `/api/alerts/${encodeURIComponent(down.id)}/ack`, 'ackAlert', { body: { by: 'ops', comment: 'on it' } });
    expect(ack.status).toBe(200);
    check('Alert', ack.body);
    expect((ack.body as { acknowledged: { by: string } }).acknowledged.by).toBe('ops');
    expect(api.alertState.mute({ id: down.id, node: 'gone', labels: { site: 'far' } })).toBe('acknowledged');

    const sil = await call('POST', '/api/silences', 'createSilence', { body: { labels: { site: 'lab' }, duration: '2h', comment: 'maintenance' } });
    expect(sil.status).toBe(201);
    check('Silence', sil.body);
    const id = (sil.body as { id: string }).id;
    expect(api.alertState.mute({ id: 'x/broken/', node: 'broken', labels: { site: 'lab' } })).toMatch(/^silence /);
    expect(api.alertState.mute({ id: 'x/other/', node: 'other', labels: { site: 'far' } })).toBeUndefined();
    const list = await call('GET', '/api/alerts', 'listAlerts');
    expect((list.body as { silences: { id: string }[] }).silences.map((s) => s.id)).toContain(id);
    const byNode = await call('POST', '/api/silences', 'createSilence', { body: { node: 'good', duration: '30m' } });
    expect(byNode.status).toBe(201);
    const unknown = await call('POST', '/api/silences', 'createSilence', { body: { node: 'nobody', duration: '30m' } });
    expect(unknown.status).toBe(404);
    const del = await call('DELETE', `/api/silences/${id}`, 'deleteSilence');
    expect(del.status).toBe(200);
    check('Ok', del.body);
    expect(api.alertState.mute({ id: 'x/broken/', node: 'broken', labels: { site: 'lab' } })).toBeUndefined();
  });

  it('GET /api/openapi.json is the generated document', async () => {
    const r = await call('GET', '/api/openapi.json', 'getOpenApi');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(openApiDocument({ version: '9.9.9-test' }));
  });

  it('/metrics and /healthz through route() (what startServe registers)', async () => {
    const s = createApiServer({ engine, store, lang: 'en', webRoot: false, token: 'T0kenForMetrics-123' });
    s.route('GET', '/metrics', (_q, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('zlm_doctor_up 1\n'));
    s.route('GET', '/healthz', (_q, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    const m = await call('GET', '/metrics', 'getMetrics', { server: s });
    expect(m.status).toBe(401);
    const m2 = await call('GET', '/metrics', 'getMetrics', { server: s, headers: { authorization: 'Bearer T0kenForMetrics-123' } });
    expect(m2.status).toBe(200);
    expect(m2.body).toContain('zlm_doctor_up');
    const h = await call('GET', '/healthz', 'getHealth', { server: s });
    expect(h.status).toBe(200);
    await s.close();
  });

  it('a token guards the API (constant-time compare); openapi.json stays public', async () => {
    const token = 'S3cure-Token-For-Tests';
    secrets.push(token);
    const s = createApiServer({ engine, store, lang: 'en', webRoot: false, token });
    for (const headers of [undefined, { authorization: 'Bearer wrong' }, { authorization: `Basic ${token}` }, { authorization: `Bearer ${token}x` }]) {
      const r = await call('GET', '/api/nodes', 'listNodes', { server: s, ...(headers ? { headers } : {}) });
      expect(r.status).toBe(401);
      expect((r.body as { error: string }).error).toBe('unauthorized');
      expect(r.headers['www-authenticate']).toMatch(/Bearer/);
    }
    expect((await call('POST', '/api/silences', 'createSilence', { server: s, body: { node: 'good', duration: '1m' } })).status).toBe(401);
    const ok = await call('GET', '/api/nodes', 'listNodes', { server: s, headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect((await call('GET', '/api/openapi.json', 'getOpenApi', { server: s })).status).toBe(200);
    expect((await call('GET', '/api/meta', 'getMeta', { server: s, headers: { authorization: `Bearer ${token}` } })).body).toMatchObject({ auth: true });
    await s.close();
  });

  it('403: a cross-site POST, and (without a token) a Host that is not loopback (DNS rebinding)', async () => {
    const x = await call('POST', '/api/nodes/good/probe', 'probeNode', { headers: { origin: 'http://evil.example' } });
    expect(x.status).toBe(403);
    expect((x.body as { error: string }).error).toBe('forbidden');
    expect((await call('POST', '/api/silences', 'createSilence', { headers: { 'sec-fetch-site': 'cross-site' }, body: { node: 'good', duration: '1m' } })).status).toBe(403);
    const same = await call('POST', '/api/nodes/good/probe', 'probeNode', { headers: { origin: 'http://localhost:80', host: 'localhost:80' } });
    expect(same.status).toBe(200);
    const rebound = await call('GET', '/api/nodes', 'listNodes', { headers: { host: 'evil.example:9797' } });
    expect(rebound.status).toBe(403);
    expect((await call('GET', '/api/meta', 'getMeta', { headers: { host: '127.0.0.1:9797' } })).status).toBe(200);
    expect((await call('GET', '/api/meta', 'getMeta', { headers: { host: '[::1]:9797' } })).status).toBe(200);
    // with a token the Host may be anything (a reverse proxy, a LAN name): the token decides
    const token = 'Host-Free-Token-55';
    secrets.push(token);
    const s = createApiServer({ engine, store, lang: 'en', webRoot: false, token });
    expect((await call('GET', '/api/meta', 'getMeta', { server: s, headers: { host: 'zlm-doctor.lan:9797', authorization: `Bearer ${token}` } })).status).toBe(200);
    await s.close();
  });

  it('refuses a non-loopback listener without a token (before binding)', async () => {
    const s = createApiServer({ engine, lang: 'en', webRoot: false });
    await expect(s.listen('0.0.0.0', 0)).rejects.toBeInstanceOf(TokenRequiredError);
    await expect(s.listen('::', 0)).rejects.toThrow(/token/);
    await expect(s.listen('192.0.2.10', 0)).rejects.toThrow(/127\.0\.0\.1/);
    await s.close();
  });

  it('GET /api/events/stream delivers probe results, events and alerts over a real listener; the client limit holds', async () => {
    covered.add('streamEvents');
    const token = 'Str3am-Token-For-Tests';
    secrets.push(token);
    const s = createApiServer({ engine, store, lang: 'en', webRoot: false, token, sse: { maxClients: 1, flushMs: 20, heartbeatMs: 100 } });
    const { port } = await s.listen('127.0.0.1', 0);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/events/stream`)).status).toBe(401);
    const ctl = new AbortController();
    const r = await fetch(`${base}/api/events/stream?access_token=${token}`, { signal: ctl.signal });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/event-stream/);
    const second = await fetch(`${base}/api/events/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect(second.status).toBe(503);
    expect(await second.json()).toMatchObject({ error: 'too_many_clients' });
    const reader = r.body!.getReader();
    let text = '';
    const dec = new TextDecoder();
    const want = async (re: RegExp) => {
      const end = Date.now() + 10_000;
      while (!re.test(text) && Date.now() < end) {
        const { value, done } = await reader.read();
        if (done) break;
        text += dec.decode(value);
      }
      expect(text).toMatch(re);
    };
    await want(/event: hello/);
    // the gone node comes back (a new simulator on its port is not possible: make the good node fail instead)
    sims[0]!.setConfig({ 'hook.on_play': `${receiver.url}/index/hook/on_play?access_token=${HOOK_TOKEN}&sign=${sims[0]!.secret}` });
    await engine.probeNow('good');
    await engine.probeNow('gone');
    await want(/event: probe\ndata: \{"name":"good"/);
    await want(/event: probe\ndata: \{"name":"gone"/);
    await want(/event: event\n/);
    await want(/: ping/);
    bodies.push(text);
    ctl.abort();
    await s.close();
  });

  it('the dashboard files are served at / when present, without escaping the directory', async () => {
    const root = dir();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${root}/assets`, { recursive: true });
    writeFileSync(`${root}/index.html`, '<!doctype html><title>zlm-doctor</title>');
    writeFileSync(`${root}/assets/app.js`, 'console.log(1)');
    const s = createApiServer({ engine, lang: 'en', webRoot: root });
    const home = await s.app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect((await s.app.inject({ url: '/nodes/good' })).body).toContain('<title>zlm-doctor');
    expect((await s.app.inject({ url: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
    for (const url of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd']) expect((await s.app.inject({ url })).body, url).not.toMatch(/root:/);
    expect((await s.app.inject({ url: '/assets/none.js' })).statusCode).toBe(404);
    await s.close();
  });

  it('no secret in any answer or SSE message', () => {
    expect(bodies.length).toBeGreaterThan(50);
    for (const b of bodies) for (const s of secrets) expect(b.includes(s), `a body holds ${s.slice(0, 4)}…: ${b.slice(0, 300)}`).toBe(false);
    for (const b of bodies) for (const s of secrets) expect(b.includes(encodeURIComponent(s))).toBe(false);
  });

  it('every route of the OpenAPI document has a case', () => {
    const missing = ROUTES.map((r) => r.operationId).filter((op) => !covered.has(op));
    expect(missing).toEqual([]);
  });
});
