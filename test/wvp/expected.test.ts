/**
 * expectedZlm: what WVP pushes to ZLM / needs there, checked against the
 * `fix:` values of shared/cases and the reference's §2.2 payload.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildWvp, loadWvp } from '../../src/wvp/load.ts';
import { expectedZlm, hookPrefix, WVP_BLANKED_HOOKS, WVP_HOOKS } from '../../src/wvp/expected.ts';
import type { WvpConfig } from '../../src/wvp/types.ts';
import { describeShared } from '../support/shared.ts';

const CASES = join(import.meta.dirname, '../../../shared/cases');

function caseFix(slug: string): { yml: Record<string, string>; ini: Record<string, string> } {
  const c = parse(readFileSync(join(CASES, slug, 'case.yml'), 'utf8')) as { fix?: Record<string, Record<string, string>> };
  const str = (o: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, String(v)]));
  return { yml: str(c.fix?.['application.yml']), ini: str(c.fix?.['config.ini']) };
}

function expectedMap(w: WvpConfig): Record<string, string | undefined> {
  return Object.fromEntries(expectedZlm(w).map((e) => [e.zlmKey, e.value]));
}

/** Applies the case's application.yml fixes with editScalar and reloads. */
function applyYmlFix(w: WvpConfig, fix: Record<string, string>): WvpConfig {
  const sources = new Map(w.sources);
  for (const [path, value] of Object.entries(fix)) {
    const r = w.editScalar(path, value);
    expect(r, path).toBeDefined();
    const t = sources.get(r!.file)!;
    sources.set(r!.file, t.slice(0, r!.edit.start) + r!.edit.text + t.slice(r!.edit.end));
  }
  return buildWvp(w.files.map((f) => ({ path: f, text: sources.get(f)! })), { profiles: w.profiles });
}

describe('hook lists', () => {
  it('10 hooks WVP points at itself, 6 it blanks', () => {
    expect(WVP_HOOKS).toHaveLength(10);
    expect(WVP_BLANKED_HOOKS).toHaveLength(6);
    expect(new Set([...WVP_HOOKS, ...WVP_BLANKED_HOOKS]).size).toBe(16);
  });
});

describeShared('cases', 'shared cases', () => {
  it('13: once media.hook-ip is corrected, the hook URLs are the fix values', () => {
    const slug = '13-wvp-hook-ip-loopback-two-hosts';
    const fix = caseFix(slug);
    const w = loadWvp(join(CASES, slug, 'application.yml'), { env: {} });
    expect(expectedMap(w)['hook.on_play']).toBe('http://127.0.0.1:18080/index/hook/on_play');
    const fixed = applyYmlFix(w, fix.yml);
    expect(fixed.get('media.hook-ip').value).toBe('192.168.1.10');
    const got = expectedMap(fixed);
    expect(Object.keys(fix.ini)).toHaveLength(10);
    for (const [k, v] of Object.entries(fix.ini)) expect(got[k], k).toBe(v);
  });

  it.each(['14-wvp-server-port-changed', '15-wvp-context-path-missing', '16-wvp-ssl-hooks-http'])('%s: expected values equal the fix values', (slug) => {
    const fix = caseFix(slug);
    const got = expectedMap(loadWvp(join(CASES, slug, 'application.yml'), { env: {} }));
    expect(Object.keys(fix.ini).length).toBeGreaterThanOrEqual(10);
    for (const [k, v] of Object.entries(fix.ini)) expect(got[k], k).toBe(v);
  });

  it.each([
    ['18-wvp-fresh-install-sample-values', 'general.mediaServerId'],
    ['22-wvp-rtp-range-mismatch', 'rtp_proxy.port_range'],
    ['24-wvp-second-wvp-hooks', 'hook.on_publish'],
  ])('%s: %s equals the fix value', (slug, key) => {
    const fix = caseFix(slug);
    expect(expectedMap(loadWvp(join(CASES, slug, 'application.yml'), { env: {} }))[key]).toBe(fix.ini[key]);
  });

  it('20: http.port follows media.http-port (required, not pushed)', () => {
    const slug = '20-wvp-http-port-mismatch';
    const w = loadWvp(join(CASES, slug, 'application.yml'), { env: {} });
    const fixed = applyYmlFix(w, caseFix(slug).yml);
    expect(expectedZlm(fixed).find((e) => e.zlmKey === 'http.port')).toMatchObject({ value: '8080', from: ['media.http-port'], pushedByWvp: false });
  });
});

const BASE = `server:
  port: 18080
sip:
  ip: 10.0.0.5
media:
  id: zlm-1
  ip: 10.0.0.6
  hook-ip: 10.0.0.5
  http-port: 80
  secret: sec
  rtp:
    enable: true
    port-range: 30000,30500
`;
const w = (text: string, opts: Parameters<typeof buildWvp>[1] = {}) => buildWvp([{ path: 'application.yml', text }], opts);

describe('the setServerConfig payload (reference §2.2)', () => {
  it('2.7.4+: constants, blanked hooks, port range, identity', () => {
    const e = expectedZlm(w(BASE));
    const m = Object.fromEntries(e.map((x) => [x.zlmKey, x]));
    expect(m['hook.enable']).toMatchObject({ value: '1', pushedByWvp: true, from: [] });
    expect(m['hook.timeoutSec']?.value).toBe('30');
    expect(m['protocol.continue_push_ms']?.value).toBe('3000');
    for (const h of WVP_BLANKED_HOOKS) expect(m[`hook.${h}`]).toMatchObject({ value: '', pushedByWvp: true });
    expect(m['hook.on_record_mp4']).toMatchObject({
      value: 'http://10.0.0.5:18080/index/hook/on_record_mp4',
      from: ['media.hook-ip', 'server.port', 'server.ssl.enabled', 'server.servlet.context-path'],
      pushedByWvp: true,
    });
    expect(m['rtp_proxy.port_range']).toMatchObject({ value: '30000-30500', from: ['media.rtp.enable', 'media.rtp.port-range'] });
    expect(m['general.mediaServerId']).toMatchObject({ value: 'zlm-1', pushedByWvp: false });
    expect(m['api.secret']).toMatchObject({ value: 'sec', pushedByWvp: false });
    expect(m['protocol.mp4_save_path']).toBeUndefined();
  });

  it('older generations: no context path, timeoutSec 20, api.secret re-sent', () => {
    const text = BASE + 'server.servlet.context-path: /wvp\n';
    expect(hookPrefix(w(text)).value).toBe('http://10.0.0.5:18080/wvp/index/hook');
    const old = w(text, { version: '2.7.0-2.7.1' });
    const m = Object.fromEntries(expectedZlm(old).map((x) => [x.zlmKey, x]));
    expect(m['hook.on_play']?.value).toBe('http://10.0.0.5:18080/index/hook/on_play');
    expect(m['hook.on_play']?.from).not.toContain('server.servlet.context-path');
    expect(m['hook.timeoutSec']?.value).toBe('20');
    expect(m['api.secret']?.pushedByWvp).toBe(true);
  });

  it('context path "/" is not appended, "/wvp/" is appended verbatim', () => {
    expect(hookPrefix(w(BASE + 'server.servlet.context-path: /\n')).value).toBe('http://10.0.0.5:18080/index/hook');
    expect(hookPrefix(w(BASE + 'server.servlet.context-path: /wvp/\n')).value).toBe('http://10.0.0.5:18080/wvp//index/hook');
  });

  it('https when server.ssl.enabled (Spring booleans: true/on/yes/1)', () => {
    for (const v of ['true', 'on', '"1"']) {
      expect(hookPrefix(w(BASE + `server.ssl.enabled: ${v}\n`)).value, v).toBe('https://10.0.0.5:18080/index/hook');
    }
  });

  it('single-port mode or an empty range: no port_range', () => {
    expect(expectedZlm(w(BASE.replace('enable: true', 'enable: false'))).find((x) => x.zlmKey === 'rtp_proxy.port_range')).toBeUndefined();
    expect(expectedZlm(w(BASE.replace('port-range: 30000,30500', 'port-range: ""'))).find((x) => x.zlmKey === 'rtp_proxy.port_range')).toBeUndefined();
  });

  it('record-path: parent directory and last element, as java.io.File does', () => {
    const m = (p: string) => Object.fromEntries(expectedZlm(w(BASE + `  record-path: ${p}\n`)).map((x) => [x.zlmKey, x.value]));
    expect(m('/opt/media/bin/www/record/')).toMatchObject({ 'protocol.mp4_save_path': '/opt/media/bin/www', 'record.appName': 'record' });
    expect(m('/record')).toMatchObject({ 'protocol.mp4_save_path': '/', 'record.appName': 'record' });
  });

  it('unresolved inputs leave the value undefined and name the blockers', () => {
    const e = expectedZlm(w(BASE.replace('hook-ip: 10.0.0.5', 'hook-ip: ${WVP_HOOK}').replace('port: 18080', 'port: ${WVP_PORT}').replace('secret: sec', 'secret: ${SECRET}')));
    const m = Object.fromEntries(e.map((x) => [x.zlmKey, x]));
    expect(m['hook.on_play']).toMatchObject({ value: undefined, unresolved: ['WVP_HOOK', 'WVP_PORT'] });
    expect(m['api.secret']).toMatchObject({ value: undefined, unresolved: ['SECRET'] });
    // an absent required key blocks by its path
    expect(expectedZlm(w('media:\n  id: z\n  ip: 1.2.3.4\n')).find((x) => x.zlmKey === 'hook.on_play')?.unresolved).toEqual(['server.port', 'server.ssl.enabled']);
  });
});
