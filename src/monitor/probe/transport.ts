/**
 * The API probe's transport: one connection per node, kept alive across the
 * probe's API calls (getServerConfig, then getThreadsLoad and getMediaList,
 * and version when it is due, sent on it one after another) and across the
 * node's probes while it stays open: a parked connection is closed after
 * CONNECTION_IDLE_MS without a probe, and a probe opens a new one when the
 * kept one is CONNECTION_MAX_AGE_MS old, so a node is still connected to
 * anew (and its DNS, TCP connect and TLS timed) at least once a minute. A
 * 1,000-node fleet at a 10 s interval thus makes about 17 connections a
 * second instead of 100: on loopback the connect and close are a third of
 * what a probe costs the monitor (bench/fleet.ts). A node that stops closes
 * its sockets, so the next probe still sees "connection refused"; a node that
 * hangs holds the call only until the probe's deadline. Each probe reports
 * the phases of its first call: time to first byte and total, with the DNS,
 * connect and TLS timings of the connection that carried it. A call that
 * fails on the kept connection before any answer (the peer closed it between
 * two calls) is sent once more on a new connection: that is the call's one
 * real attempt, not a retry of a node's failure.
 *
 * It speaks HTTP/1.1 itself on the socket (net/tls.connect): the request is
 * one write, the answer is read by a small parser (status line, headers,
 * Content-Length, chunked, or until close; 1xx skipped). A monitor probing a
 * fleet sends three or four small GETs per node per interval: node:http's
 * ClientRequest, IncomingMessage, Agent and parser objects per call cost more
 * CPU than the exchange itself (bench/fleet.ts). Requests are never
 * pipelined: ZLM answers an asynchronous API (getThreadsLoad) after a
 * synchronous one sent behind it on the same connection.
 *
 * The fetch it returns answers what createZlmApi reads (status, headers,
 * text()) without building a WHATWG Response. The caller's signal is the
 * deadline: when it aborts, the socket is destroyed and every call waiting on
 * it fails, so a peer that accepts and never answers (or trickles bytes)
 * holds nothing.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { HttpPhases } from '../../zlm/http.ts';

/** bytes of an answer kept (as the one-shot transport keeps); the rest is read and dropped */
const MAX_BODY = 1024 * 1024;
/** bytes of a response head (status line + headers) accepted, like node:http's default */
const MAX_HEAD = 16 * 1024;

/** A kept connection is replaced by a new one when it is this old: a node is connected to (and timed) anew at least once a minute. */
export const CONNECTION_MAX_AGE_MS = 60_000;
/** A parked connection that no probe used for this long is closed (ZLM's own http.keepAliveSecond is 15 or 30). */
export const CONNECTION_IDLE_MS = 30_000;

export interface ProbeTransport {
  /** what createZlmApi's fetchImpl expects */
  fetch: typeof fetch;
  /** phases of the probe's first exchange; DNS, connect and TLS are those of the connection that carried it */
  readonly phases: HttpPhases | undefined;
  /** a probe starts: its phases anew; a kept connection that closed or is too old is dropped */
  begin(): void;
  /** the probe ended well: keep the open connection, idle and unreferenced, for the node's next probe */
  park(): void;
  /** close the connection (a failed probe, a node no longer monitored) */
  close(): void;
}

interface Answer {
  status: number;
  statusText: string;
  /** raw name/value pairs in order */
  headers: string[];
  body: Buffer;
}

function sysError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
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

/** A response read incrementally from the socket: `push` returns the bytes past its end (a pipelined extra), or undefined while incomplete. */
class ResponseParser {
  private head: Buffer[] = [];
  private headSize = 0;
  private state: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'until-close' | 'done' = 'head';
  private left = 0;
  private chunks: Buffer[] = [];
  private kept = 0;
  /** any byte received */
  started = false;
  status = 0;
  statusText = '';
  headers: string[] = [];
  /** the connection cannot carry another request after this answer */
  closeAfter = false;
  private line: Buffer[] = [];

  get done(): boolean {
    return this.state === 'done';
  }

  get readsUntilClose(): boolean {
    return this.state === 'until-close';
  }

  body(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }

  private keep(b: Buffer): void {
    if (this.kept >= MAX_BODY || b.length === 0) return;
    const c = this.kept + b.length <= MAX_BODY ? b : b.subarray(0, MAX_BODY - this.kept);
    this.chunks.push(c);
    this.kept += c.length;
  }

  /** @throws a parse error (code HPE_*) */
  push(data: Buffer): Buffer | undefined {
    this.started = true;
    let b = data;
    while (b.length > 0 && this.state !== 'done') {
      switch (this.state) {
        case 'head': {
          // the end of the head may straddle two reads: search the joined tail
          const prev = this.headSize;
          this.head.push(b);
          this.headSize += b.length;
          const all = this.head.length === 1 ? b : Buffer.concat(this.head);
          const end = all.indexOf('\r\n\r\n', Math.max(0, prev - 3));
          if (end < 0) {
            if (this.headSize > MAX_HEAD) throw sysError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow');
            this.head = [all];
            return undefined;
          }
          if (end > MAX_HEAD) throw sysError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow');
          this.head = [];
          this.headSize = 0;
          b = all.subarray(end + 4);
          this.startBody(all.toString('latin1', 0, end));
          break;
        }
        case 'body': {
          const n = Math.min(this.left, b.length);
          this.keep(b.subarray(0, n));
          this.left -= n;
          b = b.subarray(n);
          if (this.left === 0) this.state = 'done';
          break;
        }
        case 'until-close':
          this.keep(b);
          return undefined;
        case 'chunk-size':
        case 'chunk-crlf':
        case 'trailer': {
          const nl = b.indexOf(10);
          if (nl < 0) {
            this.line.push(b);
            if (this.line.reduce((a, x) => a + x.length, 0) > MAX_HEAD) throw sysError('HPE_INVALID_CHUNK_SIZE', 'Parse Error: Invalid character in chunk size');
            return undefined;
          }
          this.line.push(b.subarray(0, nl + 1));
          const line = Buffer.concat(this.line).toString('latin1').replace(/\r?\n$/, '');
          this.line = [];
          b = b.subarray(nl + 1);
          if (this.state === 'chunk-crlf') {
            if (line !== '') throw sysError('HPE_STRICT', 'Parse Error: Expected CRLF after chunk');
            this.state = 'chunk-size';
          } else if (this.state === 'trailer') {
            if (line === '') this.state = 'done';
          } else {
            const m = /^([0-9a-fA-F]{1,8})\s*(?:;.*)?$/.exec(line);
            if (!m) throw sysError('HPE_INVALID_CHUNK_SIZE', 'Parse Error: Invalid character in chunk size');
            this.left = parseInt(m[1]!, 16);
            this.state = this.left === 0 ? 'trailer' : 'chunk-data';
          }
          break;
        }
        case 'chunk-data': {
          const n = Math.min(this.left, b.length);
          this.keep(b.subarray(0, n));
          this.left -= n;
          b = b.subarray(n);
          if (this.left === 0) this.state = 'chunk-crlf';
          break;
        }
      }
    }
    if (this.state === 'done') return b;
    return undefined;
  }

  private startBody(head: string): void {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]!);
    if (!m) throw sysError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/');
    const status = Number(m[2]);
    const headers: string[] = [];
    let length: number | undefined;
    let chunked = false;
    let connClose = m[1] === '0';
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      const c = l.indexOf(':');
      if (c <= 0) throw sysError('HPE_INVALID_HEADER_TOKEN', 'Parse Error: Invalid header token');
      const name = l.slice(0, c).trim();
      const value = l.slice(c + 1).trim();
      headers.push(name, value);
      const n = name.toLowerCase();
      if (n === 'content-length') {
        if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value))) throw sysError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Parse Error: Invalid Content-Length');
        length = Number(value);
      } else if (n === 'transfer-encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
      else if (n === 'connection') {
        if (/(?:^|,)\s*close\s*(?:,|$)/i.test(value)) connClose = true;
        else if (m[1] === '0' && /(?:^|,)\s*keep-alive\s*(?:,|$)/i.test(value)) connClose = false;
      }
    }
    // an interim answer (100 Continue, 103 Early Hints): the real one follows
    if (status >= 100 && status < 200 && status !== 101) {
      this.state = 'head';
      return;
    }
    this.status = status;
    this.statusText = m[3] ?? '';
    this.headers = headers;
    this.closeAfter = connClose;
    if (status === 204 || status === 304) this.state = 'done';
    else if (chunked) this.state = 'chunk-size';
    else if (length !== undefined) {
      this.left = length;
      this.state = length === 0 ? 'done' : 'body';
    } else {
      this.state = 'until-close';
      this.closeAfter = true;
    }
  }
}

/** The headers of an answer, as createZlmApi reads them (forEach, get). */
class AnswerHeaders {
  constructor(private readonly h: string[]) {}

  forEach(cb: (value: string, key: string) => void): void {
    for (let i = 0; i + 1 < this.h.length; i += 2) cb(this.h[i + 1]!, this.h[i]!.toLowerCase());
  }

  get(name: string): string | null {
    const n = name.toLowerCase();
    const v: string[] = [];
    for (let i = 0; i + 1 < this.h.length; i += 2) if (this.h[i]!.toLowerCase() === n) v.push(this.h[i + 1]!);
    return v.length ? v.join(', ') : null;
  }
}

/**
 * What createZlmApi reads of an answer (a WHATWG Response would cost more than the exchange). A class, not an
 * object of closures: four calls per probe, a thousand probes per ten seconds.
 */
class ProbeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: AnswerHeaders;
  /** decoded when asked for (createZlmApi with an answer memo hashes the bytes and may never need the text) */
  private decoded: string | undefined;

  constructor(private readonly a: Answer) {
    this.status = a.status < 200 || a.status > 599 ? 599 : a.status;
    this.statusText = a.statusText;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new AnswerHeaders(a.headers);
  }

  private decode(): string {
    const b = this.a.body;
    return (this.decoded ??= b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.toString('utf8', 3) : b.toString('utf8'));
  }

  text(): Promise<string> {
    return Promise.resolve(this.decode());
  }

  json(): Promise<unknown> {
    return Promise.resolve(JSON.parse(this.decode()) as unknown);
  }

  bytes(): Promise<Buffer> {
    return Promise.resolve(this.a.body);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.a.body;
    return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }
}

/** One open connection: calls take turns on it. */
interface Conn {
  socket: Socket;
  /** scheme://host:port it is connected to */
  origin: string;
  /** performance.now() when it was opened */
  openedAt: number;
  /** DNS, connect and TLS timings taken when it was opened */
  made: HttpPhases;
  /** the exchange reading from it now */
  onData?: (b: Buffer) => void;
  onEnd?: (e?: NodeJS.ErrnoException) => void;
  /** answered at least once (a failure before the next answer may be a stale keep-alive) */
  used: boolean;
  dead: boolean;
}

export function probeTransport(opts: { rejectUnauthorized?: boolean; maxAgeMs?: number; idleMs?: number } = {}): ProbeTransport {
  const maxAgeMs = opts.maxAgeMs ?? CONNECTION_MAX_AGE_MS;
  const idleMs = opts.idleMs ?? CONNECTION_IDLE_MS;
  let conn: Conn | undefined;
  let phases: HttpPhases | undefined;
  /** calls take turns on the one connection */
  let busy = false;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  /** wait for the connection; a call waiting its turn still honours its deadline */
  const acquire = (signal: AbortSignal | undefined): Promise<void> | undefined => {
    if (!busy) {
      busy = true;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        reject(signal!.reason as Error);
      };
      waiting.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  const drop = (c: Conn): void => {
    c.dead = true;
    c.socket.destroy();
    if (conn === c) conn = undefined;
  };

  const open = (u: URL, origin: string, p: HttpPhases, t0: number): Conn => {
    const tls = u.protocol === 'https:';
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const port = u.port ? Number(u.port) : tls ? 443 : 80;
    const socket = tls
      ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: opts.rejectUnauthorized ?? true, ALPNProtocols: ['http/1.1'] })
      : netConnect({ host, port });
    socket.setNoDelay(true);
    const c: Conn = { socket, origin, openedAt: t0, made: p, used: false, dead: false };
    let tPhase = t0;
    const lap = (): number => {
      const now = performance.now();
      const ms = Math.round(now - tPhase);
      tPhase = now;
      return ms;
    };
    socket.once('lookup', () => (p.dnsMs = lap()));
    socket.once('connect', () => (p.connectMs = lap()));
    if (tls) socket.once('secureConnect', () => (p.tlsMs = lap()));
    socket.on('data', (b: Buffer) => {
      if (c.onData) c.onData(b);
      // bytes nobody asked for: the connection is out of step
      else drop(c);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      c.dead = true;
      c.onEnd?.(e);
    });
    socket.on('end', () => {
      c.dead = true;
      c.onEnd?.();
    });
    // parked and unused for idleMs (the timeout is set only while parked)
    socket.on('timeout', () => {
      if (!busy) drop(c);
    });
    socket.on('close', () => {
      c.dead = true;
      if (conn === c) conn = undefined;
      c.onEnd?.();
    });
    return c;
  };

  const exchange = (u: URL, init: RequestInit | undefined, signal: AbortSignal | undefined, fresh: boolean): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      const t0 = performance.now();
      const p: HttpPhases = { totalMs: 0 };
      const origin = `${u.protocol}//${u.host}`;
      if (conn && (fresh || conn.dead || conn.origin !== origin)) drop(conn);
      const reused = conn !== undefined && !conn.dead;
      let c: Conn;
      try {
        c = reused ? conn! : (conn = open(u, origin, p, t0));
      } catch (e) {
        reject(fetchFailed(e as NodeJS.ErrnoException));
        return;
      }
      const parser = new ResponseParser();
      let settled = false;
      let sent = t0;
      const done = (err: unknown, a?: Answer): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        c.onData = undefined;
        c.onEnd = undefined;
        p.totalMs = Math.round(performance.now() - t0);
        const stale = err !== undefined && reused && c.used && !parser.started && !signal?.aborted;
        if (phases === undefined && !stale) {
          if (reused) {
            const m = c.made;
            if (m.dnsMs !== undefined) p.dnsMs = m.dnsMs;
            if (m.connectMs !== undefined) p.connectMs = m.connectMs;
            if (m.tlsMs !== undefined) p.tlsMs = m.tlsMs;
          }
          phases = p;
        }
        if (err !== undefined) {
          drop(c);
          reject(stale ? new StaleConnection(err) : err);
        } else {
          c.used = true;
          resolve(a!);
        }
      };
      const onAbort = (): void => done(signal!.reason);
      const answer = (): Answer => ({ status: parser.status, statusText: parser.statusText, headers: parser.headers, body: parser.body() });
      c.onData = (b) => {
        if (!parser.started) p.firstByteMs = Math.round(performance.now() - sent);
        let extra: Buffer | undefined;
        try {
          extra = parser.push(b);
        } catch (e) {
          return done(fetchFailed(e as NodeJS.ErrnoException));
        }
        if (extra === undefined) return;
        // bytes past the answer, or an answer that ends the connection: no further call on it
        if (extra.length > 0 || parser.closeAfter) drop(c);
        done(undefined, answer());
      };
      c.onEnd = (e) => {
        // a body read until the peer closes is complete at the close
        if (!e && parser.readsUntilClose) {
          drop(c);
          return done(undefined, answer());
        }
        done(fetchFailed(e ?? sysError('ECONNRESET', parser.started ? 'aborted' : 'socket hang up')));
      };
      if (signal?.aborted) return done(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });

      const body = typeof init?.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
      let head = `${init?.method ?? 'GET'} ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n`;
      let hasLength = false;
      const add = (k: string, v: string): void => {
        if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) return;
        const n = k.toLowerCase();
        if (n === 'host' || n === 'connection' || n === 'transfer-encoding') return;
        if (n === 'content-length') hasLength = true;
        head += `${k}: ${v}\r\n`;
      };
      const h = init?.headers;
      // createZlmApi passes a plain object: no WHATWG Headers built for it
      if (h && !(h instanceof Headers) && !Array.isArray(h)) for (const k in h) add(k, String((h as Record<string, string>)[k]));
      else if (h) new Headers(h).forEach((v, k) => add(k, v));
      if (body && !hasLength) head += `Content-Length: ${body.length}\r\n`;
      head += 'Connection: keep-alive\r\n\r\n';
      const write = (): void => {
        sent = performance.now();
        if (body) c.socket.write(body.length ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : head, 'latin1');
        else c.socket.write(head, 'latin1');
      };
      if (c.socket.connecting) c.socket.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', write);
      else write();
    });

  const call = async (u: URL, init: RequestInit | undefined, signal: AbortSignal | undefined): Promise<Answer> => {
    try {
      return await exchange(u, init, signal, false);
    } catch (e) {
      if (!(e instanceof StaleConnection)) throw e;
      if (signal?.aborted) throw signal.reason;
      // the kept connection was closed by the peer between two calls: the call goes out once, on a new connection
      return exchange(u, init, signal, true);
    }
  };

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
    // one exchange at a time on the connection
    const wait = acquire(signal);
    if (wait) await wait;
    let a: Answer;
    try {
      a = await call(u, init, signal);
    } finally {
      release();
    }
    return new ProbeResponse(a) as unknown as Response;
  };

  return {
    fetch: fetchImpl as typeof fetch,
    get phases() {
      return phases;
    },
    begin() {
      phases = undefined;
      const c = conn;
      if (!c) return;
      if (c.dead || performance.now() - c.openedAt >= maxAgeMs) return drop(c);
      c.socket.setTimeout(0);
      c.socket.ref();
    },
    park() {
      const c = conn;
      if (!c) return;
      if (c.dead || busy) return drop(c);
      c.socket.unref();
      c.socket.setTimeout(idleMs);
    },
    close() {
      if (conn) drop(conn);
    },
  };
}
