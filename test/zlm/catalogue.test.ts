import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS, KEY_INDEX, keyDef, SECTIONS, legacyKeys, legacyDef } from '../../src/zlm/catalogue.ts';
import { keyDoc } from '../../src/zlm/key-docs.ts';
import { readValue, readPortRange } from '../../src/zlm/value.ts';

/** Vendored recordings of a real MediaServer (test/fixtures/zlm-reference). */
const REF = join(import.meta.dirname, '../fixtures/zlm-reference');

/** Tiny mINI-like reader: ordered [key, value] pairs of `section.key`. */
function parseIni(text: string): [string, string][] {
  const out: [string, string][] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (line.length >= 3 && line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      continue;
    }
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    out.push([`${section}.${key}`, value]);
  }
  return out;
}

const shippedPairs = parseIni(readFileSync(`${REF}/config.default.ini`, 'utf8'));
const shipped = new Map(shippedPairs);

const apiBody = JSON.parse(readFileSync(`${REF}/api/getServerConfig.secret-ok.json`, 'utf8')) as {
  response: { body_raw: string };
};
const serverConfig = (JSON.parse(apiBody.response.body_raw) as { data: Record<string, string>[] }).data[0]!;

/** Keys a real server may report that are neither catalogued nor legacy, with the reason. */
const EXPLAINED: Record<string, string> = {};

describe('catalogue vs shipped config.ini', () => {
  it('the sample has 175 keys in 18 sections', () => {
    expect(shipped.size).toBe(175);
    expect(new Set(shippedPairs.map(([k]) => k.split('.')[0])).size).toBe(18);
  });

  it('every shipped key is catalogued with shipped equal to the file value', () => {
    for (const [key, value] of shipped) {
      const d = keyDef(key);
      expect(d, key).toBeDefined();
      expect(d!.shipped, key).toBe(value);
      expect(d!.codeOnly, key).toBeFalsy();
    }
  });

  it('catalogue = shipped keys (same order) + the 4 code-only keys', () => {
    const fileKeys = KEYS.filter((d) => !d.codeOnly).map((d) => d.key);
    expect(fileKeys).toEqual(shippedPairs.map(([k]) => k));
    const codeOnly = KEYS.filter((d) => d.codeOnly).map((d) => d.key).sort();
    expect(codeOnly).toEqual(['general.check_nvidia_dev', 'general.enable_ffmpeg_log', 'http.notFound', 'python.plugin']);
    for (const d of KEYS.filter((k) => k.codeOnly)) {
      expect(d.shipped, d.key).toBeUndefined();
      expect(d.builtin, d.key).toBeDefined();
    }
    expect(KEYS.length).toBe(179);
  });

  it('index and sections are consistent', () => {
    expect(KEY_INDEX.size).toBe(KEYS.length);
    for (const d of KEYS) {
      expect(SECTIONS, d.key).toContain(d.key.split('.')[0]);
      expect(keyDef(d.key)).toBe(d);
    }
    expect(new Set(SECTIONS).size).toBe(SECTIONS.length);
    expect(keyDef('hook.Enable')).toBeUndefined();
  });

  it('builtin is only set where it differs from shipped', () => {
    for (const d of KEYS) {
      if (d.builtin !== undefined && d.shipped !== undefined) expect(d.builtin, d.key).not.toBe(d.shipped);
    }
    expect(keyDef('hook.alive_interval')!.builtin).toBe('30');
    expect(keyDef('http.keepAliveSecond')!.builtin).toBe('15');
    expect(keyDef('rtsp.sslport')!.builtin).toBe('332');
    expect(keyDef('rtmp.sslport')!.builtin).toBe('19350');
    expect(keyDef('shell.port')!.builtin).toBe('9000');
    expect(keyDef('general.mediaServerId')!.builtin).toBeDefined();
    expect(keyDef('api.secret')!.builtin).toBeDefined();
  });
});

describe('catalogue vs a real getServerConfig', () => {
  it('every key the server reports is catalogued or explained', () => {
    const keys = Object.keys(serverConfig);
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys) {
      const known = keyDef(key) !== undefined || legacyDef(key) !== undefined || key in EXPLAINED;
      expect(known, key).toBe(true);
    }
  });
});

describe('legacy keys', () => {
  it('no key is both current and legacy; replacements are current keys', () => {
    const LEGACY_KEYS = legacyKeys();
    expect(new Set(LEGACY_KEYS.map((l) => l.key)).size).toBe(LEGACY_KEYS.length);
    for (const l of LEGACY_KEYS) {
      expect(keyDef(l.key), l.key).toBeUndefined();
      expect(legacyDef(l.key)).toBe(l);
      if (l.replacedBy !== undefined) expect(keyDef(l.replacedBy), `${l.key} → ${l.replacedBy}`).toBeDefined();
      expect(l.since, l.key).toMatch(/^(\d{4}-\d{2}-\d{2}|never)$/);
      expect(l.note.en.length, l.key).toBeGreaterThan(0);
      expect(l.note.zh.length, l.key).toBeGreaterThan(0);
    }
  });

  it('contains the renames named in the reference', () => {
    const expected: [string, string | undefined][] = [
      ['general.addMuteAudio', 'protocol.add_mute_audio'],
      ['general.publishToHls', 'protocol.enable_hls'],
      ['general.publishToMP4', 'protocol.enable_mp4'],
      ['general.modifyStamp', 'protocol.modify_stamp'],
      ['general.enable_audio', 'protocol.enable_audio'],
      ['general.hls_demand', 'protocol.hls_demand'],
      ['general.rtsp_demand', 'protocol.rtsp_demand'],
      ['general.rtmp_demand', 'protocol.rtmp_demand'],
      ['general.ts_demand', 'protocol.ts_demand'],
      ['general.fmp4_demand', 'protocol.fmp4_demand'],
      ['general.continue_push_ms', 'protocol.continue_push_ms'],
      ['record.mp4_as_player', 'protocol.mp4_as_player'],
      ['hls.filePath', 'protocol.hls_save_path'],
      ['record.filePath', 'protocol.mp4_save_path'],
      ['record.fileSecond', 'protocol.mp4_max_second'],
      ['api.legacyAuth', undefined],
      ['hook.admin_params', undefined],
      ['hook.access_file_except_hls', undefined],
      ['rtp_proxy.rtp_type', undefined],
      ['rtp_proxy.checkSource', undefined],
      ['rtp_proxy.ts_pt', undefined],
      ['rtp_proxy.g711a_pt', undefined],
      ['rtp_proxy.g711u_pt', undefined],
      ['rtc.rtpCacheCheckInterval', undefined],
      ['rtc.portRange', 'rtc.port_range'],
      ['srt.lantencyMul', 'srt.latencyMul'],
    ];
    for (const [key, by] of expected) {
      const l = legacyDef(key);
      expect(l, key).toBeDefined();
      expect(l!.replacedBy, key).toBe(by);
    }
    expect(legacyDef('rtc.maxNackMS')).toBeDefined();
    expect(legacyDef('hook.admin_params')!.since).toBe('2023-07-22');
  });
});

describe('key definitions', () => {
  it('every port has storage uint16, a transport and restart reload', () => {
    const ports = KEYS.filter((d) => d.type === 'port');
    expect(ports.length).toBe(16);
    for (const d of ports) {
      expect(d.storage, d.key).toBe('uint16');
      expect(d.transport, d.key).toBeDefined();
      expect(d.reload, d.key).toBe('start');
    }
    const t = (k: string) => keyDef(k)!.transport;
    expect(t('rtp_proxy.port')).toBe('both');
    expect(t('rtc.port')).toBe('udp');
    expect(t('rtc.tcpPort')).toBe('tcp');
    expect(t('rtc.icePort')).toBe('udp');
    expect(t('rtc.iceTcpPort')).toBe('tcp');
    expect(t('srt.port')).toBe('udp');
    expect(t('onvif.port')).toBe('udp');
    expect(t('shell.port')).toBe('tcp');
    expect(t('http.port')).toBe('tcp');
  });

  it('transport is only set on ports and port ranges', () => {
    for (const d of KEYS) if (d.transport !== undefined) expect(['port', 'range'], d.key).toContain(d.type);
  });

  it('every enum has enumValues containing its shipped value', () => {
    const enums = KEYS.filter((d) => d.type === 'enum');
    expect(enums.map((d) => d.key).sort()).toEqual(['protocol.modify_stamp', 'rtc.iceTransportPolicy', 'rtsp.rtpTransportType']);
    for (const d of enums) {
      expect(d.storage, d.key).toBe('int32');
      expect(d.enumValues?.length, d.key).toBeGreaterThan(1);
      expect(d.enumValues, d.key).toContain(d.shipped);
    }
    for (const d of KEYS) if (d.enumValues) expect(d.type, d.key).toBe('enum');
  });

  it('shipped and builtin numbers parse cleanly for their storage and respect min/max', () => {
    for (const d of KEYS) {
      for (const v of [d.shipped, d.builtin]) {
        if (v === undefined || d.storage === 'string') continue;
        const r = readValue(d.storage, v);
        expect(r.clean, `${d.key}=${v}`).toBe(true);
        expect(r.fellBack, `${d.key}=${v}`).toBe(false);
        const n = typeof r.value === 'number' ? r.value : r.value ? 1 : 0;
        if (d.min !== undefined) expect(n, d.key).toBeGreaterThanOrEqual(d.min);
        if (d.max !== undefined) expect(n, d.key).toBeLessThanOrEqual(d.max);
      }
    }
  });

  it('types and storages fit together', () => {
    for (const d of KEYS) {
      if (d.type === 'bool') expect(d.storage, d.key).toBe('bool');
      if (d.storage === 'bool') expect(d.type, d.key).toBe('bool');
      if (['path', 'url', 'ip', 'iplist', 'range', 'template', 'string'].includes(d.type)) expect(d.storage, d.key).toBe('string');
      if (['ms', 's', 'int', 'uint', 'float'].includes(d.type)) expect(d.storage, d.key).not.toBe('string');
      if (d.type === 'ms') expect(d.unit, d.key).toBe('ms');
      if (d.type === 's') expect(d.unit, d.key).toBe('s');
      if (d.key.startsWith('hook.on_')) {
        expect(d.type, d.key).toBe('url');
        expect(d.storage, d.key).toBe('string');
      }
      expect(keyDoc(d.key)?.en.length, d.key).toBeGreaterThan(0);
      expect(keyDoc(d.key)?.zh.length, d.key).toBeGreaterThan(0);
    }
    // and no description of a key the catalogue does not have (key-docs.ts: one `'section.key': {` a key)
    const documented = [...readFileSync(join(import.meta.dirname, '../../src/zlm/key-docs.ts'), 'utf8').matchAll(/^ {4}'([^']+)': \{$/gm)].map((m) => m[1]);
    expect(documented).toEqual(KEYS.map((d) => d.key));
    expect(keyDoc('toString')).toBeUndefined();
    expect(KEYS.filter((d) => d.key.startsWith('hook.on_')).length).toBe(17);
    for (const k of ['hook.timeoutSec', 'hook.alive_interval', 'hook.retry_delay', 'cluster.timeout_sec', 'rtc.timeoutSec', 'srt.timeoutSec', 'hls.segDur']) {
      expect(keyDef(k)!.storage, k).toBe('float');
      expect(keyDef(k)!.type, k).toBe('s');
    }
    for (const k of ['ffmpeg.cmd', 'ffmpeg.snap', 'cluster.origin_url']) expect(keyDef(k)!.type, k).toBe('template');
    for (const k of ['general.listen_ip', 'multicast.addrMin', 'multicast.addrMax']) expect(keyDef(k)!.type, k).toBe('ip');
    expect(keyDef('http.allow_ip_range')!.type).toBe('iplist');
  });

  it('port ranges parse cleanly', () => {
    for (const d of KEYS.filter((k) => k.type === 'range')) {
      const r = readPortRange(d.shipped!, 0, 0);
      expect(r.clean, d.key).toBe(true);
      expect(r.min, d.key).toBeLessThan(r.max);
    }
    expect(keyDef('rtp_proxy.port_range')!.reload).toBe('start');
  });

  it('start-up-only keys are marked start', () => {
    for (const k of ['general.listen_ip', 'hook.alive_interval', 'rtp_proxy.port_range']) expect(keyDef(k)!.reload, k).toBe('start');
  });
});
