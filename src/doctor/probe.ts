/**
 * One HTTP probe, the way Prometheus' blackbox_exporter does it: a single
 * attempt, an explicit timeout, and the time spent in each phase (DNS, TCP
 * connect, TLS, waiting for the answer, reading it), all on one socket that
 * is destroyed at the deadline (src/zlm/http.ts). Never throws.
 */
import { httpExchange } from '../zlm/http.ts';

export type ProbeFailure = 'dns' | 'refused' | 'timeout' | 'network' | 'tls' | 'http-status' | 'not-json' | 'bad-code' | 'invalid-url';

export interface ProbeResult {
  url: string;
  ok: boolean;
  failure?: ProbeFailure;
  /** errno or a short reason */
  detail?: string;
  status?: number;
  /** parsed JSON body when there was one */
  json?: unknown;
  /** first bytes of a non-JSON body */
  bodySample?: string;
  phases: { dnsMs?: number; connectMs?: number; tlsMs?: number; firstByteMs?: number; totalMs: number };
  /** the phase the probe was in when it failed or timed out */
  phase?: 'dns' | 'connect' | 'tls' | 'request' | 'response';
  /** how long the probe was allowed to wait, ms (what a timeout message must name) */
  budgetMs: number;
  /** the answer's Server header (ZLM's own HTTP server says `ZLMediaKit(git hash:…)`) */
  server?: string;
}

export interface ProbeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** POST this JSON body; without it only DNS and TCP are probed (no HTTP request is sent) */
  body?: unknown;
  /**
   * Without a body: send a bodiless GET and accept any HTTP answer. It has no
   * side effect on a hook receiver (hooks are POST) and tells a live receiver
   * from one that accepts connections and never answers.
   */
  liveness?: boolean;
  /** expect a ZLM hook answer: JSON with integer code 0 */
  expectCodeZero?: boolean;
  headers?: Record<string, string>;
}

const MAX_BODY = 64 * 1024;

export async function probeUrl(url: string, opts: ProbeOptions): Promise<ProbeResult> {
  const r = await httpExchange(url, {
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    connectOnly: opts.body === undefined && !opts.liveness,
    // ZLM does not verify a hook receiver's certificate: neither does the probe
    rejectUnauthorized: false,
    maxBody: MAX_BODY,
    ...(opts.body !== undefined
      ? { method: 'POST', body: JSON.stringify(opts.body), headers: { 'Content-Type': 'application/json', Accept: '*/*', ...(opts.headers ?? {}) } }
      : { method: 'GET', headers: { Accept: '*/*', ...(opts.headers ?? {}) } }),
  });
  const res: ProbeResult = { url, ok: false, phases: r.phases, budgetMs: opts.timeoutMs };
  if (!r.ok) {
    const failure: ProbeFailure = r.failure === 'aborted' ? 'timeout' : r.failure;
    return { ...res, failure, detail: r.detail, phase: r.phase, ...(r.status !== undefined ? { status: r.status } : {}) };
  }
  const status = r.status ?? 0;
  const server = r.headers.find(([k]) => k.toLowerCase() === 'server')?.[1];
  if (server !== undefined) res.server = server;
  if (opts.body === undefined) return { ...res, ok: true, ...(r.status !== undefined ? { status } : {}) };
  const text = r.body.toString('utf8');
  if (status !== 200) return { ...res, failure: 'http-status', status, bodySample: text.slice(0, 200), phase: 'response' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...res, failure: 'not-json', status, bodySample: text.slice(0, 200), phase: 'response' };
  }
  if (opts.expectCodeZero) {
    const code = (json as { code?: unknown } | null)?.code;
    if (typeof code !== 'number' || !Number.isInteger(code)) return { ...res, failure: 'bad-code', status, json, detail: 'code not int', phase: 'response' };
    if (code !== 0) return { ...res, failure: 'bad-code', status, json, detail: `code ${code}`, phase: 'response' };
  }
  return { ...res, ok: true, status, json };
}
