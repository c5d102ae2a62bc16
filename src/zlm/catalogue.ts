/**
 * ZLMediaKit's key catalogue: every key of the shipped conf/config.ini (175 keys,
 * 18 sections, in file order) plus the 4 code-only keys, and every legacy /
 * removed key a real config.ini may still carry.
 *
 * Sources: /work/shared/reference/zlm-reference.md §1-§3, the shipped
 * config.default.ini, config-behaviour.md (built-in vs shipped defaults), the
 * history of conf/config.ini (2019-08 .. 2026-07) and the GET_CONFIG(type, ...)
 * reads in ZLMediaKit's source (storage).
 *
 * Plain data only; the shape is defined in catalogue-types.ts.
 */
import type { KeyDef, LegacyKeyDef } from './catalogue-types.ts';

export const KEYS: readonly KeyDef[] = [
  // ───────────────────────────── [api] ─────────────────────────────
  {
    key: 'api.apiDebug', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: {
      en: 'Log every HTTP API request (headers and body, including the secret) and its reply; set 0 in production.',
      zh: '调试 HTTP API：打印每次请求（含请求头、body，会包含 secret）及回复；生产环境应置 0。',
    },
  },
  {
    key: 'api.secret', type: 'string', storage: 'string', shipped: '035c73f7-bb6b-4889-a715-d9eb2d1925cc', builtin: '<random 32 chars>', reload: 'live',
    doc: {
      en: 'Secret required by protected HTTP APIs; the sample value (or empty) is replaced by a random one at start-up and the file is rewritten. Must equal WVP media.secret.',
      zh: '调用受保护 HTTP API 所需的密钥；为范例值或空时启动会被替换为随机值并重写配置文件。须与 WVP media.secret 一致。',
    },
  },
  {
    key: 'api.snapRoot', type: 'path', storage: 'string', shipped: './www/snap/', reload: 'live',
    doc: {
      en: 'Root directory of the snapshots produced by /index/api/getSnap.',
      zh: '截图(/index/api/getSnap)保存的根目录。',
    },
  },
  {
    key: 'api.defaultSnap', type: 'path', storage: 'string', shipped: './www/logo.png', reload: 'live',
    doc: {
      en: 'Placeholder image returned while FFmpeg is still producing a snapshot.',
      zh: 'FFmpeg 截图尚未生成时返回的默认图片。',
    },
  },
  {
    key: 'api.downloadRoot', type: 'string', storage: 'string', shipped: './www', reload: 'live',
    doc: {
      en: 'Semicolon-separated list of directories that /index/api/downloadFile may serve (absolute paths under one of them, no "..").',
      zh: 'downloadFile 接口可访问文件的根目录，多个目录用分号（;）分隔。',
    },
  },

  // ──────────────────────────── [ffmpeg] ────────────────────────────
  {
    key: 'ffmpeg.bin', type: 'path', storage: 'string', shipped: '/usr/bin/ffmpeg', reload: 'live',
    doc: {
      en: 'FFmpeg executable (relative to the MediaServer directory or absolute); built-in default is `which ffmpeg`; refused by setServerConfig.',
      zh: 'FFmpeg 可执行程序路径（相对本程序目录或绝对路径）；内置默认值为 which ffmpeg 的结果；不能通过 setServerConfig 修改。',
    },
  },
  {
    key: 'ffmpeg.cmd', type: 'template', storage: 'string', shipped: '%s -re -i %s -c:a aac -strict -2 -ar 44100 -ab 48k -c:v libx264 -f flv %s', reload: 'live',
    doc: {
      en: 'Pull-and-republish command template: exactly three %s (ffmpeg bin, source URL, destination URL) and it must start with %s.',
      zh: 'FFmpeg 拉流再推流的命令模板：恰好 3 个 %s（ffmpeg 路径、源地址、目标地址），且必须以 %s 开头。',
    },
  },
  {
    key: 'ffmpeg.snap', type: 'template', storage: 'string', shipped: '%s -i %s -y -f mjpeg -frames:v 1 -an %s', reload: 'live',
    doc: {
      en: 'Snapshot command template: three %s (ffmpeg bin, URL, output file); refused by setServerConfig since 2026-07-27.',
      zh: 'FFmpeg 截图命令模板：3 个 %s（ffmpeg 路径、地址、输出文件）；2026-07-27 起不能通过 setServerConfig 修改。',
    },
  },
  {
    key: 'ffmpeg.log', type: 'path', storage: 'string', shipped: './ffmpeg/ffmpeg.log', reload: 'live',
    doc: {
      en: 'FFmpeg log file (relative or absolute); empty disables the log.',
      zh: 'FFmpeg 日志路径（相对或绝对），置空则不生成日志。',
    },
  },
  {
    key: 'ffmpeg.restart_sec', type: 's', storage: 'uint64', shipped: '0', unit: 's', reload: 'live',
    doc: {
      en: 'Restart FFmpeg pull proxies after this many seconds to avoid A/V drift; 0 = never.',
      zh: 'FFmpeg 拉流代理自动重启间隔（秒），用于避免长时间拉流音画不同步；0 表示不重启。',
    },
  },

  // ─────────────────────────── [protocol] ───────────────────────────
  {
    key: 'protocol.modify_stamp', type: 'enum', storage: 'int32', shipped: '2', enumValues: ['0', '1', '2'], reload: 'new',
    doc: {
      en: 'Timestamp mode when converting protocols: 0 keep source absolute stamps, 1 server clock (smoothed), 2 relative with jump/rollback correction.',
      zh: '转协议时间戳模式：0 采用源绝对时间戳，1 采用系统时间戳（平滑），2 采用相对时间戳并矫正跳跃和回退。',
    },
  },
  {
    key: 'protocol.enable_audio', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: {
      en: 'Keep audio when converting protocols.',
      zh: '转协议时是否开启音频。',
    },
  },
  {
    key: 'protocol.add_mute_audio', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: {
      en: 'Add silent AAC audio to streams without audio; ignored when enable_audio=0.',
      zh: '为无音频的流添加 AAC 静音音频；enable_audio=0 时无效。',
    },
  },
  {
    key: 'protocol.auto_close', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Close an unwatched stream directly instead of asking on_stream_none_reader (whose reply is then ignored).',
      zh: '无人观看时直接关闭流，而不是通过 on_stream_none_reader 的回复决定（其回复将被忽略）。',
    },
  },
  {
    key: 'protocol.continue_push_ms', type: 'ms', storage: 'uint32', shipped: '15000', unit: 'ms', reload: 'new',
    doc: {
      en: 'Grace period for a disconnected publisher to reconnect while players are kept; 0 disables; should not exceed player timeouts.',
      zh: '推流断开后允许重连续推的时间（毫秒），期间播放器保持连接；0 关闭；不应大于播放器超时时间。',
    },
  },
  {
    key: 'protocol.paced_sender_ms', type: 'ms', storage: 'uint32', shipped: '0', unit: 'ms', reload: 'new',
    doc: {
      en: 'Paced (smoothed) sending timer interval; 0 = off (30-100 suggested when needed; costs CPU and memory).',
      zh: '平滑发送定时器间隔（毫秒），0 关闭；开启会增加 CPU 和内存占用。',
    },
  },
  {
    key: 'protocol.enable_hls', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: { en: 'Produce HLS (mpegts).', zh: '是否转换为 HLS（mpegts）。' },
  },
  {
    key: 'protocol.enable_hls_fmp4', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Produce HLS (fMP4).', zh: '是否转换为 HLS（fmp4）。' },
  },
  {
    key: 'protocol.enable_mp4', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Record MP4 (needs an ENABLE_MP4 build); produces on_record_mp4.',
      zh: '是否开启 MP4 录制（需 ENABLE_MP4 编译），会触发 on_record_mp4。',
    },
  },
  {
    key: 'protocol.enable_rtsp', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: {
      en: 'Produce RTSP; also needed for WebRTC playback, and WVP only sees streams through RTSP registrations.',
      zh: '是否转换为 RTSP/WebRTC；WebRTC 播放依赖它，WVP 也只根据 rtsp 注册事件识别流。',
    },
  },
  {
    key: 'protocol.enable_rtmp', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: { en: 'Produce RTMP and HTTP/WS-FLV.', zh: '是否转换为 RTMP/FLV。' },
  },
  {
    key: 'protocol.enable_ts', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: { en: 'Produce HTTP/WS-TS.', zh: '是否转换为 http-ts/ws-ts。' },
  },
  {
    key: 'protocol.enable_fmp4', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: { en: 'Produce HTTP/WS-fMP4.', zh: '是否转换为 http-fmp4/ws-fmp4。' },
  },
  {
    key: 'protocol.mp4_as_player', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Count an MP4 recording as a viewer (prevents the none-reader close).',
      zh: '是否将 MP4 录制当作观看者（可阻止无人观看关闭）。',
    },
  },
  {
    key: 'protocol.mp4_max_second', type: 's', storage: 'uint32', shipped: '3600', unit: 's', reload: 'new',
    doc: { en: 'Length of an MP4 recording segment.', zh: 'MP4 录制切片时长（秒）。' },
  },
  {
    key: 'protocol.mp4_save_path', type: 'path', storage: 'string', shipped: './www', reload: 'new',
    doc: {
      en: 'MP4 recording root; files land in <path>/<record.appName>/<app>/<stream>/.',
      zh: 'MP4 录制保存根目录，文件位于 <路径>/<record.appName>/<app>/<stream>/。',
    },
  },
  {
    key: 'protocol.hls_save_path', type: 'path', storage: 'string', shipped: './www', reload: 'new',
    doc: {
      en: 'HLS output root; files at <path>/<app>/<stream>/hls.m3u8.',
      zh: 'HLS 文件保存根目录，文件位于 <路径>/<app>/<stream>/hls.m3u8。',
    },
  },
  {
    key: 'protocol.hls_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Generate HLS only on demand (slow first viewer); ignored when hls.segNum=0.',
      zh: 'HLS 是否按需生成（首个观看者较慢）；hls.segNum=0 时忽略。',
    },
  },
  {
    key: 'protocol.rtsp_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Generate RTSP[S] only on demand.', zh: 'RTSP[S] 是否按需生成。' },
  },
  {
    key: 'protocol.rtmp_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Generate RTMP[S] / HTTP[S]-FLV / WS[S]-FLV only on demand.', zh: 'RTMP[S]、HTTP[S]-FLV、WS[S]-FLV 是否按需生成。' },
  },
  {
    key: 'protocol.ts_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Generate HTTP[S]-TS only on demand.', zh: 'HTTP[S]-TS 是否按需生成。' },
  },
  {
    key: 'protocol.fmp4_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Generate HTTP[S]/WS[S]-fMP4 only on demand.', zh: 'HTTP[S]-fMP4、WS[S]-fMP4 是否按需生成。' },
  },

  // ─────────────────────────── [general] ───────────────────────────
  {
    key: 'general.enableVhost', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Enable virtual hosts (changes stream naming and file paths).',
      zh: '是否启用虚拟主机（会改变流命名和文件路径）。',
    },
  },
  {
    key: 'general.flowThreshold', type: 'uint', storage: 'uint32', shipped: '1024', unit: 'KB', reload: 'live',
    doc: {
      en: 'on_flow_report fires only when a session used at least this much traffic.',
      zh: '会话使用流量达到该阈值（KB）才触发 on_flow_report。',
    },
  },
  {
    key: 'general.maxStreamWaitMS', type: 'ms', storage: 'int32', shipped: '15000', unit: 'ms', reload: 'live',
    doc: {
      en: 'How long a player waits for a stream that does not exist yet ("play before publish").',
      zh: '播放不存在的流时最多等待的时间（毫秒），用于先播放后推流。',
    },
  },
  {
    key: 'general.streamNoneReaderDelayMS', type: 'ms', storage: 'int32', shipped: '20000', unit: 'ms', reload: 'live',
    doc: {
      en: 'Delay without viewers before on_stream_none_reader (also fires for streams never watched).',
      zh: '流无人观看持续该时间（毫秒）后触发 on_stream_none_reader（从未被观看的流也会触发）。',
    },
  },
  {
    key: 'general.resetWhenRePlay', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: {
      en: 'When a pull proxy reconnects, drop the previous media data and start over (else append to it).',
      zh: '拉流代理断流重连成功后是否删除之前的媒体数据重新开始（否则续写）。',
    },
  },
  {
    key: 'general.mergeWriteMS', type: 'ms', storage: 'int32', shipped: '0', unit: 'ms', reload: 'new',
    doc: {
      en: 'Write coalescing window; >0 disables TCP_NODELAY and enables MSG_MORE (more throughput, more latency).',
      zh: '合并写缓存时长（毫秒）；>0 时关闭 TCP_NODELAY 并开启 MSG_MORE，提高性能但增加延时。',
    },
  },
  {
    key: 'general.mediaServerId', type: 'string', storage: 'string', shipped: 'your_server_id', builtin: '<random 16 chars>', reload: 'live',
    doc: {
      en: 'Unique server id sent in every hook body; missing = random per start. Must equal WVP media.id.',
      zh: '服务器唯一 id，随每个 hook 发送；缺失时每次启动随机生成。须与 WVP media.id 一致。',
    },
  },
  {
    key: 'general.wait_track_ready_ms', type: 'ms', storage: 'uint32', shipped: '10000', unit: 'ms', reload: 'live',
    doc: {
      en: 'Maximum wait for uninitialised tracks; they are ignored afterwards.',
      zh: '最多等待未初始化 Track 的时间（毫秒），超时后忽略该 Track。',
    },
  },
  {
    key: 'general.wait_audio_track_data_ms', type: 'ms', storage: 'uint32', shipped: '1000', unit: 'ms', reload: 'live',
    doc: {
      en: 'Maximum wait for the first audio data; an audio track that never receives data is dropped (helps GB28181 PS).',
      zh: '最多等待音频 Track 收到数据的时间（毫秒），超时且无数据则忽略音频（改善国标 PS 流）。',
    },
  },
  {
    key: 'general.wait_add_track_ms', type: 'ms', storage: 'uint32', shipped: '3000', unit: 'ms', reload: 'live',
    doc: {
      en: 'Wait for a second track before treating a stream as single-track.',
      zh: '单 Track 流等待其他 Track 的最长时间（毫秒），超时视为单 Track。',
    },
  },
  {
    key: 'general.unready_frame_cache', type: 'uint', storage: 'uint32', shipped: '100', unit: 'frames', reload: 'live',
    doc: {
      en: 'Maximum frames cached while tracks are not ready.',
      zh: 'Track 未就绪时最多缓存的帧数，防止内存溢出。',
    },
  },
  {
    key: 'general.broadcast_player_count_changed', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: {
      en: 'Emit the internal player-count-changed broadcast (no HTTP hook exists for it).',
      zh: '是否启用观看人数变化的内部广播（没有对应的 HTTP hook）。',
    },
  },
  {
    key: 'general.listen_ip', type: 'ip', storage: 'string', shipped: '::', reload: 'start',
    doc: {
      en: 'Bind address of the rtsp/rtmp/http/shell/rtp_proxy/rtc/srt listeners; "::" is dual-stack, use 0.0.0.0 without IPv6.',
      zh: '各服务器监听绑定的本地网卡 IP；"::" 为双栈，内核不支持 IPv6 时用 0.0.0.0。',
    },
  },
  {
    key: 'general.check_nvidia_dev', type: 'bool', storage: 'bool', builtin: '1', codeOnly: true, reload: 'start',
    doc: {
      en: 'Code-only: probe for an NVIDIA device before using hardware transcoding (FFmpeg transcoding builds).',
      zh: '仅代码注册：使用硬件转码前检测 NVIDIA 设备（FFmpeg 转码编译版本）。',
    },
  },
  {
    key: 'general.enable_ffmpeg_log', type: 'bool', storage: 'bool', builtin: '0', codeOnly: true, reload: 'start',
    doc: {
      en: 'Code-only: forward libav* logs to the ZLM log (FFmpeg transcoding builds).',
      zh: '仅代码注册：将 FFmpeg(libav*) 日志输出到 ZLM 日志（FFmpeg 转码编译版本）。',
    },
  },

  // ───────────────────────────── [hls] ─────────────────────────────
  {
    key: 'hls.fileBufSize', type: 'uint', storage: 'uint32', shipped: '65536', unit: 'bytes', reload: 'new',
    doc: { en: 'Write buffer for HLS segment files.', zh: 'HLS 写文件缓存大小（字节）。' },
  },
  {
    key: 'hls.segDur', type: 's', storage: 'float', shipped: '2', unit: 's', min: 0, reload: 'new',
    doc: {
      en: 'Target HLS segment duration; 0 also writes vod.m3u8 per segment folder.',
      zh: 'HLS 最大切片时长（秒）；为 0 时每个切片目录还会生成 vod.m3u8。',
    },
  },
  {
    key: 'hls.segNum', type: 'uint', storage: 'uint32', shipped: '3', reload: 'new',
    doc: {
      en: 'Segments listed in the playlist; 0 keeps every segment (recording mode, hls_demand ignored).',
      zh: 'm3u8 中保留的切片个数；0 表示不删除切片并全量记录（录制模式，忽略 hls_demand）。',
    },
  },
  {
    key: 'hls.segDelay', type: 'uint', storage: 'uint32', shipped: '0', reload: 'new',
    doc: {
      en: 'Segment delay count; >0 also writes hls_delay.m3u8.',
      zh: 'HLS 切片延迟个数，大于 0 时额外生成 hls_delay.m3u8。',
    },
  },
  {
    key: 'hls.segRetain', type: 'uint', storage: 'uint32', shipped: '5', reload: 'new',
    doc: {
      en: 'Segments kept on disk after they leave the playlist.',
      zh: '切片从 m3u8 移除后在磁盘上继续保留的个数。',
    },
  },
  {
    key: 'hls.broadcastRecordTs', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: {
      en: 'Broadcast HLS segment completion; must be 1 for hook.on_record_ts to fire.',
      zh: '是否广播 HLS 切片完成通知；hook.on_record_ts 依赖此项为 1。',
    },
  },
  {
    key: 'hls.deleteDelaySec', type: 's', storage: 'uint32', shipped: '10', unit: 's', reload: 'live',
    doc: { en: 'Delay before deleting expired live HLS files (issue #913).', zh: '直播 HLS 文件删除延时（秒），见 issue #913。' },
  },
  {
    key: 'hls.segKeep', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Keep every segment on disk for VOD while the playlist stays live.',
      zh: '切片全部保留用于点播，m3u8 仍表现为直播。',
    },
  },
  {
    key: 'hls.fastRegister', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: {
      en: 'Make the first segment one GOP long for a faster first screen.',
      zh: '第一个切片长度强制为 1 个 GOP，提高首屏速度。',
    },
  },
  {
    key: 'hls.fmp4SegExt', type: 'string', storage: 'string', shipped: '.mp4', reload: 'new',
    doc: {
      en: 'File extension of fMP4 HLS media segments (.mp4 or .m4s); init is always init.mp4.',
      zh: 'fMP4 HLS 媒体切片扩展名（.mp4 或 .m4s）；init 段始终为 init.mp4。',
    },
  },

  // ───────────────────────────── [hook] ─────────────────────────────
  {
    key: 'hook.enable', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: {
      en: 'Master switch of all hooks; 0 = every publish/play is allowed and no event is sent.',
      zh: 'hook 总开关；0 表示不发送任何事件，推拉流都不鉴权。',
    },
  },
  {
    key: 'hook.on_flow_report', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'Traffic report when a player/publisher session ends; empty disables.', zh: '播放器或推流器流量事件，置空则关闭。' },
  },
  {
    key: 'hook.on_http_access', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'HTTP file access authorisation; empty = allow_ip_range check only.',
      zh: 'HTTP 文件访问鉴权事件，置空则仅按 allow_ip_range 检查。',
    },
  },
  {
    key: 'hook.on_play', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'Playback authorisation; empty = every play allowed.', zh: '播放鉴权事件，置空则不鉴权。' },
  },
  {
    key: 'hook.on_publish', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Publish authorisation; the reply may override [protocol] options per stream; empty = every publish allowed.',
      zh: '推流鉴权事件，回复可按流覆盖 [protocol] 配置；置空则不鉴权。',
    },
  },
  {
    key: 'hook.on_record_mp4', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'MP4 segment finished.', zh: 'MP4 切片录制完成事件。' },
  },
  {
    key: 'hook.on_record_ts', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'HLS segment finished; only sent when hls.broadcastRecordTs=1.',
      zh: 'HLS ts（或 fmp4）切片完成事件；仅在 hls.broadcastRecordTs=1 时发送。',
    },
  },
  {
    key: 'hook.on_rtsp_auth', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'RTSP username/password check; required when on_rtsp_realm is set.',
      zh: 'RTSP 用户名密码鉴权事件；设置了 on_rtsp_realm 时必须设置。',
    },
  },
  {
    key: 'hook.on_rtsp_realm', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Asks whether an RTSP stream needs its own auth; a non-empty realm replaces on_play for RTSP.',
      zh: 'RTSP 专属鉴权事件；返回非空 realm 时不再触发 on_play。',
    },
  },
  {
    key: 'hook.on_shell_login', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Telnet shell login check; empty = any login accepted.',
      zh: 'telnet 调试登录鉴权事件；置空则任何登录都放行。',
    },
  },
  {
    key: 'hook.on_stream_changed', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'Stream registered/unregistered (one event per schema).', zh: '流注册或注销事件（每种协议各一次）。' },
  },
  {
    key: 'hook.stream_changed_schemas', type: 'string', storage: 'string', shipped: 'rtsp/rtmp/fmp4/ts/hls/hls.fmp4', reload: 'live',
    doc: {
      en: '"/"-separated schemas that trigger on_stream_changed; empty = all.',
      zh: '触发 on_stream_changed 的协议列表，用 "/" 分隔；置空则不过滤。',
    },
  },
  {
    key: 'hook.on_stream_none_reader', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Stream has no viewers; reply close=true closes it. Without a hook the stream is never closed.',
      zh: '流无人观看事件，回复 close=true 则关闭流；未设置时流不会被关闭。',
    },
  },
  {
    key: 'hook.on_stream_not_found', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Player asked for a missing stream (used for on-demand pulls); bypassed when cluster.origin_url is set.',
      zh: '播放时未找到流事件，可用于按需拉流；设置 cluster.origin_url 时不触发。',
    },
  },
  {
    key: 'hook.on_server_started', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Sent once after start-up with every config key (including api.secret).',
      zh: '服务器启动事件，携带全部配置（包括 api.secret）。',
    },
  },
  {
    key: 'hook.on_server_exited', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'Sent on graceful shutdown.', zh: '服务器正常退出事件。' },
  },
  {
    key: 'hook.on_server_keepalive', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Keepalive every alive_interval; the timer only starts if hooks are enabled and this URL is set at start-up.',
      zh: '服务器保活事件；定时器仅在启动时 hook 已启用且此地址非空时创建。',
    },
  },
  {
    key: 'hook.on_send_rtp_stopped', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'A startSendRtp sender stopped on its own.', zh: 'startSendRtp 发送被动停止事件。' },
  },
  {
    key: 'hook.on_rtp_server_timeout', type: 'url', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'An openRtpServer received no RTP for rtp_proxy.timeoutSec and was closed.',
      zh: 'RTP 服务器超过 rtp_proxy.timeoutSec 未收到数据而关闭的事件。',
    },
  },
  {
    key: 'hook.timeoutSec', type: 's', storage: 'float', shipped: '10', unit: 's', reload: 'live',
    doc: { en: 'Timeout of one hook request attempt.', zh: 'hook 请求单次最长等待回复时间（秒）。' },
  },
  {
    key: 'hook.alive_interval', type: 's', storage: 'float', shipped: '10.0', builtin: '30', unit: 's', reload: 'start',
    doc: {
      en: 'Keepalive period (must be > 0); read once at start-up. Built-in default 30 when the key is missing.',
      zh: '保活事件间隔（秒，浮点，需大于 0）；仅启动时读取。缺失时内置默认值为 30。',
    },
  },
  {
    key: 'hook.retry', type: 'uint', storage: 'uint32', shipped: '1', min: 0, reload: 'live',
    doc: {
      en: 'Extra attempts after a transport-level hook failure; 0 = no retry.',
      zh: 'hook 请求失败（传输层）后的重试次数，0 不重试。',
    },
  },
  {
    key: 'hook.retry_delay', type: 's', storage: 'float', shipped: '3.0', unit: 's', min: 0, reload: 'live',
    doc: { en: 'Delay between hook retries (negative treated as 0).', zh: 'hook 重试间隔（秒，浮点，负数按 0 处理）。' },
  },

  // ─────────────────────────── [cluster] ───────────────────────────
  {
    key: 'cluster.origin_url', type: 'template', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Origin pull templates separated by ";" with two %s (app, stream); when set, on_stream_not_found/on_stream_none_reader are bypassed.',
      zh: '源站拉流地址模板，多个用 ";" 分隔，含两个 %s（app、stream）；设置后 on_stream_not_found/on_stream_none_reader 失效。',
    },
  },
  {
    key: 'cluster.timeout_sec', type: 's', storage: 'float', shipped: '15', unit: 's', reload: 'live',
    doc: {
      en: 'Total origin-pull timeout, split evenly between the origins; per origin should not exceed maxStreamWaitMS.',
      zh: '溯源总超时（秒，浮点），按源站个数平分；单次溯源时间不应超过 general.maxStreamWaitMS。',
    },
  },
  {
    key: 'cluster.retry_count', type: 'int', storage: 'int32', shipped: '3', min: -1, reload: 'live',
    doc: { en: 'Origin pull attempts; -1 = retry forever.', zh: '溯源失败重试次数，-1 表示无限重试。' },
  },

  // ───────────────────────────── [http] ─────────────────────────────
  {
    key: 'http.charSet', type: 'string', storage: 'string', shipped: 'utf-8', reload: 'live',
    doc: {
      en: 'Character set of HTTP replies (built-in default gb2312 on Windows).',
      zh: 'HTTP 服务器字符编码（Windows 上内置默认为 gb2312）。',
    },
  },
  {
    key: 'http.keepAliveSecond', type: 's', storage: 'uint64', shipped: '30', builtin: '15', unit: 's', reload: 'live',
    doc: { en: 'HTTP connection idle timeout; built-in default 15.', zh: 'HTTP 连接超时时间（秒）；内置默认值 15。' },
  },
  {
    key: 'http.maxReqSize', type: 'uint', storage: 'uint64', shipped: '40960', unit: 'bytes', reload: 'live',
    doc: {
      en: 'Largest request body kept in memory.',
      zh: 'HTTP 请求体在内存中缓存的最大字节数。',
    },
  },
  {
    key: 'http.maxUploadSize', type: 'uint', storage: 'uint64', shipped: '1073741824', unit: 'bytes', reload: 'live',
    doc: {
      en: 'Largest request body streamed into a custom HttpBody (added 2026-07).',
      zh: '流式接收请求体的最大字节数（2026-07 新增）。',
    },
  },
  {
    key: 'http.notFound', type: 'string', storage: 'string', builtin: '<html><head><title>404 Not Found</title></head><body bgcolor="white"><center><h1>您访问的资源不存在！</h1></center><hr><center>ZLMediaKit(<build info>)</center></body></html>', codeOnly: true, reload: 'live',
    doc: {
      en: 'Code-only (commented out in the sample): HTML body of 404 replies.',
      zh: '仅代码注册（范例中被注释）：404 页面内容。',
    },
  },
  {
    key: 'http.port', type: 'port', storage: 'uint16', shipped: '80', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: {
      en: 'HTTP and HTTP API listener; 0 disables it (WVP cannot work then).',
      zh: 'HTTP 服务器（含 HTTP API）监听端口；0 关闭（WVP 将无法工作）。',
    },
  },
  {
    key: 'http.rootPath', type: 'path', storage: 'string', shipped: './www', reload: 'live',
    doc: { en: 'HTTP file server root (relative or absolute).', zh: 'HTTP 文件服务器根目录（相对或绝对路径）。' },
  },
  {
    key: 'http.sendBufSize', type: 'uint', storage: 'uint32', shipped: '65536', unit: 'bytes', reload: 'live',
    doc: { en: 'Read buffer of the HTTP file server.', zh: 'HTTP 文件服务器读文件缓存大小（字节）。' },
  },
  {
    key: 'http.sslport', type: 'port', storage: 'uint16', shipped: '443', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: { en: 'HTTPS listener (certificate from -s); 0 disables it.', zh: 'HTTPS 服务器监听端口（证书由 -s 指定）；0 关闭。' },
  },
  {
    key: 'http.dirMenu', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: { en: 'Show directory listings.', zh: '是否显示文件夹菜单（允许浏览目录）。' },
  },
  {
    key: 'http.virtualPath', type: 'string', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Virtual directories "name,path;name,path": /name/... maps to path.',
      zh: '虚拟目录，格式 "名称,路径;名称,路径"，/名称/... 映射到对应路径。',
    },
  },
  {
    key: 'http.forbidCacheSuffix', type: 'string', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'Comma-separated file suffixes never cached with mmap.', zh: '禁止 mmap 缓存的文件后缀，用 "," 分隔。' },
  },
  {
    key: 'http.forwarded_ip_header', type: 'string', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Request header whose value replaces the peer IP (reverse proxy); clients can spoof it unless only the proxy reaches ZLM.',
      zh: '代理传递真实客户端 IP 的请求头名称；若客户端可直连 ZLM 则可伪造 IP，切勿暴露。',
    },
  },
  {
    key: 'http.allow_cross_domains', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: { en: 'Send CORS headers allowing every origin.', zh: '是否默认允许所有跨域请求。' },
  },
  {
    key: 'http.allow_ip_range', type: 'iplist', storage: 'string', shipped: '::1,127.0.0.1,172.16.0.0-172.31.255.255,192.168.0.0-192.168.255.255,10.0.0.0-10.255.255.255', reload: 'live',
    doc: {
      en: 'Comma-separated IPs or start-end ranges (no CIDR) allowed to call the API; empty (or all entries invalid) = no restriction.',
      zh: '允许访问 HTTP API 的 IP 白名单，逗号分隔的 IP 或 起-止 区间（不支持 CIDR）；为空（或全部无效）则不限制。',
    },
  },

  // ─────────────────────────── [multicast] ───────────────────────────
  {
    key: 'multicast.addrMax', type: 'ip', storage: 'string', shipped: '239.255.255.255', reload: 'live',
    doc: { en: 'Last address of the RTP multicast pool (>= addrMin).', zh: 'RTP 组播地址池的截止地址（不小于 addrMin）。' },
  },
  {
    key: 'multicast.addrMin', type: 'ip', storage: 'string', shipped: '239.0.0.0', reload: 'live',
    doc: { en: 'First address of the RTP multicast pool.', zh: 'RTP 组播地址池的起始地址。' },
  },
  {
    key: 'multicast.udpTTL', type: 'uint', storage: 'uint32', shipped: '64', min: 1, max: 255, reload: 'live',
    doc: { en: 'TTL of multicast UDP packets.', zh: '组播 UDP 的 TTL。' },
  },

  // ──────────────────────────── [record] ────────────────────────────
  {
    key: 'record.appName', type: 'string', storage: 'string', shipped: 'record', reload: 'live',
    doc: {
      en: 'App name of MP4 recording/VOD; streams of this app are closed when unwatched, so never reuse a live app name.',
      zh: 'MP4 录制/点播的应用名；该应用下的流无人观看会被直接关闭，切勿与直播应用名相同。',
    },
  },
  {
    key: 'record.fileBufSize', type: 'uint', storage: 'uint32', shipped: '65536', unit: 'bytes', reload: 'new',
    doc: { en: 'Write buffer of MP4 recordings.', zh: 'MP4 录制写文件缓存（字节）。' },
  },
  {
    key: 'record.sampleMS', type: 'ms', storage: 'uint32', shipped: '500', unit: 'ms', reload: 'live',
    doc: {
      en: 'Amount of MP4 VOD data read per step (smaller = smoother, larger = less CPU).',
      zh: 'MP4 点播每次流化的数据量（毫秒），减小更平滑，增大更省 CPU。',
    },
  },
  {
    key: 'record.fastStart', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Move the MP4 index (moov) to the front after recording.', zh: 'MP4 录制完成后是否将索引（moov）写到文件头部。' },
  },
  {
    key: 'record.fileRepeat', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: { en: 'Loop MP4 VOD playback.', zh: 'MP4 点播是否循环播放文件。' },
  },
  {
    key: 'record.enableFmp4', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Record as fragmented MP4 (playable after a crash or power loss).',
      zh: 'MP4 录制是否采用 fmp4 格式（断电后未完成的文件也能打开）。',
    },
  },

  // ───────────────────────────── [rtmp] ─────────────────────────────
  {
    key: 'rtmp.handshakeSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live',
    doc: {
      en: 'A connection not publishing/playing this long after accept (hook time included) is dropped.',
      zh: 'RTMP 握手超时（秒）：自连接起（含 hook 耗时）该时间内未开始推流或播放则断开。',
    },
  },
  {
    key: 'rtmp.keepAliveSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live',
    doc: {
      en: 'Drop a connection with no data received (or a stalled send buffer) for this long.',
      zh: 'RTMP 超时时间（秒），该时间内未收到数据或发送缓存阻塞则断开。',
    },
  },
  {
    key: 'rtmp.port', type: 'port', storage: 'uint16', shipped: '1935', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: { en: 'RTMP listener; 0 disables it.', zh: 'RTMP 服务器监听端口；0 关闭。' },
  },
  {
    key: 'rtmp.sslport', type: 'port', storage: 'uint16', shipped: '0', builtin: '19350', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: {
      en: 'RTMPS listener; 0 disables it. Built-in default 19350 when the key is missing.',
      zh: 'RTMPS 服务器监听端口；0 关闭。缺失时内置默认值为 19350。',
    },
  },
  {
    key: 'rtmp.directProxy', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: { en: 'Direct proxy mode for RTMP.', zh: 'RTMP 是否采用直接代理模式。' },
  },
  {
    key: 'rtmp.enhanced', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: {
      en: 'Use Enhanced-RTMP (1) instead of the Chinese extension (0) for H265/Opus/VP8/VP9/AV1.',
      zh: 'H265/Opus/VP8/VP9/AV1 的 RTMP 打包采用增强型 RTMP（1）还是国内扩展（0）。',
    },
  },

  // ───────────────────────────── [rtp] ─────────────────────────────
  {
    key: 'rtp.audioMtuSize', type: 'uint', storage: 'uint32', shipped: '600', unit: 'bytes', reload: 'new',
    doc: { en: 'Audio RTP payload limit; keep <= 1400 (larger adds latency).', zh: '音频 RTP 最大字节数，建议不超过 1400（加大会增加延时）。' },
  },
  {
    key: 'rtp.videoMtuSize', type: 'uint', storage: 'uint32', shipped: '1400', unit: 'bytes', reload: 'new',
    doc: { en: 'Video RTP payload limit; keep <= 1400.', zh: '视频 RTP 最大字节数，建议不超过 1400。' },
  },
  {
    key: 'rtp.rtpMaxSize', type: 'uint', storage: 'uint32', shipped: '10', unit: 'KB', reload: 'new',
    doc: {
      en: 'Sanity limit of an RTP packet over TCP (detects a corrupted stream).',
      zh: 'RTP 包最大长度（KB），用于识别 TCP 上下文损坏。',
    },
  },
  {
    key: 'rtp.lowLatency', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: {
      en: 'Low-latency RTP packing; may cause artifacts with multi-slice H.264.',
      zh: 'RTP 打包低延迟模式；H264 一帧多 slice 时可能花屏。',
    },
  },
  {
    key: 'rtp.h264_stap_a', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: {
      en: 'Pack H.264 with STAP-A; set 0 for old RTSP devices that lack it.',
      zh: 'H264 RTP 是否采用 STAP-A 打包；老旧 RTSP 设备不支持时置 0。',
    },
  },

  // ─────────────────────────── [rtp_proxy] ───────────────────────────
  {
    key: 'rtp_proxy.dumpDir', type: 'path', storage: 'string', shipped: '', reload: 'live',
    doc: { en: 'Directory for rtp/ps/h264 debug dumps; empty disables.', zh: '导出 rtp/ps/h264 调试数据的目录，置空关闭。' },
  },
  {
    key: 'rtp_proxy.port', type: 'port', storage: 'uint16', shipped: '10000', min: 0, max: 65535, transport: 'both', reload: 'start',
    doc: {
      en: 'Single-port GB28181/RTP ingest on UDP and TCP (streams told apart by SSRC); 0 disables it.',
      zh: '国标/RTP 单端口收流服务器端口（UDP 和 TCP，按 SSRC 区分流）；0 关闭。',
    },
  },
  {
    key: 'rtp_proxy.timeoutSec', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live',
    doc: {
      en: 'RTP inactivity timeout; the RtpServer is closed and on_rtp_server_timeout sent.',
      zh: 'RTP 超时时间（秒），超时关闭 RTP 服务器并触发 on_rtp_server_timeout。',
    },
  },
  {
    key: 'rtp_proxy.port_range', type: 'range', storage: 'string', shipped: '30000-35000', transport: 'both', reload: 'start',
    doc: {
      en: '"min-max" port pool for openRtpServer, RTSP over UDP and startSendRtp (at least 36 ports); built once, restart to change.',
      zh: '随机端口范围 "最小-最大"（至少 36 个端口），同时用于 RTSP UDP 和 startSendRtp；端口池只创建一次，修改需重启。',
    },
  },
  {
    key: 'rtp_proxy.h264_pt', type: 'uint', storage: 'uint32', shipped: '98', min: 0, max: 127, reload: 'live',
    doc: { en: 'RTP payload type of raw H.264.', zh: 'RTP H264 负载的 pt。' },
  },
  {
    key: 'rtp_proxy.h265_pt', type: 'uint', storage: 'uint32', shipped: '99', min: 0, max: 127, reload: 'live',
    doc: { en: 'RTP payload type of raw H.265.', zh: 'RTP H265 负载的 pt。' },
  },
  {
    key: 'rtp_proxy.ps_pt', type: 'uint', storage: 'uint32', shipped: '96', min: 0, max: 127, reload: 'live',
    doc: { en: 'RTP payload type of PS.', zh: 'RTP PS 负载的 pt。' },
  },
  {
    key: 'rtp_proxy.opus_pt', type: 'uint', storage: 'uint32', shipped: '100', min: 0, max: 127, reload: 'live',
    doc: { en: 'RTP payload type of Opus.', zh: 'RTP Opus 负载的 pt。' },
  },
  {
    key: 'rtp_proxy.gop_cache', type: 'uint', storage: 'uint64', shipped: '1', unit: 'GOPs', reload: 'live',
    doc: {
      en: 'GOPs cached for instant start of startSendRtp/startRecord; 0 saves memory.',
      zh: '为 startSendRtp/startRecord 提前缓存的 GOP 个数；不使用这些接口可置 0 节省内存。',
    },
  },
  {
    key: 'rtp_proxy.rtp_g711_dur_ms', type: 'ms', storage: 'uint32', shipped: '100', unit: 'ms', min: 20, max: 180, reload: 'live',
    doc: {
      en: 'Audio duration per GB28181 G.711 RTP packet, 20..180, rounded to a multiple of 20 (GB28181-2016 C.2.4).',
      zh: '国标发送 G711 RTP 每包时长，范围 20~180 毫秒，自动取整为 20 的倍数(GB28181-2016 C.2.4)。',
    },
  },
  {
    key: 'rtp_proxy.udp_recv_socket_buffer', type: 'int', storage: 'int32', shipped: '4194304', unit: 'bytes', reload: 'new',
    doc: {
      en: 'SO_RCVBUF of RTP UDP sockets (capped by the kernel rmem_max).',
      zh: 'RTP UDP 接收 socket 缓冲区大小（字节，受内核 rmem_max 限制）。',
    },
  },
  {
    key: 'rtp_proxy.merge_frame', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: {
      en: 'Wait for the next PS/TS frame to check the current one is complete (compatibility vs latency).',
      zh: 'PS/TS 解析后是否等待下一帧以判断本帧完整，提高兼容性但可能增加延时。',
    },
  },

  // ───────────────────────────── [rtc] ─────────────────────────────
  {
    key: 'rtc.signalingPort', type: 'port', storage: 'uint16', shipped: '3000', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: {
      en: 'WebRTC WebSocket signaling listener (binds all interfaces); 0 disables it.',
      zh: 'WebRTC 信令服务器端口（绑定所有网卡）；0 关闭。',
    },
  },
  {
    key: 'rtc.signalingSslPort', type: 'port', storage: 'uint16', shipped: '3001', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: { en: 'WebRTC signaling listener over TLS; 0 disables it.', zh: 'WebRTC 信令服务器 TLS 端口；0 关闭。' },
  },
  {
    key: 'rtc.icePort', type: 'port', storage: 'uint16', shipped: '3478', min: 0, max: 65535, transport: 'udp', reload: 'start',
    doc: { en: 'STUN/TURN UDP listener; 0 disables it.', zh: 'STUN/TURN 服务器 UDP 端口；0 关闭。' },
  },
  {
    key: 'rtc.iceTcpPort', type: 'port', storage: 'uint16', shipped: '3478', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: { en: 'STUN/TURN TCP listener; 0 disables it.', zh: 'STUN/TURN 服务器 TCP 端口；0 关闭。' },
  },
  {
    key: 'rtc.enableTurn', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: { en: 'Offer TURN on the STUN/TURN ports.', zh: 'STUN/TURN 端口是否启用 TURN 服务。' },
  },
  {
    key: 'rtc.iceTransportPolicy', type: 'enum', storage: 'int32', shipped: '0', enumValues: ['0', '1', '2'], reload: 'live',
    doc: {
      en: 'ICE transport policy: 0 any, 1 relay only, 2 P2P only.',
      zh: 'ICE 传输策略：0 不限制，1 仅 Relay 转发，2 仅 P2P 直连。',
    },
  },
  {
    key: 'rtc.iceUfrag', type: 'string', storage: 'string', shipped: 'ZLMediaKit', reload: 'live',
    doc: { en: 'TURN user name (public default: change it when TURN is exposed).', zh: 'STUN/TURN 用户名（默认值公开，对外提供 TURN 时应修改）。' },
  },
  {
    key: 'rtc.icePwd', type: 'string', storage: 'string', shipped: 'ZLMediaKit', reload: 'live',
    doc: { en: 'TURN password (public default: change it when TURN is exposed).', zh: 'STUN/TURN 密码（默认值公开，对外提供 TURN 时应修改）。' },
  },
  {
    key: 'rtc.datachannel_echo', type: 'bool', storage: 'bool', shipped: '1', reload: 'live',
    doc: { en: 'Echo data-channel messages back (test feature).', zh: 'WebRTC datachannel 是否回显数据（测试用）。' },
  },
  {
    key: 'rtc.max_stun_retry', type: 'uint', storage: 'uint32', shipped: '7', reload: 'live',
    doc: { en: 'Maximum STUN request retransmissions.', zh: 'STUN 请求最大重试次数。' },
  },
  {
    key: 'rtc.port_range', type: 'range', storage: 'string', shipped: '49152-65535', transport: 'udp', reload: 'live',
    doc: {
      en: '"min-max" UDP port pool for TURN relay allocations (re-applied on reload).',
      zh: 'TURN 服务分配的 UDP 端口池 "最小-最大"（重载配置后生效）。',
    },
  },
  {
    key: 'rtc.timeoutSec', type: 's', storage: 'float', shipped: '15', unit: 's', reload: 'live',
    doc: { en: 'WebRTC publish/play timeout.', zh: 'RTC 推流、播放超时时间（秒）。' },
  },
  {
    key: 'rtc.externIP', type: 'string', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Comma-separated IPs (or $ENV names) advertised in SDP candidates; empty = NIC IP (wrong behind NAT/Docker).',
      zh: '对 RTC 客户端可见的 IP（一般为公网 IP），多个用 "," 分隔，支持 $环境变量；置空则自动获取网卡 IP（NAT/Docker 下通常不对）。',
    },
  },
  {
    key: 'rtc.interfaces', type: 'string', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'Comma-separated NIC names (or $ENV) the ICE server binds to (elastic public IP setups).',
      zh: 'ICE 服务器绑定的网卡名，多个用 "," 分隔，支持 $环境变量（用于弹性公网 IP 场景）。',
    },
  },
  {
    key: 'rtc.port', type: 'port', storage: 'uint16', shipped: '8000', min: 0, max: 65535, transport: 'udp', reload: 'start',
    doc: {
      en: 'WebRTC media UDP listener (STUN/DTLS/SRTP); behind NAT the external port must be the same.',
      zh: 'RTC UDP 服务器端口（传输 stun/dtls/srtp）；在 NAT 后时外网映射端口必须与之相同。',
    },
  },
  {
    key: 'rtc.tcpPort', type: 'port', storage: 'uint16', shipped: '8000', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: {
      en: 'WebRTC media TCP listener, used when UDP is blocked; behind NAT the external port must be the same.',
      zh: 'RTC TCP 服务器端口，UDP 不通时使用；在 NAT 后时外网映射端口必须与之相同。',
    },
  },
  {
    key: 'rtc.rembBitRate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live',
    doc: {
      en: 'Non-zero: use REMB with this bitrate instead of TWCC for WebRTC publishers.',
      zh: '非 0 时关闭 TWCC 并以该码率开启 REMB（对 RTC 推流有效）。',
    },
  },
  {
    key: 'rtc.preferredCodecA', type: 'string', storage: 'string', shipped: 'PCMA,PCMU,opus,mpeg4-generic', reload: 'live',
    doc: { en: 'Accepted audio codecs, highest priority first.', zh: 'RTC 支持的音频编码，越靠前优先级越高。' },
  },
  {
    key: 'rtc.preferredCodecV', type: 'string', storage: 'string', shipped: 'H264,H265,AV1,VP9,VP8', reload: 'live',
    doc: { en: 'Accepted video codecs, highest priority first.', zh: 'RTC 支持的视频编码，越靠前优先级越高。' },
  },
  {
    key: 'rtc.start_bitrate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live',
    doc: { en: 'x-google-start-bitrate in the answer SDP; 0 = unset.', zh: 'WebRTC 起始码率(x-google-start-bitrate)，0 不设置。' },
  },
  {
    key: 'rtc.max_bitrate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live',
    doc: { en: 'x-google-max-bitrate in the answer SDP; 0 = unset.', zh: 'WebRTC 最大码率(x-google-max-bitrate)，0 不设置。' },
  },
  {
    key: 'rtc.min_bitrate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live',
    doc: { en: 'x-google-min-bitrate in the answer SDP; 0 = unset.', zh: 'WebRTC 最小码率(x-google-min-bitrate)，0 不设置。' },
  },
  {
    key: 'rtc.maxRtpCacheMS', type: 'ms', storage: 'uint32', shipped: '5000', unit: 'ms', reload: 'live',
    doc: { en: 'Send side: maximum age of the RTP retransmission cache.', zh: '发送端 RTP 重传缓存队列最大时长（毫秒）。' },
  },
  {
    key: 'rtc.maxRtpCacheSize', type: 'uint', storage: 'uint32', shipped: '2048', unit: 'packets', reload: 'live',
    doc: { en: 'Send side: maximum packets in the RTP retransmission cache.', zh: '发送端 RTP 重传缓存队列最大包数。' },
  },
  {
    key: 'rtc.nackMaxSize', type: 'uint', storage: 'uint32', shipped: '2048', unit: 'packets', reload: 'live',
    doc: { en: 'Receive side: maximum packet-loss states kept.', zh: '接收端最多保留的 RTP 丢包状态个数。' },
  },
  {
    key: 'rtc.nackMaxMS', type: 'ms', storage: 'uint32', shipped: '3000', unit: 'ms', reload: 'live',
    doc: { en: 'Receive side: maximum age of a packet-loss state.', zh: '接收端 RTP 丢包状态最长保留时间（毫秒）。' },
  },
  {
    key: 'rtc.nackMaxCount', type: 'uint', storage: 'uint32', shipped: '15', reload: 'live',
    doc: { en: 'Maximum NACK retransmission requests per packet.', zh: 'NACK 最多请求重传次数。' },
  },
  {
    key: 'rtc.nackIntervalRatio', type: 'float', storage: 'float', shipped: '1.0', unit: 'x RTT', reload: 'live',
    doc: { en: 'NACK resend interval as a multiple of the RTT.', zh: 'NACK 重传频率，RTT 的倍数。' },
  },
  {
    key: 'rtc.nackRtpSize', type: 'uint', storage: 'uint32', shipped: '8', unit: 'packets', reload: 'live',
    doc: { en: 'RTP packets per video NACK (smaller reacts faster).', zh: '视频 NACK 包中的 RTP 个数，越小响应越灵敏。' },
  },
  {
    key: 'rtc.nackAudioRtpSize', type: 'uint', storage: 'uint32', shipped: '4', unit: 'packets', reload: 'live',
    doc: { en: 'RTP packets per audio NACK (smaller reacts faster).', zh: '音频 NACK 包中的 RTP 个数，越小响应越灵敏。' },
  },
  {
    key: 'rtc.bfilter', type: 'bool', storage: 'bool', shipped: '0', reload: 'new',
    doc: { en: 'Try to drop H.264 B-frames for WebRTC.', zh: '是否尝试过滤 B 帧。' },
  },
  {
    key: 'rtc.preferred_tcp', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: { en: 'Prefer WebRTC over TCP.', zh: '是否优先采用 WebRTC over TCP 模式。' },
  },

  // ───────────────────────────── [srt] ─────────────────────────────
  {
    key: 'srt.timeoutSec', type: 's', storage: 'float', shipped: '5', unit: 's', reload: 'live',
    doc: { en: 'SRT publish/play timeout; <= 0 falls back to 5 with a warning.', zh: 'SRT 推流、播放超时时间（秒）；<=0 时按 5 处理并告警。' },
  },
  {
    key: 'srt.port', type: 'port', storage: 'uint16', shipped: '9000', min: 0, max: 65535, transport: 'udp', reload: 'start',
    doc: { en: 'SRT UDP listener; 0 disables it.', zh: 'SRT UDP 服务器端口；0 关闭。' },
  },
  {
    key: 'srt.latencyMul', type: 'int', storage: 'int32', shipped: '4', reload: 'live',
    doc: {
      en: 'Receive latency = latencyMul x RTT measured at handshake; <= 0 falls back to 4.',
      zh: '延迟缓存估算参数，最大缓存时长 = latencyMul × 握手时估算的 RTT；<=0 时按 4 处理。',
    },
  },
  {
    key: 'srt.pktBufSize', type: 'int', storage: 'int32', shipped: '8192', unit: 'packets', reload: 'live',
    doc: { en: 'SRT packet buffer size; <= 0 falls back to 8912.', zh: 'SRT 包缓存大小；<=0 时按 8912 处理。' },
  },
  {
    key: 'srt.passPhrase', type: 'string', storage: 'string', shipped: '', reload: 'live',
    doc: {
      en: 'SRT encryption passphrase (SRT wants 10..79 chars); empty = no encryption.',
      zh: 'SRT 加密密码（SRT 规范要求 10~79 个字符），为空表示不加密。',
    },
  },

  // ───────────────────────────── [rtsp] ─────────────────────────────
  {
    key: 'rtsp.authBasic', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: { en: 'RTSP auth scheme of the on_rtsp_auth flow: 0 Digest (MD5), 1 Basic.', zh: 'RTSP 专属鉴权方式：0 为 Digest（MD5），1 为 Basic（base64）。' },
  },
  {
    key: 'rtsp.directProxy', type: 'bool', storage: 'bool', shipped: '1', reload: 'new',
    doc: {
      en: 'Direct proxy mode for RTSP pull/push; disable it for WebRTC playback of RTSP sources.',
      zh: 'RTSP 拉流、推流代理是否直接代理；RTSP 源需 WebRTC 播放时建议关闭。',
    },
  },
  {
    key: 'rtsp.handshakeSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live',
    doc: {
      en: 'Session killed if SETUP/ANNOUNCE is not accepted this long after accept (hook and stream-wait time included).',
      zh: 'RTSP 握手超时（秒）：自连接起（含 hook 与等流时间）未完成握手则断开。',
    },
  },
  {
    key: 'rtsp.keepAliveSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live',
    doc: {
      en: 'Drop a session with no data (or a stalled send buffer) for this long; RTP-over-UDP players get 4x.',
      zh: 'RTSP 超时时间（秒），未收到数据或发送缓存阻塞超过该时间则断开；UDP 播放器为其 4 倍。',
    },
  },
  {
    key: 'rtsp.port', type: 'port', storage: 'uint16', shipped: '554', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: { en: 'RTSP listener; 0 disables it.', zh: 'RTSP 服务器监听端口；0 关闭。' },
  },
  {
    key: 'rtsp.sslport', type: 'port', storage: 'uint16', shipped: '0', builtin: '332', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: {
      en: 'RTSPS listener; 0 disables it. Built-in default 332 when the key is missing.',
      zh: 'RTSPS 服务器监听端口；0 关闭。缺失时内置默认值为 332。',
    },
  },
  {
    key: 'rtsp.lowLatency', type: 'bool', storage: 'bool', shipped: '0', reload: 'live',
    doc: {
      en: 'Forward RTSP without caching RTP packets (one frame less latency).',
      zh: 'RTSP 转发低延迟模式，不缓存 RTP 包，可降低一帧延迟。',
    },
  },
  {
    key: 'rtsp.rtpTransportType', type: 'enum', storage: 'int32', shipped: '-1', enumValues: ['-1', '0', '1', '2'], reload: 'live',
    doc: {
      en: 'Force the RTP transport: -1 any, 0 TCP, 1 UDP, 2 multicast; a mismatching SETUP gets 461.',
      zh: '强制 RTP 传输方式：-1 不限制，0 TCP，1 UDP，2 组播；不一致的 SETUP 返回 461。',
    },
  },

  // ───────────────────────────── [shell] ─────────────────────────────
  {
    key: 'shell.maxReqSize', type: 'uint', storage: 'uint32', shipped: '1024', unit: 'bytes', reload: 'live',
    doc: { en: 'Largest request buffer of the telnet debug shell.', zh: '调试 telnet 服务器接受的最大 buffer。' },
  },
  {
    key: 'shell.port', type: 'port', storage: 'uint16', shipped: '0', builtin: '9000', min: 0, max: 65535, transport: 'tcp', reload: 'start',
    doc: {
      en: 'Telnet debug shell listener; 0 disables it. A missing key opens it on 9000 (no auth without on_shell_login).',
      zh: '调试 telnet 服务器端口；0 关闭。缺失时监听 9000（未设 on_shell_login 则无鉴权）。',
    },
  },

  // ───────────────────────────── [onvif] ─────────────────────────────
  {
    key: 'onvif.port', type: 'port', storage: 'uint16', shipped: '3702', min: 0, max: 65535, transport: 'udp', reload: 'start',
    doc: {
      en: 'ONVIF WS-Discovery UDP port, bound on the first searchOnvifDevice call.',
      zh: 'ONVIF 搜索(WS-Discovery)UDP 端口，首次调用 searchOnvifDevice 时绑定。',
    },
  },

  // ──────────────────────────── [python] ────────────────────────────
  {
    key: 'python.plugin', type: 'string', storage: 'string', builtin: '', codeOnly: true, reload: 'start',
    doc: {
      en: 'Code-only (ENABLE_PYTHON builds): Python plugin module loaded at start-up; its hooks take precedence.',
      zh: '仅代码注册（ENABLE_PYTHON 编译）：启动时加载的 Python 插件，其 hook 优先处理。',
    },
  },
];

export const KEY_INDEX: ReadonlyMap<string, KeyDef> = new Map(KEYS.map((d) => [d.key, d]));

/** The catalogue entry of `section.key` (case-sensitive), if ZLM knows the key. */
export function keyDef(key: string): KeyDef | undefined {
  return KEY_INDEX.get(key);
}

/** Every section ZLM registers, in the order of the shipped file, then code-only ones. */
export const SECTIONS: readonly string[] = [
  'api',
  'ffmpeg',
  'protocol',
  'general',
  'hls',
  'hook',
  'cluster',
  'http',
  'multicast',
  'record',
  'rtmp',
  'rtp',
  'rtp_proxy',
  'rtc',
  'srt',
  'rtsp',
  'shell',
  'onvif',
  'python',
];

/**
 * Keys that older ZLM builds (or WVP) wrote and current ZLM ignores ("unknow
 * config"). `since` is the date the key left conf/config.ini (commit date of
 * the sample file), or 'never' for names ZLM never read.
 */
export const LEGACY_KEYS: readonly LegacyKeyDef[] = [
  // ── moved to [protocol] by 9bb6a2f8 (2022-11-12) ──
  {
    key: 'general.addMuteAudio', replacedBy: 'protocol.add_mute_audio', since: '2022-11-12',
    note: { en: 'Moved to [protocol] as add_mute_audio (commit 9bb6a2f8).', zh: '已移至 [protocol]，改名为 add_mute_audio（提交 9bb6a2f8）。' },
  },
  {
    key: 'general.publishToHls', replacedBy: 'protocol.enable_hls', since: '2022-11-12',
    note: { en: 'Moved to [protocol] as enable_hls.', zh: '已移至 [protocol]，改名为 enable_hls。' },
  },
  {
    key: 'general.publishToMP4', replacedBy: 'protocol.enable_mp4', since: '2022-11-12',
    note: { en: 'Moved to [protocol] as enable_mp4.', zh: '已移至 [protocol]，改名为 enable_mp4。' },
  },
  {
    key: 'general.modifyStamp', replacedBy: 'protocol.modify_stamp', since: '2022-11-12',
    note: {
      en: 'Moved to [protocol] as modify_stamp; old 0/1 keep their meaning, the new default is 2 (relative with correction).',
      zh: '已移至 [protocol]，改名为 modify_stamp；原 0/1 含义不变，新默认值为 2（相对时间戳并矫正）。',
    },
  },
  {
    key: 'general.enable_audio', replacedBy: 'protocol.enable_audio', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'general.hls_demand', replacedBy: 'protocol.hls_demand', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'general.rtsp_demand', replacedBy: 'protocol.rtsp_demand', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'general.rtmp_demand', replacedBy: 'protocol.rtmp_demand', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'general.ts_demand', replacedBy: 'protocol.ts_demand', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'general.fmp4_demand', replacedBy: 'protocol.fmp4_demand', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'general.continue_push_ms', replacedBy: 'protocol.continue_push_ms', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'record.mp4_as_player', replacedBy: 'protocol.mp4_as_player', since: '2022-11-12',
    note: { en: 'Moved to [protocol].', zh: '已移至 [protocol]。' },
  },
  {
    key: 'hls.filePath', replacedBy: 'protocol.hls_save_path', since: '2022-11-12',
    note: { en: 'Moved to [protocol] as hls_save_path.', zh: '已移至 [protocol]，改名为 hls_save_path。' },
  },
  {
    key: 'record.filePath', replacedBy: 'protocol.mp4_save_path', since: '2022-11-12',
    note: { en: 'Moved to [protocol] as mp4_save_path.', zh: '已移至 [protocol]，改名为 mp4_save_path。' },
  },
  {
    key: 'record.fileSecond', replacedBy: 'protocol.mp4_max_second', since: '2022-11-12',
    note: { en: 'Moved to [protocol] as mp4_max_second.', zh: '已移至 [protocol]，改名为 mp4_max_second。' },
  },

  // ── other removed / renamed keys, oldest first ──
  {
    key: 'http.maxReqCount', since: '2019-11-30',
    note: { en: 'Keep-alive reuse limit; removed without replacement.', zh: 'keep-alive 连接最多复用次数；已删除，无替代项。' },
  },
  {
    key: 'rtsp.modifyStamp', since: '2020-01-14',
    note: {
      en: 'Removed; timestamp handling is now protocol.modify_stamp (different values).',
      zh: '已删除；时间戳处理现由 protocol.modify_stamp 控制（取值含义不同）。',
    },
  },
  {
    key: 'rtp_proxy.rtp_type', since: '2020-03-04',
    note: { en: 'RTP payload kind (MP2P/MP4V-ES); removed without replacement.', zh: 'RTP 负载类型(MP2P/MP4V-ES)；已删除，无替代项。' },
  },
  {
    key: 'general.ultraLowDelay', since: '2020-04-29',
    note: {
      en: 'Replaced by general.mergeWriteMS with inverted meaning: ultraLowDelay=1 is mergeWriteMS=0; do not copy the value.',
      zh: '由 general.mergeWriteMS 取代且含义相反：ultraLowDelay=1 相当于 mergeWriteMS=0，不能直接拷贝取值。',
    },
  },
  {
    key: 'general.publishToRtxp', since: '2020-09-12',
    note: {
      en: 'Removed; RTSP/RTMP output is now switched by protocol.enable_rtsp and protocol.enable_rtmp.',
      zh: '已删除；RTSP/RTMP 转换现由 protocol.enable_rtsp 和 protocol.enable_rtmp 分别控制。',
    },
  },
  {
    key: 'rtp.clearCount', since: '2020-10-01',
    note: { en: 'RTP reordering tuning; removed without replacement.', zh: 'RTP 排序参数；已删除，无替代项。' },
  },
  {
    key: 'rtp.maxRtpCount', since: '2020-10-01',
    note: { en: 'RTP reordering cache size; removed without replacement.', zh: 'RTP 排序缓存大小；已删除，无替代项。' },
  },
  {
    key: 'rtp.cycleMS', since: '2021-01-31',
    note: { en: 'RTP timestamp wrap period; removed without replacement.', zh: 'RTP 时间戳回环时间；已删除，无替代项。' },
  },
  {
    key: 'rtp_proxy.checkSource', since: '2021-02-06',
    note: { en: 'UDP source address check; removed without replacement.', zh: 'UDP 源地址检查；已删除，无替代项。' },
  },
  {
    key: 'http.kVirtualPath', replacedBy: 'http.virtualPath', since: '2021-08-26',
    note: { en: 'Typo in the sample for a few hours; the key is virtualPath.', zh: '范例中短暂存在的拼写错误，正确键名为 virtualPath。' },
  },
  {
    key: 'srt.lantencyMul', replacedBy: 'srt.latencyMul', since: '2022-06-07',
    note: { en: 'Typo that existed for one day in 2022; the key is latencyMul.', zh: '2022 年仅存在一天的拼写错误，正确键名为 latencyMul。' },
  },
  {
    key: 'rtp_proxy.ts_pt', since: '2022-12-30',
    note: { en: 'Payload type of TS over RTP; removed from the sample, no longer configurable.', zh: 'RTP TS 负载 pt；已从范例删除，不再可配置。' },
  },
  {
    key: 'rtp_proxy.g711a_pt', since: '2022-12-30',
    note: { en: 'Payload type of G.711A over RTP; removed, no longer configurable.', zh: 'RTP G711A 负载 pt；已删除，不再可配置。' },
  },
  {
    key: 'rtp_proxy.g711u_pt', since: '2022-12-30',
    note: { en: 'Payload type of G.711U over RTP; removed, no longer configurable.', zh: 'RTP G711U 负载 pt；已删除，不再可配置。' },
  },
  {
    key: 'hook.admin_params', since: '2023-07-22',
    note: {
      en: 'URL params equal to it bypassed all hooks; removed for security (25d5e410). Harmless but obsolete; delete it.',
      zh: 'URL 参数与其相同时可绕过 hook 鉴权；出于安全原因已删除（25d5e410）。无影响但已废弃，应删除。',
    },
  },
  {
    key: 'rtmp.modifyStamp', since: '2023-07-22',
    note: {
      en: 'Regenerated RTMP publisher timestamps; removed, timestamps are now handled by protocol.modify_stamp (different values).',
      zh: '重新生成 RTMP 推流时间戳；已删除，现由 protocol.modify_stamp 控制（取值含义不同）。',
    },
  },
  {
    key: 'rtc.rtpCacheCheckInterval', since: '2024-07-21',
    note: {
      en: 'NACK cache check interval (packets); removed, the cache is bounded by rtc.maxRtpCacheMS / rtc.maxRtpCacheSize.',
      zh: 'NACK 缓存检查间隔（包数）；已删除，缓存改由 rtc.maxRtpCacheMS / rtc.maxRtpCacheSize 限制。',
    },
  },
  {
    key: 'rtc.maxNackMS', replacedBy: 'rtc.maxRtpCacheMS', since: '2024-07-21',
    note: {
      en: 'Maximum age of the send-side retransmission cache; now rtc.maxRtpCacheMS (same meaning, ms).',
      zh: '发送端重传缓存最长时间；现为 rtc.maxRtpCacheMS（含义相同，毫秒）。',
    },
  },
  {
    key: 'rtc.portRange', replacedBy: 'rtc.port_range', since: '2025-12-01',
    note: { en: 'Renamed to port_range in 2025-12.', zh: '2025-12 改名为 port_range。' },
  },
  {
    key: 'api.legacyAuth', since: '2026-03-19',
    note: {
      en: 'Existed 2026-02-19..2026-03-18 only; current builds always accept either the secret or a login cookie.',
      zh: '仅存在于 2026-02-19 至 2026-03-18；当前版本总是接受 secret 或登录 cookie。',
    },
  },

  // ── names ZLM never read (written by WVP) ──
  {
    key: 'hook.access_file_except_hls', since: 'never',
    note: {
      en: 'Never a ZLM key: only a field of WVP\'s config DTO. Harmless; delete it.',
      zh: '从来不是 ZLM 配置项，只是 WVP 配置 DTO 中的字段。无影响，可删除。',
    },
  },
  {
    key: 'protocol.downloadRoot', replacedBy: 'api.downloadRoot', since: 'never',
    note: {
      en: 'Written by WVP\'s setServerConfig but never read by ZLM; the real key is api.downloadRoot.',
      zh: 'WVP 通过 setServerConfig 写入，但 ZLM 从不读取；正确键名为 api.downloadRoot。',
    },
  },
];

const LEGACY_INDEX: ReadonlyMap<string, LegacyKeyDef> = new Map(LEGACY_KEYS.map((d) => [d.key, d]));

/** The legacy entry of `section.key`, if the key is an old or never-read name. */
export function legacyDef(key: string): LegacyKeyDef | undefined {
  return LEGACY_INDEX.get(key);
}
