/**
 * The one HTTP transport of zlm-doctor: the ZLM API client (api.ts) and the
 * hook probe (doctor/probe.ts) both go through `httpExchange`.
 *
 * One exchange is ONE socket that we open ourselves (net/tls.connect) and hand
 * to node:http through `createConnection` (no agent, so Node never opens a
 * second connection). Every phase is timed on that socket, the way
 * blackbox_exporter does it: DNS, TCP connect, TLS, time to the response
 * head, total. One timer covers the whole exchange; at the deadline (or when
 * `signal` aborts) the socket is destroyed, so a peer that accepts and never
 * answers, never closes, or trickles bytes cannot keep the process alive.
 * Never throws.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { request, type IncomingMessage } from 'node:http';
import { unbracket } from '../util/ip.ts';

export type HttpPhase = 'dns' | 'connect' | 'tls' | 'request' | 'response';
export type HttpFailure = 'invalid-url' | 'dns' | 'refused' | 'timeout' | 'aborted' | 'network' | 'tls';

export interface HttpPhases {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** request sent → response head received */
  firstByteMs?: number;
  totalMs: number;
}

export interface HttpExchangeOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** hard deadline for the whole exchange, ms */
  timeoutMs: number;
  signal?: AbortSignal;
  /** stop after the TCP connect (no request is sent) */
  connectOnly?: boolean;
  /** https: verify the certificate (default true; ZLM itself does not verify hook receivers) */
  rejectUnauthorized?: boolean;
  /** bytes of body kept (the rest is read and dropped), default 1 MiB */
  maxBody?: number;
}

export interface HttpAnswer {
  ok: true;
  /** undefined for connectOnly */
  status?: number;
  statusText?: string;
  /** raw header pairs in order */
  headers: [string, string][];
  body: Buffer;
  truncated: boolean;
  phases: HttpPhases;
}

export interface HttpError {
  ok: false;
  failure: HttpFailure;
  /** the phase the exchange was in when it failed */
  phase: HttpPhase;
  /** errno code or a short reason (never the URL's query) */
  detail: string;
  /** system error code when there was one */
  code?: string;
  /** the HTTP status when the head had arrived */
  status?: number;
  phases: HttpPhases;
}

export type HttpResult = HttpAnswer | HttpError;

const TLS_CODES = /^(ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_|ERR_OSSL)/;

export function httpExchange(url: string | URL, opts: HttpExchangeOptions): Promise<HttpResult> {
  const t0 = performance.now();
  const since = (t: number) => Math.round(performance.now() - t);
  const phases: HttpPhases = { totalMs: 0 };
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return Promise.resolve({ ok: false, failure: 'invalid-url', phase: 'dns', detail: 'not an http(s) URL', phases: { totalMs: 0 } });
  }
  const tls = u.protocol === 'https:';
  const host = unbracket(u.hostname);
  const port = u.port ? Number(u.port) : tls ? 443 : 80;
  const maxBody = opts.maxBody ?? 1024 * 1024;

  return new Promise<HttpResult>((resolve) => {
    let phase: HttpPhase = isIP(host) ? 'connect' : 'dns';
    let settled = false;
    let status: number | undefined;
    let socket: Socket | undefined;
    let tPhase = t0;
    const finish = (r: HttpResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      phases.totalMs = since(t0);
      r.phases = phases;
      socket?.destroy();
      resolve(r);
    };
    const fail = (failure: HttpFailure, detail: string, code?: string): void =>
      finish({ ok: false, failure, phase, detail, ...(code ? { code } : {}), ...(status !== undefined ? { status } : {}), phases });
    const onError = (e: NodeJS.ErrnoException): void => {
      const code = e.code ?? '';
      if (phase === 'dns' || e.syscall === 'getaddrinfo' || /^(ENOTFOUND|EAI_)/.test(code)) return fail('dns', code || 'lookup failed', code || undefined);
      if (code === 'ECONNREFUSED') return fail('refused', code, code);
      if (phase === 'tls' || TLS_CODES.test(code)) return fail('tls', code || e.message, code || undefined);
      fail('network', code || e.message, code || undefined);
    };
    const timer = setTimeout(() => fail('timeout', `no answer within ${opts.timeoutMs} ms`), Math.max(0, opts.timeoutMs));
    const onAbort = (): void => fail('aborted', 'cancelled');
    if (opts.signal?.aborted) return fail('aborted', 'cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      socket = tls
        ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: opts.rejectUnauthorized ?? true, ALPNProtocols: ['http/1.1'] })
        : netConnect({ host, port });
    } catch (e) {
      return fail('network', (e as Error).message);
    }
    const sock = socket;
    sock.on('error', onError);
    sock.once('lookup', (e: Error | null) => {
      if (e) return;
      phases.dnsMs = since(tPhase);
      tPhase = performance.now();
      phase = 'connect';
    });
    sock.once('connect', () => {
      if (phase === 'dns') phases.dnsMs = 0;
      phases.connectMs = since(tPhase);
      tPhase = performance.now();
      if (opts.connectOnly) return finish({ ok: true, headers: [], body: Buffer.alloc(0), truncated: false, phases });
      phase = tls ? 'tls' : 'request';
    });
    if (opts.connectOnly) return;
    if (tls) {
      sock.once('secureConnect', () => {
        phases.tlsMs = since(tPhase);
        tPhase = performance.now();
        phase = 'request';
      });
    }

    const headers: Record<string, string> = { Connection: 'close', ...(opts.headers ?? {}) };
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
    if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
    // no `agent`: with createConnection and no agent, node:http uses exactly this socket
    const req = request({ method: opts.method ?? (body ? 'POST' : 'GET'), host: u.hostname, port, path: `${u.pathname}${u.search}`, headers, createConnection: () => sock });
    req.on('error', onError);
    req.on('finish', () => {
      if (phase === 'request') tPhase = performance.now();
    });
    req.on('response', (res: IncomingMessage) => {
      phases.firstByteMs = since(tPhase);
      phase = 'response';
      status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (c: Buffer) => {
        if (size + c.length <= maxBody) chunks.push(c);
        else {
          if (size < maxBody) chunks.push(c.subarray(0, maxBody - size));
          truncated = true;
        }
        size += c.length;
      });
      res.on('error', onError);
      res.on('aborted', () => fail('network', 'ECONNRESET', 'ECONNRESET'));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        finish({ ok: true, status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: pairs, body: Buffer.concat(chunks), truncated, phases });
      });
    });
    req.end(body);
  });
}
