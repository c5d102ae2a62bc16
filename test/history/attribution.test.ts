import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IniDocument } from '../../src/ini/document.ts';
import { canonicalize, type CanonicalOptions } from '../../src/history/canonical.ts';
import { attribute, isFirstRevision, isZlmDefault, whyText, wvpHookPrefix } from '../../src/history/attribution.ts';
import { WVP_BLANKED_HOOKS, WVP_HOOKS } from '../../src/wvp/expected.ts';
import { createHmac } from 'node:crypto';

const REF = join(import.meta.dirname, '../fixtures/zlm-reference');
// a keyed fingerprint, as the store uses
const hmac = (v: string): string => createHmac('sha256', 'state-key').update(v).digest('hex').slice(0, 16);
const opts: CanonicalOptions = { fingerprint: hmac };
const ctx = { fingerprint: hmac };
const doc = (name: string): IniDocument => new IniDocument(readFileSync(join(REF, name), 'utf8'));
const canon = (d: IniDocument) => canonicalize(d, opts);

/** WVP HEAD's setServerConfig payload (wvp-reference.md §2.2). */
function wvpPush(d: IniDocument, prefix = 'http://127.0.0.1:18978/index/hook', extra: Record<string, string> = {}): IniDocument {
  let out = d.set('hook.enable', '1');
  for (const h of WVP_HOOKS) out = out.set(`hook.${h}`, `${prefix}/${h}`);
  for (const h of WVP_BLANKED_HOOKS) out = out.set(`hook.${h}`, '');
  out = out.set('hook.timeoutSec', '30').set('protocol.continue_push_ms', '3000');
  for (const [k, v] of Object.entries(extra)) out = out.set(k, v);
  return out;
}

describe('attribute: small fixtures', () => {
  const base = new IniDocument('[api]\nsecret=my-own-secret-123456\n[hook]\nenable=0\non_play=\ntimeoutSec=10\n[http]\nport=80\n');

  it('zlm-doctor owns everything it writes', () => {
    const r = attribute(canon(base), canon(base.set('http.port', '8080')), { ...ctx, actor: 'zlm-doctor' });
    expect(r).toEqual({ attribution: 'zlm-doctor', parts: [{ by: 'zlm-doctor', keys: ['http.port'], why: 'written by zlm-doctor' }] });
  });

  it('an operator edit', () => {
    const r = attribute(canon(base), canon(base.set('hook.on_play', 'http://10.0.0.9/x')), ctx);
    expect(r.attribution).toBe('operator');
    expect(r.parts[0]!.keys).toEqual(['hook.on_play']);
  });

  it('no key change: no revision (parts empty)', () => {
    const r = attribute(canon(base), canonicalize(new IniDocument(base.text.replace(/\n/g, '\r\n')), opts), ctx);
    expect(r.parts).toEqual([]);
  });

  it('a WVP push, with the RTP range it sends', () => {
    const pushed = wvpPush(base, 'https://10.1.2.3:18080/wvp/index/hook', { 'rtp_proxy.port_range': '30000-30500' });
    const after = canon(pushed);
    expect(wvpHookPrefix(after)).toBe('https://10.1.2.3:18080/wvp/index/hook');
    const r = attribute(canon(base), after, ctx);
    expect(r.attribution).toBe('wvp');
    expect(r.parts[0]!.keys).toContain('rtp_proxy.port_range');
    expect(r.parts[0]!.keys).toContain('hook.on_server_keepalive');
    expect(r.parts[0]!.keys).toContain('protocol.continue_push_ms');
    // the same push again changes nothing
    expect(attribute(after, canon(wvpPush(pushed, 'https://10.1.2.3:18080/wvp/index/hook')), ctx).parts).toEqual([]);
  });

  it('the operator undoing part of a push is the operator; WVP re-pushing it back is WVP', () => {
    const pushed = canon(wvpPush(base));
    const edited = wvpPush(base).set('hook.timeoutSec', '5');
    expect(attribute(pushed, canon(edited), ctx).attribution).toBe('operator');
    expect(attribute(canon(edited), canon(edited.set('hook.timeoutSec', '30')), ctx).attribution).toBe('wvp');
    // a port range change alone cannot be told apart: the operator
    expect(attribute(pushed, canon(wvpPush(base).set('rtp_proxy.port_range', '40000-40100')), ctx).attribution).toBe('operator');
  });

  it('a mixed revision lists each part', () => {
    const after = canon(wvpPush(base).set('http.port', '8081').set('general.check_nvidia_dev', '1'));
    const r = attribute(canon(base), after, ctx);
    expect(r.attribution).toBe('mixed');
    expect(r.parts.map((p) => p.by)).toEqual(['wvp', 'zlm', 'operator']);
    expect(r.parts.find((p) => p.by === 'operator')!.keys).toEqual(['http.port']);
    expect(r.parts.find((p) => p.by === 'zlm')!.keys).toEqual(['general.check_nvidia_dev']);
  });

  it('keys ZLM appended when a push made it rewrite the file do not make the revision mixed', () => {
    const after = canon(wvpPush(base).set('general.check_nvidia_dev', '1').set('hook.retry', '1'));
    const r = attribute(canon(base), after, ctx);
    expect(r.attribution).toBe('wvp');
    expect(r.parts.map((p) => p.by)).toEqual(['wvp', 'zlm', 'zlm']);
  });

  it('keys added at their default by a person are the operator\'s when the caller says the file is hand-written', () => {
    const after = canon(base.set('general.check_nvidia_dev', '1'));
    expect(attribute(canon(base), after, ctx).attribution).toBe('zlm');
    expect(attribute(canon(base), after, { ...ctx, afterDumpStyle: 'hand-written' }).attribution).toBe('operator');
  });

  it('the sample secret replaced is ZLM; an operator secret change is not', () => {
    const sample = base.set('api.secret', '035c73f7-bb6b-4889-a715-d9eb2d1925cc');
    expect(attribute(canon(sample), canon(sample.set('api.secret', 'RUaKQng2LLBfGrMClQOFO4np0NQFW2rE')), ctx).attribution).toBe('zlm');
    expect(attribute(canon(base), canon(base.set('api.secret', 'RUaKQng2LLBfGrMClQOFO4np0NQFW2rE')), ctx).attribution).toBe('operator');
    // with another fingerprint the sample is not recognised: never guess
    expect(attribute(canon(sample), canon(sample.set('api.secret', 'x-generated-0000')), { fingerprint: (v) => `other-${v.length}` }).attribution).toBe('operator');
  });

  it('built-in defaults, floats as ZLM prints them, generated values', () => {
    expect(isZlmDefault('hook.alive_interval', '30.000000')).toBe(true);
    expect(isZlmDefault('hook.alive_interval', '10')).toBe(false);
    expect(isZlmDefault('general.mediaServerId', '2diurUneQG2TCsUS')).toBe(true);
    expect(isZlmDefault('python.plugin', '')).toBe(true);
    expect(isZlmDefault('no.such', '')).toBe(false);
  });
});

describe('attribute: reference files (vendored from ../shared/zlm-reference)', () => {
  it('config.default.ini → first-start rewrite is a ZLM self-rewrite', () => {
    const r = attribute(canon(doc('config.default.ini')), canon(doc('config.shipped-after-first-start-rewrite.ini')), ctx);
    expect(r.attribution).toBe('zlm');
    expect(r.parts.flatMap((p) => p.keys).sort()).toEqual(['api.secret', 'general.check_nvidia_dev', 'general.enable_ffmpeg_log', 'http.notFound', 'python.plugin']);
  });

  it('defaults dumped over a missing file are ZLM', () => {
    const r = attribute(undefined, canon(doc('config.generated-on-first-start-without-config.ini')), ctx);
    expect(r.attribution).toBe('zlm');
    expect(attribute({ entries: new Map() }, canon(doc('config.generated-on-first-start-without-config.ini')), ctx).attribution).toBe('zlm');
  });

  it('a first recorded hand-written file is the operator', () => {
    expect(attribute(undefined, canon(doc('config.test-loopback-example.ini')), ctx).attribution).toBe('operator');
  });

  it('WVP pushing onto the rewritten file is WVP', () => {
    const before = doc('config.shipped-after-first-start-rewrite.ini');
    const r = attribute(canon(before), canon(wvpPush(before, 'http://127.0.0.1:18978/index/hook', { 'rtp_proxy.port_range': '30000-30500' })), ctx);
    expect(r.attribution).toBe('wvp');
  });
});

describe('the why of a part, for display', () => {
  const text = (t: string) => canonicalize(IniDocument.parse(t), opts);
  it('every why attribute() gives has a Chinese text; the stored English stays as it is', () => {
    const before = text('[api]\nsecret=035c73f7-bb6b-4889-a715-d9eb2d1925cc\n[hook]\nenable=0\non_play=\n');
    const cases = [
      attribute(undefined, before),
      attribute(before, text('[api]\nsecret=changed-by-hand-0001\n[hook]\nenable=0\non_play=\n'), ctx),
      attribute(before, text('[api]\nsecret=035c73f7-bb6b-4889-a715-d9eb2d1925cc\n[hook]\nenable=1\non_play=\n'), { ...ctx, actor: 'zlm-doctor' }),
      attribute(canon(doc('config.default.ini')), canon(wvpPush(doc('config.default.ini'))), ctx),
    ];
    for (const r of cases) {
      for (const p of r.parts) {
        expect(whyText(p.why, 'en')).toBe(p.why);
        expect(whyText(p.why, 'zh'), p.why).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(whyText('WVP setServerConfig push (hooks to http://127.0.0.1:18080/index/hook)', 'zh')).toBe('WVP 通过 setServerConfig 推送（hook 指向 http://127.0.0.1:18080/index/hook）');
    expect(whyText('something a newer version wrote', 'zh')).toBe('something a newer version wrote');
  });
  it('tells a first revision (the baseline) from a change', () => {
    const before = text('[api]\nsecret=abc-0001\n');
    expect(isFirstRevision(attribute(undefined, before).parts)).toBe(true);
    expect(isFirstRevision(attribute(before, text('[api]\nsecret=abc-0002\n')).parts)).toBe(false);
    expect(isFirstRevision([])).toBe(false);
  });
});
