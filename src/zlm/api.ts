/**
 * Typed client for ZLMediaKit's HTTP API (`/index/api/<name>`).
 *
 * Every method resolves to an ApiResult and never throws: one attempt, an
 * explicit timeout (AbortSignal.timeout, covering connect, headers and body),
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
import { httpExchange } from './http.ts';
import type { Localized } from '../i18n/index.ts';
import { redactSecrets } from './log-signatures.ts';

export type ApiErrorKind =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'network'
  | 'http-status'
  | 'not-json'
  | 'ip-not-allowed'
  | 'auth'
  | 'invalid-args'
  | 'exception'
  | 'not-found'
  | 'failed';

/** For kind 'auth': which check failed, as far as the answer tells. */
export type AuthReason =
  /** no secret was sent (this client has none) */
  | 'secret-missing'
  /** a secret was sent and refused ("Incorrect secret", "secret错误", or "Please login first" of >= 2026-03 builds) */
  | 'secret-wrong'
  /** cookie login digest refused */
  | 'digest-mismatch';

export interface ApiError {
  kind: ApiErrorKind;
  /** ZLM's `code` when the answer was API JSON. */
  code?: number;
  /** ZLM's `msg`, or the transport error text (secrets redacted). */
  msg?: string;
  /** HTTP status when an HTTP answer arrived. */
  status?: number;
  authReason?: AuthReason;
  /** The API name, e.g. 'getServerConfig'. */
  api: string;
  /** The request URL with the secret replaced by its fingerprint (src/util/redact.ts). */
  url: string;
  explain: Localized;
}

/** What came over the wire, secrets redacted. */
export interface ApiRaw {
  url: string;
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export type ApiResult<T> =
  | { ok: true; data: T; ms: number; raw: ApiRaw }
  | { ok: false; error: ApiError; ms: number; raw?: ApiRaw };

export interface CallOptions {
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  /** Extra cancellation (combined with the timeout). */
  signal?: AbortSignal;
}

export interface ZlmApiOptions {
  /** `http://host:port` (a path prefix is kept, a trailing '/' ignored). */
  base: string;
  secret?: string;
  /** Per call, default 5000 ms. */
  timeoutMs?: number;
  /**
   * Default: `connectionFetch`, a fetch over node:http(s) with a new
   * connection per call (`Connection: close`). The global fetch keeps pooled
   * (and pre-opened) connections, so a server that died between two calls
   * shows up as "other side closed" instead of "connection refused".
   */
  fetchImpl?: typeof fetch;
}

// ───────────────────────────── answer shapes ─────────────────────────────

export interface VersionInfo {
  branchName?: string;
  buildTime?: string;
  commitHash?: string;
  [k: string]: unknown;
}

export interface ThreadLoad {
  /** Event-loop delay in ms. */
  delay: number;
  fd_count: number;
  /** Percent. */
  load: number;
  /** "event poller N" / "work poller N". */
  name: string;
}

/** getStatistic: object counters (Buffer, MediaSource, Socket, TcpSession, ...). */
export type Statistic = Record<string, number>;

export interface MediaListFilter {
  schema?: string;
  vhost?: string;
  app?: string;
  stream?: string;
}

export interface MediaTrack {
  codec_id: number;
  codec_id_name: string;
  /** 0 video, 1 audio */
  codec_type: number;
  ready: boolean;
  frames?: number;
  duration?: number;
  loss?: number;
  width?: number;
  height?: number;
  fps?: number;
  gop_size?: number;
  gop_interval_ms?: number;
  key_frames?: number;
  sample_rate?: number;
  channels?: number;
  sample_bit?: number;
  [k: string]: unknown;
}

export interface MediaSourceInfo {
  schema: string;
  vhost: string;
  app: string;
  stream: string;
  params?: string;
  aliveSecond?: number;
  bytesSpeed?: number;
  createStamp?: number;
  isRecordingHLS?: boolean;
  isRecordingMP4?: boolean;
  originSock?: { identifier: string; local_ip: string; local_port: number; peer_ip: string; peer_port: number } | null;
  /** 0 unknown, 1 rtmp_push, 2 rtsp_push, 3 rtp_push, 4 pull, 5 ffmpeg_pull, 6 mp4_vod, 7 device_chn, 8 rtc_push, 9 srt_push */
  originType?: number;
  originTypeStr?: string;
  originUrl?: string;
  readerCount?: number;
  totalReaderCount?: number;
  totalBytes?: number;
  tracks?: MediaTrack[];
  [k: string]: unknown;
}

export interface RtpServerInfo {
  app: string;
  vhost: string;
  stream_id: string;
  port: number;
  ssrc: number;
  /** 0 UDP only, 1 TCP passive, 2 TCP active */
  tcp_mode: number;
  /** 0 both, 1 audio, 2 video */
  only_track: number;
  [k: string]: unknown;
}

export interface MediaKey {
  schema: string;
  vhost: string;
  app: string;
  stream: string;
}

export interface ZlmApi {
  readonly base: string;
  /** The flat `section.key → string` map of data[0] (all values strings, api.secret included). */
  getServerConfig(opts?: CallOptions): Promise<ApiResult<Record<string, string>>>;
  version(opts?: CallOptions): Promise<ApiResult<VersionInfo>>;
  getThreadsLoad(opts?: CallOptions): Promise<ApiResult<ThreadLoad[]>>;
  getWorkThreadsLoad(opts?: CallOptions): Promise<ApiResult<ThreadLoad[]>>;
  getStatistic(opts?: CallOptions): Promise<ApiResult<Statistic>>;
  getMediaList(filter?: MediaListFilter, opts?: CallOptions): Promise<ApiResult<MediaSourceInfo[]>>;
  listRtpServer(opts?: CallOptions): Promise<ApiResult<RtpServerInfo[]>>;
  isMediaOnline(key: MediaKey, opts?: CallOptions): Promise<ApiResult<boolean>>;
  /** `changed`: how many values differed (unknown keys, ffmpeg.bin/snap and unchanged values count 0). */
  setServerConfig(values: Record<string, string>, opts?: CallOptions): Promise<ApiResult<{ changed: number }>>;
  /** Without -d the server just exits (it only restarts under its -d watchdog). */
  restartServer(opts?: CallOptions): Promise<ApiResult<{ msg: string }>>;
  /** Any other API: the whole answer object (code 0 only). */
  call(api: string, params?: Record<string, string | number | boolean | undefined>, opts?: CallOptions): Promise<ApiResult<Record<string, unknown>>>;
}

// ───────────────────────────── classification ─────────────────────────────

const DEFAULT_TIMEOUT_MS = 5000;

/** "Your ip is not allowed to access the service." (every build since the allow-list exists). */
const IP_NOT_ALLOWED = /ip is not allowed/i;
/** -300 for a missing secret, 2023-12-02..2026-02-18: `Required parameter missed: "secret"`; before: `缺少必要参数:"secret"`. */
const SECRET_MISSING_300 = /^\s*(?:Required parameter missed|缺少必要参数)\s*[:：]\s*\\?"?secret\\?"?\s*$/i;
/**
 * -100 other than the IP check is always an auth failure: "Please login first"
 * (>= 2026-03-19, wrong and missing alike, and cookie mode 2026-02/03),
 * "Incorrect secret" (2023-12..2026-02), "secret错误" (<= 2023-12). Whether
 * the secret was wrong or missing follows from whether this client sent one.
 */
const DIGEST_100 = /Digest does not match/i;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What the classifiers need to know about the call. */
export interface ClassifyContext {
  api: string;
  url: string;
  base: string;
  hasSecret: boolean;
  timeoutMs: number;
}

function err(ctx: ClassifyContext, kind: ApiErrorKind, explain: Localized, extra: Partial<ApiError> = {}): ApiError {
  return { kind, api: ctx.api, url: ctx.url, explain, ...extra };
}

/** Walk `cause` chains and AggregateError lists for a Node system error code. */
function errorCodes(e: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number): void => {
    if (x === null || typeof x !== 'object' || seen.has(x) || depth > 6) return;
    seen.add(x);
    const o = x as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
    if (typeof o.code === 'string') codes.push(o.code);
    if (typeof o.name === 'string') codes.push(o.name);
    if (typeof o.message === 'string') messages.push(o.message);
    walk(o.cause, depth + 1);
    if (Array.isArray(o.errors)) for (const c of o.errors) walk(c, depth + 1);
  };
  walk(e, 0);
  return { codes, messages };
}

/** Map a fetch rejection to refused / timeout / dns / network. */
export function classifyTransportError(e: unknown, ctx: ClassifyContext, secrets: readonly (string | undefined)[]): ApiError {
  const { codes, messages } = errorCodes(e);
  const has = (...c: string[]): boolean => codes.some((x) => c.includes(x));
  const host = hostOf(ctx.base);
  const detail = redactSecrets([...new Set(messages)].filter((m) => m !== 'fetch failed').join('; ') || String(e), secrets);
  if (has('TimeoutError', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')) {
    return err(ctx, 'timeout', {
      en: `No answer from ${host} within ${ctx.timeoutMs} ms. The port accepts connections (or packets are dropped) but MediaServer does not reply: the process may be hung or overloaded, the port may belong to another service, or a firewall drops the traffic.`,
      zh: `${ctx.timeoutMs} 毫秒内 ${host} 没有应答。端口可连接(或数据包被丢弃)但 MediaServer 不回复：进程可能卡死或过载、端口被其他服务占用，或防火墙丢弃了流量。`,
    }, { msg: detail });
  }
  if (has('AbortError')) {
    return err(ctx, 'timeout', { en: `The request to ${host} was cancelled before an answer arrived.`, zh: `请求 ${host} 在收到应答前被取消。` }, { msg: detail });
  }
  if (has('ECONNREFUSED')) {
    return err(ctx, 'refused', {
      en: `Nothing listens on ${host} (connection refused). MediaServer is not running, or it listens on another port/address: check http.port and general.listen_ip (both only take effect at restart) and whether start-up failed ("Start server failed" in the log).`,
      zh: `${host} 上没有服务在监听(连接被拒绝)。MediaServer 未运行，或监听在其他端口/地址：请检查 http.port 和 general.listen_ip(均需重启生效)以及日志中是否有 "Start server failed"。`,
    }, { msg: detail });
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) {
    return err(ctx, 'dns', {
      en: `The host name of ${host} cannot be resolved. Check the address given for MediaServer (WVP media.ip / stream-ip are not the same thing).`,
      zh: `无法解析 ${host} 的主机名。请检查 MediaServer 的地址(WVP 的 media.ip 与 stream-ip 不是一回事)。`,
    }, { msg: detail });
  }
  if (has('ERR_INVALID_URL') || messages.some((m) => /Invalid URL|Failed to parse URL/i.test(m))) {
    return err(ctx, 'network', { en: `The address ${ctx.base} is not a valid http:// URL.`, zh: `地址 ${ctx.base} 不是有效的 http:// URL。` }, { msg: detail });
  }
  return err(ctx, 'network', {
    en: `The connection to ${host} failed (${detail}). The peer reset or closed it: a proxy, a TLS port, or a service that is not MediaServer's HTTP port.`,
    zh: `与 ${host} 的连接失败(${detail})。对端重置或关闭了连接：可能是代理、TLS 端口，或不是 MediaServer 的 HTTP 端口。`,
  }, { msg: detail });
}

/** Classify a complete HTTP answer. Returns the parsed object for code 0. */
export function classifyAnswer(status: number, body: string, ctx: ClassifyContext, secrets: readonly (string | undefined)[]): { ok: true; json: Record<string, unknown> } | { ok: false; error: ApiError } {
  const host = hostOf(ctx.base);
  if (status !== 200) {
    const text = redactSecrets(body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200), secrets);
    if (status === 401 && IP_NOT_ALLOWED.test(body)) {
      return { ok: false, error: err(ctx, 'ip-not-allowed', ipExplain(), { status, msg: text }) };
    }
    const explain: Localized =
      status === 404
        ? {
            en: `HTTP 404 for /index/api/${ctx.api}: this MediaServer build has no such API (older version or compiled without it), or ${host} is not MediaServer's HTTP port (a web server, WVP, a proxy path).`,
            zh: `/index/api/${ctx.api} 返回 HTTP 404：该 MediaServer 版本没有此接口(版本较旧或编译时未启用)，或 ${host} 不是 MediaServer 的 HTTP 端口(普通网站、WVP、代理路径)。`,
          }
        : {
            en: `HTTP ${status} from ${host}: MediaServer answers every API call with HTTP 200, so a proxy or another service answered.`,
            zh: `${host} 返回 HTTP ${status}：MediaServer 的 API 总是返回 HTTP 200，因此应答来自代理或其他服务。`,
          };
    return { ok: false, error: err(ctx, 'http-status', explain, { status, msg: text }) };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (!obj || typeof obj.code !== 'number' || !Number.isInteger(obj.code)) {
    const text = redactSecrets(body.replace(/\s+/g, ' ').trim().slice(0, 120), secrets);
    return {
      ok: false,
      error: err(ctx, 'not-json', {
        en: `${host} answered HTTP 200 but not with ZLMediaKit API JSON ({"code":<int>,...}): another service listens there, or a proxy rewrites the answer.`,
        zh: `${host} 返回了 HTTP 200，但不是 ZLMediaKit 的 API JSON({"code":<整数>,...})：该端口上是其他服务，或代理改写了应答。`,
      }, { status, msg: text }),
    };
  }
  const code = obj.code as number;
  if (code === 0) return { ok: true, json: obj };
  const msg = typeof obj.msg === 'string' ? redactSecrets(obj.msg, secrets) : undefined;
  const m = msg ?? '';
  if (code === -100 && IP_NOT_ALLOWED.test(m)) {
    return { ok: false, error: err(ctx, 'ip-not-allowed', ipExplain(), { code, msg, status }) };
  }
  if (code === -100 || (code === -300 && SECRET_MISSING_300.test(m))) {
    let reason: AuthReason;
    if (DIGEST_100.test(m)) reason = 'digest-mismatch';
    else if (!ctx.hasSecret || code === -300) reason = 'secret-missing';
    else reason = 'secret-wrong';
    return { ok: false, error: err(ctx, 'auth', authExplain(reason, m), { code, msg, status, authReason: reason }) };
  }
  if (code === -300) {
    return { ok: false, error: err(ctx, 'invalid-args', { en: `MediaServer rejected the arguments of ${ctx.api}: ${m}`, zh: `MediaServer 拒绝了 ${ctx.api} 的参数：${m}` }, { code, msg, status }) };
  }
  if (code === -400) {
    return { ok: false, error: err(ctx, 'exception', { en: `MediaServer raised an error in ${ctx.api}: ${m}`, zh: `MediaServer 执行 ${ctx.api} 时出错：${m}` }, { code, msg, status }) };
  }
  if (code === -500) {
    return { ok: false, error: err(ctx, 'not-found', { en: `${ctx.api}: not found (${m}).`, zh: `${ctx.api}：未找到(${m})。` }, { code, msg, status }) };
  }
  return { ok: false, error: err(ctx, 'failed', { en: `${ctx.api} failed with code ${code}: ${m}`, zh: `${ctx.api} 失败，code ${code}：${m}` }, { code, msg, status }) };
}

function ipExplain(): Localized {
  return {
    en: 'MediaServer refuses this client\'s IP address: it is not in http.allow_ip_range (checked before the secret). Add the address (or a range a-b) to http.allow_ip_range, or leave it empty to allow every address; the change is live.',
    zh: 'MediaServer 拒绝了本客户端的 IP：不在 http.allow_ip_range 内(先于 secret 检查)。请把该地址(或 a-b 范围)加入 http.allow_ip_range，或置空以允许所有地址；修改即时生效。',
  };
}

function authExplain(reason: AuthReason, msg: string): Localized {
  if (reason === 'secret-missing') {
    return {
      en: `No secret was accepted ("${msg}"): every API needs api.secret; the exemption for 127.0.0.1 ended in 2023-07. Pass the value of [api] secret from the running server's config.ini.`,
      zh: `未提供 secret("${msg}")：所有 API 都需要 api.secret；127.0.0.1 免密已于 2023-07 取消。请传入运行中服务 config.ini 的 [api] secret。`,
    };
  }
  if (reason === 'digest-mismatch') {
    return {
      en: `The login digest was refused ("${msg}"): it must be md5("zlmediakit:" + secret + ":" + cookie).`,
      zh: `登录摘要被拒绝("${msg}")：应为 md5("zlmediakit:" + secret + ":" + cookie)。`,
    };
  }
  return {
    en: `The secret was refused ("${msg}"). It must equal [api] secret of the running server: a default or empty secret is replaced by a random one at start-up ("The api.secret is invalid, modified it to" in the log), setServerConfig can change it live, and an edited config.ini is only read after SIGHUP or a restart.`,
    zh: `secret 被拒绝("${msg}")。它必须等于运行中服务的 [api] secret：默认或空的 secret 会在启动时被替换为随机值(日志 "The api.secret is invalid, modified it to")，setServerConfig 可即时修改它，而修改 config.ini 需 SIGHUP 或重启才会读取。`,
  };
}

// ──────────────────────────────── client ────────────────────────────────

function toString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
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
export const connectionFetch: typeof fetch = async (input, init) => {
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
};

export function createZlmApi(opts: ZlmApiOptions): ZlmApi {
  const base = opts.base.replace(/\/+$/, '');
  const secret = opts.secret;
  const secrets = [secret];
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl: typeof fetch = opts.fetchImpl ?? connectionFetch;

  async function request(api: string, params: Record<string, string | number | boolean | undefined>, callOpts: CallOptions = {}): Promise<{ ok: true; json: Record<string, unknown>; ms: number; raw: ApiRaw } | { ok: false; error: ApiError; ms: number; raw?: ApiRaw }> {
    const started = performance.now();
    const timeoutMs = callOpts.timeoutMs ?? defaultTimeout;
    const all = secret !== undefined && secret !== '' ? { secret, ...params } : params;
    const url = `${base}/index/api/${api}${buildQuery(all)}`;
    const safeUrl = redactSecrets(url, secrets);
    const ctx: ClassifyContext = { api, url: safeUrl, base, hasSecret: secret !== undefined && secret !== '', timeoutMs };
    let raw: ApiRaw | undefined;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = callOpts.signal ? AbortSignal.any([timeout, callOpts.signal]) : timeout;
      const res = await fetchImpl(url, { method: 'GET', signal, redirect: 'manual', headers: { accept: 'application/json, */*' } });
      const body = await res.text();
      raw = { url: safeUrl, status: res.status, headers: headersOf(res.headers), body: redactSecrets(body, secrets) };
      const c = classifyAnswer(res.status, body, ctx, secrets);
      const ms = performance.now() - started;
      if (c.ok) return { ok: true, json: c.json, ms, raw };
      return { ok: false, error: c.error, ms, raw };
    } catch (e) {
      return { ok: false, error: classifyTransportError(e, ctx, secrets), ms: performance.now() - started, raw };
    }
  }

  async function run<T>(api: string, params: Record<string, string | number | boolean | undefined>, callOpts: CallOptions | undefined, pick: (json: Record<string, unknown>) => T): Promise<ApiResult<T>> {
    const r = await request(api, params, callOpts);
    if (!r.ok) return r;
    try {
      return { ok: true, data: pick(r.json), ms: r.ms, raw: r.raw };
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
        return out;
      }),
    version: (o) => run('version', {}, o, (j) => (j.data && typeof j.data === 'object' && !Array.isArray(j.data) ? (j.data as VersionInfo) : {})),
    getThreadsLoad: (o) => run('getThreadsLoad', {}, o, (j) => asList<ThreadLoad>(j.data)),
    getWorkThreadsLoad: (o) => run('getWorkThreadsLoad', {}, o, (j) => asList<ThreadLoad>(j.data)),
    getStatistic: (o) => run('getStatistic', {}, o, (j) => (j.data && typeof j.data === 'object' && !Array.isArray(j.data) ? (j.data as Statistic) : {})),
    getMediaList: (filter, o) => run('getMediaList', { ...filter }, o, (j) => asList<MediaSourceInfo>(j.data)),
    listRtpServer: (o) => run('listRtpServer', {}, o, (j) => asList<RtpServerInfo>(j.data)),
    isMediaOnline: (key, o) => run('isMediaOnline', { schema: key.schema, vhost: key.vhost, app: key.app, stream: key.stream }, o, (j) => j.online === true),
    setServerConfig: (values, o) => run('setServerConfig', { ...values }, o, (j) => ({ changed: typeof j.changed === 'number' ? j.changed : 0 })),
    restartServer: (o) => run('restartServer', {}, o, (j) => ({ msg: typeof j.msg === 'string' ? j.msg : '' })),
    call: (api, params, o) => run(api, params ?? {}, o, (j) => j),
  };
}
