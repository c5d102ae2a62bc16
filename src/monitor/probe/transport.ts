/**
 * The API probe's transport: ONE connection per probe, kept alive across the
 * probe's API calls (version, then getServerConfig, getThreadsLoad,
 * getStatistic, getMediaList, queued on it in turn) and closed when the
 * probe ends. A probe thus costs one TCP connect instead of five, holds no
 * socket between probes (a 1,000-node fleet keeps no 1,000 idle sockets, and
 * a node that stopped still shows up as "connection refused" at the next
 * probe), and every probe still times a connection: DNS, TCP connect and TLS
 * are taken when the connection is made, time to first byte and total per
 * call. A call that fails on the kept connection before any answer (the peer
 * closed it between two calls) is sent once more on a new connection: that is
 * the call's one real attempt, not a retry of a node's failure.
 *
 * The fetch it returns answers what createZlmApi reads (status, headers,
 * text()) without building a WHATWG Response. The caller's signal is the
 * deadline: when it aborts, the request and its socket are destroyed, so a
 * peer that accepts and never answers (or trickles bytes) holds nothing.
 */
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { HttpPhases } from '../../zlm/http.ts';

/** bytes of an answer kept (as the one-shot transport keeps) */
const MAX_BODY = 1024 * 1024;

export interface ProbeTransport {
  /** what createZlmApi's fetchImpl expects */
  fetch: typeof fetch;
  /** phases of the first exchange (the one that made the connection) */
  readonly phases: HttpPhases | undefined;
  /** close the connection (end of the probe) */
  close(): void;
}

interface Answer {
  status: number;
  statusText: string;
  headers: string[];
  body: Buffer;
}

function fetchFailed(e: NodeJS.ErrnoException): TypeError {
  return new TypeError('fetch failed', { cause: e });
}

/** The kept connection failed before any answer: the call was not answered by the node (yet). */
class StaleConnection extends Error {
  constructor(readonly failure: unknown) {
    super('stale connection');
  }
}

export function probeTransport(opts: { rejectUnauthorized?: boolean } = {}): ProbeTransport {
  let agent: Agent | undefined;
  let phases: HttpPhases | undefined;

  const agentFor = (tls: boolean): Agent => {
    agent ??= tls ? new HttpsAgent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: opts.rejectUnauthorized ?? true }) : new Agent({ keepAlive: true, maxSockets: 1 });
    return agent;
  };

  const exchange = (u: URL, init: RequestInit | undefined, signal: AbortSignal | undefined, pooled: boolean): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      const t0 = performance.now();
      const p: HttpPhases = { totalMs: 0 };
      const tls = u.protocol === 'https:';
      const headers: Record<string, string> = {};
      const h = init?.headers;
      // createZlmApi passes a plain object: no WHATWG Headers built for it
      if (h && !(h instanceof Headers) && !Array.isArray(h)) for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = String(v);
      else new Headers(h).forEach((v, k) => (headers[k] = v));
      if (!pooled) headers.connection = 'close';
      let settled = false;
      let answered = false;
      let reused = false;
      const done = (err: unknown, a?: Answer): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        p.totalMs = Math.round(performance.now() - t0);
        if (!reused) phases ??= p;
        if (err !== undefined) {
          req.destroy();
          reject(reused && !answered && !signal?.aborted ? new StaleConnection(err) : err);
        } else resolve(a!);
      };
      const onAbort = (): void => done(signal!.reason);
      const options = { method: init?.method ?? 'GET', headers, agent: pooled ? agentFor(tls) : false, ...(tls ? { rejectUnauthorized: opts.rejectUnauthorized ?? true } : {}) } as const;
      const req: ClientRequest = (tls ? httpsRequest : request)(u, options);
      req.on('socket', (s: Socket) => {
        if (!s.connecting) {
          reused = true;
          return;
        }
        let tPhase = t0;
        const lap = (): number => {
          const now = performance.now();
          const ms = Math.round(now - tPhase);
          tPhase = now;
          return ms;
        };
        s.once('lookup', () => (p.dnsMs = lap()));
        s.once('connect', () => (p.connectMs = lap()));
        if (tls) s.once('secureConnect', () => (p.tlsMs = lap()));
      });
      let sent = t0;
      req.on('finish', () => (sent = performance.now()));
      req.on('error', (e) => done(fetchFailed(e)));
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        p.firstByteMs = Math.round(performance.now() - sent);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(size + c.length <= MAX_BODY ? c : c.subarray(0, MAX_BODY - size));
          size += c.length;
        });
        res.on('error', (e) => done(fetchFailed(e)));
        res.on('aborted', () => done(fetchFailed(Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' }))));
        res.on('end', () => done(undefined, { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.rawHeaders, body: Buffer.concat(chunks) }));
      });
      if (signal?.aborted) return done(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });

  const fetchImpl = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const href = input instanceof Request ? input.url : String(input);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    let u: URL;
    try {
      u = new URL(href);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('not an http(s) URL'), { code: 'ERR_INVALID_URL' }) });
    }
    let a: Answer;
    try {
      a = await exchange(u, init, signal, true);
    } catch (e) {
      if (!(e instanceof StaleConnection)) throw e;
      if (signal?.aborted) throw signal.reason;
      // the kept connection was closed by the peer between two calls: the call goes out once, on a new connection
      a = await exchange(u, init, signal, false);
    }
    const status = a.status < 200 || a.status > 599 ? 599 : a.status;
    const text = a.body.toString('utf8');
    const headers = {
      forEach(cb: (value: string, key: string) => void): void {
        for (let i = 0; i + 1 < a.headers.length; i += 2) cb(a.headers[i + 1]!, a.headers[i]!.toLowerCase());
      },
      get(name: string): string | null {
        const n = name.toLowerCase();
        const v: string[] = [];
        for (let i = 0; i + 1 < a.headers.length; i += 2) if (a.headers[i]!.toLowerCase() === n) v.push(a.headers[i + 1]!);
        return v.length ? v.join(', ') : null;
      },
    };
    // what createZlmApi reads of an answer; a WHATWG Response would cost more than the exchange
    return { status, statusText: a.statusText, ok: status >= 200 && status < 300, headers, text: () => Promise.resolve(text), json: () => Promise.resolve(JSON.parse(text) as unknown) } as unknown as Response;
  };

  return {
    fetch: fetchImpl as typeof fetch,
    get phases() {
      return phases;
    },
    close() {
      agent?.destroy();
      agent = undefined;
    },
  };
}
