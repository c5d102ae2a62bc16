/**
 * One HTTP probe, the way Prometheus' blackbox_exporter does it: a single
 * attempt, an explicit timeout, and the time spent in each phase (DNS, TCP
 * connect, waiting for the answer, reading it). Never throws.
 */
import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';

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
  phases: { dnsMs?: number; connectMs?: number; firstByteMs?: number; totalMs: number };
  /** the phase the probe was in when it failed or timed out */
  phase?: 'dns' | 'connect' | 'tls' | 'request' | 'response';
}

export interface ProbeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** POST this JSON body; without it only DNS and TCP are probed (no HTTP request is sent) */
  body?: unknown;
  /** expect a ZLM hook answer: JSON with integer code 0 */
  expectCodeZero?: boolean;
  headers?: Record<string, string>;
}

const MAX_BODY = 64 * 1024;

export async function probeUrl(url: string, opts: ProbeOptions): Promise<ProbeResult> {
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  const res: ProbeResult = { url, ok: false, phases: { totalMs: 0 } };
  const finish = (r: Partial<ProbeResult>): ProbeResult => {
    Object.assign(res, r);
    res.phases.totalMs = since();
    return res;
  };
  let u: URL;
  try {
    u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return finish({ failure: 'invalid-url', detail: 'not an http(s) URL' });
  }
  const tls = u.protocol === 'https:';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port ? Number(u.port) : tls ? 443 : 80;

  let timer: NodeJS.Timeout | undefined;
  let socket: Socket | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    opts.signal?.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
  let phase: ProbeResult['phase'] = 'dns';
  const work = (async (): Promise<Partial<ProbeResult>> => {
    // DNS
    let address = host;
    if (isIP(host) === 0) {
      const d0 = performance.now();
      try {
        address = (await lookup(host)).address;
      } catch (e) {
        return { failure: 'dns', detail: (e as NodeJS.ErrnoException).code ?? 'lookup failed', phase: 'dns' };
      }
      res.phases.dnsMs = Math.round(performance.now() - d0);
    }
    // TCP
    phase = 'connect';
    const c0 = performance.now();
    try {
      socket = await new Promise<Socket>((resolve, reject) => {
        const s = connect({ host: address, port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      return { failure: code === 'ECONNREFUSED' ? 'refused' : 'network', detail: code, phase: 'connect' };
    }
    res.phases.connectMs = Math.round(performance.now() - c0);
    if (opts.body === undefined) {
      socket.destroy();
      return { ok: true };
    }
    // HTTP(S) request on the connected socket
    phase = tls ? 'tls' : 'request';
    const payload = Buffer.from(JSON.stringify(opts.body));
    const r0 = performance.now();
    return await new Promise<Partial<ProbeResult>>((resolve) => {
      const sock = socket!;
      const make = tls ? httpsRequest : request;
      const req = make(
        {
          method: 'POST',
          host,
          port,
          path: `${u.pathname}${u.search}`,
          headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length, Accept: '*/*', Connection: 'close', ...(opts.headers ?? {}) },
          createConnection: () => (tls ? tlsConnect({ socket: sock, servername: isIP(host) ? undefined : host, rejectUnauthorized: false }) : sock),
          agent: false,
        },
        (resp) => {
          phase = 'response';
          res.phases.firstByteMs = Math.round(performance.now() - r0);
          const chunks: Buffer[] = [];
          let size = 0;
          resp.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_BODY) chunks.push(c);
          });
          resp.on('error', (e) => resolve({ failure: 'network', detail: e.message, phase: 'response' }));
          resp.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = resp.statusCode ?? 0;
            if (status !== 200) return resolve({ failure: 'http-status', status, bodySample: text.slice(0, 200), phase: 'response' });
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              return resolve({ failure: 'not-json', status, bodySample: text.slice(0, 200), phase: 'response' });
            }
            if (opts.expectCodeZero) {
              const code = (json as { code?: unknown } | null)?.code;
              if (typeof code !== 'number' || !Number.isInteger(code)) return resolve({ failure: 'bad-code', status, json, detail: 'code not int', phase: 'response' });
              if (code !== 0) return resolve({ failure: 'bad-code', status, json, detail: `code ${code}`, phase: 'response' });
            }
            resolve({ ok: true, status, json });
          });
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ failure: tls && phase === 'tls' ? 'tls' : 'network', detail: e.code ?? e.message, phase }));
      req.end(payload);
    });
  })();
  const out = await Promise.race([work, timeout]);
  clearTimeout(timer);
  socket?.destroy();
  if (out === 'timeout') return finish({ failure: 'timeout', detail: `no answer within ${opts.timeoutMs} ms`, phase });
  return finish(out);
}
