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
  { key: 'api.apiDebug', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },
  { key: 'api.secret', type: 'string', storage: 'string', shipped: '035c73f7-bb6b-4889-a715-d9eb2d1925cc', builtin: '<random 32 chars>', reload: 'live' },
  { key: 'api.snapRoot', type: 'path', storage: 'string', shipped: './www/snap/', reload: 'live' },
  { key: 'api.defaultSnap', type: 'path', storage: 'string', shipped: './www/logo.png', reload: 'live' },
  { key: 'api.downloadRoot', type: 'string', storage: 'string', shipped: './www', reload: 'live' },

  // ──────────────────────────── [ffmpeg] ────────────────────────────
  { key: 'ffmpeg.bin', type: 'path', storage: 'string', shipped: '/usr/bin/ffmpeg', reload: 'live' },
  { key: 'ffmpeg.cmd', type: 'template', storage: 'string', shipped: '%s -re -i %s -c:a aac -strict -2 -ar 44100 -ab 48k -c:v libx264 -f flv %s', reload: 'live' },
  { key: 'ffmpeg.snap', type: 'template', storage: 'string', shipped: '%s -i %s -y -f mjpeg -frames:v 1 -an %s', reload: 'live' },
  { key: 'ffmpeg.log', type: 'path', storage: 'string', shipped: './ffmpeg/ffmpeg.log', reload: 'live' },
  { key: 'ffmpeg.restart_sec', type: 's', storage: 'uint64', shipped: '0', unit: 's', reload: 'live' },

  // ─────────────────────────── [protocol] ───────────────────────────
  { key: 'protocol.modify_stamp', type: 'enum', storage: 'int32', shipped: '2', enumValues: ['0', '1', '2'], reload: 'new' },
  { key: 'protocol.enable_audio', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.add_mute_audio', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.auto_close', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.continue_push_ms', type: 'ms', storage: 'uint32', shipped: '15000', unit: 'ms', reload: 'new' },
  { key: 'protocol.paced_sender_ms', type: 'ms', storage: 'uint32', shipped: '0', unit: 'ms', reload: 'new' },
  { key: 'protocol.enable_hls', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.enable_hls_fmp4', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.enable_mp4', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.enable_rtsp', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.enable_rtmp', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.enable_ts', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.enable_fmp4', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'protocol.mp4_as_player', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.mp4_max_second', type: 's', storage: 'uint32', shipped: '3600', unit: 's', reload: 'new' },
  { key: 'protocol.mp4_save_path', type: 'path', storage: 'string', shipped: './www', reload: 'new' },
  { key: 'protocol.hls_save_path', type: 'path', storage: 'string', shipped: './www', reload: 'new' },
  { key: 'protocol.hls_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.rtsp_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.rtmp_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.ts_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'protocol.fmp4_demand', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },

  // ─────────────────────────── [general] ───────────────────────────
  { key: 'general.enableVhost', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'general.flowThreshold', type: 'uint', storage: 'uint32', shipped: '1024', unit: 'KB', reload: 'live' },
  { key: 'general.maxStreamWaitMS', type: 'ms', storage: 'int32', shipped: '15000', unit: 'ms', reload: 'live' },
  { key: 'general.streamNoneReaderDelayMS', type: 'ms', storage: 'int32', shipped: '20000', unit: 'ms', reload: 'live' },
  { key: 'general.resetWhenRePlay', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },
  { key: 'general.mergeWriteMS', type: 'ms', storage: 'int32', shipped: '0', unit: 'ms', reload: 'new' },
  { key: 'general.mediaServerId', type: 'string', storage: 'string', shipped: 'your_server_id', builtin: '<random 16 chars>', reload: 'live' },
  { key: 'general.wait_track_ready_ms', type: 'ms', storage: 'uint32', shipped: '10000', unit: 'ms', reload: 'live' },
  { key: 'general.wait_audio_track_data_ms', type: 'ms', storage: 'uint32', shipped: '1000', unit: 'ms', reload: 'live' },
  { key: 'general.wait_add_track_ms', type: 'ms', storage: 'uint32', shipped: '3000', unit: 'ms', reload: 'live' },
  { key: 'general.unready_frame_cache', type: 'uint', storage: 'uint32', shipped: '100', unit: 'frames', reload: 'live' },
  { key: 'general.broadcast_player_count_changed', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'general.listen_ip', type: 'ip', storage: 'string', shipped: '::', reload: 'start' },
  { key: 'general.check_nvidia_dev', type: 'bool', storage: 'bool', builtin: '1', codeOnly: true, reload: 'start' },
  { key: 'general.enable_ffmpeg_log', type: 'bool', storage: 'bool', builtin: '0', codeOnly: true, reload: 'start' },

  // ───────────────────────────── [hls] ─────────────────────────────
  { key: 'hls.fileBufSize', type: 'uint', storage: 'uint32', shipped: '65536', unit: 'bytes', reload: 'new' },
  { key: 'hls.segDur', type: 's', storage: 'float', shipped: '2', unit: 's', min: 0, reload: 'new' },
  { key: 'hls.segNum', type: 'uint', storage: 'uint32', shipped: '3', reload: 'new' },
  { key: 'hls.segDelay', type: 'uint', storage: 'uint32', shipped: '0', reload: 'new' },
  { key: 'hls.segRetain', type: 'uint', storage: 'uint32', shipped: '5', reload: 'new' },
  { key: 'hls.broadcastRecordTs', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'hls.deleteDelaySec', type: 's', storage: 'uint32', shipped: '10', unit: 's', reload: 'live' },
  { key: 'hls.segKeep', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'hls.fastRegister', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'hls.fmp4SegExt', type: 'string', storage: 'string', shipped: '.mp4', reload: 'new' },

  // ───────────────────────────── [hook] ─────────────────────────────
  { key: 'hook.enable', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'hook.on_flow_report', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_http_access', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_play', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_publish', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_record_mp4', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_record_ts', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_rtsp_auth', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_rtsp_realm', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_shell_login', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_stream_changed', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.stream_changed_schemas', type: 'string', storage: 'string', shipped: 'rtsp/rtmp/fmp4/ts/hls/hls.fmp4', reload: 'live' },
  { key: 'hook.on_stream_none_reader', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_stream_not_found', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_server_started', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_server_exited', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_server_keepalive', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_send_rtp_stopped', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.on_rtp_server_timeout', type: 'url', storage: 'string', shipped: '', reload: 'live' },
  { key: 'hook.timeoutSec', type: 's', storage: 'float', shipped: '10', unit: 's', reload: 'live' },
  { key: 'hook.alive_interval', type: 's', storage: 'float', shipped: '10.0', builtin: '30', unit: 's', reload: 'start' },
  { key: 'hook.retry', type: 'uint', storage: 'uint32', shipped: '1', min: 0, reload: 'live' },
  { key: 'hook.retry_delay', type: 's', storage: 'float', shipped: '3.0', unit: 's', min: 0, reload: 'live' },

  // ─────────────────────────── [cluster] ───────────────────────────
  { key: 'cluster.origin_url', type: 'template', storage: 'string', shipped: '', reload: 'live' },
  { key: 'cluster.timeout_sec', type: 's', storage: 'float', shipped: '15', unit: 's', reload: 'live' },
  { key: 'cluster.retry_count', type: 'int', storage: 'int32', shipped: '3', min: -1, reload: 'live' },

  // ───────────────────────────── [http] ─────────────────────────────
  { key: 'http.charSet', type: 'string', storage: 'string', shipped: 'utf-8', reload: 'live' },
  { key: 'http.keepAliveSecond', type: 's', storage: 'uint64', shipped: '30', builtin: '15', unit: 's', reload: 'live' },
  { key: 'http.maxReqSize', type: 'uint', storage: 'uint64', shipped: '40960', unit: 'bytes', reload: 'live' },
  { key: 'http.maxUploadSize', type: 'uint', storage: 'uint64', shipped: '1073741824', unit: 'bytes', reload: 'live' },
  { key: 'http.notFound', type: 'string', storage: 'string', builtin: '<html><head><title>404 Not Found</title></head><body bgcolor="white"><center><h1>您访问的资源不存在！</h1></center><hr><center>ZLMediaKit(<build info>)</center></body></html>', codeOnly: true, reload: 'live' },
  { key: 'http.port', type: 'port', storage: 'uint16', shipped: '80', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'http.rootPath', type: 'path', storage: 'string', shipped: './www', reload: 'live' },
  { key: 'http.sendBufSize', type: 'uint', storage: 'uint32', shipped: '65536', unit: 'bytes', reload: 'live' },
  { key: 'http.sslport', type: 'port', storage: 'uint16', shipped: '443', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'http.dirMenu', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },
  { key: 'http.virtualPath', type: 'string', storage: 'string', shipped: '', reload: 'live' },
  { key: 'http.forbidCacheSuffix', type: 'string', storage: 'string', shipped: '', reload: 'live' },
  { key: 'http.forwarded_ip_header', type: 'string', storage: 'string', shipped: '', reload: 'live' },
  { key: 'http.allow_cross_domains', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },
  { key: 'http.allow_ip_range', type: 'iplist', storage: 'string', shipped: '::1,127.0.0.1,172.16.0.0-172.31.255.255,192.168.0.0-192.168.255.255,10.0.0.0-10.255.255.255', reload: 'live' },

  // ─────────────────────────── [multicast] ───────────────────────────
  { key: 'multicast.addrMax', type: 'ip', storage: 'string', shipped: '239.255.255.255', reload: 'live' },
  { key: 'multicast.addrMin', type: 'ip', storage: 'string', shipped: '239.0.0.0', reload: 'live' },
  { key: 'multicast.udpTTL', type: 'uint', storage: 'uint32', shipped: '64', min: 1, max: 255, reload: 'live' },

  // ──────────────────────────── [record] ────────────────────────────
  { key: 'record.appName', type: 'string', storage: 'string', shipped: 'record', reload: 'live' },
  { key: 'record.fileBufSize', type: 'uint', storage: 'uint32', shipped: '65536', unit: 'bytes', reload: 'new' },
  { key: 'record.sampleMS', type: 'ms', storage: 'uint32', shipped: '500', unit: 'ms', reload: 'live' },
  { key: 'record.fastStart', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'record.fileRepeat', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'record.enableFmp4', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },

  // ───────────────────────────── [rtmp] ─────────────────────────────
  { key: 'rtmp.handshakeSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live' },
  { key: 'rtmp.keepAliveSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live' },
  { key: 'rtmp.port', type: 'port', storage: 'uint16', shipped: '1935', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtmp.sslport', type: 'port', storage: 'uint16', shipped: '0', builtin: '19350', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtmp.directProxy', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'rtmp.enhanced', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },

  // ───────────────────────────── [rtp] ─────────────────────────────
  { key: 'rtp.audioMtuSize', type: 'uint', storage: 'uint32', shipped: '600', unit: 'bytes', reload: 'new' },
  { key: 'rtp.videoMtuSize', type: 'uint', storage: 'uint32', shipped: '1400', unit: 'bytes', reload: 'new' },
  { key: 'rtp.rtpMaxSize', type: 'uint', storage: 'uint32', shipped: '10', unit: 'KB', reload: 'new' },
  { key: 'rtp.lowLatency', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'rtp.h264_stap_a', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },

  // ─────────────────────────── [rtp_proxy] ───────────────────────────
  { key: 'rtp_proxy.dumpDir', type: 'path', storage: 'string', shipped: '', reload: 'live' },
  { key: 'rtp_proxy.port', type: 'port', storage: 'uint16', shipped: '10000', min: 0, max: 65535, transport: 'both', reload: 'start' },
  { key: 'rtp_proxy.timeoutSec', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live' },
  { key: 'rtp_proxy.port_range', type: 'range', storage: 'string', shipped: '30000-35000', transport: 'both', reload: 'start' },
  { key: 'rtp_proxy.h264_pt', type: 'uint', storage: 'uint32', shipped: '98', min: 0, max: 127, reload: 'live' },
  { key: 'rtp_proxy.h265_pt', type: 'uint', storage: 'uint32', shipped: '99', min: 0, max: 127, reload: 'live' },
  { key: 'rtp_proxy.ps_pt', type: 'uint', storage: 'uint32', shipped: '96', min: 0, max: 127, reload: 'live' },
  { key: 'rtp_proxy.opus_pt', type: 'uint', storage: 'uint32', shipped: '100', min: 0, max: 127, reload: 'live' },
  { key: 'rtp_proxy.gop_cache', type: 'uint', storage: 'uint64', shipped: '1', unit: 'GOPs', reload: 'live' },
  { key: 'rtp_proxy.rtp_g711_dur_ms', type: 'ms', storage: 'uint32', shipped: '100', unit: 'ms', min: 20, max: 180, reload: 'live' },
  { key: 'rtp_proxy.udp_recv_socket_buffer', type: 'int', storage: 'int32', shipped: '4194304', unit: 'bytes', reload: 'new' },
  { key: 'rtp_proxy.merge_frame', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },

  // ───────────────────────────── [rtc] ─────────────────────────────
  { key: 'rtc.signalingPort', type: 'port', storage: 'uint16', shipped: '3000', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtc.signalingSslPort', type: 'port', storage: 'uint16', shipped: '3001', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtc.icePort', type: 'port', storage: 'uint16', shipped: '3478', min: 0, max: 65535, transport: 'udp', reload: 'start' },
  { key: 'rtc.iceTcpPort', type: 'port', storage: 'uint16', shipped: '3478', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtc.enableTurn', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },
  { key: 'rtc.iceTransportPolicy', type: 'enum', storage: 'int32', shipped: '0', enumValues: ['0', '1', '2'], reload: 'live' },
  { key: 'rtc.iceUfrag', type: 'string', storage: 'string', shipped: 'ZLMediaKit', reload: 'live' },
  { key: 'rtc.icePwd', type: 'string', storage: 'string', shipped: 'ZLMediaKit', reload: 'live' },
  { key: 'rtc.datachannel_echo', type: 'bool', storage: 'bool', shipped: '1', reload: 'live' },
  { key: 'rtc.max_stun_retry', type: 'uint', storage: 'uint32', shipped: '7', reload: 'live' },
  { key: 'rtc.port_range', type: 'range', storage: 'string', shipped: '49152-65535', transport: 'udp', reload: 'live' },
  { key: 'rtc.timeoutSec', type: 's', storage: 'float', shipped: '15', unit: 's', reload: 'live' },
  { key: 'rtc.externIP', type: 'string', storage: 'string', shipped: '', reload: 'live' },
  { key: 'rtc.interfaces', type: 'string', storage: 'string', shipped: '', reload: 'live' },
  { key: 'rtc.port', type: 'port', storage: 'uint16', shipped: '8000', min: 0, max: 65535, transport: 'udp', reload: 'start' },
  { key: 'rtc.tcpPort', type: 'port', storage: 'uint16', shipped: '8000', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtc.rembBitRate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live' },
  { key: 'rtc.preferredCodecA', type: 'string', storage: 'string', shipped: 'PCMA,PCMU,opus,mpeg4-generic', reload: 'live' },
  { key: 'rtc.preferredCodecV', type: 'string', storage: 'string', shipped: 'H264,H265,AV1,VP9,VP8', reload: 'live' },
  { key: 'rtc.start_bitrate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live' },
  { key: 'rtc.max_bitrate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live' },
  { key: 'rtc.min_bitrate', type: 'uint', storage: 'uint64', shipped: '0', unit: 'bps', reload: 'live' },
  { key: 'rtc.maxRtpCacheMS', type: 'ms', storage: 'uint32', shipped: '5000', unit: 'ms', reload: 'live' },
  { key: 'rtc.maxRtpCacheSize', type: 'uint', storage: 'uint32', shipped: '2048', unit: 'packets', reload: 'live' },
  { key: 'rtc.nackMaxSize', type: 'uint', storage: 'uint32', shipped: '2048', unit: 'packets', reload: 'live' },
  { key: 'rtc.nackMaxMS', type: 'ms', storage: 'uint32', shipped: '3000', unit: 'ms', reload: 'live' },
  { key: 'rtc.nackMaxCount', type: 'uint', storage: 'uint32', shipped: '15', reload: 'live' },
  { key: 'rtc.nackIntervalRatio', type: 'float', storage: 'float', shipped: '1.0', unit: 'x RTT', reload: 'live' },
  { key: 'rtc.nackRtpSize', type: 'uint', storage: 'uint32', shipped: '8', unit: 'packets', reload: 'live' },
  { key: 'rtc.nackAudioRtpSize', type: 'uint', storage: 'uint32', shipped: '4', unit: 'packets', reload: 'live' },
  { key: 'rtc.bfilter', type: 'bool', storage: 'bool', shipped: '0', reload: 'new' },
  { key: 'rtc.preferred_tcp', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },

  // ───────────────────────────── [srt] ─────────────────────────────
  { key: 'srt.timeoutSec', type: 's', storage: 'float', shipped: '5', unit: 's', reload: 'live' },
  { key: 'srt.port', type: 'port', storage: 'uint16', shipped: '9000', min: 0, max: 65535, transport: 'udp', reload: 'start' },
  { key: 'srt.latencyMul', type: 'int', storage: 'int32', shipped: '4', reload: 'live' },
  { key: 'srt.pktBufSize', type: 'int', storage: 'int32', shipped: '8192', unit: 'packets', reload: 'live' },
  { key: 'srt.passPhrase', type: 'string', storage: 'string', shipped: '', reload: 'live' },

  // ───────────────────────────── [rtsp] ─────────────────────────────
  { key: 'rtsp.authBasic', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'rtsp.directProxy', type: 'bool', storage: 'bool', shipped: '1', reload: 'new' },
  { key: 'rtsp.handshakeSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live' },
  { key: 'rtsp.keepAliveSecond', type: 's', storage: 'uint32', shipped: '15', unit: 's', reload: 'live' },
  { key: 'rtsp.port', type: 'port', storage: 'uint16', shipped: '554', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtsp.sslport', type: 'port', storage: 'uint16', shipped: '0', builtin: '332', min: 0, max: 65535, transport: 'tcp', reload: 'start' },
  { key: 'rtsp.lowLatency', type: 'bool', storage: 'bool', shipped: '0', reload: 'live' },
  { key: 'rtsp.rtpTransportType', type: 'enum', storage: 'int32', shipped: '-1', enumValues: ['-1', '0', '1', '2'], reload: 'live' },

  // ───────────────────────────── [shell] ─────────────────────────────
  { key: 'shell.maxReqSize', type: 'uint', storage: 'uint32', shipped: '1024', unit: 'bytes', reload: 'live' },
  { key: 'shell.port', type: 'port', storage: 'uint16', shipped: '0', builtin: '9000', min: 0, max: 65535, transport: 'tcp', reload: 'start' },

  // ───────────────────────────── [onvif] ─────────────────────────────
  { key: 'onvif.port', type: 'port', storage: 'uint16', shipped: '3702', min: 0, max: 65535, transport: 'udp', reload: 'start' },

  // ──────────────────────────── [python] ────────────────────────────
  { key: 'python.plugin', type: 'string', storage: 'string', builtin: '', codeOnly: true, reload: 'start' },
];

/** Filled by a loop: `new Map(KEYS.map(…))` would first make an array of 179 pairs (every check reads this). */
export const KEY_INDEX: ReadonlyMap<string, KeyDef> = indexByKey(KEYS);

function indexByKey<T extends { key: string }>(defs: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (let i = 0; i < defs.length; i++) m.set(defs[i]!.key, defs[i]!);
  return m;
}

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

let legacy: readonly LegacyKeyDef[] | undefined;

/**
 * Keys that older ZLM builds (or WVP) wrote and current ZLM ignores ("unknow
 * config"). `since` is the date the key left conf/config.ini (commit date of
 * the sample file), or 'never' for names ZLM never read.
 *
 * Made on first use: they are looked up only for a key the current catalogue does not have (legacyDef), so a check
 * of a file whose keys are all current never reads them.
 */
export function legacyKeys(): readonly LegacyKeyDef[] {
  return (legacy ??= [
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
      note: { en: 'RTP payload kind (MP2P/MP4V-ES); removed without replacement.', zh: 'RTP 负载类型（MP2P/MP4V-ES）；已删除，无替代项。' },
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
  ]);
}

let legacyIndex: ReadonlyMap<string, LegacyKeyDef> | undefined;

/** The legacy entry of `section.key`, if the key is an old or never-read name. */
export function legacyDef(key: string): LegacyKeyDef | undefined {
  // no current key is also a legacy one (test/zlm/catalogue.test.ts)
  if (KEY_INDEX.has(key)) return undefined;
  legacyIndex ??= indexByKey(legacyKeys());
  return legacyIndex.get(key);
}
