/**
 * Typed client for ZLMediaKit's HTTP API (`/index/api/<name>`).
 *
 * Every method resolves to an ApiResult and never throws: one attempt, an
 * explicit timeout (a timer of its own, callBound, covering connect, headers and body),
 * no retries. Failures are classified into ApiError.kind with an English and
 * Chinese explanation. The secret goes in the `secret` query parameter and is
 * never copied into an error text or into `raw` (URL and body are redacted).
 *
 * Observed protocol (zlm-reference/api/*.json, zlm-reference.md §5):
 *  - every API answer is HTTP 200 + JSON `{"code":<int>,...}`; an unknown path
 *    falls through to the file server (HTTP 404 HTML); a file request from an IP
 *    outside http.allow_ip_range gets HTTP 401 text;
 *  - code 0 ok, -100 auth (IP not allowed / wrong or missing secret), -300
 *    invalid args, -400 exception, -500 not found, -1 other failure;
 *  - a list answer with nothing in it has no `data` key at all (`{"code":0}`).
 */
import { createHash } from 'node:crypto';
import { httpExchange, type HttpPhases } from './http.ts';
import { classifyAnswer, classifyTransportError, err, type ClassifyContext } from './api-errors.ts';
import type { ApiError, ApiRaw, ApiResult, CallOptions, MediaCounts, MediaSourceInfo, RtpServerInfo, Statistic, ThreadLoad, VersionInfo, ZlmApi, ZlmApiOptions } from './api-types.ts';
import { redactSecrets } from './log-signatures.ts';

export type * from './api-types.ts';
export { classifyAnswer, classifyTransportError, type ClassifyContext } from './api-errors.ts';

const DEFAULT_TIMEOUT_MS = 5000;
/** the largest delay a Node timer takes: a timeoutMs this large bounds nothing */
const MAX_TIMER_MS = 2_147_483_647;
/** answers this large are worth a digest instead of a parse when they repeat (answerMemo) */
const MEMO_MIN_BYTES = 4096;
const ACCEPT_JSON = Object.freeze({ accept: 'application/json, */*' });

function toString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Distinct streams of a media list (one row per schema) and their readers, counted once per stream. */
export function mediaCounts(rows: readonly MediaSourceInfo[]): MediaCounts {
  const readers = new Map<string, number>();
  for (const m of rows) {
    const key = `${m.vhost}/${m.app}/${m.stream}`;
    const n = Number(m.totalReaderCount ?? m.readerCount ?? 0) || 0;
    readers.set(key, Math.max(readers.get(key) ?? 0, n));
  }
  let total = 0;
  for (const n of readers.values()) total += n;
  return { streams: readers.size, readers: total };
}

function asList<T>(data: unknown): T[] {
  return Array.isArray(data) ? (data as T[]) : [];
}

/** `secret=...` first, like ZLM's own tools; encodeURIComponent (space → %20, never '+'). */
function buildQuery(params: Record<string, string | number | boolean | undefined>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** What Response.text() gives for these bytes: UTF-8, a leading BOM dropped, bad sequences as U+FFFD. */
function decodeUtf8(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.toString('utf8', 3) : buf.toString('utf8');
}

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
  });
  return out;
}

/**
 * Minimal fetch over the shared transport (src/zlm/http.ts): one request on
 * one fresh socket (`Connection: close`, no agent pool), destroyed when
 * `signal` aborts. Transport errors reject like undici's fetch (TypeError
 * "fetch failed" with the system error as `cause`); an abort rejects with the
 * signal's reason.
 */
export const connectionFetch: typeof fetch = makeConnectionFetch();

/**
 * A call's own deadline, joined with the caller's signal. A timer we hold and clear, not AbortSignal.timeout inside
 * AbortSignal.any: on Node 20 the composed signal holds the timeout signal weakly, and a collection can drop it
 * before it fires, so a hung peer then held the call until the caller's deadline (the doctor's api check was
 * reported as "not finished" instead of "timeout"). The reason is the TimeoutError AbortSignal.timeout gives.
 */
function callBound(ms: number, outer: AbortSignal | undefined): { signal: AbortSignal; done(): void } {
  const c = new AbortController();
  const timer = setTimeout(() => c.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), Math.min(ms, MAX_TIMER_MS));
  const onAbort = () => c.abort(outer!.reason);
  if (outer?.aborted) c.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: c.signal,
    done() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** connectionFetch that also reports each exchange's phase timings (the monitor's probe times API calls by phase). */
export function makeConnectionFetch(onPhases?: (phases: HttpPhases) => void): typeof fetch {
  return (input, init) => fetchOverConnection(input, init, onPhases);
}

async function fetchOverConnection(input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1], onPhases?: (phases: HttpPhases) => void): Promise<Response> {
  const href = input instanceof Request ? input.url : String(input);
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => {
    headers[k] = v;
  });
  const r = await httpExchange(href, {
    method: init?.method ?? 'GET',
    headers,
    ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    // the caller's signal is the deadline (AbortSignal.timeout); this only bounds a call without one
    timeoutMs: 2_147_483_647,
    ...(signal ? { signal } : {}),
  });
  onPhases?.(r.phases);
  if (!r.ok) {
    if (r.failure === 'aborted' && signal) throw signal.reason;
    const code = r.failure === 'invalid-url' ? 'ERR_INVALID_URL' : r.code ?? (r.failure === 'timeout' ? 'ETIMEDOUT' : undefined);
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(r.detail), code ? { code } : {}) });
  }
  const h = new Headers();
  for (const [k, v] of r.headers) h.append(k, v);
  const status = r.status ?? 0;
  const nullBody = status === 101 || status === 204 || status === 205 || status === 304;
  try {
    return new Response(nullBody ? null : r.body, { status: status < 200 || status > 599 ? 599 : status, statusText: r.statusText ?? '', headers: h });
  } catch (e) {
    throw new TypeError('fetch failed', { cause: e });
  }
}

export function createZlmApi(opts: ZlmApiOptions): ZlmApi {
  const base = opts.base.replace(/\/+$/, '');
  const secret = opts.secret;
  const secrets = [secret];
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl: typeof fetch = opts.fetchImpl ?? connectionFetch;

  const memo = opts.answerMemo;
  const withSecret = secret !== undefined && secret !== '';
  /** the URL of a call without parameters, made once per API (the monitor makes four such calls per probe) */
  const plainUrls = new Map<string, string>();
  const urlOf = (api: string, params: Record<string, string | number | boolean | undefined>): string => {
    let empty = true;
    for (const k in params) if (params[k] !== undefined) empty = false;
    if (empty) {
      let u = plainUrls.get(api);
      if (u === undefined && plainUrls.size < 64) plainUrls.set(api, (u = `${base}/index/api/${api}${buildQuery(withSecret ? { secret } : {})}`));
      if (u !== undefined) return u;
    }
    return `${base}/index/api/${api}${buildQuery(withSecret ? { secret, ...params } : params)}`;
  };

  async function request(
    api: string,
    params: Record<string, string | number | boolean | undefined>,
    callOpts: CallOptions = {},
    /** the memo's key when the kept data is not the API's own (a reduced answer): never shared with the full one */
    memoKey?: string,
  ): Promise<{ ok: true; json: Record<string, unknown>; ms: number; raw: ApiRaw; memo?: { key: string; digest: string; hit?: unknown } } | { ok: false; error: ApiError; ms: number; raw?: ApiRaw }> {
    const started = performance.now();
    const timeoutMs = callOpts.timeoutMs ?? defaultTimeout;
    const url = urlOf(api, params);
    // redacted when first read (an error text, a raw answer shown): a call that is only counted never pays for it
    let safe: string | undefined;
    const safeUrl = (): string => (safe ??= redactSecrets(url, secrets));
    const ctx: ClassifyContext = {
      api,
      get url() {
        return safeUrl();
      },
      base,
      hasSecret: secret !== undefined && secret !== '',
      timeoutMs,
    };
    let raw: ApiRaw | undefined;
    /** what a caller may show of the answer: headers copied and the body redacted only if asked for (rawBody) */
    const rawOf = (res: Response, body: () => string): ApiRaw => {
      let hdrs: Record<string, string> | undefined;
      return {
        get url() {
          return safeUrl();
        },
        status: res.status,
        // copied when first read (a call that is only counted never pays for it)
        get headers() {
          return (hdrs ??= headersOf(res.headers));
        },
        body: opts.rawBody === false ? '' : redactSecrets(body(), secrets),
      };
    };
    // the key of this call's kept answer (only with a memo: no query string built for nothing)
    const memoAt = memo ? (memoKey ?? `${api}${buildQuery(params)}`) : '';
    // a caller's signal with no per-call bound of its own (timeoutMs at the timer maximum, as the monitor's probe
    // passes) is the deadline as is: no timer and no composed signal per call
    const bound = callOpts.signal && timeoutMs >= MAX_TIMER_MS ? undefined : callBound(timeoutMs, callOpts.signal);
    try {
      const signal = bound ? bound.signal : callOpts.signal!;
      const res = await (callOpts.fetchImpl ?? fetchImpl)(url, { method: 'GET', signal, redirect: 'manual', headers: ACCEPT_JSON });
      // with a memo, the bytes are hashed before they are decoded: a repeated answer is never turned into text
      let bytes: Uint8Array | undefined;
      let digest: string | undefined;
      if (memo) {
        const withBytes = res as Response & { bytes?: () => Promise<Uint8Array> };
        bytes = typeof withBytes.bytes === 'function' ? await withBytes.bytes() : new Uint8Array(await res.arrayBuffer());
        if (res.status === 200 && bytes.length >= MEMO_MIN_BYTES) {
          digest = createHash('sha1').update(bytes).digest('base64');
          const last = memo.get(memoAt);
          if (last?.digest === digest) {
            const b = bytes;
            raw = rawOf(res, () => decodeUtf8(b));
            return { ok: true, json: {}, ms: performance.now() - started, raw, memo: { key: memoAt, digest, hit: last.data } };
          }
        }
      }
      const body = bytes ? decodeUtf8(bytes) : await res.text();
      raw = rawOf(res, () => body);
      if (memo && digest !== undefined) {
        // a new answer: classified and picked, and kept for the next probe
        const c = classifyAnswer(res.status, body, ctx, secrets);
        const ms = performance.now() - started;
        if (c.ok) return { ok: true, json: c.json, ms, raw, memo: { key: memoAt, digest } };
        memo.delete(memoAt);
        return { ok: false, error: c.error, ms, raw };
      }
      const c = classifyAnswer(res.status, body, ctx, secrets);
      const ms = performance.now() - started;
      if (c.ok) return { ok: true, json: c.json, ms, raw };
      return { ok: false, error: c.error, ms, raw };
    } catch (e) {
      return { ok: false, error: classifyTransportError(e, ctx, secrets), ms: performance.now() - started, raw };
    } finally {
      bound?.done();
    }
  }

  async function run<T>(api: string, params: Record<string, string | number | boolean | undefined>, callOpts: CallOptions | undefined, pick: (json: Record<string, unknown>) => T, memoKey?: string): Promise<ApiResult<T>> {
    const r = await request(api, params, callOpts, memoKey);
    if (!r.ok) return r;
    if (r.memo && 'hit' in r.memo) return { ok: true, data: r.memo.hit as T, ms: r.ms, raw: r.raw };
    try {
      const data = pick(r.json);
      if (r.memo) memo?.set(r.memo.key, { digest: r.memo.digest, data });
      return { ok: true, data, ms: r.ms, raw: r.raw };
    } catch (e) {
      const ctx: ClassifyContext = { api, url: r.raw.url, base, hasSecret: !!secret, timeoutMs: callOpts?.timeoutMs ?? defaultTimeout };
      return { ok: false, ms: r.ms, raw: r.raw, error: err(ctx, 'not-json', { en: `Unexpected answer shape from ${api}.`, zh: `${api} 的应答结构不符合预期。` }, { msg: String(e) }) };
    }
  }

  return {
    base,
    getServerConfig: (o) =>
      run('getServerConfig', {}, o, (j) => {
        const first = asList<unknown>(j.data)[0];
        const out: Record<string, string> = {};
        if (first && typeof first === 'object') for (const [k, v] of Object.entries(first as Record<string, unknown>)) out[k] = toString(v);
        // ZLM answers with every key it knows (some 180): an answer without one is not a configuration, and a key
        // read from it would be a guess (`hook.enable` missing is no "hooks disabled")
        if (!Object.keys(out).some((k) => k.includes('.'))) throw new Error('no configuration in the answer (data[0] has no section.key)');
        return out;
      }),
    version: (o) => run('version', {}, o, (j) => (j.data && typeof j.data === 'object' && !Array.isArray(j.data) ? (j.data as VersionInfo) : {})),
    getThreadsLoad: (o) => run('getThreadsLoad', {}, o, (j) => asList<ThreadLoad>(j.data)),
    getWorkThreadsLoad: (o) => run('getWorkThreadsLoad', {}, o, (j) => asList<ThreadLoad>(j.data)),
    getStatistic: (o) => run('getStatistic', {}, o, (j) => (j.data && typeof j.data === 'object' && !Array.isArray(j.data) ? (j.data as Statistic) : {})),
    getMediaList: (filter, o) => run('getMediaList', { ...filter }, o, (j) => asList<MediaSourceInfo>(j.data)),
    mediaCounts: (o) => run('getMediaList', {}, o, (j) => mediaCounts(asList<MediaSourceInfo>(j.data)), 'getMediaList#counts'),
    listRtpServer: (o) => run('listRtpServer', {}, o, (j) => asList<RtpServerInfo>(j.data)),
    isMediaOnline: (key, o) => run('isMediaOnline', { schema: key.schema, vhost: key.vhost, app: key.app, stream: key.stream }, o, (j) => j.online === true),
    setServerConfig: (values, o) => run('setServerConfig', { ...values }, o, (j) => ({ changed: typeof j.changed === 'number' ? j.changed : 0 })),
    restartServer: (o) => run('restartServer', {}, o, (j) => ({ msg: typeof j.msg === 'string' ? j.msg : '' })),
    call: (api, params, o) => run(api, params ?? {}, o, (j) => j),
  };
}
