/**
 * The REST API's handlers, one per entry of ROUTES (schemas.ts), each
 * registered with that entry's schemas (Fastify validates: a mismatch is a
 * 400 `{error, message}` before the handler runs).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../i18n/index.ts';
import { HistoryStore, StoreError, blame, historyJson, parseCanonical, semanticDiff, isSecretConfigKey, tokenFingerprint, secretChangeText, type Canonical, type KeyChange, type Revision } from '../history/index.ts';
import { findingToJson, lint } from '../lint/index.ts';
import { IniDocument } from '../ini/document.ts';
import { liveConfigText, type NodeState, type ProbeResult } from '../monitor/index.ts';
import { WVP_RULES, ZLM_RULES } from '../rules/index.ts';
import { isSecretKey } from '../util/redact.ts';
import { parseDurationMs, type AlertState } from './alert-state.ts';
import { sendError, type ApiAlertRow, type ApiServerOptions } from './app.ts';
import { openApiDocument } from './openapi.ts';
import { ROUTES, type RouteDef } from './schemas.ts';
import type { SseHub } from './sse.ts';
import { hookChain, listNodes, nodeReport, summarize, type NodeQuery, type ReportFinding } from './view.ts';

interface Ctx extends ApiServerOptions {
  sse: SseHub;
  alertState: AlertState;
  redact: (text: string) => string;
  schema: (s: unknown) => Record<string, unknown>;
}

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown>; Body: Record<string, unknown> }>;
type Handler = (req: Req, reply: FastifyReply) => Promise<unknown>;

/** Load points kept per node for the charts (one per probe: 360 = an hour at 10 s). */
const RING = 360;

interface LoadPoint {
  t: number;
  load: number | null;
  delayMs: number | null;
  streams: number | null;
  readers: number | null;
}

const M = {
  noNode: { en: 'no such node: {x}', zh: '没有此节点：{x}' },
  noAlert: { en: 'no such alert: {x}', zh: '没有此告警：{x}' },
  noSilence: { en: 'no such silence: {x}', zh: '没有此静默：{x}' },
  noHistory: { en: 'no config history is kept here (zlm-doctor snapshot / watch record it)', zh: '此处没有配置历史（由 zlm-doctor snapshot / watch 记录）' },
  busy: { en: 'a probe of {x} is already running', zh: '{x} 正在探测中' },
  full: { en: 'too many live clients ({x})', zh: '实时客户端过多（{x}）' },
  duration: { en: 'duration must be 1s … 30d, e.g. 30m, 2h, 1d', zh: 'duration 须在 1s 到 30d 之间，例如 30m、2h、1d' },
};

function msg(m: { en: string; zh: string }, lang: Lang, x: string | number = ''): string {
  return m[lang].replace('{x}', String(x));
}

function langOf(req: Req, o: Ctx): Lang {
  const l = req.query?.lang;
  return l === 'zh' || l === 'en' ? l : o.lang;
}

/** The change list of the diff contract (`diff --format json`), a whole secret as its fingerprint. */
function changeJson(c: KeyChange) {
  const shown = (v: string | undefined) => {
    if (v === undefined) return null;
    const fp = tokenFingerprint(v);
    return fp !== undefined ? `‹secret ${fp.slice(0, 8)}›` : v;
  };
  const sec = secretChangeText(c);
  return { key: c.key, kind: c.kind, risky: c.risky, reload: c.reload, before: shown(c.before), after: shown(c.after), ...(sec ? { secret: sec } : {}) };
}

export function registerRoutes(app: FastifyInstance, o: Ctx): void {
  const history = () => (typeof o.history === 'function' ? o.history() : o.history);
  const ring = new Map<string, LoadPoint[]>();
  const probing = new Set<string>();
  const findingsCache = new Map<string, { key: string; findings: ReportFinding[] }>();
  // open alerts per node, counted again only after an alert opened, resolved or was acknowledged
  let openCounts: Map<string, number> | undefined;
  const openCount = () => {
    if (openCounts) return openCounts;
    const m = new Map<string, number>();
    for (const a of o.store?.alerts('open') ?? []) m.set(a.node, (m.get(a.node) ?? 0) + 1);
    return (openCounts = m);
  };

  o.engine.listen({
    onProbe(r: ProbeResult, s: NodeState) {
      let pts = ring.get(r.node);
      if (!pts) ring.set(r.node, (pts = []));
      const tl = r.api.threadLoad;
      pts.push({
        t: r.at,
        load: tl?.length ? Math.max(...tl.map((x) => x.load)) : null,
        delayMs: tl?.length ? Math.max(...tl.map((x) => x.delay)) : null,
        streams: r.api.streams ?? null,
        readers: r.api.readers ?? null,
      });
      if (pts.length > RING) pts.splice(0, pts.length - RING);
      o.sse.send('probe', summarize(s, openCount().get(s.name) ?? 0));
    },
    onEvent(e) {
      o.sse.send('event', e);
    },
    onAlert(c) {
      if (c.kind !== 'updated') openCounts = undefined;
      if (c.kind === 'resolved') o.alertState.resolved(c.id);
      o.sse.send('alert', { kind: c.kind, id: c.id, node: c.alert?.node ?? c.row?.node ?? null, severity: c.alert?.severity ?? c.row?.severity ?? null, summary: c.alert?.summary ?? c.row?.summary ?? null });
    },
    onNodesChanged(names) {
      for (const n of [...ring.keys()]) if (!names.includes(n)) ring.delete(n);
      o.sse.send('nodes', { names });
    },
    onStatus(s) {
      o.sse.send('status', { status: s });
    },
  });

  const node = (req: Req, reply: FastifyReply): NodeState | undefined => {
    const s = o.engine.state(req.params.name!);
    if (!s) void sendError(reply, 404, 'not_found', msg(M.noNode, langOf(req, o), req.params.name!));
    return s;
  };

  const findingsOf = (name: string, lang: Lang): ReportFinding[] => {
    const v = o.engine.view?.(name);
    if (!v?.live) return [];
    const key = `${v.liveAt}/${lang}`;
    const hit = findingsCache.get(name);
    if (hit?.key === key) return hit.findings;
    let findings: ReportFinding[] = [];
    try {
      const doc = IniDocument.parse(liveConfigText(v.live));
      const list = lint({ doc, file: 'getServerConfig', rules: v.wvp ? [...ZLM_RULES, ...WVP_RULES] : ZLM_RULES, lang, ...(v.wvp ? { wvp: v.wvp } : {}) });
      findings = list.map((f) => findingToJson(f) as ReportFinding);
    } catch {
      /* a rule crash shows no findings rather than failing the page */
    }
    findingsCache.set(name, { key, findings });
    return findings;
  };

  const driftChanges = (name: string): { changes: KeyChange[]; baseline?: Canonical } => {
    const v = o.engine.view?.(name);
    const baseline = v?.baseline ?? (o.store?.config(name, 'baseline') ? parseCanonical(o.store.config(name, 'baseline')!.canonical) : undefined);
    const last = v?.last ?? (o.store?.config(name, 'last') ? parseCanonical(o.store.config(name, 'last')!.canonical) : undefined);
    if (!baseline || !last) return { changes: [], ...(baseline ? { baseline } : {}) };
    return { changes: semanticDiff(baseline, last), baseline };
  };

  const historyNode = (name: string): { store: HistoryStore; node: string } | undefined => {
    const h = history();
    if (!h) return undefined;
    const v = o.engine.view?.(name);
    for (const what of [v?.node.api, v?.node.config, name]) {
      if (!what) continue;
      try {
        return { store: h, node: h.node(what).name };
      } catch (e) {
        if (!(e instanceof StoreError) || e.kind !== 'unknown-node') throw e;
      }
    }
    return undefined;
  };

  const alertJson = (a: ApiAlertRow, lang: Lang, labels: Record<string, string>) => {
    const d = (a.data ?? {}) as { summary?: { en: string; zh: string }; details?: { en: string; zh: string }[] };
    const ack = o.alertState.acked(a.key);
    const sil = a.status === 'open' ? o.alertState.silencedBy(a.node, { ...labels, node: a.node, rule: a.rule, severity: a.severity }) : undefined;
    return {
      id: a.key,
      node: a.node,
      rule: a.rule,
      severity: a.severity,
      status: a.status,
      openedAt: a.openedAt,
      updatedAt: a.updatedAt,
      resolvedAt: a.resolvedAt ?? null,
      summary: d.summary?.[lang] ?? a.summary,
      details: (d.details ?? []).map((x) => x[lang] ?? x.en),
      acknowledged: ack ?? null,
      silencedBy: sil?.id ?? null,
    };
  };

  const handlers: Record<string, Handler> = {
    async getMeta() {
      return { name: 'zlm-doctor', version: o.version ?? '0.0.0', demo: !!o.demo, lang: o.lang, auth: !!o.token, status: o.engine.monitorStatus, nodes: o.engine.states().length, history: !!history(), storage: !!o.store };
    },

    async listNodes(req) {
      const open = openCount();
      return listNodes(o.engine.states(), req.query as NodeQuery, (n) => open.get(n) ?? 0);
    },

    async getNode(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const lang = langOf(req, o);
      const v = o.engine.view?.(s.name);
      const drift = driftChanges(s.name).changes.filter((c) => c.risky).map((c) => c.key);
      const live = v?.live ? Object.fromEntries(Object.entries(v.live).filter(([k]) => k.startsWith('hook.'))) : undefined;
      const alerts = (o.store?.alerts() ?? []).filter((a) => a.node === s.name).sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || b.updatedAt - a.updatedAt).slice(0, 50);
      return {
        node: summarize(s, alerts.filter((a) => a.status === 'open').length),
        report: nodeReport(s, findingsOf(s.name, lang), drift, lang),
        hooks: hookChain(s.lastProbe, live),
        lastProbe: s.lastProbe ?? null,
        alerts: alerts.map((a) => alertJson(a, lang, s.labels)),
      };
    },

    async getFindings(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const findings = findingsOf(s.name, langOf(req, o));
      const summary = { error: 0, warning: 0, info: 0 };
      for (const f of findings) summary[f.severity]++;
      return { version: 1, node: s.name, findings, summary };
    },

    async getDrift(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const { changes } = driftChanges(s.name);
      const b = o.store?.config(s.name, 'baseline');
      const lc = o.engine.view?.(s.name)?.lastChange;
      return {
        version: 1,
        node: s.name,
        baseline: { source: b?.source ?? null, at: b?.at ?? null },
        changes: changes.map(changeJson),
        lastChange: lc ? { attribution: String(lc.attribution), keys: lc.changes.map((c) => c.key) } : null,
      };
    },

    async getConfig(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const v = o.engine.view?.(s.name);
      const stored = o.store?.config(s.name, 'last');
      const c = v?.last ?? (stored ? parseCanonical(stored.canonical) : undefined);
      const sections: Record<string, Record<string, string>> = {};
      for (const [k, val] of c?.entries ?? []) {
        const dot = k.indexOf('.');
        const sec = dot < 0 ? '' : k.slice(0, dot);
        const name = dot < 0 ? k : k.slice(dot + 1);
        // secret keys are fingerprint tokens already; anything else still passes the redactor (URLs with credentials …)
        const shown = isSecretConfigKey(k) || isSecretKey(name) ? (tokenFingerprint(val) !== undefined || val === '' ? val : '‹secret›') : o.redact(val);
        (sections[sec] ??= {})[name] = shown;
      }
      return { node: s.name, at: v?.liveAt ?? stored?.at ?? null, source: stored?.source ?? null, sections };
    },

    async getSeries(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const q = req.query as { resolution?: 'raw' | 'minute' | 'hour'; since?: number };
      const resolution = q.resolution ?? 'minute';
      const since = q.since ?? 0;
      let latency: { t: number; avgMs: number; maxMs: number; probes: number; failed: number; ready: number }[] = [];
      if (o.store) {
        if (resolution === 'raw') latency = o.store.samples(s.name, since).map((x) => ({ t: x.at, avgMs: x.ms, maxMs: x.ms, probes: 1, failed: x.readiness === 'api_unreachable' ? 1 : 0, ready: x.readiness === 'ready' ? 1 : 0 }));
        else {
          const size = resolution === 'minute' ? 60_000 : 3_600_000;
          latency = o.store
            .aggregates(resolution, s.name)
            .filter((a) => a.bucket * size >= since)
            .map((a) => ({ t: a.bucket * size, avgMs: Math.round(a.avgMs * 10) / 10, maxMs: a.maxMs, probes: a.probes, failed: a.failed, ready: a.ready }));
        }
      }
      return { node: s.name, resolution, latency: latency.slice(-1440), load: (ring.get(s.name) ?? []).filter((p) => p.t >= since) };
    },

    async getHistory(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const h = historyNode(s.name);
      if (!h) return sendError(reply, 404, 'not_found', msg(M.noHistory, langOf(req, o)));
      const q = req.query as { key?: string; since?: string };
      return historyJson(h.store, h.node, { ...(q.key ? { key: q.key } : {}), ...(q.since ? { since: new Date(q.since) } : {}) });
    },

    async getBlame(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      const h = historyNode(s.name);
      if (!h) return sendError(reply, 404, 'not_found', msg(M.noHistory, langOf(req, o)));
      return { version: 1, node: h.node, keys: blame(h.store.revisions(h.node)) };
    },

    async getRevision(req, reply) {
      const h = history();
      const lang = langOf(req, o);
      if (!h) return sendError(reply, 404, 'not_found', msg(M.noHistory, lang));
      let r: { node: { name: string }; revision: Revision };
      try {
        r = await h.revision(req.params.rev!);
      } catch (e) {
        if (e instanceof StoreError && (e.kind === 'unknown-rev' || e.kind === 'unknown-node')) return sendError(reply, 404, 'not_found', lang === 'zh' ? e.zh : e.message);
        throw e;
      }
      const { node: n, revision } = r;
      const after = parseCanonical(await h.text(revision.rev, n.name));
      const before = revision.parent ? parseCanonical(await h.text(revision.parent, n.name)) : { entries: new Map<string, string>() };
      return {
        version: 1,
        rev: revision.rev,
        node: n.name,
        parent: revision.parent,
        time: revision.time,
        source: revision.source,
        attribution: revision.attribution,
        reason: revision.reason,
        keys: revision.keys,
        parts: revision.parts ?? [],
        host: revision.host ?? null,
        mode: revision.mode ?? null,
        owner: revision.owner ?? null,
        actor: revision.actor ?? null,
        changes: semanticDiff(before, after).map(changeJson),
      };
    },

    async probeNode(req, reply) {
      const s = node(req, reply);
      if (!s) return reply;
      if (probing.has(s.name)) return sendError(reply, 409, 'conflict', msg(M.busy, langOf(req, o), s.name));
      probing.add(s.name);
      try {
        const after = (await o.engine.probeNow(s.name)) ?? s;
        return { node: summarize(after), lastProbe: after.lastProbe ?? null };
      } finally {
        probing.delete(s.name);
      }
    },

    async listEvents(req) {
      const q = req.query as { node?: string; since?: number; limit?: number };
      return { items: o.store?.events({ ...(q.node ? { node: q.node } : {}), ...(q.since !== undefined ? { since: q.since } : {}), limit: q.limit ?? 200 }) ?? [] };
    },

    async listAlerts(req) {
      const q = req.query as { status?: 'open' | 'resolved' | 'all'; node?: string; limit?: number };
      const lang = langOf(req, o);
      let rows = o.store?.alerts(q.status === 'all' || !q.status ? undefined : q.status) ?? [];
      if (q.node) rows = rows.filter((a) => a.node === q.node);
      rows.sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || b.updatedAt - a.updatedAt);
      const labels = (n: string) => o.engine.state(n)?.labels ?? {};
      return { items: rows.slice(0, q.limit ?? 200).map((a) => alertJson(a, lang, labels(a.node))), silences: o.alertState.active() };
    },

    async ackAlert(req, reply) {
      const id = req.params.id!;
      const row = (o.store?.alerts() ?? []).find((a) => a.key === id);
      if (!row) return sendError(reply, 404, 'not_found', msg(M.noAlert, langOf(req, o), id));
      const b = (req.body ?? {}) as { by?: string; comment?: string };
      o.alertState.ack(id, b.by, b.comment);
      o.sse.send('alert', { kind: 'acknowledged', id, node: row.node, severity: row.severity, summary: row.summary });
      return alertJson(row, langOf(req, o), o.engine.state(row.node)?.labels ?? {});
    },

    async createSilence(req, reply) {
      const b = req.body as { node?: string; labels?: Record<string, string>; duration: string; by?: string; comment?: string };
      const lang = langOf(req, o);
      const ms = parseDurationMs(b.duration);
      if (!(ms >= 1_000 && ms <= 30 * 86_400_000)) return sendError(reply, 400, 'bad_request', msg(M.duration, lang));
      if (b.node !== undefined && !o.engine.state(b.node)) return sendError(reply, 404, 'not_found', msg(M.noNode, lang, b.node));
      const s = o.alertState.silence({ ...(b.node !== undefined ? { node: b.node } : {}), ...(b.labels ? { labels: b.labels } : {}), durationMs: ms, ...(b.by ? { by: b.by } : {}), ...(b.comment ? { comment: b.comment } : {}) });
      o.sse.send('silence', { kind: 'created', silence: s });
      return reply.code(201).send(s);
    },

    async deleteSilence(req, reply) {
      const id = req.params.id!;
      if (!o.alertState.unsilence(id)) return sendError(reply, 404, 'not_found', msg(M.noSilence, langOf(req, o), id));
      o.sse.send('silence', { kind: 'deleted', id });
      return { ok: true };
    },

    async streamEvents(req, reply) {
      const states = o.engine.states();
      // the hub writes the response itself from now on
      reply.hijack();
      const ok = o.sse.add(reply.raw, { demo: !!o.demo, status: o.engine.monitorStatus, nodes: states.length });
      if (!ok) {
        reply.raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '10' });
        reply.raw.end(JSON.stringify({ error: 'too_many_clients', message: msg(M.full, langOf(req, o), o.sse.maxClients) }));
      }
      return reply;
    },

    async getOpenApi(_req, reply) {
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(openApiDocument({ version: o.version ?? '0.0.0', ...(o.demo ? { demo: true } : {}) })));
    },
  };

  for (const r of ROUTES as RouteDef[]) {
    const h = handlers[r.operationId];
    // /metrics and /healthz come from the monitor through route()
    if (!h) continue;
    app.route({
      method: r.method,
      url: r.url,
      schema: {
        ...(r.params ? { params: o.schema(r.params) } : {}),
        ...(r.querystring ? { querystring: o.schema(r.querystring) } : {}),
        ...(r.body ? { body: o.schema(r.body) } : {}),
      },
      // a body that may be left out (acknowledge): none is {}
      ...(r.body && r.bodyOptional ? { preValidation: async (req: FastifyRequest) => void (req.body ??= {}) } : {}),
      handler: h as never,
    });
  }
}
