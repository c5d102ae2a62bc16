/**
 * What a ZLMediaKit API call's failure means: a fetch rejection classified as
 * refused / timeout / dns / network, an answer as HTTP status, not JSON, IP
 * not allowed, auth (secret wrong or missing) or another API code, each with
 * an English and Chinese explanation. Secrets never reach an error text.
 */
import type { Localized } from '../i18n/index.ts';
import type { ApiError, ApiErrorKind, AuthReason } from './api-types.ts';
import { redactSecrets } from './log-signatures.ts';

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

export function err(ctx: ClassifyContext, kind: ApiErrorKind, explain: Localized, extra: Partial<ApiError> = {}): ApiError {
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
      zh: `${ctx.timeoutMs} 毫秒内 ${host} 没有应答。端口可连接（或数据包被丢弃）但 MediaServer 不回复：进程可能卡死或过载、端口被其他服务占用，或防火墙丢弃了流量。`,
    }, { msg: detail });
  }
  if (has('AbortError')) {
    return err(ctx, 'timeout', { en: `The request to ${host} was cancelled before an answer arrived.`, zh: `请求 ${host} 在收到应答前被取消。` }, { msg: detail });
  }
  if (has('ECONNREFUSED')) {
    return err(ctx, 'refused', {
      en: `Nothing listens on ${host} (connection refused). MediaServer is not running, or it listens on another port/address: check http.port and general.listen_ip (both only take effect at restart) and whether start-up failed ("Start server failed" in the log).`,
      zh: `${host} 上没有服务在监听（连接被拒绝）。MediaServer 未运行，或监听在其他端口/地址：请检查 http.port 和 general.listen_ip（均需重启生效）以及日志中是否有 "Start server failed"。`,
    }, { msg: detail });
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) {
    return err(ctx, 'dns', {
      en: `The host name of ${host} cannot be resolved. Check the address given for MediaServer (WVP media.ip / stream-ip are not the same thing).`,
      zh: `无法解析 ${host} 的主机名。请检查 MediaServer 的地址（WVP 的 media.ip 与 stream-ip 不是一回事）。`,
    }, { msg: detail });
  }
  if (has('ERR_INVALID_URL') || messages.some((m) => /Invalid URL|Failed to parse URL/i.test(m))) {
    return err(ctx, 'network', { en: `The address ${ctx.base} is not a valid http:// URL.`, zh: `地址 ${ctx.base} 不是有效的 http:// URL。` }, { msg: detail });
  }
  return err(ctx, 'network', {
    en: `The connection to ${host} failed (${detail}). The peer reset or closed it: a proxy, a TLS port, or a service that is not MediaServer's HTTP port.`,
    zh: `与 ${host} 的连接失败（${detail}）。对端重置或关闭了连接：可能是代理、TLS 端口，或不是 MediaServer 的 HTTP 端口。`,
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
            zh: `/index/api/${ctx.api} 返回 HTTP 404：该 MediaServer 版本没有此接口（版本较旧或编译时未启用），或 ${host} 不是 MediaServer 的 HTTP 端口（普通网站、WVP、代理路径）。`,
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
        zh: `${host} 返回了 HTTP 200，但不是 ZLMediaKit 的 API JSON（{"code":<整数>,...}）：该端口上是其他服务，或代理改写了应答。`,
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
    return { ok: false, error: err(ctx, 'not-found', { en: `${ctx.api}: not found (${m}).`, zh: `${ctx.api}：未找到（${m}）。` }, { code, msg, status }) };
  }
  return { ok: false, error: err(ctx, 'failed', { en: `${ctx.api} failed with code ${code}: ${m}`, zh: `${ctx.api} 失败，code ${code}：${m}` }, { code, msg, status }) };
}

function ipExplain(): Localized {
  return {
    en: 'MediaServer refuses this client\'s IP address: it is not in http.allow_ip_range (checked before the secret). Add the address (or a range a-b) to http.allow_ip_range, or leave it empty to allow every address; the change is live.',
    zh: 'MediaServer 拒绝了本客户端的 IP：不在 http.allow_ip_range 内（先于 secret 检查）。请把该地址（或 a-b 范围）加入 http.allow_ip_range，或置空以允许所有地址；修改即时生效。',
  };
}

function authExplain(reason: AuthReason, msg: string): Localized {
  if (reason === 'secret-missing') {
    return {
      en: `No secret was accepted ("${msg}"): every API needs api.secret; the exemption for 127.0.0.1 ended in 2023-07. Pass the value of [api] secret from the running server's config.ini.`,
      zh: `未提供 secret（"${msg}"）：所有 API 都需要 api.secret；127.0.0.1 免密已于 2023-07 取消。请传入运行中服务 config.ini 的 [api] secret。`,
    };
  }
  if (reason === 'digest-mismatch') {
    return {
      en: `The login digest was refused ("${msg}"): it must be md5("zlmediakit:" + secret + ":" + cookie).`,
      zh: `登录摘要被拒绝（"${msg}"）：应为 md5("zlmediakit:" + secret + ":" + cookie)。`,
    };
  }
  return {
    en: `The secret was refused ("${msg}"). It must equal [api] secret of the running server: a default or empty secret is replaced by a random one at start-up ("The api.secret is invalid, modified it to" in the log), setServerConfig can change it live, and an edited config.ini is only read after SIGHUP or a restart.`,
    zh: `secret 被拒绝（"${msg}"）。它必须等于运行中服务的 [api] secret：默认或空的 secret 会在启动时被替换为随机值（日志 "The api.secret is invalid, modified it to"），setServerConfig 可即时修改它，而修改 config.ini 需 SIGHUP 或重启才会读取。`,
  };
}
