/**
 * A ZLMediaKit MediaServer simulator for tests, built only from the
 * recordings in /work/shared/zlm-reference (real fdaec26 binary on loopback).
 *
 * HTTP API on 127.0.0.1 (random port by default):
 *  - every answer: status, header names/order, Content-Type charset from
 *    http.charSet, `Connection: close` (the socket is closed after each
 *    answer), ZLM's Date format, the recorded Server string, and the
 *    ZLM_UNLOGIN Set-Cookie exactly where the recordings have it;
 *  - bodies in jsoncpp's styled format, byte-identical to the recordings;
 *  - checks in the real order: http.allow_ip_range (-100, no cookie), then a
 *    ZLM_LOGINED cookie or the secret (query / form / JSON body / `secret`
 *    header; wrong and missing give the same -100 "Please login first"),
 *    then required arguments (-300, exact recorded texts);
 *  - unknown paths fall through to the file server: HTTP 404 notFound page,
 *    or HTTP 401 text for an IP outside the allow list;
 *  - APIs the recordings do not cover answer HTTP 501 "zlm-sim: ... not
 *    simulated" so a test notices instead of getting an invented answer.
 *
 * State: config loaded like the binary does (built-in defaults + file +
 * code-only keys, unknown keys kept, default secret replaced), a
 * `startupConfig` snapshot for start-up-only keys (ports, port_range,
 * alive_interval) and live values changed by setServerConfig (recorded
 * `changed` semantics; the file is rewritten when `configPath` is given).
 *
 * Hooks: on_server_started after start, on_server_keepalive every
 * alive_interval (timer created only at start, only if hook.enable and the URL
 * were set then; later URL changes are used, enable is not re-checked),
 * on_rtp_server_timeout, on_server_exited on a graceful close; POSTed with
 * ZLM's headers, hook.timeoutSec, hook.retry / hook.retry_delay (no retry
 * for code != 0), failures logged like WebHook.cpp:202.
 *
 * Knobs: mode 'hang' (accept, never answer), 'garbage' (HTTP 200 non-JSON),
 * 'down' (listener closed: connection refused); clientIp (which source
 * address the server sees, for http.allow_ip_range); streams; daemon.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readBool } from '../../../src/zlm/value.ts';
import { IniDocument } from '../../../src/ini/document.ts';
import { builtinDefaults, dumpConfig, generateConfig, loadConfig } from './config.ts';
import { JReal, parseJson, styled, type JValue } from './json.ts';
import { SimLog } from './log.ts';
import { apiRecording, hookRecording, serverName, testConfigText } from './recordings.ts';

export type SimMode = 'normal' | 'hang' | 'garbage' | 'down';

export interface ZlmSimOptions {
  /** config.ini text; default: the recorded loopback test config (config.test-loopback-example.ini). */
  configText?: string;
  /**
   * A config file: read at start (created with built-in defaults when missing,
   * like the binary), rewritten by setServerConfig and the secret replacement,
   * re-read by reload() (SIGHUP) and restarts.
   */
  configPath?: string;
  /** Write logs as `<logDir>/YYYY-MM-DD_00.log`. */
  logDir?: string;
  /** TCP port for the HTTP API; default 0 (random). http.port in memory is set to the real port. */
  port?: number;
  /** Source address the server attributes to clients (http.allow_ip_range); default: the real peer address. */
  clientIp?: string | ((remote: string) => string);
  mode?: SimMode;
  /** Streams getMediaList/isMediaOnline/getStatistic report: none (default) or the recorded RTMP push live/test. */
  streams?: 'none' | 'rtmp-live-test';
  /** restartServer: without -d the process just exits (default); with it, it comes back. */
  daemon?: boolean;
  /** restartServer: ms until exit (real: 1000) and, with daemon, until the new child listens (real: 3000). */
  restartExitMs?: number;
  restartRespawnMs?: number;
  now?: () => Date;
  /** false: send no hooks at all (no network side effects); the config is unchanged. Default true. */
  emitHooks?: boolean;
}

export interface HookAttempt {
  hook: string;
  url: string;
  /** 0 = first attempt. */
  attempt: number;
  at: Date;
  ms: number;
  ok: boolean;
  /** ZLM's failure text, e.g. `[network err]:3(connection refused)`. */
  error?: string;
  body: string;
}

export interface SimRequest {
  method: string;
  url: string;
  clientIp: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ZlmSim {
  readonly base: string;
  readonly port: number;
  /** Live values (what getServerConfig returns). */
  readonly config: ReadonlyMap<string, string>;
  /** Values at the last (re)start; start-up-only keys act on these. */
  readonly startupConfig: ReadonlyMap<string, string>;
  readonly secret: string;
  readonly state: 'up' | 'down';
  readonly mode: SimMode;
  readonly requests: readonly SimRequest[];
  readonly hooks: readonly HookAttempt[];
  /** Every log record written (also without logDir); a record may span several lines. */
  readonly logEntries: readonly string[];
  /** The log as the file holds it. */
  logText(): string;
  /** setServerConfig without HTTP; returns `changed`. */
  setConfig(values: Record<string, string>): number;
  /** SIGHUP: re-read configPath / configText; start-up-only keys stay as they were. */
  reload(): void;
  setMode(mode: SimMode): Promise<void>;
  setClientIp(ip: string | ((remote: string) => string) | undefined): void;
  setStreams(streams: 'none' | 'rtmp-live-test'): void;
  /** Resolves when the state is reached (rejects after timeoutMs). */
  waitFor(state: 'up' | 'down', timeoutMs?: number): Promise<void>;
  /** Resolves when `n` hook attempts for `hook` have finished. */
  waitForHooks(hook: string, n: number, timeoutMs?: number): Promise<HookAttempt[]>;
  /** Stop everything. graceful: SIGINT path (logs, on_server_exited). */
  close(opts?: { graceful?: boolean }): Promise<void>;
}

// ─────────────────────────────── helpers ───────────────────────────────

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ZLM's HTTP date: `Mon, Nov 23 2026 19:46:14 GMT`. */
export function zlmHttpDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

function ipv4ToInt(ip: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return 0;
  const parts = m.slice(1).map(Number);
  if (parts.some((n) => n > 255)) return 0;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** HttpFileManager::isIPAllowed: comma list of IPv4 addresses or a-b ranges; empty allows all. */
export function isIPAllowed(range: string, ip: string): boolean {
  const ranges: [number, number][] = [];
  for (const item of range.split(',')) {
    if (item.trim() === '') continue;
    const r = item.split('-');
    if (r.length === 2) ranges.push([ipv4ToInt(r[0]!), ipv4ToInt(r[1]!)]);
    else if (r.length === 1) {
      const v = ipv4ToInt(r[0]!);
      ranges.push([v, v]);
    }
  }
  if (ranges.length === 0) return true;
  const v = ipv4ToInt(ip);
  return ranges.some(([a, b]) => v >= a && v <= b);
}

function normalizeIp(ip: string | undefined): string {
  if (!ip) return '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function hex32(): string {
  return randomBytes(16).toString('hex');
}

function cookiesOf(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function floatOf(s: string | undefined, def: number): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)/.exec(s ?? '');
  return m ? Number(m[0]) : def;
}

function intOf(s: string | undefined, def: number): number {
  const m = /^\s*[+-]?\d+/.exec(s ?? '');
  return m ? Number(m[0]) : def;
}

class ApiException {
  constructor(
    readonly code: number,
    readonly msg: string,
    /** -100 "Please login first" carries a fresh unlogin cookie. */
    readonly cookie?: string,
  ) {}
}

interface Reply {
  status: number;
  statusText: string;
  contentType: 'json' | 'html';
  body: string;
  setCookie: string[];
}

/** Args the real server requires, with its exact messages (api/*.missing-args*.json). */
const REQUIRED: Record<string, { keys: string[]; msg: string }> = {
  ismediaonline: { keys: ['schema', 'vhost', 'app', 'stream'], msg: 'Required parameter missed: "schema","vhost","app","stream"' },
  openrtpserver: { keys: ['port', 'stream_id'], msg: 'Required parameter missed: "port", "stream_id"' },
  closertpserver: { keys: ['stream_id'], msg: 'Required parameter missed: "stream_id"' },
};

interface RtpServer {
  stream_id: string;
  vhost: string;
  app: string;
  port: number;
  tcp_mode: number;
  only_track: number;
  ssrc: number;
  timer: NodeJS.Timeout;
}

// ─────────────────────────────── simulator ───────────────────────────────

export async function startZlmSim(opts: ZlmSimOptions = {}): Promise<ZlmSim> {
  const now = opts.now ?? ((): Date => new Date());
  const log = new SimLog(opts.logDir, 10000 + (process.pid % 50000), now);
  const SERVER = serverName();
  const recordedApis = (apiRecording('getApiList.secret-ok').response.body_json as { data: string[] }).data;
  const knownApis = new Map(recordedApis.filter((p) => p.startsWith('/index/api/')).map((p) => [p.slice(11).toLowerCase(), p.slice(11)]));

  let values = new Map<string, string>();
  let startup = new Map<string, string>();
  // no file and no text: the recorded loopback test config
  let configText = opts.configText ?? (opts.configPath ? undefined : testConfigText());
  let mode: SimMode = opts.mode ?? 'normal';
  let state: 'up' | 'down' = 'down';
  let clientIp = opts.clientIp;
  let streams = opts.streams ?? 'none';
  let hookIndex = 0;
  let poller = 0;
  let port = opts.port ?? 0;
  let server: Server | undefined;
  let keepalive: NodeJS.Timeout | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const requests: SimRequest[] = [];
  const hookAttempts: HookAttempt[] = [];
  const hookWaiters: (() => void)[] = [];
  const stateWaiters: (() => void)[] = [];
  const unlogin = new Map<string, number>();
  const logined = new Map<string, number>();
  const rtpServers = new Map<string, RtpServer>();
  let closed = false;
  /** The file's http.port while memory shows the port really listened on. */
  let filePort: string | undefined;

  const thread = (): string => `event poller ${poller++ % 2}`;
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const setState = (s: 'up' | 'down'): void => {
    state = s;
    for (const w of stateWaiters.splice(0)) w();
  };

  // ── config ──
  function readConfigSource(): string | undefined {
    if (opts.configPath && existsSync(opts.configPath)) return readFileSync(opts.configPath, 'utf8');
    return configText;
  }

  /** What a dump writes: live values, with the file's own http.port when memory shows the real one. */
  function dumpValues(): Map<string, string> {
    const v = new Map(values);
    if (filePort !== undefined && v.get('http.port') === String(port)) v.set('http.port', filePort);
    return v;
  }

  function writeConfigFile(text: string): void {
    if (!opts.configPath) {
      configText = text;
      return;
    }
    try {
      writeFileSync(opts.configPath, text);
    } catch {
      // the real server logs "saved config file" and goes on when it cannot write
    }
  }

  function loadAtStart(): void {
    const src = readConfigSource();
    const loaded = loadConfig(src);
    values = loaded.values;
    for (const [k, v] of loaded.unknown) log.write('W', 'MediaServer', 'config.cpp:40 loadIniConfig', `unknow config: ${k} = ${v}`);
    const where = opts.configPath ?? 'config.ini';
    if (src === undefined) {
      log.write('I', 'MediaServer', 'config.cpp:52 loadIniConfig', `dump ini file to:${where}`);
      writeConfigFile(generateConfig(values));
    }
    if (loaded.replacedSecret !== undefined) {
      log.write('W', 'MediaServer', 'main.cpp:306 start_main', `The api.secret is invalid, modified it to: ${loaded.replacedSecret}, saved config file: ${where}`);
      const cur = readConfigSource();
      writeConfigFile(cur === undefined ? generateConfig(values) : dumpConfig(cur, values));
    }
  }

  function setConfig(input: Record<string, string>, th = thread()): number {
    let changed = 0;
    for (const [k, v] of Object.entries(input)) {
      if (!values.has(k)) continue;
      if (k === 'ffmpeg.bin' || k === 'ffmpeg.snap') {
        log.write('W', th, 'WebApi.cpp:893 operator()', `Configuration named ${k} is not allowed to be set by setServerConfig api.`);
        continue;
      }
      if (values.get(k) === v) continue;
      values.set(k, v);
      changed++;
      // the "reload config" lines the recordings show
      if (k === 'general.flowThreshold') log.write('I', th, 'RtpProcess.cpp:72 operator()', `reload config:${k}=${v}`);
      else if (k === 'hook.on_publish') log.write('I', th, 'WebHook.cpp:385 operator()', `reload config:${k}=${v}`);
      else if (k === 'hook.enable') for (const l of [280, 248, 376]) log.write('I', th, `WebHook.cpp:${l} operator()`, `reload config:${k}=${v}`);
      else if (k === 'rtp_proxy.port_range') for (const l of [396, 395]) log.write('I', th, `Rtsp.cpp:${l} operator()`, `reload config:${k}=${v}`);
    }
    if (changed > 0) {
      const cur = readConfigSource();
      writeConfigFile(cur === undefined ? generateConfig(dumpValues()) : dumpConfig(cur, dumpValues()));
    }
    return changed;
  }

  // ── hooks ──
  function hookEnabled(): boolean {
    return readBool(values.get('hook.enable') ?? '0').value;
  }

  function postHook(hook: string, url: string, body: Record<string, JValue>, retry = intOf(values.get('hook.retry'), 1), attempt = 0): void {
    if (closed || opts.emitHooks === false) return;
    const bodyStr = styled(body);
    const timeoutMs = floatOf(values.get('hook.timeoutSec'), 10) * 1000;
    const started = performance.now();
    const th = thread();
    const finish = (error: string | undefined, shouldRetry: boolean): void => {
      const ms = Math.round(performance.now() - started);
      hookAttempts.push({ hook, url, attempt, at: now(), ms, ok: error === undefined, error, body: bodyStr });
      if (error !== undefined) {
        log.write('W', th, 'WebHook.cpp:202 operator()', `hook ${url} ${ms}ms,failed${error}:${bodyStr.replace(/\n$/, '')}`);
        if (retry > 0 && shouldRetry) {
          later(floatOf(values.get('hook.retry_delay'), 3) * 1000, () => postHook(hook, url, body, retry - 1, attempt + 1));
        }
      } else if (ms > 500) {
        log.write('D', th, 'WebHook.cpp:217 operator()', `hook ${url} ${ms}ms,success:${bodyStr.replace(/\n$/, '')}`);
      }
      for (const w of hookWaiters.splice(0)) w();
    };
    let u: URL;
    try {
      u = new URL(url);
      if (u.protocol !== 'http:') throw new Error('scheme');
    } catch {
      finish(`[network err]:255(非法的http url:${url})`, false);
      return;
    }
    const headers: Record<string, string> = {
      Accept: '*/*',
      'Accept-Language': 'zh-CN,zh;q=0.8',
      Connection: 'keep-alive',
      'Content-Length': String(Buffer.byteLength(bodyStr)),
      'Content-Type': 'application/json',
      Host: u.host,
      'User-Agent': SERVER,
    };
    if (typeof body.vhost === 'string' && body.vhost !== '') headers['X-VHOST'] = body.vhost;
    let done = false;
    const req = httpRequest({ host: u.hostname, port: u.port || 80, path: `${u.pathname}${u.search}`, method: 'POST', headers, agent: false });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      req.destroy();
      finish('[network err]:2(wait http response complete timeout)', true);
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const text =
        e.code === 'ECONNREFUSED' ? '3(connection refused)' : e.code === 'ECONNRESET' ? '4(connection reset by peer)' : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? '5(dns resolve failed)' : `255(${e.message})`;
      finish(`[network err]:${text}`, true);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('end', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        req.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return finish(`[bad http status code]:${res.statusCode}`, true);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return finish('[parse json failed]:* Line 1, Column 1\n  Syntax error: value, object or array expected.\n', true);
        }
        const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
        const code = obj.code;
        if (typeof code !== 'number' || !Number.isInteger(code)) {
          return finish(`[json code]:code not int:${code === undefined ? 'null' : styled(code as JValue).replace(/\n$/, '')}`, true);
        }
        if (code !== 0) {
          const msg = obj.msg === undefined ? 'null' : styled(obj.msg as JValue).replace(/\n$/, '');
          return finish(`[auth failed]: code:${code} msg:${msg}`, false);
        }
        finish(undefined, false);
      });
    });
    req.end(bodyStr);
  }

  function withIndex(body: Record<string, JValue>): Record<string, JValue> {
    return { ...body, hook_index: hookIndex++, mediaServerId: values.get('general.mediaServerId') ?? '' };
  }

  /** getStatistic's data (captured while the API call's own session existed). */
  function statistic(): JValue {
    const rec = apiRecording(streams === 'none' ? 'getStatistic.secret-ok' : 'getStatistic.with-stream.secret-ok');
    return (parseJson(rec.response.body_raw) as { data: JValue }).data;
  }

  /** on_server_keepalive's data: the same counters, as captured by the keepalive recording when idle. */
  function keepaliveData(): JValue {
    if (streams !== 'none') return statistic();
    return (parseJson(hookRecording('on_server_keepalive').examples[0]!.body_raw) as { data: JValue }).data;
  }

  function sendServerStarted(): void {
    const url = values.get('hook.on_server_started') ?? '';
    if (!hookEnabled() || url === '') return;
    const body: Record<string, JValue> = {};
    for (const [k, v] of values) body[k] = v;
    postHook('on_server_started', url, withIndex(body));
  }

  function startKeepalive(): void {
    if (!hookEnabled() || (values.get('hook.on_server_keepalive') ?? '') === '') return;
    const sec = floatOf(startup.get('hook.alive_interval'), 30);
    if (!(sec > 0)) return;
    keepalive = setInterval(() => {
      const url = values.get('hook.on_server_keepalive') ?? '';
      if (url !== '') postHook('on_server_keepalive', url, withIndex({ data: keepaliveData() }));
    }, sec * 1000);
  }

  // ── RTP proxy ──
  function portRange(): { min: number; max: number } {
    const m = /^\s*(\d+)\s*-\s*(\d+)/.exec(startup.get('rtp_proxy.port_range') ?? '');
    if (!m) return { min: 30000, max: 35000 };
    return { min: Number(m[1]), max: Number(m[2]) };
  }

  function openRtp(args: Map<string, string>, th: string): JValue {
    const stream_id = args.get('stream_id')!;
    const vhost = args.get('vhost') || '__defaultVhost__';
    const app = args.get('app') || 'rtp';
    if (rtpServers.has(`${vhost}/${app}/${stream_id}`)) throw new ApiException(-300, 'This stream already exists');
    const tcp_mode = intOf(args.get('tcp_mode') ?? (args.get('enable_tcp') === '1' ? '1' : '0'), 0);
    const ip = values.get('general.listen_ip') || '::';
    let p = intOf(args.get('port'), 0);
    if (p === 0) {
      const { min, max } = portRange();
      if (!(max >= min + 36 - 1)) {
        const msg = 'Assertion failed: (s_max_port >= s_min_port + 36 - 1), function PortManager, file /opt/zlm/src/src/Rtsp/Rtsp.cpp, line 397.';
        for (const r of [1, 2]) log.write('W', th, 'Rtsp.cpp:520 makeSockPair', `open socket failed:${msg}, retry: ${r}`);
        throw new ApiException(-400, msg);
      }
      const used = new Set([...rtpServers.values()].map((s) => s.port));
      const pairs: number[] = [];
      for (let q = min + (min % 2); q + 1 <= max; q += 2) if (!used.has(q)) pairs.push(q);
      if (pairs.length === 0) {
        for (const r of [1, 2]) log.write('W', th, 'Rtsp.cpp:520 makeSockPair', `open socket failed:none reserved port in pool, retry: ${r}`);
        throw new ApiException(-400, 'none reserved port in pool');
      }
      p = pairs[Math.floor(Math.random() * pairs.length)]!;
      log.write('I', th, 'Rtsp.cpp:481 getPortPair', `got port from pool:${p}-${p + 1}`);
    } else if (p === port || [...rtpServers.values()].some((s) => s.port === p)) {
      log.write('W', th, 'sockutil.cpp:452 bind_sock4', 'Bind socket failed: address already in use');
      throw new ApiException(-400, `Listen on ${ip} ${p} failed: address already in use`);
    }
    if (tcp_mode === 1) log.write('I', th, 'TcpServer.cpp:260 start_l', `TCP server listening on [${ip}]: ${p}`);
    const ssrc = intOf(args.get('ssrc'), 0);
    const only_track = intOf(args.get('only_track'), 0);
    const key = `${vhost}/${app}/${stream_id}`;
    const timeoutSec = floatOf(values.get('rtp_proxy.timeoutSec'), 15);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (rtpServers.get(key)?.timer !== timer) return;
      rtpServers.delete(key);
      const t = thread();
      log.write('W', t, 'RtpProcess.cpp:234 onDetach', `2(RtpProcess timeout), stream_id: ${stream_id}`);
      log.write('I', t, 'Rtsp.cpp:490 operator()', `return port to pool:${p}-${p + 1}`);
      log.write('W', t, 'RtpProcess.cpp:66 ~RtpProcess', `${stream_id}(:::0) RTP推流器(${vhost}/${app}/${stream_id})断开,耗时(s):0`);
      const url = values.get('hook.on_rtp_server_timeout') ?? '';
      if (hookEnabled() && url !== '') {
        postHook('on_rtp_server_timeout', url, withIndex({ app, local_port: p, re_use_port: false, ssrc, stream_id, tcp_mode, vhost }));
      }
    }, timeoutSec * 1000);
    timers.add(timer);
    rtpServers.set(key, { stream_id, vhost, app, port: p, tcp_mode, only_track, ssrc, timer });
    return { code: 0, port: p };
  }

  // ── media ──
  function mediaList(): JValue[] {
    if (streams === 'none') return [];
    return (parseJson(apiRecording('getMediaList.with-rtmp-stream.secret-ok').response.body_raw) as { data: JValue[] }).data;
  }

  // ── API ──
  function jsonReply(obj: JValue, setCookie: string[] = []): Reply {
    return { status: 200, statusText: 'OK', contentType: 'json', body: styled(obj), setCookie };
  }

  function notFoundPage(): Reply {
    return { status: 404, statusText: 'Not Found', contentType: 'html', body: values.get('http.notFound') ?? '', setCookie: [] };
  }

  function ipNotAllowedPage(): Reply {
    return { status: 401, statusText: 'Unauthorized', contentType: 'html', body: 'Your ip is not allowed to access the service.', setCookie: [] };
  }

  function unloginCookie(c: string): string {
    return `ZLM_UNLOGIN=${c};expires=${zlmHttpDate(new Date(now().getTime() + 60_000))};path=/`;
  }

  function newUnlogin(): string {
    const c = hex32();
    unlogin.set(c, Date.now() + 60_000);
    return c;
  }

  function handleApi(name: string, args: Map<string, string>, req: IncomingMessage, ip: string, th: string): Reply {
    const lower = name.toLowerCase();
    const api = knownApis.get(lower);
    if (api === undefined) return isIPAllowed(values.get('http.allow_ip_range') ?? '', ip) ? notFoundPage() : ipNotAllowedPage();
    const cookies = cookiesOf(req);
    try {
      if (!isIPAllowed(values.get('http.allow_ip_range') ?? '', ip)) throw new ApiException(-100, 'Your ip is not allowed to access the service.');
      if (lower === 'login') return login(args, cookies);
      // a valid login cookie, else the secret
      const lc = cookies.get('ZLM_LOGINED');
      const byCookie = lc !== undefined && (logined.get(lc) ?? 0) > Date.now();
      if (!byCookie) {
        const given = args.get('secret') ?? (typeof req.headers.secret === 'string' ? req.headers.secret : undefined);
        if (given === undefined || given === '' || given !== values.get('api.secret')) throw new ApiException(-100, 'Please login first', newUnlogin());
      }
      const need = REQUIRED[lower];
      if (need && need.keys.some((k) => (args.get(k) ?? '') === '')) throw new ApiException(-300, need.msg);
      const ok = byCookie ? [] : [unloginCookie(newUnlogin())];
      const body = invoke(lower, args, th);
      if (body === undefined) {
        return { status: 501, statusText: 'Not Implemented', contentType: 'html', body: `zlm-sim: /index/api/${api} is not simulated (not in the recordings)`, setCookie: [] };
      }
      return jsonReply(body, ok);
    } catch (e) {
      if (!(e instanceof ApiException)) throw e;
      if (e.cookie !== undefined) return jsonReply({ code: e.code, cookie: e.cookie, msg: e.msg }, [unloginCookie(e.cookie)]);
      return jsonReply({ code: e.code, msg: e.msg });
    }
  }

  function login(args: Map<string, string>, cookies: Map<string, string>): Reply {
    const c = cookies.get('ZLM_UNLOGIN');
    if (c === undefined || (unlogin.get(c) ?? 0) <= Date.now()) throw new ApiException(-100, 'Please login first', newUnlogin());
    const want = createHash('md5').update(`zlmediakit:${values.get('api.secret') ?? ''}:${c}`).digest('hex');
    if ((args.get('digest') ?? '').toLowerCase() !== want) return jsonReply({ code: -100, cookie: c, msg: 'Digest does not match, incorrect secret?' });
    const l = hex32();
    logined.set(l, Date.now() + 24 * 3600_000);
    unlogin.delete(c);
    return jsonReply({ code: 0 }, [`ZLM_LOGINED=${l};expires=${zlmHttpDate(new Date(now().getTime() + 24 * 3600_000))};path=/`, `ZLM_UNLOGIN=${c};expires=${zlmHttpDate(now())};path=/`]);
  }

  function invoke(api: string, args: Map<string, string>, th: string): JValue | undefined {
    switch (api) {
      case 'getapilist':
      case 'version':
      case 'getthreadsload':
      case 'getworkthreadsload':
        return parseJson(apiRecording(`${api === 'getapilist' ? 'getApiList' : api === 'version' ? 'version' : api === 'getthreadsload' ? 'getThreadsLoad' : 'getWorkThreadsLoad'}.secret-ok`).response.body_raw);
      case 'getstatistic':
        return { code: 0, data: statistic() };
      case 'getserverconfig': {
        const cfg: Record<string, JValue> = {};
        for (const [k, v] of values) cfg[k] = v;
        return { code: 0, data: [cfg] };
      }
      case 'setserverconfig': {
        const input: Record<string, string> = {};
        for (const [k, v] of args) if (k !== 'secret') input[k] = v;
        return { changed: setConfig(input, th), code: 0 };
      }
      case 'getmedialist': {
        const list = mediaList().filter((m) => {
          const o = m as Record<string, JValue>;
          return ['schema', 'vhost', 'app', 'stream'].every((k) => !args.get(k) || o[k] === args.get(k));
        });
        // tracks carry "loss" only when exactly one source matched (filtered recording)
        if (list.length === 1) {
          const one = list[0] as Record<string, JValue>;
          const tracks = (one.tracks as Record<string, JValue>[]).map((t) => ({ ...t, loss: t.loss ?? new JReal(-1) }));
          list[0] = { ...one, tracks };
        }
        return list.length ? { code: 0, data: list } : { code: 0 };
      }
      case 'ismediaonline': {
        const online = mediaList().some((m) => {
          const o = m as Record<string, JValue>;
          return ['schema', 'vhost', 'app', 'stream'].every((k) => o[k] === args.get(k));
        });
        return { code: 0, online };
      }
      case 'openrtpserver':
        return openRtp(args, th);
      case 'closertpserver': {
        const key = `${args.get('vhost') || '__defaultVhost__'}/${args.get('app') || 'rtp'}/${args.get('stream_id')}`;
        const s = rtpServers.get(key);
        if (!s) return { code: 0, hit: 0 };
        clearTimeout(s.timer);
        timers.delete(s.timer);
        rtpServers.delete(key);
        log.write('W', th, 'RtpProcess.cpp:66 ~RtpProcess', `${s.stream_id}(:::0) RTP推流器(${s.vhost}/${s.app}/${s.stream_id})断开,耗时(s):0`);
        log.write('I', th, 'Rtsp.cpp:490 operator()', `return port to pool:${s.port}-${s.port + 1}`);
        return { code: 0, hit: 1 };
      }
      case 'listrtpserver': {
        const list = [...rtpServers.values()].reverse().map((s) => ({ app: s.app, only_track: s.only_track, port: s.port, ssrc: s.ssrc, stream_id: s.stream_id, tcp_mode: s.tcp_mode, vhost: s.vhost }));
        return list.length ? { code: 0, data: list } : { code: 0 };
      }
      case 'restartserver':
        later(opts.restartExitMs ?? 1000, () => {
          void exit(true).then(() => {
            if (opts.daemon) later(opts.restartRespawnMs ?? 3000, () => void boot().catch(() => undefined));
          });
        });
        return { code: 0, msg: 'MediaServer will reboot in on 1 second' };
      default:
        return undefined;
    }
  }

  function apiDebug(th: string, req: IncomingMessage, body: string, reply: Reply): void {
    if (!readBool(values.get('api.apiDebug') ?? '0').value) return;
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    // ZLM keeps headers in a case-insensitive sorted map
    const headers = pairs
      .sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : a[0].toLowerCase() > b[0].toLowerCase() ? 1 : 0))
      .map(([k, v]) => `${k} : ${v}`)
      .join('\n');
    const resp = Buffer.byteLength(reply.body) > 4096 ? `# response size:${Buffer.byteLength(reply.body)}` : `# response:\n${reply.body.replace(/\n$/, '')}`;
    log.write('D', th, 'WebApi.cpp:306 http api debug', `\n# request:\n${req.method} ${req.url}\n# header:\n${headers}\n# content:\n${body ? `${body}\n` : ''}${resp}`);
  }

  function send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string | string[]> = {
      Connection: 'close',
      'Content-Length': String(Buffer.byteLength(reply.body)),
      'Content-Type': `${reply.contentType === 'json' ? 'application/json' : 'text/html'}; charset=${values.get('http.charSet') || 'utf-8'}`,
      Date: zlmHttpDate(now()),
      Server: SERVER,
    };
    if (reply.setCookie.length) headers['Set-Cookie'] = reply.setCookie;
    res.sendDate = false;
    res.writeHead(reply.status, reply.statusText, headers);
    res.end(reply.body);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const ip = typeof clientIp === 'function' ? clientIp(normalizeIp(req.socket.remoteAddress)) : (clientIp ?? normalizeIp(req.socket.remoteAddress));
    requests.push({ method: req.method ?? '', url: req.url ?? '', clientIp: ip, headers: { ...req.headers } });
    if (mode === 'hang') return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode === 'hang') return;
      if (mode === 'garbage') {
        res.sendDate = false;
        res.writeHead(200, 'OK', { Connection: 'close', 'Content-Length': '15', 'Content-Type': 'text/plain', Date: zlmHttpDate(now()), Server: SERVER });
        res.end('hello, not json');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://x');
      const args = new Map<string, string>();
      // body args first, URL args win
      const ct = req.headers['content-type'] ?? '';
      if (body && ct.includes('application/json')) {
        try {
          const j = JSON.parse(body) as Record<string, unknown>;
          if (j && typeof j === 'object') for (const [k, v] of Object.entries(j)) args.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        } catch {
          // not JSON: no body args
        }
      } else if (body && ct.includes('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(body)) args.set(k, v);
      }
      for (const [k, v] of u.searchParams) args.set(k, v);
      const th = thread();
      let reply: Reply;
      const m = /^\/index\/api\/([^/]+)$/.exec(u.pathname);
      if (m) reply = handleApi(m[1]!, args, req, ip, th);
      else if (!isIPAllowed(values.get('http.allow_ip_range') ?? '', ip)) reply = ipNotAllowedPage();
      else if (u.pathname === '/') {
        const rec = apiRecording('http-file-root.from-127.0.0.1.allowed').response;
        reply = { status: 200, statusText: 'OK', contentType: 'html', body: rec.body_raw, setCookie: [] };
      } else reply = notFoundPage();
      if (m) apiDebug(th, req, body, reply);
      send(res, reply);
    });
  }

  // ── process life ──
  async function listen(): Promise<void> {
    const srv = createServer(onRequest);
    srv.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        srv.off('error', reject);
        resolve();
      });
    });
    server = srv;
    port = (srv.address() as { port: number }).port;
  }

  async function unlisten(): Promise<void> {
    const srv = server;
    server = undefined;
    if (!srv) return;
    for (const s of sockets) s.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  let booted = false;
  async function boot(): Promise<void> {
    if (closed) return;
    hookIndex = 0;
    log.write('I', 'MediaServer', 'System.cpp:229 systemSetup', 'core文件大小设置为:18446744073709551615');
    log.write('I', 'MediaServer', 'System.cpp:238 systemSetup', '文件最大描述符个数设置为:20000');
    log.write('I', 'MediaServer', 'main.cpp:294 start_main', SERVER);
    loadAtStart();
    log.write('D', 'MediaServer', 'SSLBox.cpp:181 setContext', 'Add certificate of: default.zlmediakit.com');
    log.write('D', 'stamp thread', 'util.cpp:440 operator()', 'Stamp thread started');
    log.write('I', 'MediaServer', 'EventPoller.cpp:634 EventPollerPool', 'EventPoller created size: 2');
    log.write('I', 'MediaServer', 'main.cpp:419 start_main', '已启动http api 接口');
    const ip = values.get('general.listen_ip') || '::';
    // a restart listens on the file's http.port when it was changed (e.g. by setServerConfig)
    if (booted && filePort !== undefined && values.get('http.port') !== filePort) port = intOf(values.get('http.port'), port);
    booted = true;
    try {
      await listen();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
      log.write('W', 'MediaServer', 'sockutil.cpp:452 bind_sock4', `Bind socket failed: ${why}`);
      log.write('E', 'MediaServer', 'main.cpp:477 start_main', `Start server failed: Listen on ${ip} ${port} failed: ${why}`);
      throw e;
    }
    // the in-memory http.port is the port really listened on
    filePort = values.get('http.port');
    if (filePort === String(port)) filePort = undefined;
    values.set('http.port', String(port));
    startup = new Map(values);
    setState('up');
    sendServerStarted();
    log.write('I', 'MediaServer', 'main.cpp:421 start_main', '已启动http hook 接口');
    for (const k of ['rtsp.port', 'rtmp.port', 'http.port']) {
      const p = intOf(startup.get(k), 0);
      if (p > 0) log.write('I', 'MediaServer', 'TcpServer.cpp:260 start_l', `TCP server listening on [${ip}]: ${p}`);
    }
    const rp = intOf(startup.get('rtp_proxy.port'), 0);
    if (rp > 0) {
      log.write('I', 'MediaServer', 'UdpServer.cpp:128 start_l', `UDP server bind to [${ip}]: ${rp}`);
      log.write('I', 'MediaServer', 'TcpServer.cpp:260 start_l', `TCP server listening on [${ip}]: ${rp}`);
    }
    startKeepalive();
  }

  async function exit(graceful: boolean): Promise<void> {
    if (keepalive) clearInterval(keepalive);
    keepalive = undefined;
    for (const s of rtpServers.values()) clearTimeout(s.timer);
    rtpServers.clear();
    if (state === 'down' && !server) return;
    if (graceful) log.write('I', 'MediaServer', 'main.cpp:493 operator()', 'SIGINT:exit');
    await unlisten();
    setState('down');
    if (graceful) {
      log.write('I', 'MediaServer', 'main.cpp:531 start_main', '程序退出中,请等待...');
      const url = values.get('hook.on_server_exited') ?? '';
      if (hookEnabled() && url !== '') {
        const n = hookAttempts.length;
        postHook('on_server_exited', url, withIndex({}), 0);
        const until = Date.now() + 1000;
        while (hookAttempts.length === n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      }
      log.write('I', 'MediaServer', 'main.cpp:533 start_main', '程序退出完毕!');
    }
  }

  await boot();
  // mode passed at start holds from the start: 'down' is a server that does not listen
  if (mode === 'down') {
    await unlisten();
    setState('down');
  }

  const sim: ZlmSim = {
    get base() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get config() {
      return values;
    },
    get startupConfig() {
      return startup;
    },
    get secret() {
      return values.get('api.secret') ?? '';
    },
    get state() {
      return state;
    },
    get mode() {
      return mode;
    },
    requests,
    hooks: hookAttempts,
    logEntries: log.lines,
    logText: () => log.text(),
    setConfig: (v) => setConfig(v),
    reload() {
      // SIGHUP: the file's values over the current ones; listeners and timers stay
      const src = readConfigSource();
      if (src === undefined) {
        log.write('I', 'MediaServer', 'config.cpp:52 loadIniConfig', `dump ini file to:${opts.configPath ?? 'config.ini'}`);
        writeConfigFile(generateConfig(dumpValues()));
        return;
      }
      const file = IniDocument.parse(src).toMap();
      const reg = builtinDefaults();
      for (const [k, v] of file) {
        if (!reg.has(k) && !values.has(k)) log.write('W', 'MediaServer', 'config.cpp:40 loadIniConfig', `unknow config: ${k} = ${v}`);
        values.set(k, v);
      }
      // an unchanged http.port still shows the port really listened on
      if (filePort !== undefined && values.get('http.port') === filePort) values.set('http.port', String(port));
    },
    async setMode(m) {
      const was = mode;
      mode = m;
      if (m === 'down' && was !== 'down') {
        await unlisten();
        setState('down');
      } else if (m !== 'down' && was === 'down' && !server && !closed) {
        await listen();
        setState('up');
      }
    },
    setClientIp(ip) {
      clientIp = ip;
    },
    setStreams(s) {
      streams = s;
    },
    waitFor(s, timeoutMs = 10_000) {
      if (state === s) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`zlm-sim: not ${s} after ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (state === s) {
            clearTimeout(t);
            resolve();
          } else stateWaiters.push(check);
        };
        stateWaiters.push(check);
      });
    },
    waitForHooks(hook, n, timeoutMs = 10_000) {
      const got = (): HookAttempt[] => hookAttempts.filter((h) => h.hook === hook);
      if (got().length >= n) return Promise.resolve(got());
      return new Promise<HookAttempt[]>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`zlm-sim: ${got().length}/${n} ${hook} attempts after ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (got().length >= n) {
            clearTimeout(t);
            resolve(got());
          } else hookWaiters.push(check);
        };
        hookWaiters.push(check);
      });
    },
    async close(o = {}) {
      if (closed) return;
      await exit(o.graceful === true);
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
  return sim;
}


