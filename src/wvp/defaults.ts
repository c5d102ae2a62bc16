/**
 * WVP's code defaults: what WVP runs with when application.yml leaves a key
 * out (MediaConfig, UserSetting, Spring's ServerProperties; reference §1),
 * including the hook-ip and sdp-ip fallbacks, which depend on the WVP
 * generation (src/wvp/generation.ts).
 */
import type { PropertySources, RawValue } from './spring/properties.ts';
import { locOf } from './spring/flatten.ts';
import { canonicalKey } from './spring/relaxed.ts';
import type { WvpGeneration, WvpValueEx } from './types.ts';

/** The 10 yml port overrides WVP honoured before 2025-11-30 (reference §1.1). */
export const WVP_PORT_OVERRIDE_KEYS = [
  'media.http-ssl-port',
  'media.rtmp-port',
  'media.rtmp-ssl-port',
  'media.rtsp-port',
  'media.rtsp-ssl-port',
  'media.rtp-proxy-port',
  'media.flv-port',
  'media.flv-ssl-port',
  'media.ws-flv-port',
  'media.ws-flv-ssl-port',
] as const;

/** The sections of application.yml the ZLM link lives in. */
export const LINK_SECTIONS = ['server', 'sip', 'media'] as const;

/**
 * Values WVP uses when the key is absent (HEAD MediaConfig / UserSetting /
 * Spring's ServerProperties; reference §1). Keys that are required (media.id,
 * media.ip, media.secret, media.rtp.*, server.port, sip.domain) have none.
 */
export const CODE_DEFAULTS: Record<string, string | ((g: WvpGeneration) => string)> = {
  'media.wanip': '',
  'media.httpport': '0',
  'media.autoconfig': 'true',
  'media.recordassistport': '0',
  'media.recordday': '7',
  'media.recordpath': '',
  'media.type': 'zlm',
  'server.servlet.contextpath': '',
  'server.ssl.enabled': 'false',
  'usersettings.serverid': '000000',
  // HEAD 10000 ms (reference §1.4); older UserSetting had 18000
  'usersettings.playtimeout': (g) => (g === '2.7.4+' ? '10000' : '18000'),
  'usersettings.streamondemand': 'true',
  'usersettings.autoapplyplay': 'false',
  'usersettings.pushauthority': 'true',
  'usersettings.usesourceipasstreamip': 'false',
  'usersettings.interfaceauthentication': 'true',
};

function toValue(path: string, r: RawValue): WvpValueEx {
  const v: WvpValueEx = { path, value: r.res.value, source: r.source };
  if (r.raw !== undefined) v.raw = r.raw;
  // a ${VAR} filled from the environment is still written at its key, and a variable that overrides
  // the key (MEDIA_SECRET) replaces what is written there: point at the key either way
  if (r.leaf && r.source !== 'missing') v.loc = locOf(r.leaf);
  if (r.res.unresolved.length) v.unresolved = [...r.res.unresolved];
  if (r.envVar) v.envVar = r.envVar;
  return v;
}

function codeDefault(path: string, value: string | undefined, from: RawValue, unresolved: string[] = []): WvpValueEx {
  const v: WvpValueEx = { path, value: unresolved.length ? undefined : value, source: 'code-default' };
  if (from.source !== 'missing') {
    // the key is there but empty: point at it
    if (from.raw !== undefined) v.raw = from.raw;
    if (from.leaf && !from.direct) v.loc = locOf(from.leaf);
  }
  if (unresolved.length) v.unresolved = unresolved;
  return v;
}

const isEmpty = (r: RawValue): boolean => r.source !== 'missing' && r.res.value === '';

/**
 * The value of `path` as WVP of `generation` sees it: the files and the
 * environment, else WVP's code default. A key of a link section the files do
 * not have (`missingSections`, an excerpt) has no default: nothing is known.
 */
export function wvpValue(
  props: PropertySources,
  path: string,
  generation: WvpGeneration,
  missingSections: readonly string[],
): WvpValueEx {
  const canon = canonicalKey(path);
  const r = props.raw(path);
  const missing = r.source === 'missing';
  const modern = generation === '2.7.4+';
  // a block that is not there has no defaults: nothing is known about it (an excerpt)
  if (missing && missingSections.includes(canon.split('.')[0]!)) return toValue(path, r);
  switch (canon) {
    case 'media.hookip': {
      // HEAD: @Value("${media.hook-ip:127.0.0.1}"), an empty value stays empty.
      // 2.6.x/2.7.0/2.7.1: @Value("${media.hook-ip:${sip.ip}}") and an empty value → sip.ip
      // (the first comma-separated entry in 2.6.x, the whole string in 2.7.x).
      if (modern) return missing ? codeDefault(path, '127.0.0.1', r) : toValue(path, r);
      if (!missing && !isEmpty(r)) return toValue(path, r);
      const sip = props.raw('sip.ip');
      let ip = sip.res.value;
      if (ip !== undefined && generation === '2.6') ip = ip.split(',')[0]!.trim();
      return codeDefault(path, ip, r, sip.source === 'missing' ? ['sip.ip'] : sip.res.unresolved);
    }
    case 'media.sdpip':
    case 'media.streamip': {
      // @Value("${media.sdp-ip:${media.wan_ip:}}"); the getter returns media.ip when the value is empty
      if (!missing && !isEmpty(r)) return toValue(path, r);
      if (modern && missing) {
        const wan = props.raw('media.wan_ip');
        if (wan.res.unresolved.length) return codeDefault(path, undefined, r, wan.res.unresolved);
        if (wan.res.value) return codeDefault(path, wan.res.value, r);
      }
      const ip = props.raw('media.ip');
      return codeDefault(path, ip.res.value, r, ip.source === 'missing' ? ['media.ip'] : ip.res.unresolved);
    }
  }
  const def = CODE_DEFAULTS[canon];
  if (missing && def !== undefined) return codeDefault(path, typeof def === 'function' ? def(generation) : def, r);
  return toValue(path, r);
}
