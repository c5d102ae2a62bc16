/**
 * Fault signatures of ZLMediaKit MediaServer logs, and secret redaction for
 * anything taken out of a log or an API answer.
 *
 * Log format (ZLToolKit logger, observed on fdaec26, same since ~2020):
 *
 *   2026-11-23 19:51:10.209 W [MediaServer] [22897-event poller 0] WebHook.cpp:202 operator() | hook http://... 0ms,failed[network err]:3(connection refused):{
 *   \t"app" : "live",          <- continuation lines (multi-line message bodies) carry no header
 *   }
 *
 * i.e. `<local date> <time.ms> <level T|D|I|W|E> [<exe>] [<pid>-<thread>] <file>:<line> <function> | <message>`.
 * The function part may contain spaces ("http api debug"). Files are
 * `<log dir>/YYYY-MM-DD_NN.log`. Sources: /work/shared/zlm-reference/logs/*.txt,
 * hook-failures.md, zlm-reference.md §4-§6.
 *
 * Every pattern is written in the common subset of JavaScript RegExp and
 * POSIX ERE (no \d \s \S \w, no lookarounds, no lazy quantifiers), so the very
 * same text can be handed to `grep -E` (bench/logscan.ts does that).
 */
import { redactWith } from '../util/redact.ts';
import type { Localized } from '../i18n/index.ts';

export type LogSeverity = 'error' | 'warn' | 'info';

/** What the `subject` of a hit names. */
export type SubjectKind = 'hook-url' | 'stream' | 'listen' | 'config-key' | 'ssrc';

/** Log level letters of ZLToolKit: trace, debug, info, warn, error. */
export type LogLevel = 'T' | 'D' | 'I' | 'W' | 'E';

export interface LogSignature {
  /** Stable id, e.g. `hook-refused`. Never renamed: the doctor and tests key on it. */
  id: string;
  severity: LogSeverity;
  title: Localized;
  fix: Localized;
  /** The first line of a record is tested when its level is one of these (all are W or E). */
  levels: readonly LogLevel[];
  /**
   * Also test continuation lines that carry a JSON `"msg"` field: with
   * api.apiDebug=1 every API answer is dumped there, e.g. `\t"msg" : "Please login first"`.
   */
  body?: boolean;
  /**
   * Literal strings; a line is only tested against `patterns` when it
   * contains one of them (cheap prefilter). Every match of every pattern
   * contains at least one key (tested on every sample).
   */
  keys: readonly string[];
  /** ERE/JS regex sources; a line counts when one matches and no `exclude` does. */
  patterns: readonly string[];
  /** Sources of regexes that veto a match (JS only; grep sees the superset). */
  exclude?: readonly string[];
  subjectKind?: SubjectKind;
  /** Pull the subject (hook URL, stream, key, ...) out of the first matching pattern. */
  subject?: (m: RegExpExecArray) => string | undefined;
}

const HOOK_URL = (m: RegExpExecArray): string | undefined => m[1];
/** `hook <url> <elapsed>ms,failed<reason>:<body>` (WebHook.cpp, WarnL, every failed attempt). */
const hookFailed = (reason: string): string => `hook ([^ ]+) [0-9]+ms,failed${reason}`;

const HOOK_ALL_ATTEMPTS: Localized = {
  en: 'Every failed attempt is one line (hook.retry extra attempts, hook.retry_delay apart, for network/HTTP/JSON errors).',
  zh: '每次失败的尝试各记一行（网络/HTTP/JSON 错误会按 hook.retry 重试，间隔 hook.retry_delay）。',
};

export const LOG_SIGNATURES: readonly LogSignature[] = [
  // ─────────────────────────────── hooks ───────────────────────────────
  {
    id: 'hook-refused',
    severity: 'error',
    title: { en: 'Hook receiver refused the connection', zh: 'Hook 接收端拒绝连接' },
    fix: {
      en: 'Nothing listens at the hook URL. Start the receiver (e.g. WVP) or correct the hook.* URL (host/port); on_publish/on_play failures reject every publish/play. ' + HOOK_ALL_ATTEMPTS.en,
      zh: 'Hook URL 上没有服务在监听。请启动接收端（如 WVP）或修正 hook.* 的地址/端口；on_publish/on_play 失败会拒绝所有推流/播放。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[network err\\]:[0-9]+\\(connection refused\\)')],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-timeout',
    severity: 'error',
    title: { en: 'Hook receiver did not answer in time', zh: 'Hook 接收端响应超时' },
    fix: {
      en: 'The receiver accepted the connection but answered after hook.timeoutSec. Make it answer faster (it must reply within the RTSP/RTMP handshakeSecond of 15 s, or clients are dropped as "illegal connection"), or raise hook.timeoutSec. ' + HOOK_ALL_ATTEMPTS.en,
      zh: '接收端接受了连接，但超过 hook.timeoutSec 才回复。请让其更快响应（需在 RTSP/RTMP handshakeSecond 15 秒内，否则客户端会以 "illegal connection" 断开），或调大 hook.timeoutSec。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[network err\\]:[0-9]+\\([^)]*timeout[^)]*\\)')],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-network-error',
    severity: 'error',
    title: { en: 'Hook request failed with a network error', zh: 'Hook 请求网络错误' },
    fix: {
      en: 'DNS failure, reset or closed connection while calling the hook URL. Check the host name, the receiver and any proxy/firewall in between. ' + HOOK_ALL_ATTEMPTS.en,
      zh: '调用 Hook URL 时出现 DNS 解析失败、连接被重置或关闭。请检查主机名、接收端以及中间的代理/防火墙。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[network err\\]')],
    exclude: ['\\(connection refused\\)', 'ms,failed\\[network err\\]:[0-9]+\\([^)]*timeout'],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-non-json',
    severity: 'error',
    title: { en: 'Hook reply is not JSON', zh: 'Hook 回复不是 JSON' },
    fix: {
      en: 'The receiver answered HTTP 200 with a body that is not JSON (HTML error page, plain text, wrong path on a web server). It must answer application/json like {"code":0,"msg":"success"}. ' + HOOK_ALL_ATTEMPTS.en,
      zh: '接收端返回了 HTTP 200 但内容不是 JSON（HTML 错误页、纯文本、路径指到了普通网站）。必须返回 JSON，例如 {"code":0,"msg":"success"}。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[parse json failed\\]')],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-bad-status',
    severity: 'error',
    title: { en: 'Hook reply has an HTTP error status', zh: 'Hook 回复 HTTP 状态码错误' },
    fix: {
      en: 'The receiver answered with a status other than 200 (404: wrong path or context path; 500: receiver error). ZLM treats any non-200 as failure even when the body says code 0. ' + HOOK_ALL_ATTEMPTS.en,
      zh: '接收端返回了非 200 的状态码（404：路径或 context-path 错误；500：接收端内部错误）。即使 body 中 code 为 0，非 200 也按失败处理。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[bad http status code\\]')],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-code-not-int',
    severity: 'error',
    title: { en: 'Hook reply has no integer "code"', zh: 'Hook 回复缺少整数 code 字段' },
    fix: {
      en: 'The reply JSON must contain "code" as a JSON integer: {"code":0}. A missing code (logged as code not int:null) or a string "0" is a failure, and on_publish/on_play are rejected. ' + HOOK_ALL_ATTEMPTS.en,
      zh: '回复 JSON 必须包含整数类型的 "code"：{"code":0}。缺少 code（日志为 code not int:null）或字符串 "0" 都算失败，on_publish/on_play 会被拒绝。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[json code\\]')],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-rejected',
    severity: 'warn',
    title: { en: 'Hook receiver rejected the request (code != 0)', zh: 'Hook 接收端拒绝了请求（code≠0）' },
    fix: {
      en: 'The receiver answered a non-zero code, so ZLM rejected the publish/play at once (no retry). If this is not an intended denial, check the receiver\'s auth rules (stream names, sign/token parameters, WVP media server id).',
      zh: '接收端返回了非 0 的 code，ZLM 立即拒绝推流/播放（不重试）。若并非有意拒绝，请检查接收端的鉴权规则（流名、签名/token 参数、WVP 的媒体服务器 ID）。',
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('\\[auth failed\\]')],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'hook-failed-other',
    severity: 'error',
    title: { en: 'Hook request failed', zh: 'Hook 请求失败' },
    fix: {
      en: 'A hook call failed for a reason this tool does not classify; read the sample line. ' + HOOK_ALL_ATTEMPTS.en,
      zh: 'Hook 调用失败，原因未被本工具归类；请查看示例日志行。' + HOOK_ALL_ATTEMPTS.zh,
    },
    levels: ['W'],
    keys: ['ms,failed'],
    patterns: [hookFailed('')],
    exclude: ['ms,failed\\[(network err|parse json failed|bad http status code|json code|auth failed)\\]'],
    subjectKind: 'hook-url', subject: HOOK_URL,
  },
  {
    id: 'stream-rejected-by-hook',
    severity: 'warn',
    title: { en: 'Publisher/player disconnected because a hook failed', zh: '因 Hook 失败，推流/播放被断开' },
    fix: {
      en: 'A failed or negative on_publish/on_play answer rejects the session (RTSP 401, RTMP _error, HTTP 401). Fix the hook failure reported next to it.',
      zh: 'on_publish/on_play 失败或返回拒绝时会断开会话（RTSP 401、RTMP _error、HTTP 401）。请修复同时出现的 Hook 失败。',
    },
    levels: ['W'],
    keys: ['断开:Unauthorized:', '断开:401 Unauthorized:', '断开:['],
    patterns: [
      '(播放器|推流器)\\(([^)]*)\\)断开:(401 )?Unauthorized:',
      '(播放器|推流器)\\(([^)]*)\\)断开:\\[(network err|parse json failed|bad http status code|json code|auth failed)\\]',
    ],
    subjectKind: 'stream', subject: (m) => m[2],
  },
  {
    id: 'illegal-connection',
    severity: 'warn',
    title: { en: 'Session dropped as "illegal connection" (handshake/auth not done in time)', zh: '会话因 "illegal connection" 被断开（握手/鉴权超时）' },
    fix: {
      en: 'The RTSP/RTMP session was still waiting (usually for a slow on_publish/on_play hook) when rtsp/rtmp.handshakeSecond ran out. Make the hook answer within a few seconds; a port scanner or an idle client causes the same line.',
      zh: 'RTSP/RTMP 会话在 handshakeSecond 到期时仍在等待（通常是 on_publish/on_play Hook 响应太慢）。请让 Hook 在几秒内响应；端口扫描或空闲连接也会产生该日志。',
    },
    levels: ['W'],
    keys: ['illegal connection'],
    patterns: ['(播放器|推流器)\\(([^)]*)\\)断开:illegal connection', '断开:illegal connection'],
    subjectKind: 'stream', subject: (m) => m[2],
  },

  // ─────────────────────────── start-up / sockets ───────────────────────────
  {
    id: 'port-in-use',
    severity: 'error',
    title: { en: 'MediaServer could not start: port already in use', zh: 'MediaServer 启动失败：端口已被占用' },
    fix: {
      en: 'Another process (often a second MediaServer, e.g. started by "./MediaServer -s stop", which is not a stop command) holds the port. Stop it (kill -INT <pid>) or change the port in config.ini; the process exits (status 255, or 0 under -d).',
      zh: '端口被其他进程占用（常见为第二个 MediaServer，例如误用 "./MediaServer -s stop" 又启动了一个）。请停止该进程（kill -INT <pid>）或在 config.ini 中改端口；本进程会退出（状态 255，-d 下为 0）。',
    },
    levels: ['E', 'W'],
    keys: ['Start server failed'],
    patterns: [
      'Start server failed: Listen on ([^ ]+ [0-9]+) failed: [Aa]ddress already in use',
      'Start server failed: .*already in use',
    ],
    subjectKind: 'listen', subject: (m) => m[1],
  },
  {
    id: 'bind-permission-denied',
    severity: 'error',
    title: { en: 'Binding a port was not permitted', zh: '绑定端口被拒绝（权限不足）' },
    fix: {
      en: 'Ports below 1024 (the built-in defaults 80/443/554) need root or CAP_NET_BIND_SERVICE. Use ports >= 1024, run with that capability, or set net.ipv4.ip_unprivileged_port_start.',
      zh: '1024 以下端口（内置默认的 80/443/554）需要 root 或 CAP_NET_BIND_SERVICE。请改用 >= 1024 的端口、赋予该能力，或调整 net.ipv4.ip_unprivileged_port_start。',
    },
    levels: ['E', 'W'],
    keys: ['ermission denied'],
    patterns: ['(Start server failed|Bind socket failed|[Bb]ind[^|]*failed).*[Pp]ermission denied'],
  },
  {
    id: 'start-server-failed',
    severity: 'error',
    title: { en: 'MediaServer could not start a server', zh: 'MediaServer 启动服务失败' },
    fix: {
      en: 'A listener could not be created (read the reason in the sample: an address not present on this host in general.listen_ip, an invalid value, ...). The process exits.',
      zh: '无法创建监听（原因见示例行：general.listen_ip 不是本机地址、取值非法等）。进程会退出。',
    },
    levels: ['E', 'W'],
    keys: ['Start server failed'],
    patterns: ['Start server failed: (.*)'],
    exclude: ['already in use', '[Pp]ermission denied'],
  },
  {
    id: 'secret-replaced',
    severity: 'warn',
    title: { en: 'api.secret was invalid and replaced by a random one at start-up', zh: '启动时 api.secret 无效，已被替换为随机值' },
    fix: {
      en: 'The default (035c73f7-...) or an empty secret is replaced and the config file rewritten (if writable). Every API client (WVP media.secret) must use the new value; set your own secret in [api] secret.',
      zh: '默认值（035c73f7-...）或空 secret 会被替换并重写配置文件（若可写）。所有 API 调用方（WVP 的 media.secret）都须使用新值；请在 [api] secret 设置自己的密钥。',
    },
    levels: ['W'],
    keys: ['api.secret is invalid'],
    patterns: ['The api\\.secret is invalid, modified it to'],
  },
  {
    id: 'unknown-config-key',
    severity: 'info',
    title: { en: 'config.ini contains keys this build does not know', zh: 'config.ini 含有本版本不认识的配置项' },
    fix: {
      en: 'Unknown keys are kept but have no effect: check for typos (e.g. hook.on_pubish) and keys of older/newer versions. [rtc]/[srt] keys are expected on builds without WebRTC/SRT.',
      zh: '未知配置项会被保留但不起作用：请检查拼写错误（如 hook.on_pubish）以及新旧版本的配置项。未编译 WebRTC/SRT 时出现 [rtc]/[srt] 项属正常。',
    },
    levels: ['W'],
    keys: ['unknow config: '],
    patterns: ['unknow config: (.*) = '],
    subjectKind: 'config-key', subject: (m) => m[1],
  },
  {
    id: 'ssl-cert-load-failed',
    severity: 'warn',
    title: { en: 'TLS certificate could not be loaded', zh: 'TLS 证书加载失败' },
    fix: {
      en: '-s/--ssl takes a certificate file or directory; the path given does not exist or is not a pem/p12 with key. Note "-s stop" is not a stop command: it starts another server.',
      zh: '-s/--ssl 参数是证书文件或目录；所给路径不存在或不是含私钥的 pem/p12。注意 "-s stop" 不是停止命令，而是又启动了一个服务。',
    },
    levels: ['W', 'E'],
    keys: ['BIO_new_file failed', 'SSL_CTX_check_private_key failed'],
    patterns: ['BIO_new_file failed', 'SSL_CTX_check_private_key failed'],
  },
  {
    id: 'daemon-child-restarted',
    severity: 'warn',
    title: { en: 'MediaServer worker exited and was restarted by -d', zh: 'MediaServer 子进程退出，被 -d 守护进程重启' },
    fix: {
      en: 'Under -d the parent restarts the worker 3 s after it dies: look for a crash (crash.<pid> next to the binary, dmesg, OOM) just before this line.',
      zh: '-d 模式下子进程退出 3 秒后会被父进程重启：请检查此前是否崩溃（程序目录下的 crash.<pid>、dmesg、OOM）。',
    },
    levels: ['W'],
    keys: ['子进程退出'],
    patterns: ['startDaemon \\| 子进程退出'],
  },

  // ──────────────────────────────── HTTP API ────────────────────────────────
  {
    id: 'ip-not-allowed',
    severity: 'error',
    title: { en: 'A client was refused by http.allow_ip_range', zh: '客户端被 http.allow_ip_range 拒绝' },
    fix: {
      en: 'API and HTTP file requests from addresses outside http.allow_ip_range get -100 / HTTP 401 "Your ip is not allowed to access the service.". Add the caller (e.g. the WVP host) to the list (single IPs or a-b ranges) or empty it.',
      zh: '来自 http.allow_ip_range 之外地址的 API/HTTP 文件请求会得到 -100 / HTTP 401 "Your ip is not allowed to access the service."。请把调用方（如 WVP 主机）加入列表（单个 IP 或 a-b 范围）或将其置空。',
    },
    levels: ['W', 'E'], body: true,
    keys: ['not allowed to access the service'],
    patterns: ['Your ip is not allowed to access the service'],
  },
  {
    id: 'api-auth-failed',
    severity: 'warn',
    title: { en: 'HTTP API calls were rejected for a wrong or missing secret', zh: 'HTTP API 调用因 secret 错误或缺失被拒绝' },
    fix: {
      en: 'Callers must send api.secret (the 127.0.0.1 exemption ended in 2023-07). Make WVP media.secret (and scripts) equal to [api] secret of the running server. Seen only with api.apiDebug=1.',
      zh: '调用方必须携带 api.secret（127.0.0.1 免密已于 2023-07 取消）。请让 WVP 的 media.secret（及脚本）与运行中服务的 [api] secret 一致。仅在 api.apiDebug=1 时可见。',
    },
    levels: [], body: true,
    keys: ['Please login first', 'Incorrect secret"', 'secret错误', 'Digest does not match', '\\"secret\\"'],
    patterns: [
      '"msg" : "(Please login first|Incorrect secret|secret错误|Digest does not match)',
      '"msg" : "(Required parameter missed|缺少必要参数): ?\\\\"secret\\\\""',
    ],
  },

  // ─────────────────────────────── RTP proxy ───────────────────────────────
  {
    id: 'rtp-server-timeout',
    severity: 'error',
    title: { en: 'No RTP arrived at an openRtpServer port (rtp_proxy timeout)', zh: 'openRtpServer 端口未收到 RTP（rtp_proxy 超时）' },
    fix: {
      en: 'The device/platform never sent (or stopped sending) RTP within rtp_proxy.timeoutSec: check the IP/port in the SDP (WVP sdp-ip / media ip), NAT and firewall (UDP and TCP of rtp_proxy.port_range), and the transport (UDP vs TCP passive/active).',
      zh: '设备/平台在 rtp_proxy.timeoutSec 内未发送（或停止发送）RTP：请检查 SDP 中的 IP/端口（WVP 的 sdp-ip / 媒体 IP）、NAT 与防火墙（rtp_proxy.port_range 的 UDP 与 TCP）以及传输方式（UDP 与 TCP 被动/主动）。',
    },
    levels: ['W'],
    keys: ['RtpProcess timeout'],
    patterns: ['\\(RtpProcess timeout\\), stream_id: ([^ ]+)', 'RtpProcess timeout'],
    subjectKind: 'stream', subject: (m) => m[1],
  },
  {
    id: 'ssrc-mismatch',
    severity: 'error',
    title: { en: 'RTP dropped: SSRC does not match openRtpServer', zh: 'RTP 被丢弃：SSRC 与 openRtpServer 不一致' },
    fix: {
      en: 'The ssrc passed to openRtpServer differs from the one the device sends (GB28181 y= line). Check WVP ssrc handling (ssrc-check) or open the server without ssrc filtering; a second sender on the same port causes it too.',
      zh: 'openRtpServer 传入的 ssrc 与设备实际发送的（GB28181 SDP 中 y= 行）不一致。请检查 WVP 的 ssrc 校验设置，或不带 ssrc 过滤开端口；同一端口有第二个发送方也会出现。',
    },
    levels: ['W'],
    keys: ['ssrc mismatched', 'ssrc不匹配'],
    patterns: ['ssrc mismatched, rtp dropped: ([0-9]+) != ([0-9]+)', 'ssrc mismatched', 'ssrc不匹配'],
    subjectKind: 'ssrc', subject: (m) => (m[1] && m[2] ? `${m[1]} != ${m[2]}` : undefined),
  },
  {
    id: 'port-pool-exhausted',
    severity: 'error',
    title: { en: 'No free port left in rtp_proxy.port_range', zh: 'rtp_proxy.port_range 端口池已耗尽' },
    fix: {
      en: 'openRtpServer with port=0 found no free even/odd pair: servers are leaked (never closed; check closeRtpServer calls and leaked failed opens) or the range is too small for the number of concurrent streams. Widen rtp_proxy.port_range (restart needed).',
      zh: 'openRtpServer(port=0) 找不到空闲的偶/奇端口对：端口被泄漏（未调用 closeRtpServer，或失败的打开未释放）或范围太小。请扩大 rtp_proxy.port_range（需重启）。',
    },
    levels: ['W', 'E'], body: true,
    keys: ['none reserved port in pool'],
    patterns: ['none reserved port in pool'],
  },
  {
    id: 'rtp-port-range-too-small',
    severity: 'error',
    title: { en: 'rtp_proxy.port_range is smaller than 36 ports', zh: 'rtp_proxy.port_range 少于 36 个端口' },
    fix: {
      en: 'The port pool asserts max >= min + 35, so every openRtpServer fails with -400. Use a wider range, e.g. 30000-35000 (restart needed).',
      zh: '端口池要求 max >= min + 35，否则每次 openRtpServer 都以 -400 失败。请使用更大的范围，例如 30000-35000（需重启）。',
    },
    levels: ['W', 'E'], body: true,
    keys: ['s_min_port'],
    patterns: ['s_max_port >= s_min_port \\+ 36 - 1'],
  },
];

export const SIGNATURE_INDEX: ReadonlyMap<string, LogSignature> = new Map(LOG_SIGNATURES.map((s) => [s.id, s]));

// ─────────────────────────────── redaction ───────────────────────────────

/**
 * Hide secrets in text from a log or an API answer, with the one policy of
 * src/util/redact.ts: every known secret (and its URL-encoded form), and by key
 * name and shape `"api.secret" : "..."` / `"secret":"..."` JSON values,
 * `secret=...` query/ini values, a `secret : value` request header as the API
 * debug log prints it, the secret ZLM generated at start-up ("modified it to:
 * X") and URL passwords. Each becomes a fingerprint `‹secret sha256:1a2b3c4d›`.
 */
export function redactSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  return redactWith(text, known);
}
