/**
 * `serve`'s one HTTP listener: a Fastify app with the REST API (routes.ts),
 * server-sent events, the dashboard's static files, and the routes the
 * monitor registers itself (/metrics, /healthz) through the same `route()`
 * as its own small router had (src/monitor/http.ts), so startServe() can
 * take this server in place of that one.
 *
 * Security: it binds 127.0.0.1 unless told otherwise; any other address needs
 * a bearer token (listen() refuses without one); the token, when set, guards
 * /api/* (not /api/openapi.json) and /metrics, compared in constant time;
 * /healthz and the dashboard's static files are public. Every JSON answer and
 * SSE message passes the redactor (the config's secrets and secret shapes).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Lang } from '../i18n/index.ts';
import type { HistoryStore } from '../history/index.ts';
import type { AlertRow, EngineListener, MonitorStatus, NodeState, NodeView } from '../monitor/index.ts';
import { Redactor } from '../util/redact.ts';
import { AlertState, type MemoryStore } from './alert-state.ts';
import { inline } from './openapi.ts';
import { registerRoutes } from './routes.ts';
import { ROUTES } from './schemas.ts';
import { SseHub, type SseOptions } from './sse.ts';
import { serveStatic, webRootDir } from './static.ts';

/** What the API needs of the engine (MonitorEngine; a fake in tests and the bench). */
export interface ApiEngine {
  states(): NodeState[];
  state(name: string): NodeState | undefined;
  view?(name: string): NodeView | undefined;
  probeNow(name: string): Promise<NodeState | undefined>;
  listen(l: EngineListener): void;
  readonly monitorStatus: MonitorStatus;
}

/** An alert as the monitor store keeps it. */
export type ApiAlertRow = AlertRow;

/** What the API reads of the monitor store (MonitorStore). */
export interface ApiStore extends MemoryStore {
  events(opts?: { node?: string; since?: number; limit?: number }): { at: number; node: string; kind: string; message: string; data?: Record<string, unknown> }[];
  alerts(status?: 'open' | 'resolved'): ApiAlertRow[];
  samples(node: string, sinceMs?: number): { at: number; readiness: string; ms: number }[];
  aggregates(kind: 'minute' | 'hour', node: string): { bucket: number; probes: number; failed: number; ready: number; avgMs: number; maxMs: number }[];
  config(node: string, role: 'baseline' | 'last'): { canonical: string; source: string; at: number } | undefined;
}

export interface ApiServerOptions {
  engine: ApiEngine;
  store?: ApiStore;
  /** the config history (read only); a function so a store created later is found */
  history?: HistoryStore | (() => HistoryStore | undefined);
  lang: Lang;
  /** bearer token; required to listen on anything but loopback */
  token?: string;
  demo?: boolean;
  version?: string;
  /** knows the config's secrets; node secrets from engine.view() are added */
  redactor?: Redactor;
  /** the dashboard's files (web/dist); false: none; default: found beside the package */
  webRoot?: string | false;
  sse?: SseOptions;
  now?: () => number;
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface ApiServer {
  readonly app: FastifyInstance;
  readonly alertState: AlertState;
  readonly sse: SseHub;
  /** a raw node:http handler on the same listener (what src/monitor/http.ts offered) */
  route(method: string, path: string | RegExp, handler: RawHandler): void;
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  close(boundMs?: number): Promise<void>;
  readonly server: Server;
}

export class TokenRequiredError extends Error {
  readonly code = 'ZLM_TOKEN_REQUIRED';
  constructor(
    readonly host: string,
    lang: Lang,
  ) {
    super(
      lang === 'zh'
        ? `serve 监听 ${host} 时必须设置访问令牌（--token、ZLM_DOCTOR_TOKEN 或 zlm-doctor.yml 中的 token）；不带令牌只能监听 127.0.0.1`
        : `serve refuses to listen on ${host} without a token (--token, ZLM_DOCTOR_TOKEN or token: in zlm-doctor.yml); without one it listens on 127.0.0.1 only`,
    );
  }
}

/** 127.0.0.0/8, ::1, ::ffff:127.x, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `127.0.0.1:9797` → `127.0.0.1`, `[::1]:9797` → `::1` */
function hostName(host: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(host) ?? /^([^:]+)(?::\d+)?$/.exec(host);
  return m ? m[1]! : host;
}

function originHost(origin: string): string | undefined {
  try {
    // URL drops a default port (Host may keep it: both compared without)
    return new URL(origin).host.toLowerCase().replace(/:(80|443)$/, '');
  } catch {
    return undefined;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant time whatever the lengths (both sides hashed first). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(token));
}

const PUBLIC_API = new Set(ROUTES.filter((r) => r.public).map((r) => r.url));

function needsToken(path: string): boolean {
  if (PUBLIC_API.has(path)) return false;
  return path.startsWith('/api/') || path === '/api' || path === '/metrics';
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message });
}

export function createApiServer(o: ApiServerOptions): ApiServer {
  const redactor = new Redactor();
  if (o.redactor) redactor.merge(o.redactor);
  const learnNodes = () => {
    for (const s of o.engine.states()) redactor.add(o.engine.view?.(s.name)?.node.secret);
  };
  learnNodes();
  let merged = -1;
  const redact = (text: string) => {
    // the caller's redactor learns the secrets of a reloaded config: take them over when it grew
    if (o.redactor && o.redactor.known().length !== merged) {
      redactor.merge(o.redactor);
      merged = o.redactor.known().length;
    }
    return redactor.redact(text);
  };

  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    requestTimeout: 15_000,
    connectionTimeout: 0,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false, useDefaults: true } },
    routerOptions: { maxParamLength: 500 },
  });
  const sse = new SseHub({ ...o.sse, redact });
  const alertState = new AlertState(o.store, o.now);
  const webRoot = o.webRoot === false ? undefined : (o.webRoot ?? webRootDir());

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?', 1)[0]!;
    const host = req.headers.host ?? '';
    // DNS rebinding: without a token only a loopback Host is answered (a page of another site cannot read the API)
    if (!o.token && !isLoopback(hostName(host))) {
      return sendError(reply, 403, 'forbidden', o.lang === 'zh' ? `Host 头 "${host}" 不是回环地址：未设置令牌时只响应 127.0.0.1 / localhost` : `Host "${host}" is not loopback: without a token only 127.0.0.1 / localhost is answered`);
    }
    // cross-site requests that change something (acknowledge, silence, probe): a browser says where it comes from
    const origin = req.headers.origin;
    if (req.method !== 'GET' && req.method !== 'HEAD' && (req.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && originHost(origin) !== host.toLowerCase().replace(/:(80|443)$/, '')))) {
      return sendError(reply, 403, 'forbidden', o.lang === 'zh' ? '拒绝跨站请求' : 'cross-site request refused');
    }
    if (!o.token || !needsToken(path)) return;
    const h = req.headers.authorization;
    let given = h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined;
    // EventSource cannot send headers: the stream alone also takes ?access_token=
    if (given === undefined && path === '/api/events/stream') given = (req.query as Record<string, string | undefined>)?.access_token;
    if (!tokenMatches(given, o.token)) {
      reply.header('www-authenticate', 'Bearer realm="zlm-doctor"');
      return sendError(reply, 401, 'unauthorized', o.lang === 'zh' ? '缺少或错误的访问令牌（Authorization: Bearer …）' : 'missing or wrong token (Authorization: Bearer …)');
    }
  });

  // every JSON answer of the API passes the redactor
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (typeof payload !== 'string' || req.url.startsWith('/api/openapi.json')) return payload;
    const ct = String(reply.getHeader('content-type') ?? '');
    return ct.includes('json') ? redact(payload) : payload;
  });

  app.setErrorHandler((err: { validation?: unknown; statusCode?: number; code?: string; message: string }, _req, reply) => {
    if (err.validation) return sendError(reply, 400, 'bad_request', err.message);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) return sendError(reply, 500, 'internal', o.lang === 'zh' ? '内部错误' : 'internal error');
    return sendError(reply, status, status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'bad_request', redact(err.message));
  });

  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?', 1)[0]!;
    if (!path.startsWith('/api/') && path !== '/api' && webRoot && (req.method === 'GET' || req.method === 'HEAD')) {
      if (await serveStatic(webRoot, path, reply)) return reply;
    }
    return sendError(reply, 404, 'not_found', o.lang === 'zh' ? `没有此路径：${req.method} ${path}` : `no such route: ${req.method} ${path}`);
  });

  registerRoutes(app, { ...o, sse, alertState, redact, schema: (s) => inline(s) as Record<string, unknown> });

  o.engine.listen({ onNodesChanged: () => learnNodes() });

  let closed = false;
  return {
    app,
    alertState,
    sse,
    get server() {
      return app.server;
    },
    route(method, path, handler) {
      if (typeof path !== 'string') throw new Error('the API server takes string routes only');
      app.route({
        method: method.toUpperCase() as 'GET',
        url: path,
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          reply.hijack();
          const url = new URL(req.url, 'http://localhost');
          try {
            await handler(req.raw, reply.raw, url);
          } catch {
            if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
            reply.raw.end('internal error\n');
          }
        },
      });
    },
    async listen(host, port) {
      if (!isLoopback(host) && !o.token) throw new TokenRequiredError(host, o.lang);
      await app.listen({ host, port });
      const a = app.server.address() as { address: string; port: number };
      return { host: a.address, port: a.port };
    },
    async close(boundMs = 1_000) {
      if (closed) return;
      closed = true;
      sse.close();
      const t = setTimeout(() => app.server.closeAllConnections?.(), boundMs);
      try {
        app.server.closeIdleConnections?.();
        await Promise.race([app.close(), new Promise((r) => setTimeout(r, boundMs + 100))]);
      } finally {
        clearTimeout(t);
      }
    },
  };
}
