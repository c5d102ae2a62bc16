/**
 * The contract of the ZLMediaKit API client (api.ts): its results, its
 * classified errors and the shapes of the answers it returns.
 */
import type { Localized } from '../i18n/index.ts';

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
  /** The transport for this call instead of the client's (the monitor: one client per node, with the connection kept for that node). */
  fetchImpl?: typeof fetch;
}

export interface MediaCounts {
  streams: number;
  readers: number;
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
  /** false: `raw.body` is left empty, so no answer is scanned for secrets (callers that never show raw answers: serve's probe). Default true. */
  rawBody?: boolean;
  /**
   * Answers kept across clients (serve keeps one per node): a large answer (>= 4 KiB, e.g. getServerConfig's
   * ~300 keys) whose bytes equal the last one of the same call gives that call's data again, the same object,
   * without parsing it. Callers must not change the data they get.
   */
  answerMemo?: Map<string, { digest: string; data: unknown }>;
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
  /**
   * getMediaList reduced to what a monitor keeps: distinct streams (vhost/app/stream; one row per schema) and
   * their readers, counted once per stream (totalReaderCount spans schemas). With an answer memo only these two
   * numbers are kept per node, never the list, which can be long on a busy node.
   */
  mediaCounts(opts?: CallOptions): Promise<ApiResult<MediaCounts>>;
  listRtpServer(opts?: CallOptions): Promise<ApiResult<RtpServerInfo[]>>;
  isMediaOnline(key: MediaKey, opts?: CallOptions): Promise<ApiResult<boolean>>;
  /** `changed`: how many values differed (unknown keys, ffmpeg.bin/snap and unchanged values count 0). */
  setServerConfig(values: Record<string, string>, opts?: CallOptions): Promise<ApiResult<{ changed: number }>>;
  /** Without -d the server just exits (it only restarts under its -d watchdog). */
  restartServer(opts?: CallOptions): Promise<ApiResult<{ msg: string }>>;
  /** Any other API: the whole answer object (code 0 only). */
  call(api: string, params?: Record<string, string | number | boolean | undefined>, opts?: CallOptions): Promise<ApiResult<Record<string, unknown>>>;
}
