import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IniDocument } from '../../src/ini/document.ts';
import {
  canonicalEqual,
  canonicalFromApi,
  canonicalize,
  canonicalText,
  parseCanonical,
  plainFingerprint,
  secretToken,
  tokenFingerprint,
  type CanonicalOptions,
} from '../../src/history/canonical.ts';

const REF = join(import.meta.dirname, '../fixtures/zlm-reference');
const ref = (name: string): IniDocument => new IniDocument(readFileSync(join(REF, name), 'utf8'));
const fp: CanonicalOptions = { fingerprint: (v) => `fp(${v.length})${plainFingerprint(v).slice(0, 4)}` };
const canon = (text: string) => canonicalize(new IniDocument(text), fp);

describe('canonicalize', () => {
  it('ignores order, comments, blank lines, CRLF and a BOM before a comment', () => {
    const a = canon('; hello\n[http]\nport=80\n\n[api]\napiDebug=1\n');
    const b = canon('\uFEFF# other comment\r\n[api]\r\napiDebug=1\r\n[http]\r\n\r\nport=80\r\n');
    expect(canonicalEqual(a, b)).toBe(true);
    expect(canonicalText(a)).toBe(canonicalText(b));
  });

  it('reads like mINI: last duplicate wins, quotes and inline comments kept', () => {
    const c = canon('[http]\nport=80\nport=8080\n[general]\nmediaServerId="abc" # id\n');
    expect(c.entries.get('http.port')).toBe('8080');
    expect(c.entries.get('general.mediaServerId')).toBe('"abc" # id');
  });

  it('keeps a BOM that breaks the first header visible (ZLM reads it differently)', () => {
    const c = canon('\uFEFF[api]\nsecret=\n');
    expect(c.entries.has('api.secret')).toBe(false);
    expect(c.entries.has('.secret')).toBe(true);
  });

  it('replaces every secret by a token', () => {
    const secret = 'S3cr3t-value-0123456789';
    const c = canon(
      [
        '[api]',
        `secret=${secret}`,
        '[srt]',
        'passPhrase=pp-secret-1',
        '[rtc]',
        'icePwd=ZLMediaKit',
        '[hook]',
        `on_play=http://wvp:${secret}@10.0.0.1:18080/index/hook/on_play?a=1&secret=${secret}`,
        `admin_params=secret=${secret}`,
        'on_publish=',
        '[x]',
        'db_password=hunter22',
      ].join('\n'),
    );
    const text = canonicalText(c);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('pp-secret-1');
    expect(text).not.toContain('hunter22');
    const tok = secretToken(fp.fingerprint(secret));
    expect(c.entries.get('api.secret')).toBe(tok);
    expect(c.entries.get('hook.on_play')).toBe(`http://wvp:${tok}@10.0.0.1:18080/index/hook/on_play?a=1&secret=${tok}`);
    expect(c.entries.get('hook.admin_params')).toBe(`secret=${tok}`);
    expect(c.entries.get('rtc.icePwd')).toBe('ZLMediaKit');
    expect(c.entries.get('hook.on_publish')).toBe('');
    expect(tokenFingerprint(c.entries.get('srt.passPhrase'))).toBe(fp.fingerprint('pp-secret-1'));
  });

  it('an empty secret stays empty, and canonicalizing twice changes nothing', () => {
    const c = canon('[api]\nsecret=\n[hook]\non_play=http://u:pw0rd@h/x?secret=abcd\n');
    expect(c.entries.get('api.secret')).toBe('');
    const again = canonicalize(new IniDocument(canonicalText(c)), fp);
    expect(canonicalText(again)).toBe(canonicalText(c));
  });

  it('the default fingerprint is a keyless short sha256', () => {
    expect(plainFingerprint('abc')).toBe('ba7816bf8f01');
    const c = canonicalize(new IniDocument('[api]\nsecret=abc\n'));
    expect(c.entries.get('api.secret')).toBe('‹secret:ba7816bf8f01›');
  });
});

describe('canonicalText / parseCanonical', () => {
  it('is sorted, LF, with a trailing newline, and keys before any section first', () => {
    const c = canon('top=1\n[b]\nz=1\na=2\n[a]\nk=v\n');
    expect(canonicalText(c)).toBe('top=1\n\n[a]\nk=v\n\n[b]\na=2\nz=1\n');
  });

  it('round-trips odd values exactly', () => {
    const c = canonicalFromApi(
      { 'a.x': ' lead', 'a.y': 'line\nbreak', 'a.z': '‹json›"x"', 'a.w': 'C:\\path\\x', 'a.e': '', 'b.k.dot': 'v=w', 'nodot': 'dropped' },
      fp,
    );
    const text = canonicalText(c);
    const back = parseCanonical(text);
    expect([...back.entries]).toEqual([...c.entries]);
    expect(canonicalText(back)).toBe(text);
    expect(back.entries.has('nodot')).toBe(false);
  });

  it('the empty config is the empty text', () => {
    expect(canonicalText(canon(''))).toBe('');
    expect(parseCanonical('').entries.size).toBe(0);
  });
});

describe('reference files (vendored from ../shared/zlm-reference)', () => {
  it('the two dump formats of one config are equal', () => {
    const gen = ref('config.generated-on-first-start-without-config.ini');
    // the same map written the other way: reversed, CRLF, with comments
    const lines = [...gen.toMap()].map(([k, v]) => `; ${k}\r\n[${k.slice(0, k.indexOf('.'))}]\r\n${k.slice(k.indexOf('.') + 1)}=${v}`);
    const other = new IniDocument(lines.reverse().join('\r\n') + '\r\n');
    expect(canonicalText(canonicalize(other, fp))).toBe(canonicalText(canonicalize(gen, fp)));
  });

  it('file and getServerConfig compare in one shape', () => {
    const rec = JSON.parse(readFileSync(join(REF, 'api/getServerConfig.secret-ok.json'), 'utf8')) as { response: { body_json: { data: Record<string, string>[] } } };
    const api = canonicalFromApi(rec.response.body_json.data[0]!, fp);
    expect(api.entries.get('api.secret')).toMatch(/^‹secret:/);
    expect(canonicalText(api)).not.toContain('zlm-test-secret-0123456789abcdef');
    const file = canonicalize(ref('config.default.ini'), fp);
    expect(file.entries.has('http.port')).toBe(true);
    expect(api.entries.has('http.port')).toBe(true);
  });

  it('the shipped file and its ZLM rewrite differ only by real keys', () => {
    const a = canonicalize(ref('config.default.ini'), fp);
    const b = canonicalize(ref('config.shipped-after-first-start-rewrite.ini'), fp);
    const changed = [...new Set([...a.entries.keys(), ...b.entries.keys()])].filter((k) => a.entries.get(k) !== b.entries.get(k)).sort();
    expect(changed).toEqual(['api.secret', 'general.check_nvidia_dev', 'general.enable_ffmpeg_log', 'http.notFound', 'python.plugin']);
  });
});
