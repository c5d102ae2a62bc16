/**
 * What a WVP configuration implies for ZLMediaKit's config.ini: the values
 * WVP pushes with setServerConfig when the node comes online (reference §2.2,
 * HEAD payload, with the older generations' differences) and the values it
 * needs to be there already (general.mediaServerId, api.secret, http.port).
 */
import type { WvpConfig, WvpValue } from './types.ts';

/** The 10 hooks WVP points at itself: `{prefix}/<name>`. */
export const WVP_HOOKS = [
  'on_play',
  'on_publish',
  'on_server_started',
  'on_stream_changed',
  'on_stream_none_reader',
  'on_stream_not_found',
  'on_server_keepalive',
  'on_send_rtp_stopped',
  'on_rtp_server_timeout',
  'on_record_mp4',
] as const;

/** The 6 hooks WVP sets to "" (disabled). */
export const WVP_BLANKED_HOOKS = ['on_flow_report', 'on_http_access', 'on_record_ts', 'on_rtsp_auth', 'on_rtsp_realm', 'on_shell_login'] as const;

export interface ExpectedZlmEntry {
  /** `section.key` in config.ini */
  zlmKey: string;
  /** the value ZLM should have; undefined when a WVP value it depends on is unknown */
  value: string | undefined;
  /** the WVP paths it derives from (empty for constants) */
  from: string[];
  /** placeholder names (or missing WVP paths) that block it */
  unresolved?: string[];
  /** true: WVP writes it with setServerConfig; false: it must already be configured in ZLM */
  pushedByWvp: boolean;
}

/** Everything WVP pushes to / requires from ZLM, one entry per config.ini key. */
export type ExpectedZlm = ExpectedZlmEntry[];

/** Spring's String → boolean conversion (true/on/yes/1). */
export function springBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(s)) return true;
  if (['false', 'off', 'no', '0', ''].includes(s)) return false;
  return undefined;
}

/** names blocking a value: its unresolved placeholders, or the path itself when required but absent */
function blockers(v: WvpValue): string[] {
  if (v.unresolved?.length) return [...v.unresolved];
  if (v.value === undefined) return [v.path];
  return [];
}

function entry(zlmKey: string, value: string | undefined, from: string[], unresolved: string[], pushedByWvp: boolean): ExpectedZlmEntry {
  const e: ExpectedZlmEntry = { zlmKey, value: unresolved.length ? undefined : value, from, pushedByWvp };
  if (unresolved.length) e.unresolved = [...new Set(unresolved)];
  return e;
}

/** java.io.File on Linux: duplicate and trailing '/' dropped; parent null for a bare name. */
function javaFile(path: string): { parent: string | undefined; name: string } {
  // WVP on Windows: java.io.File splits on backslashes too (D:\ZLMediaKit\www\record)
  let p = (/^[A-Za-z]:\\/.test(path) ? path.replace(/\\/g, '/') : path).replace(/\/+/g, '/');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const i = p.lastIndexOf('/');
  if (i < 0) return { parent: undefined, name: p };
  return { parent: i === 0 ? '/' : p.slice(0, i), name: p.slice(i + 1) };
}

export interface HookPrefix {
  /** `{http|https}://{hook-ip}:{server.port}{context-path}/index/hook`, undefined when unknown */
  value: string | undefined;
  from: string[];
  unresolved: string[];
}

/** The prefix of every hook URL WVP pushes (reference §2.2). */
export function hookPrefix(wvp: WvpConfig): HookPrefix {
  const hookIp = wvp.get('media.hook-ip');
  const port = wvp.get('server.port');
  const ssl = wvp.get('server.ssl.enabled');
  const from = ['media.hook-ip', 'server.port', 'server.ssl.enabled'];
  const unresolved = [...blockers(hookIp), ...blockers(port), ...blockers(ssl)];
  // the context path is in the hook URLs since 2024-04-10 (PR #1412), i.e. the 2.7.4+ line
  let ctx = '';
  if (wvp.generation === '2.7.4+') {
    const cp = wvp.get('server.servlet.context-path');
    from.push('server.servlet.context-path');
    unresolved.push(...(cp.unresolved ?? []));
    // appended verbatim unless empty or "/" (so "/wvp/" gives "//index", as WVP does)
    if (cp.value && cp.value !== '/') ctx = cp.value;
  }
  if (unresolved.length) return { value: undefined, from, unresolved: [...new Set(unresolved)] };
  const scheme = springBool(ssl.value) ? 'https' : 'http';
  return { value: `${scheme}://${hookIp.value}:${port.value}${ctx}/index/hook`, from, unresolved: [] };
}

/** What WVP will push to ZLM (pushedByWvp) and what it needs ZLM to have, per reference §1 and §2.2. */
export function expectedZlm(wvp: WvpConfig): ExpectedZlm {
  const modern = wvp.generation === '2.7.4+';
  const out: ExpectedZlm = [];
  const prefix = hookPrefix(wvp);

  // --- identity and API access: never pushed (api.secret was re-sent up to v2.7.4-20250709)
  const id = wvp.get('media.id');
  out.push(entry('general.mediaServerId', id.value, ['media.id'], blockers(id), false));
  const secret = wvp.get('media.secret');
  out.push(entry('api.secret', secret.value, ['media.secret'], blockers(secret), !modern));
  const httpPort = wvp.get('media.http-port');
  out.push(entry('http.port', httpPort.value, ['media.http-port'], blockers(httpPort), false));

  // --- hooks
  out.push(entry('hook.enable', '1', [], [], true));
  for (const name of WVP_HOOKS) {
    out.push(entry(`hook.${name}`, prefix.value === undefined ? undefined : `${prefix.value}/${name}`, prefix.from, prefix.unresolved, true));
  }
  for (const name of WVP_BLANKED_HOOKS) out.push(entry(`hook.${name}`, '', [], [], true));
  out.push(entry('hook.timeoutSec', modern ? '30' : '20', [], [], true));
  out.push(entry('protocol.continue_push_ms', '3000', [], [], true));

  // --- RTP port range: only in multi-port mode with a non-empty range
  const rtpEnable = wvp.get('media.rtp.enable');
  const range = wvp.get('media.rtp.port-range');
  const enabled = springBool(rtpEnable.value);
  if (rtpEnable.unresolved?.length) {
    out.push(entry('rtp_proxy.port_range', undefined, ['media.rtp.enable', 'media.rtp.port-range'], rtpEnable.unresolved, true));
  } else if (enabled) {
    if (range.unresolved?.length) out.push(entry('rtp_proxy.port_range', undefined, ['media.rtp.enable', 'media.rtp.port-range'], range.unresolved, true));
    else if (range.value) out.push(entry('rtp_proxy.port_range', range.value.replace(/,/g, '-'), ['media.rtp.enable', 'media.rtp.port-range'], [], true));
  }

  // --- recording: mp4_save_path = parent of record-path, record.appName = its last element
  // (2.6-era code read user-settings.record-path instead)
  let rp = wvp.get('media.record-path');
  if (!modern && !rp.value && !rp.unresolved?.length) {
    const legacy = wvp.get('user-settings.record-path');
    if (legacy.value || legacy.unresolved?.length) rp = legacy;
  }
  if (rp.unresolved?.length) {
    out.push(entry('protocol.mp4_save_path', undefined, [rp.path], rp.unresolved, true));
    out.push(entry('record.appName', undefined, [rp.path], rp.unresolved, true));
  } else if (rp.value) {
    const f = javaFile(rp.value);
    if (f.parent !== undefined) out.push(entry('protocol.mp4_save_path', f.parent, [rp.path], [], true));
    out.push(entry('record.appName', f.name, [rp.path], [], true));
  }
  return out;
}
