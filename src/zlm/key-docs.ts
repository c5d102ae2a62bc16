/**
 * The one-line description of every key of the catalogue (catalogue.ts), in English and Chinese: what the key does
 * and what to set it to. Kept apart from the catalogue because a check reads the descriptions of the few keys it
 * reports, if any: the build keeps this text out of the code and reads it on the first call
 * (scripts/lazy-text.mjs: a pure literal assigned with `??=`).
 */
import type { KeyDoc } from './catalogue-types.ts';

let docs: Readonly<Record<string, KeyDoc>> | undefined;

/** The description of `section.key`, if the catalogue has the key. */
export function keyDoc(key: string): KeyDoc | undefined {
  docs ??= {
    'api.apiDebug': {
      en: 'Log every HTTP API request (headers and body, including the secret) and its reply; set 0 in production.',
      zh: '调试 HTTP API：打印每次请求（含请求头、body，会包含 secret）及回复；生产环境应置 0。',
    },
    'api.secret': {
      en: 'Secret required by protected HTTP APIs; the sample value (or empty) is replaced by a random one at start-up and the file is rewritten. Must equal WVP media.secret.',
      zh: '调用受保护 HTTP API 所需的密钥；为范例值或空时启动会被替换为随机值并重写配置文件。须与 WVP media.secret 一致。',
    },
    'api.snapRoot': {
      en: 'Root directory of the snapshots produced by /index/api/getSnap.',
      zh: '截图（/index/api/getSnap）保存的根目录。',
    },
    'api.defaultSnap': {
      en: 'Placeholder image returned while FFmpeg is still producing a snapshot.',
      zh: 'FFmpeg 截图尚未生成时返回的默认图片。',
    },
    'api.downloadRoot': {
      en: 'Semicolon-separated list of directories that /index/api/downloadFile may serve (absolute paths under one of them, no "..").',
      zh: 'downloadFile 接口可访问文件的根目录，多个目录用分号（;）分隔。',
    },
    'ffmpeg.bin': {
      en: 'FFmpeg executable (relative to the MediaServer directory or absolute); built-in default is `which ffmpeg`; refused by setServerConfig.',
      zh: 'FFmpeg 可执行程序路径（相对本程序目录或绝对路径）；内置默认值为 which ffmpeg 的结果；不能通过 setServerConfig 修改。',
    },
    'ffmpeg.cmd': {
      en: 'Pull-and-republish command template: exactly three %s (ffmpeg bin, source URL, destination URL) and it must start with %s.',
      zh: 'FFmpeg 拉流再推流的命令模板：恰好 3 个 %s（ffmpeg 路径、源地址、目标地址），且必须以 %s 开头。',
    },
    'ffmpeg.snap': {
      en: 'Snapshot command template: three %s (ffmpeg bin, URL, output file); refused by setServerConfig since 2026-07-27.',
      zh: 'FFmpeg 截图命令模板：3 个 %s（ffmpeg 路径、地址、输出文件）；2026-07-27 起不能通过 setServerConfig 修改。',
    },
    'ffmpeg.log': {
      en: 'FFmpeg log file (relative or absolute); empty disables the log.',
      zh: 'FFmpeg 日志路径（相对或绝对），置空则不生成日志。',
    },
    'ffmpeg.restart_sec': {
      en: 'Restart FFmpeg pull proxies after this many seconds to avoid A/V drift; 0 = never.',
      zh: 'FFmpeg 拉流代理自动重启间隔（秒），用于避免长时间拉流音画不同步；0 表示不重启。',
    },
    'protocol.modify_stamp': {
      en: 'Timestamp mode when converting protocols: 0 keep source absolute stamps, 1 server clock (smoothed), 2 relative with jump/rollback correction.',
      zh: '转协议时间戳模式：0 采用源绝对时间戳，1 采用系统时间戳（平滑），2 采用相对时间戳并矫正跳跃和回退。',
    },
    'protocol.enable_audio': {
      en: 'Keep audio when converting protocols.',
      zh: '转协议时是否开启音频。',
    },
    'protocol.add_mute_audio': {
      en: 'Add silent AAC audio to streams without audio; ignored when enable_audio=0.',
      zh: '为无音频的流添加 AAC 静音音频；enable_audio=0 时无效。',
    },
    'protocol.auto_close': {
      en: 'Close an unwatched stream directly instead of asking on_stream_none_reader (whose reply is then ignored).',
      zh: '无人观看时直接关闭流，而不是通过 on_stream_none_reader 的回复决定（其回复将被忽略）。',
    },
    'protocol.continue_push_ms': {
      en: 'Grace period for a disconnected publisher to reconnect while players are kept; 0 disables; should not exceed player timeouts.',
      zh: '推流断开后允许重连续推的时间（毫秒），期间播放器保持连接；0 关闭；不应大于播放器超时时间。',
    },
    'protocol.paced_sender_ms': {
      en: 'Paced (smoothed) sending timer interval; 0 = off (30-100 suggested when needed; costs CPU and memory).',
      zh: '平滑发送定时器间隔（毫秒），0 关闭；开启会增加 CPU 和内存占用。',
    },
    'protocol.enable_hls': {
      en: 'Produce HLS (mpegts).',
      zh: '是否转换为 HLS（mpegts）。',
    },
    'protocol.enable_hls_fmp4': {
      en: 'Produce HLS (fMP4).',
      zh: '是否转换为 HLS（fmp4）。',
    },
    'protocol.enable_mp4': {
      en: 'Record MP4 (needs an ENABLE_MP4 build); produces on_record_mp4.',
      zh: '是否开启 MP4 录制（需 ENABLE_MP4 编译），会触发 on_record_mp4。',
    },
    'protocol.enable_rtsp': {
      en: 'Produce RTSP; also needed for WebRTC playback, and WVP only sees streams through RTSP registrations.',
      zh: '是否转换为 RTSP/WebRTC；WebRTC 播放依赖它，WVP 也只根据 rtsp 注册事件识别流。',
    },
    'protocol.enable_rtmp': {
      en: 'Produce RTMP and HTTP/WS-FLV.',
      zh: '是否转换为 RTMP/FLV。',
    },
    'protocol.enable_ts': {
      en: 'Produce HTTP/WS-TS.',
      zh: '是否转换为 http-ts/ws-ts。',
    },
    'protocol.enable_fmp4': {
      en: 'Produce HTTP/WS-fMP4.',
      zh: '是否转换为 http-fmp4/ws-fmp4。',
    },
    'protocol.mp4_as_player': {
      en: 'Count an MP4 recording as a viewer (prevents the none-reader close).',
      zh: '是否将 MP4 录制当作观看者（可阻止无人观看关闭）。',
    },
    'protocol.mp4_max_second': {
      en: 'Length of an MP4 recording segment.',
      zh: 'MP4 录制切片时长（秒）。',
    },
    'protocol.mp4_save_path': {
      en: 'MP4 recording root; files land in <path>/<record.appName>/<app>/<stream>/.',
      zh: 'MP4 录制保存根目录，文件位于 <路径>/<record.appName>/<app>/<stream>/。',
    },
    'protocol.hls_save_path': {
      en: 'HLS output root; files at <path>/<app>/<stream>/hls.m3u8.',
      zh: 'HLS 文件保存根目录，文件位于 <路径>/<app>/<stream>/hls.m3u8。',
    },
    'protocol.hls_demand': {
      en: 'Generate HLS only on demand (slow first viewer); ignored when hls.segNum=0.',
      zh: 'HLS 是否按需生成（首个观看者较慢）；hls.segNum=0 时忽略。',
    },
    'protocol.rtsp_demand': {
      en: 'Generate RTSP[S] only on demand.',
      zh: 'RTSP[S] 是否按需生成。',
    },
    'protocol.rtmp_demand': {
      en: 'Generate RTMP[S] / HTTP[S]-FLV / WS[S]-FLV only on demand.',
      zh: 'RTMP[S]、HTTP[S]-FLV、WS[S]-FLV 是否按需生成。',
    },
    'protocol.ts_demand': {
      en: 'Generate HTTP[S]-TS only on demand.',
      zh: 'HTTP[S]-TS 是否按需生成。',
    },
    'protocol.fmp4_demand': {
      en: 'Generate HTTP[S]/WS[S]-fMP4 only on demand.',
      zh: 'HTTP[S]-fMP4、WS[S]-fMP4 是否按需生成。',
    },
    'general.enableVhost': {
      en: 'Enable virtual hosts (changes stream naming and file paths).',
      zh: '是否启用虚拟主机（会改变流命名和文件路径）。',
    },
    'general.flowThreshold': {
      en: 'on_flow_report fires only when a session used at least this much traffic.',
      zh: '会话使用流量达到该阈值（KB）才触发 on_flow_report。',
    },
    'general.maxStreamWaitMS': {
      en: 'How long a player waits for a stream that does not exist yet ("play before publish").',
      zh: '播放不存在的流时最多等待的时间（毫秒），用于先播放后推流。',
    },
    'general.streamNoneReaderDelayMS': {
      en: 'Delay without viewers before on_stream_none_reader (also fires for streams never watched).',
      zh: '流无人观看持续该时间（毫秒）后触发 on_stream_none_reader（从未被观看的流也会触发）。',
    },
    'general.resetWhenRePlay': {
      en: 'When a pull proxy reconnects, drop the previous media data and start over (else append to it).',
      zh: '拉流代理断流重连成功后是否删除之前的媒体数据重新开始（否则续写）。',
    },
    'general.mergeWriteMS': {
      en: 'Write coalescing window; >0 disables TCP_NODELAY and enables MSG_MORE (more throughput, more latency).',
      zh: '合并写缓存时长（毫秒）；>0 时关闭 TCP_NODELAY 并开启 MSG_MORE，提高性能但增加延时。',
    },
    'general.mediaServerId': {
      en: 'Unique server id sent in every hook body; missing = random per start. Must equal WVP media.id.',
      zh: '服务器唯一 id，随每个 hook 发送；缺失时每次启动随机生成。须与 WVP media.id 一致。',
    },
    'general.wait_track_ready_ms': {
      en: 'Maximum wait for uninitialised tracks; they are ignored afterwards.',
      zh: '最多等待未初始化 Track 的时间（毫秒），超时后忽略该 Track。',
    },
    'general.wait_audio_track_data_ms': {
      en: 'Maximum wait for the first audio data; an audio track that never receives data is dropped (helps GB28181 PS).',
      zh: '最多等待音频 Track 收到数据的时间（毫秒），超时且无数据则忽略音频（改善国标 PS 流）。',
    },
    'general.wait_add_track_ms': {
      en: 'Wait for a second track before treating a stream as single-track.',
      zh: '单 Track 流等待其他 Track 的最长时间（毫秒），超时视为单 Track。',
    },
    'general.unready_frame_cache': {
      en: 'Maximum frames cached while tracks are not ready.',
      zh: 'Track 未就绪时最多缓存的帧数，防止内存溢出。',
    },
    'general.broadcast_player_count_changed': {
      en: 'Emit the internal player-count-changed broadcast (no HTTP hook exists for it).',
      zh: '是否启用观看人数变化的内部广播（没有对应的 HTTP hook）。',
    },
    'general.listen_ip': {
      en: 'Bind address of the rtsp/rtmp/http/shell/rtp_proxy/rtc/srt listeners; "::" is dual-stack, use 0.0.0.0 without IPv6.',
      zh: '各服务器监听绑定的本地网卡 IP；"::" 为双栈，内核不支持 IPv6 时用 0.0.0.0。',
    },
    'general.check_nvidia_dev': {
      en: 'Code-only: probe for an NVIDIA device before using hardware transcoding (FFmpeg transcoding builds).',
      zh: '仅代码注册：使用硬件转码前检测 NVIDIA 设备（FFmpeg 转码编译版本）。',
    },
    'general.enable_ffmpeg_log': {
      en: 'Code-only: forward libav* logs to the ZLM log (FFmpeg transcoding builds).',
      zh: '仅代码注册：将 FFmpeg（libav*）日志输出到 ZLM 日志（FFmpeg 转码编译版本）。',
    },
    'hls.fileBufSize': {
      en: 'Write buffer for HLS segment files.',
      zh: 'HLS 写文件缓存大小（字节）。',
    },
    'hls.segDur': {
      en: 'Target HLS segment duration; 0 also writes vod.m3u8 per segment folder.',
      zh: 'HLS 最大切片时长（秒）；为 0 时每个切片目录还会生成 vod.m3u8。',
    },
    'hls.segNum': {
      en: 'Segments listed in the playlist; 0 keeps every segment (recording mode, hls_demand ignored).',
      zh: 'm3u8 中保留的切片个数；0 表示不删除切片并全量记录（录制模式，忽略 hls_demand）。',
    },
    'hls.segDelay': {
      en: 'Segment delay count; >0 also writes hls_delay.m3u8.',
      zh: 'HLS 切片延迟个数，大于 0 时额外生成 hls_delay.m3u8。',
    },
    'hls.segRetain': {
      en: 'Segments kept on disk after they leave the playlist.',
      zh: '切片从 m3u8 移除后在磁盘上继续保留的个数。',
    },
    'hls.broadcastRecordTs': {
      en: 'Broadcast HLS segment completion; must be 1 for hook.on_record_ts to fire.',
      zh: '是否广播 HLS 切片完成通知；hook.on_record_ts 依赖此项为 1。',
    },
    'hls.deleteDelaySec': {
      en: 'Delay before deleting expired live HLS files (issue #913).',
      zh: '直播 HLS 文件删除延时（秒），见 issue #913。',
    },
    'hls.segKeep': {
      en: 'Keep every segment on disk for VOD while the playlist stays live.',
      zh: '切片全部保留用于点播，m3u8 仍表现为直播。',
    },
    'hls.fastRegister': {
      en: 'Make the first segment one GOP long for a faster first screen.',
      zh: '第一个切片长度强制为 1 个 GOP，提高首屏速度。',
    },
    'hls.fmp4SegExt': {
      en: 'File extension of fMP4 HLS media segments (.mp4 or .m4s); init is always init.mp4.',
      zh: 'fMP4 HLS 媒体切片扩展名（.mp4 或 .m4s）；init 段始终为 init.mp4。',
    },
    'hook.enable': {
      en: 'Master switch of all hooks; 0 = every publish/play is allowed and no event is sent.',
      zh: 'hook 总开关；0 表示不发送任何事件，推拉流都不鉴权。',
    },
    'hook.on_flow_report': {
      en: 'Traffic report when a player/publisher session ends; empty disables.',
      zh: '播放器或推流器流量事件，置空则关闭。',
    },
    'hook.on_http_access': {
      en: 'HTTP file access authorisation; empty = allow_ip_range check only.',
      zh: 'HTTP 文件访问鉴权事件，置空则仅按 allow_ip_range 检查。',
    },
    'hook.on_play': {
      en: 'Playback authorisation; empty = every play allowed.',
      zh: '播放鉴权事件，置空则不鉴权。',
    },
    'hook.on_publish': {
      en: 'Publish authorisation; the reply may override [protocol] options per stream; empty = every publish allowed.',
      zh: '推流鉴权事件，回复可按流覆盖 [protocol] 配置；置空则不鉴权。',
    },
    'hook.on_record_mp4': {
      en: 'MP4 segment finished.',
      zh: 'MP4 切片录制完成事件。',
    },
    'hook.on_record_ts': {
      en: 'HLS segment finished; only sent when hls.broadcastRecordTs=1.',
      zh: 'HLS ts（或 fmp4）切片完成事件；仅在 hls.broadcastRecordTs=1 时发送。',
    },
    'hook.on_rtsp_auth': {
      en: 'RTSP username/password check; required when on_rtsp_realm is set.',
      zh: 'RTSP 用户名密码鉴权事件；设置了 on_rtsp_realm 时必须设置。',
    },
    'hook.on_rtsp_realm': {
      en: 'Asks whether an RTSP stream needs its own auth; a non-empty realm replaces on_play for RTSP.',
      zh: 'RTSP 专属鉴权事件；返回非空 realm 时不再触发 on_play。',
    },
    'hook.on_shell_login': {
      en: 'Telnet shell login check; empty = any login accepted.',
      zh: 'telnet 调试登录鉴权事件；置空则任何登录都放行。',
    },
    'hook.on_stream_changed': {
      en: 'Stream registered/unregistered (one event per schema).',
      zh: '流注册或注销事件（每种协议各一次）。',
    },
    'hook.stream_changed_schemas': {
      en: '"/"-separated schemas that trigger on_stream_changed; empty = all.',
      zh: '触发 on_stream_changed 的协议列表，用 "/" 分隔；置空则不过滤。',
    },
    'hook.on_stream_none_reader': {
      en: 'Stream has no viewers; reply close=true closes it. Without a hook the stream is never closed.',
      zh: '流无人观看事件，回复 close=true 则关闭流；未设置时流不会被关闭。',
    },
    'hook.on_stream_not_found': {
      en: 'Player asked for a missing stream (used for on-demand pulls); bypassed when cluster.origin_url is set.',
      zh: '播放时未找到流事件，可用于按需拉流；设置 cluster.origin_url 时不触发。',
    },
    'hook.on_server_started': {
      en: 'Sent once after start-up with every config key (including api.secret).',
      zh: '服务器启动事件，携带全部配置（包括 api.secret）。',
    },
    'hook.on_server_exited': {
      en: 'Sent on graceful shutdown.',
      zh: '服务器正常退出事件。',
    },
    'hook.on_server_keepalive': {
      en: 'Keepalive every alive_interval; the timer only starts if hooks are enabled and this URL is set at start-up.',
      zh: '服务器保活事件；定时器仅在启动时 hook 已启用且此地址非空时创建。',
    },
    'hook.on_send_rtp_stopped': {
      en: 'A startSendRtp sender stopped on its own.',
      zh: 'startSendRtp 发送被动停止事件。',
    },
    'hook.on_rtp_server_timeout': {
      en: 'An openRtpServer received no RTP for rtp_proxy.timeoutSec and was closed.',
      zh: 'RTP 服务器超过 rtp_proxy.timeoutSec 未收到数据而关闭的事件。',
    },
    'hook.timeoutSec': {
      en: 'Timeout of one hook request attempt.',
      zh: 'hook 请求单次最长等待回复时间（秒）。',
    },
    'hook.alive_interval': {
      en: 'Keepalive period (must be > 0); read once at start-up. Built-in default 30 when the key is missing.',
      zh: '保活事件间隔（秒，浮点，需大于 0）；仅启动时读取。缺失时内置默认值为 30。',
    },
    'hook.retry': {
      en: 'Extra attempts after a transport-level hook failure; 0 = no retry.',
      zh: 'hook 请求失败（传输层）后的重试次数，0 不重试。',
    },
    'hook.retry_delay': {
      en: 'Delay between hook retries (negative treated as 0).',
      zh: 'hook 重试间隔（秒，浮点，负数按 0 处理）。',
    },
    'cluster.origin_url': {
      en: 'Origin pull templates separated by ";" with two %s (app, stream); when set, on_stream_not_found/on_stream_none_reader are bypassed.',
      zh: '源站拉流地址模板，多个用 ";" 分隔，含两个 %s（app、stream）；设置后 on_stream_not_found/on_stream_none_reader 失效。',
    },
    'cluster.timeout_sec': {
      en: 'Total origin-pull timeout, split evenly between the origins; per origin should not exceed maxStreamWaitMS.',
      zh: '溯源总超时（秒，浮点），按源站个数平分；单次溯源时间不应超过 general.maxStreamWaitMS。',
    },
    'cluster.retry_count': {
      en: 'Origin pull attempts; -1 = retry forever.',
      zh: '溯源失败重试次数，-1 表示无限重试。',
    },
    'http.charSet': {
      en: 'Character set of HTTP replies (built-in default gb2312 on Windows).',
      zh: 'HTTP 服务器字符编码（Windows 上内置默认为 gb2312）。',
    },
    'http.keepAliveSecond': {
      en: 'HTTP connection idle timeout; built-in default 15.',
      zh: 'HTTP 连接超时时间（秒）；内置默认值 15。',
    },
    'http.maxReqSize': {
      en: 'Largest request body kept in memory.',
      zh: 'HTTP 请求体在内存中缓存的最大字节数。',
    },
    'http.maxUploadSize': {
      en: 'Largest request body streamed into a custom HttpBody (added 2026-07).',
      zh: '流式接收请求体的最大字节数（2026-07 新增）。',
    },
    'http.notFound': {
      en: 'Code-only (commented out in the sample): HTML body of 404 replies.',
      zh: '仅代码注册（范例中被注释）：404 页面内容。',
    },
    'http.port': {
      en: 'HTTP and HTTP API listener; 0 disables it (WVP cannot work then).',
      zh: 'HTTP 服务器（含 HTTP API）监听端口；0 关闭（WVP 将无法工作）。',
    },
    'http.rootPath': {
      en: 'HTTP file server root (relative or absolute).',
      zh: 'HTTP 文件服务器根目录（相对或绝对路径）。',
    },
    'http.sendBufSize': {
      en: 'Read buffer of the HTTP file server.',
      zh: 'HTTP 文件服务器读文件缓存大小（字节）。',
    },
    'http.sslport': {
      en: 'HTTPS listener (certificate from -s); 0 disables it.',
      zh: 'HTTPS 服务器监听端口（证书由 -s 指定）；0 关闭。',
    },
    'http.dirMenu': {
      en: 'Show directory listings.',
      zh: '是否显示文件夹菜单（允许浏览目录）。',
    },
    'http.virtualPath': {
      en: 'Virtual directories "name,path;name,path": /name/... maps to path.',
      zh: '虚拟目录，格式 "名称,路径;名称,路径"，/名称/... 映射到对应路径。',
    },
    'http.forbidCacheSuffix': {
      en: 'Comma-separated file suffixes never cached with mmap.',
      zh: '禁止 mmap 缓存的文件后缀，用 "," 分隔。',
    },
    'http.forwarded_ip_header': {
      en: 'Request header whose value replaces the peer IP (reverse proxy); clients can spoof it unless only the proxy reaches ZLM.',
      zh: '代理传递真实客户端 IP 的请求头名称；若客户端可直连 ZLM 则可伪造 IP，切勿暴露。',
    },
    'http.allow_cross_domains': {
      en: 'Send CORS headers allowing every origin.',
      zh: '是否默认允许所有跨域请求。',
    },
    'http.allow_ip_range': {
      en: 'Comma-separated IPs or start-end ranges (no CIDR) allowed to call the API; empty (or all entries invalid) = no restriction.',
      zh: '允许访问 HTTP API 的 IP 白名单，逗号分隔的 IP 或 起-止 区间（不支持 CIDR）；为空（或全部无效）则不限制。',
    },
    'multicast.addrMax': {
      en: 'Last address of the RTP multicast pool (>= addrMin).',
      zh: 'RTP 组播地址池的截止地址（不小于 addrMin）。',
    },
    'multicast.addrMin': {
      en: 'First address of the RTP multicast pool.',
      zh: 'RTP 组播地址池的起始地址。',
    },
    'multicast.udpTTL': {
      en: 'TTL of multicast UDP packets.',
      zh: '组播 UDP 的 TTL。',
    },
    'record.appName': {
      en: 'App name of MP4 recording/VOD; streams of this app are closed when unwatched, so never reuse a live app name.',
      zh: 'MP4 录制/点播的应用名；该应用下的流无人观看会被直接关闭，切勿与直播应用名相同。',
    },
    'record.fileBufSize': {
      en: 'Write buffer of MP4 recordings.',
      zh: 'MP4 录制写文件缓存（字节）。',
    },
    'record.sampleMS': {
      en: 'Amount of MP4 VOD data read per step (smaller = smoother, larger = less CPU).',
      zh: 'MP4 点播每次流化的数据量（毫秒），减小更平滑，增大更省 CPU。',
    },
    'record.fastStart': {
      en: 'Move the MP4 index (moov) to the front after recording.',
      zh: 'MP4 录制完成后是否将索引（moov）写到文件头部。',
    },
    'record.fileRepeat': {
      en: 'Loop MP4 VOD playback.',
      zh: 'MP4 点播是否循环播放文件。',
    },
    'record.enableFmp4': {
      en: 'Record as fragmented MP4 (playable after a crash or power loss).',
      zh: 'MP4 录制是否采用 fmp4 格式（断电后未完成的文件也能打开）。',
    },
    'rtmp.handshakeSecond': {
      en: 'A connection not publishing/playing this long after accept (hook time included) is dropped.',
      zh: 'RTMP 握手超时（秒）：自连接起（含 hook 耗时）该时间内未开始推流或播放则断开。',
    },
    'rtmp.keepAliveSecond': {
      en: 'Drop a connection with no data received (or a stalled send buffer) for this long.',
      zh: 'RTMP 超时时间（秒），该时间内未收到数据或发送缓存阻塞则断开。',
    },
    'rtmp.port': {
      en: 'RTMP listener; 0 disables it.',
      zh: 'RTMP 服务器监听端口；0 关闭。',
    },
    'rtmp.sslport': {
      en: 'RTMPS listener; 0 disables it. Built-in default 19350 when the key is missing.',
      zh: 'RTMPS 服务器监听端口；0 关闭。缺失时内置默认值为 19350。',
    },
    'rtmp.directProxy': {
      en: 'Direct proxy mode for RTMP.',
      zh: 'RTMP 是否采用直接代理模式。',
    },
    'rtmp.enhanced': {
      en: 'Use Enhanced-RTMP (1) instead of the Chinese extension (0) for H265/Opus/VP8/VP9/AV1.',
      zh: 'H265/Opus/VP8/VP9/AV1 的 RTMP 打包采用增强型 RTMP（1）还是国内扩展（0）。',
    },
    'rtp.audioMtuSize': {
      en: 'Audio RTP payload limit; keep <= 1400 (larger adds latency).',
      zh: '音频 RTP 最大字节数，建议不超过 1400（加大会增加延时）。',
    },
    'rtp.videoMtuSize': {
      en: 'Video RTP payload limit; keep <= 1400.',
      zh: '视频 RTP 最大字节数，建议不超过 1400。',
    },
    'rtp.rtpMaxSize': {
      en: 'Sanity limit of an RTP packet over TCP (detects a corrupted stream).',
      zh: 'RTP 包最大长度（KB），用于识别 TCP 上下文损坏。',
    },
    'rtp.lowLatency': {
      en: 'Low-latency RTP packing; may cause artifacts with multi-slice H.264.',
      zh: 'RTP 打包低延迟模式；H264 一帧多 slice 时可能花屏。',
    },
    'rtp.h264_stap_a': {
      en: 'Pack H.264 with STAP-A; set 0 for old RTSP devices that lack it.',
      zh: 'H264 RTP 是否采用 STAP-A 打包；老旧 RTSP 设备不支持时置 0。',
    },
    'rtp_proxy.dumpDir': {
      en: 'Directory for rtp/ps/h264 debug dumps; empty disables.',
      zh: '导出 rtp/ps/h264 调试数据的目录，置空关闭。',
    },
    'rtp_proxy.port': {
      en: 'Single-port GB28181/RTP ingest on UDP and TCP (streams told apart by SSRC); 0 disables it.',
      zh: '国标/RTP 单端口收流服务器端口（UDP 和 TCP，按 SSRC 区分流）；0 关闭。',
    },
    'rtp_proxy.timeoutSec': {
      en: 'RTP inactivity timeout; the RtpServer is closed and on_rtp_server_timeout sent.',
      zh: 'RTP 超时时间（秒），超时关闭 RTP 服务器并触发 on_rtp_server_timeout。',
    },
    'rtp_proxy.port_range': {
      en: '"min-max" port pool for openRtpServer, RTSP over UDP and startSendRtp (at least 36 ports); built once, restart to change.',
      zh: '随机端口范围 "最小-最大"（至少 36 个端口），同时用于 RTSP UDP 和 startSendRtp；端口池只创建一次，修改需重启。',
    },
    'rtp_proxy.h264_pt': {
      en: 'RTP payload type of raw H.264.',
      zh: 'RTP H264 负载的 pt。',
    },
    'rtp_proxy.h265_pt': {
      en: 'RTP payload type of raw H.265.',
      zh: 'RTP H265 负载的 pt。',
    },
    'rtp_proxy.ps_pt': {
      en: 'RTP payload type of PS.',
      zh: 'RTP PS 负载的 pt。',
    },
    'rtp_proxy.opus_pt': {
      en: 'RTP payload type of Opus.',
      zh: 'RTP Opus 负载的 pt。',
    },
    'rtp_proxy.gop_cache': {
      en: 'GOPs cached for instant start of startSendRtp/startRecord; 0 saves memory.',
      zh: '为 startSendRtp/startRecord 提前缓存的 GOP 个数；不使用这些接口可置 0 节省内存。',
    },
    'rtp_proxy.rtp_g711_dur_ms': {
      en: 'Audio duration per GB28181 G.711 RTP packet, 20..180, rounded to a multiple of 20 (GB28181-2016 C.2.4).',
      zh: '国标发送 G711 RTP 每包时长，范围 20~180 毫秒，自动取整为 20 的倍数（GB28181-2016 C.2.4）。',
    },
    'rtp_proxy.udp_recv_socket_buffer': {
      en: 'SO_RCVBUF of RTP UDP sockets (capped by the kernel rmem_max).',
      zh: 'RTP UDP 接收 socket 缓冲区大小（字节，受内核 rmem_max 限制）。',
    },
    'rtp_proxy.merge_frame': {
      en: 'Wait for the next PS/TS frame to check the current one is complete (compatibility vs latency).',
      zh: 'PS/TS 解析后是否等待下一帧以判断本帧完整，提高兼容性但可能增加延时。',
    },
    'rtc.signalingPort': {
      en: 'WebRTC WebSocket signaling listener (binds all interfaces); 0 disables it.',
      zh: 'WebRTC 信令服务器端口（绑定所有网卡）；0 关闭。',
    },
    'rtc.signalingSslPort': {
      en: 'WebRTC signaling listener over TLS; 0 disables it.',
      zh: 'WebRTC 信令服务器 TLS 端口；0 关闭。',
    },
    'rtc.icePort': {
      en: 'STUN/TURN UDP listener; 0 disables it.',
      zh: 'STUN/TURN 服务器 UDP 端口；0 关闭。',
    },
    'rtc.iceTcpPort': {
      en: 'STUN/TURN TCP listener; 0 disables it.',
      zh: 'STUN/TURN 服务器 TCP 端口；0 关闭。',
    },
    'rtc.enableTurn': {
      en: 'Offer TURN on the STUN/TURN ports.',
      zh: 'STUN/TURN 端口是否启用 TURN 服务。',
    },
    'rtc.iceTransportPolicy': {
      en: 'ICE transport policy: 0 any, 1 relay only, 2 P2P only.',
      zh: 'ICE 传输策略：0 不限制，1 仅 Relay 转发，2 仅 P2P 直连。',
    },
    'rtc.iceUfrag': {
      en: 'TURN user name (public default: change it when TURN is exposed).',
      zh: 'STUN/TURN 用户名（默认值公开，对外提供 TURN 时应修改）。',
    },
    'rtc.icePwd': {
      en: 'TURN password (public default: change it when TURN is exposed).',
      zh: 'STUN/TURN 密码（默认值公开，对外提供 TURN 时应修改）。',
    },
    'rtc.datachannel_echo': {
      en: 'Echo data-channel messages back (test feature).',
      zh: 'WebRTC datachannel 是否回显数据（测试用）。',
    },
    'rtc.max_stun_retry': {
      en: 'Maximum STUN request retransmissions.',
      zh: 'STUN 请求最大重试次数。',
    },
    'rtc.port_range': {
      en: '"min-max" UDP port pool for TURN relay allocations (re-applied on reload).',
      zh: 'TURN 服务分配的 UDP 端口池 "最小-最大"（重载配置后生效）。',
    },
    'rtc.timeoutSec': {
      en: 'WebRTC publish/play timeout.',
      zh: 'RTC 推流、播放超时时间（秒）。',
    },
    'rtc.externIP': {
      en: 'Comma-separated IPs (or $ENV names) advertised in SDP candidates; empty = NIC IP (wrong behind NAT/Docker).',
      zh: '对 RTC 客户端可见的 IP（一般为公网 IP），多个用 "," 分隔，支持 $环境变量；置空则自动获取网卡 IP（NAT/Docker 下通常不对）。',
    },
    'rtc.interfaces': {
      en: 'Comma-separated NIC names (or $ENV) the ICE server binds to (elastic public IP setups).',
      zh: 'ICE 服务器绑定的网卡名，多个用 "," 分隔，支持 $环境变量（用于弹性公网 IP 场景）。',
    },
    'rtc.port': {
      en: 'WebRTC media UDP listener (STUN/DTLS/SRTP); behind NAT the external port must be the same.',
      zh: 'RTC UDP 服务器端口（传输 stun/dtls/srtp）；在 NAT 后时外网映射端口必须与之相同。',
    },
    'rtc.tcpPort': {
      en: 'WebRTC media TCP listener, used when UDP is blocked; behind NAT the external port must be the same.',
      zh: 'RTC TCP 服务器端口，UDP 不通时使用；在 NAT 后时外网映射端口必须与之相同。',
    },
    'rtc.rembBitRate': {
      en: 'Non-zero: use REMB with this bitrate instead of TWCC for WebRTC publishers.',
      zh: '非 0 时关闭 TWCC 并以该码率开启 REMB（对 RTC 推流有效）。',
    },
    'rtc.preferredCodecA': {
      en: 'Accepted audio codecs, highest priority first.',
      zh: 'RTC 支持的音频编码，越靠前优先级越高。',
    },
    'rtc.preferredCodecV': {
      en: 'Accepted video codecs, highest priority first.',
      zh: 'RTC 支持的视频编码，越靠前优先级越高。',
    },
    'rtc.start_bitrate': {
      en: 'x-google-start-bitrate in the answer SDP; 0 = unset.',
      zh: 'WebRTC 起始码率（x-google-start-bitrate），0 不设置。',
    },
    'rtc.max_bitrate': {
      en: 'x-google-max-bitrate in the answer SDP; 0 = unset.',
      zh: 'WebRTC 最大码率（x-google-max-bitrate），0 不设置。',
    },
    'rtc.min_bitrate': {
      en: 'x-google-min-bitrate in the answer SDP; 0 = unset.',
      zh: 'WebRTC 最小码率（x-google-min-bitrate），0 不设置。',
    },
    'rtc.maxRtpCacheMS': {
      en: 'Send side: maximum age of the RTP retransmission cache.',
      zh: '发送端 RTP 重传缓存队列最大时长（毫秒）。',
    },
    'rtc.maxRtpCacheSize': {
      en: 'Send side: maximum packets in the RTP retransmission cache.',
      zh: '发送端 RTP 重传缓存队列最大包数。',
    },
    'rtc.nackMaxSize': {
      en: 'Receive side: maximum packet-loss states kept.',
      zh: '接收端最多保留的 RTP 丢包状态个数。',
    },
    'rtc.nackMaxMS': {
      en: 'Receive side: maximum age of a packet-loss state.',
      zh: '接收端 RTP 丢包状态最长保留时间（毫秒）。',
    },
    'rtc.nackMaxCount': {
      en: 'Maximum NACK retransmission requests per packet.',
      zh: 'NACK 最多请求重传次数。',
    },
    'rtc.nackIntervalRatio': {
      en: 'NACK resend interval as a multiple of the RTT.',
      zh: 'NACK 重传频率，RTT 的倍数。',
    },
    'rtc.nackRtpSize': {
      en: 'RTP packets per video NACK (smaller reacts faster).',
      zh: '视频 NACK 包中的 RTP 个数，越小响应越灵敏。',
    },
    'rtc.nackAudioRtpSize': {
      en: 'RTP packets per audio NACK (smaller reacts faster).',
      zh: '音频 NACK 包中的 RTP 个数，越小响应越灵敏。',
    },
    'rtc.bfilter': {
      en: 'Try to drop H.264 B-frames for WebRTC.',
      zh: '是否尝试过滤 B 帧。',
    },
    'rtc.preferred_tcp': {
      en: 'Prefer WebRTC over TCP.',
      zh: '是否优先采用 WebRTC over TCP 模式。',
    },
    'srt.timeoutSec': {
      en: 'SRT publish/play timeout; <= 0 falls back to 5 with a warning.',
      zh: 'SRT 推流、播放超时时间（秒）；<=0 时按 5 处理并告警。',
    },
    'srt.port': {
      en: 'SRT UDP listener; 0 disables it.',
      zh: 'SRT UDP 服务器端口；0 关闭。',
    },
    'srt.latencyMul': {
      en: 'Receive latency = latencyMul x RTT measured at handshake; <= 0 falls back to 4.',
      zh: '延迟缓存估算参数，最大缓存时长 = latencyMul × 握手时估算的 RTT；<=0 时按 4 处理。',
    },
    'srt.pktBufSize': {
      en: 'SRT packet buffer size; <= 0 falls back to 8912.',
      zh: 'SRT 包缓存大小；<=0 时按 8912 处理。',
    },
    'srt.passPhrase': {
      en: 'SRT encryption passphrase (SRT wants 10..79 chars); empty = no encryption.',
      zh: 'SRT 加密密码（SRT 规范要求 10~79 个字符），为空表示不加密。',
    },
    'rtsp.authBasic': {
      en: 'RTSP auth scheme of the on_rtsp_auth flow: 0 Digest (MD5), 1 Basic.',
      zh: 'RTSP 专属鉴权方式：0 为 Digest（MD5），1 为 Basic（base64）。',
    },
    'rtsp.directProxy': {
      en: 'Direct proxy mode for RTSP pull/push; disable it for WebRTC playback of RTSP sources.',
      zh: 'RTSP 拉流、推流代理是否直接代理；RTSP 源需 WebRTC 播放时建议关闭。',
    },
    'rtsp.handshakeSecond': {
      en: 'Session killed if SETUP/ANNOUNCE is not accepted this long after accept (hook and stream-wait time included).',
      zh: 'RTSP 握手超时（秒）：自连接起（含 hook 与等流时间）未完成握手则断开。',
    },
    'rtsp.keepAliveSecond': {
      en: 'Drop a session with no data (or a stalled send buffer) for this long; RTP-over-UDP players get 4x.',
      zh: 'RTSP 超时时间（秒），未收到数据或发送缓存阻塞超过该时间则断开；UDP 播放器为其 4 倍。',
    },
    'rtsp.port': {
      en: 'RTSP listener; 0 disables it.',
      zh: 'RTSP 服务器监听端口；0 关闭。',
    },
    'rtsp.sslport': {
      en: 'RTSPS listener; 0 disables it. Built-in default 332 when the key is missing.',
      zh: 'RTSPS 服务器监听端口；0 关闭。缺失时内置默认值为 332。',
    },
    'rtsp.lowLatency': {
      en: 'Forward RTSP without caching RTP packets (one frame less latency).',
      zh: 'RTSP 转发低延迟模式，不缓存 RTP 包，可降低一帧延迟。',
    },
    'rtsp.rtpTransportType': {
      en: 'Force the RTP transport: -1 any, 0 TCP, 1 UDP, 2 multicast; a mismatching SETUP gets 461.',
      zh: '强制 RTP 传输方式：-1 不限制，0 TCP，1 UDP，2 组播；不一致的 SETUP 返回 461。',
    },
    'shell.maxReqSize': {
      en: 'Largest request buffer of the telnet debug shell.',
      zh: '调试 telnet 服务器接受的最大 buffer。',
    },
    'shell.port': {
      en: 'Telnet debug shell listener; 0 disables it. A missing key opens it on 9000 (no auth without on_shell_login).',
      zh: '调试 telnet 服务器端口；0 关闭。缺失时监听 9000（未设 on_shell_login 则无鉴权）。',
    },
    'onvif.port': {
      en: 'ONVIF WS-Discovery UDP port, bound on the first searchOnvifDevice call.',
      zh: 'ONVIF 搜索（WS-Discovery）UDP 端口，首次调用 searchOnvifDevice 时绑定。',
    },
    'python.plugin': {
      en: 'Code-only (ENABLE_PYTHON builds): Python plugin module loaded at start-up; its hooks take precedence.',
      zh: '仅代码注册（ENABLE_PYTHON 编译）：启动时加载的 Python 插件，其 hook 优先处理。',
    },
  };
  return Object.hasOwn(docs, key) ? docs[key] : undefined;
}
