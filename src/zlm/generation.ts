/**
 * Which ZLMediaKit generation a config.ini belongs to, told from its key set.
 *
 * The table below was derived from 145 dated copies of the shipped
 * conf/config.ini (2019-08 .. 2026-07): for each marker key, the date of the
 * first sample that has it and the date of the first sample that no longer
 * has it. A file that holds a key added on date A was written from (or dumped
 * by) a build of A or later. A key removed on date R bounds the file's
 * template to before R, unless a key added on or after R is also there: then
 * it is a stale key that survived an upgrade (ZLM's dump keeps unknown keys).
 * Pure: no I/O.
 */
import type { IniDocument } from '../ini/document.ts';
import type { ZlmGeneration } from './shape-types.ts';

/** [section.key, added (undefined = in the oldest sample, 2019-08-19), removed: first sample without it (undefined = still shipped)] */
type Marker = readonly [key: string, added: string | undefined, removed: string | undefined];

export const GENERATION_MARKERS: readonly Marker[] = [
  ['http.maxReqCount', undefined, '2019-11-30'],
  ['rtp.clearCount', undefined, '2020-10-01'],
  ['rtp.maxRtpCount', undefined, '2020-10-01'],
  ['rtp.cycleMS', undefined, '2021-01-31'],
  ['hls.filePath', undefined, '2022-11-12'],
  ['record.filePath', undefined, '2022-11-12'],
  ['hook.admin_params', undefined, '2023-07-22'],
  ['rtmp.modifyStamp', undefined, '2023-07-22'],
  ['general.ultraLowDelay', '2019-09-04', '2020-04-29'],
  ['general.addMuteAudio', '2019-09-30', '2022-11-12'],
  ['record.fileRepeat', '2019-09-30', undefined],
  ['record.fastStart', '2019-10-10', undefined],
  ['general.resetWhenRePlay', '2019-10-11', undefined],
  ['rtsp.modifyStamp', '2019-10-12', '2020-01-14'],
  ['hls.segRetain', '2019-11-05', undefined],
  ['general.publishToRtxp', '2019-11-08', '2020-09-12'],
  ['general.publishToHls', '2019-11-08', '2022-11-12'],
  ['general.publishToMP4', '2019-11-08', '2022-11-12'],
  ['hook.on_server_started', '2019-11-29', undefined],
  ['rtp_proxy.rtp_type', '2019-12-06', '2020-03-04'],
  ['rtp_proxy.checkSource', '2019-12-06', '2021-02-06'],
  ['rtp_proxy.dumpDir', '2019-12-06', undefined],
  ['rtp_proxy.port', '2019-12-06', undefined],
  ['general.mergeWriteMS', '2020-04-09', undefined],
  ['rtmp.sslport', '2020-04-29', undefined],
  ['api.snapRoot', '2020-05-09', undefined],
  ['ffmpeg.snap', '2020-05-09', undefined],
  ['general.modifyStamp', '2020-05-25', '2022-11-12'],
  ['api.defaultSnap', '2020-06-10', undefined],
  ['http.dirMenu', '2020-06-30', undefined],
  ['hls.broadcastRecordTs', '2020-09-15', undefined],
  ['hook.on_record_ts', '2020-09-15', undefined],
  ['general.hls_demand', '2020-11-15', '2022-11-12'],
  ['general.rtsp_demand', '2020-11-15', '2022-11-12'],
  ['rtc.timeoutSec', '2021-04-11', undefined],
  ['rtc.externIP', '2021-04-11', undefined],
  ['rtc.rembBitRate', '2021-04-28', undefined],
  ['general.enable_audio', '2021-05-22', '2022-11-12'],
  ['hls.deleteDelaySec', '2021-06-23', undefined],
  ['rtp.rtpMaxSize', '2021-08-11', undefined],
  ['hook.on_server_keepalive', '2021-08-20', undefined],
  ['hook.alive_interval', '2021-08-20', undefined],
  ['http.kVirtualPath', '2021-08-26', '2021-08-26'],
  ['http.virtualPath', '2021-08-26', undefined],
  ['rtc.port', '2021-09-10', undefined],
  ['rtc.preferredCodecA', '2021-11-15', undefined],
  ['rtc.preferredCodecV', '2021-11-15', undefined],
  ['general.wait_track_ready_ms', '2021-11-30', undefined],
  ['general.wait_add_track_ms', '2021-11-30', undefined],
  ['ffmpeg.restart_sec', '2022-01-09', undefined],
  ['general.continue_push_ms', '2022-01-10', '2022-11-12'],
  ['cluster.origin_url', '2022-01-12', undefined],
  ['cluster.timeout_sec', '2022-01-12', undefined],
  ['http.forbidCacheSuffix', '2022-02-17', undefined],
  ['rtp_proxy.port_range', '2022-03-13', undefined],
  ['hls.segKeep', '2022-05-10', undefined],
  ['cluster.retry_count', '2022-05-28', undefined],
  ['srt.timeoutSec', '2022-06-03', undefined],
  ['srt.port', '2022-06-03', undefined],
  ['srt.lantencyMul', '2022-06-06', '2022-06-07'],
  ['srt.latencyMul', '2022-06-07', undefined],
  ['srt.pktBufSize', '2022-06-11', undefined],
  ['rtp_proxy.ts_pt', '2022-06-15', '2022-12-30'],
  ['rtp_proxy.g711u_pt', '2022-06-15', '2022-12-30'],
  ['rtp_proxy.h264_pt', '2022-06-15', undefined],
  ['rtp_proxy.h265_pt', '2022-06-15', undefined],
  ['hook.retry_delay', '2022-06-18', undefined],
  ['http.forwarded_ip_header', '2022-06-18', undefined],
  ['record.mp4_as_player', '2022-08-16', '2022-11-12'],
  ['hook.on_send_rtp_stopped', '2022-08-27', undefined],
  ['rtp.lowLatency', '2022-10-19', undefined],
  ['rtsp.lowLatency', '2022-10-19', undefined],
  ['hook.on_rtp_server_timeout', '2022-11-10', undefined],
  ['rtc.tcpPort', '2022-11-19', undefined],
  ['rtp_proxy.gop_cache', '2023-04-17', undefined],
  ['http.allow_cross_domains', '2023-05-12', undefined],
  ['rtsp.rtpTransportType', '2023-06-21', undefined],
  ['rtp.h264_stap_a', '2023-06-26', undefined],
  ['hook.on_server_exited', '2023-06-28', undefined],
  ['protocol.enable_hls_fmp4', '2023-07-02', undefined],
  ['protocol.auto_close', '2023-07-08', undefined],
  ['http.allow_ip_range', '2023-07-26', undefined],
  ['hook.stream_changed_schemas', '2023-08-14', undefined],
  ['hls.fastRegister', '2023-11-30', undefined],
  ['protocol.paced_sender_ms', '2023-12-02', undefined],
  ['api.downloadRoot', '2023-12-02', undefined],
  ['rtmp.directProxy', '2023-12-09', undefined],
  ['rtmp.enhanced', '2023-12-09', undefined],
  ['hls.segDelay', '2024-01-03', undefined],
  ['rtp_proxy.rtp_g711_dur_ms', '2024-03-02', undefined],
  ['rtp_proxy.udp_recv_socket_buffer', '2024-03-05', undefined],
  ['record.enableFmp4', '2024-03-10', undefined],
  ['rtc.maxNackMS', '2024-05-12', '2024-07-21'],
  ['rtc.rtpCacheCheckInterval', '2024-05-12', '2024-07-21'],
  ['rtc.nackMaxSize', '2024-05-12', undefined],
  ['rtc.nackMaxMS', '2024-05-12', undefined],
  ['general.broadcast_player_count_changed', '2024-05-23', undefined],
  ['rtc.maxRtpCacheMS', '2024-07-21', undefined],
  ['rtc.maxRtpCacheSize', '2024-07-21', undefined],
  ['general.listen_ip', '2024-08-01', undefined],
  ['general.wait_audio_track_data_ms', '2024-09-13', undefined],
  ['srt.passPhrase', '2024-12-28', undefined],
  ['rtc.bfilter', '2025-03-03', undefined],
  ['rtp_proxy.merge_frame', '2025-06-29', undefined],
  ['rtc.portRange', '2025-09-20', '2025-12-01'],
  ['rtc.signalingPort', '2025-09-20', undefined],
  ['rtc.signalingSslPort', '2025-09-20', undefined],
  ['rtc.datachannel_echo', '2025-12-01', undefined],
  ['rtc.max_stun_retry', '2025-12-01', undefined],
  ['rtc.nackAudioRtpSize', '2026-01-09', undefined],
  ['rtc.preferred_tcp', '2026-01-09', undefined],
  ['api.legacyAuth', '2026-02-19', '2026-03-19'],
  ['hls.fmp4SegExt', '2026-06-08', undefined],
  ['http.maxUploadSize', '2026-07-23', undefined],
];

/** hook.admin_params (URL params equal to it bypassed the hooks) was dropped on this date (25d5e410). */
export const ADMIN_PARAMS_REMOVED = '2023-07-22';
/** From this date a sample or empty api.secret makes ZLM refuse to start ... */
export const SAMPLE_SECRET_REFUSED = '2023-07-22';
/** ... and from this date it is replaced at start-up by a random value and the file rewritten (aac89056). */
export const SAMPLE_SECRET_REPLACED = '2023-08-12';
/** The comment-preserving CRLF dump replaced the sorted mINI dump on this date (1892185b). */
const CRLF_DUMP_SINCE = '2025-12-01';

const maxDate = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);

/** The generation of the build that wrote (or whose sample was copied into) this file. */
export function zlmGeneration(doc: IniDocument): ZlmGeneration {
  let from: string | undefined;
  let fromKey: string | undefined;
  // indexed loops, no destructuring: for-of makes an iterator result (and a tuple iterator) per marker, on every check
  for (let i = 0; i < GENERATION_MARKERS.length; i++) {
    const m = GENERATION_MARKERS[i]!;
    const key = m[0];
    const added = m[1];
    if (added === undefined || !doc.has(key)) continue;
    if (from === undefined || added > from) {
      from = added;
      fromKey = key;
    }
  }
  const style = doc.dumpStyle;
  const evidence: string[] = fromKey ? [fromKey] : [];
  if (style === 'zlm-crlf-dump' && (from === undefined || CRLF_DUMP_SINCE > from)) {
    from = maxDate(from, CRLF_DUMP_SINCE);
    evidence.splice(0, evidence.length, 'dump:crlf');
  }
  let to: string | undefined;
  let toKey: string | undefined;
  for (let i = 0; i < GENERATION_MARKERS.length; i++) {
    const m = GENERATION_MARKERS[i]!;
    const key = m[0];
    const removed = m[2];
    if (removed === undefined || !doc.has(key)) continue;
    if (from !== undefined && removed <= from) continue; // a stale key kept across an upgrade
    if (to === undefined || removed < to) {
      to = removed;
      toKey = key;
    }
  }
  if (style === 'mini-sorted-dump' && (to === undefined || CRLF_DUMP_SINCE < to) && (from === undefined || from < CRLF_DUMP_SINCE)) {
    to = CRLF_DUMP_SINCE;
    toKey = 'dump:sorted';
  }
  if (toKey) evidence.push(toKey);
  return {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    evidence,
    honoursAdminParams: to !== undefined && to <= ADMIN_PARAMS_REMOVED,
    replacesSampleSecret: from !== undefined && from >= SAMPLE_SECRET_REPLACED,
  };
}

/** What a build of this generation does with the sample (or an empty) api.secret at start-up. */
export function sampleSecretFate(gen: ZlmGeneration): 'replaced' | 'refused' | 'accepted' | 'unknown' {
  if (gen.replacesSampleSecret) return 'replaced';
  if (gen.to !== undefined && gen.to <= SAMPLE_SECRET_REFUSED) return 'accepted';
  if (gen.from !== undefined && gen.from >= SAMPLE_SECRET_REFUSED && gen.to !== undefined && gen.to <= SAMPLE_SECRET_REPLACED) return 'refused';
  return 'unknown';
}

/** Whether the file's generation still had this key: undefined when the key is no marker or the generation is open. */
export function keyInGeneration(gen: ZlmGeneration, key: string): boolean | undefined {
  const m = GENERATION_MARKERS.find(([k]) => k === key);
  if (!m) return undefined;
  const [, added, removed] = m;
  if (removed !== undefined && gen.from !== undefined && gen.from >= removed) return false;
  if (added !== undefined && gen.to !== undefined && gen.to <= added) return false;
  if ((removed === undefined || (gen.to !== undefined && gen.to <= removed)) && (added === undefined || (gen.from !== undefined && gen.from >= added))) return true;
  return undefined;
}
