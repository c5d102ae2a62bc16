/**
 * editScalar: a lossless edit that changes only the value's characters, keeps
 * its quoting style (quoting only when YAML needs it), writes into a
 * placeholder's default, and reads back as the new value.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWvp, loadWvp, type WvpConfigEx } from '../../src/wvp/load.ts';

const FIX = join(import.meta.dirname, 'fixtures');
const EDIT = join(FIX, 'edit/application.yml');

/** Applies the edit, checks that only [start,end) changed, reloads the edited set of files. */
function roundTrip(w: WvpConfigEx, path: string, value: string, env: NodeJS.ProcessEnv = {}) {
  const r = w.editScalar(path, value);
  expect(r, path).toBeDefined();
  const { file, edit } = r!;
  const before = w.sources.get(file)!;
  const after = before.slice(0, edit.start) + edit.text + before.slice(edit.end);
  expect(after.slice(0, edit.start)).toBe(before.slice(0, edit.start));
  expect(after.slice(edit.start + edit.text.length)).toBe(before.slice(edit.end));
  const files = w.files.map((f) => ({ path: f, text: f === file ? after : w.sources.get(f)! }));
  const again = buildWvp(files, { env, profiles: w.profiles });
  return { file, edit, before, after, again, replaced: before.slice(edit.start, edit.end) };
}

const lineOf = (text: string, needle: string) => text.split(/\r?\n/).find((l) => l.includes(needle));

describe('editScalar', () => {
  const w = loadWvp(EDIT, { env: {} });

  it('plain scalar: only the digits change, the comment stays', () => {
    const r = roundTrip(w, 'server.port', '18978');
    expect(r.replaced).toBe('18080');
    expect(r.edit.text).toBe('18978');
    expect(lineOf(r.after, 'port: 18978')).toBe('  port: 18978   # WVP\'s HTTP port');
    expect(r.again.get('server.port').value).toBe('18978');
  });

  it('single- and double-quoted scalars keep their quotes and escape the new value', () => {
    const a = roundTrip(w, 'server.servlet.context-path', '/api');
    expect(lineOf(a.after, 'context-path')).toBe("    context-path: '/api'");
    const b = roundTrip(w, 'sip.ip', '10.0.0.1');
    expect(lineOf(b.after, '  ip: "')).toBe('  ip: "10.0.0.1"');
    const c = roundTrip(w, 'media.secret', 'x"y\\z');
    expect(lineOf(c.after, 'secret')).toBe('  secret: "x\\"y\\\\z"');
    expect(c.again.get('media.secret').value).toBe('x"y\\z');
    const d = roundTrip(w, 'user-settings.server-id', "o'k");
    expect(lineOf(d.after, 'server-id')).toBe("  server-id: 'o''k'");
    expect(d.again.get('user-settings.server-id').value).toBe("o'k");
  });

  it('an empty value gets the new value after the colon', () => {
    const r = roundTrip(w, 'sip.password', 'Sip#2024');
    expect(lineOf(r.after, 'password')).toBe('  password: Sip#2024');
    expect(r.again.get('sip.password').value).toBe('Sip#2024');
  });

  it('placeholder: only the default changes; nested: the innermost default; none: one is added', () => {
    const a = roundTrip(w, 'media.ip', '10.0.0.20');
    expect(a.replaced).toBe('192.168.1.20');
    expect(lineOf(a.after, '  ip: ${')).toBe('  ip: ${MEDIA_IP:10.0.0.20}');
    expect(a.again.get('media.ip')).toMatchObject({ value: '10.0.0.20', source: 'placeholder-default' });
    // the environment still wins, as it will for WVP
    expect(roundTrip(w, 'media.ip', '10.0.0.20', { MEDIA_IP: '1.1.1.1' }).again.get('media.ip').value).toBe('1.1.1.1');

    const b = roundTrip(w, 'media.hook-ip', '192.168.1.10');
    expect(lineOf(b.after, 'hook-ip')).toBe('  hook-ip: ${HOOK_IP:${FALLBACK_HOOK:192.168.1.10}}');
    expect(b.again.get('media.hook-ip').value).toBe('192.168.1.10');

    const c = roundTrip(w, 'media.sdp-ip', '192.168.1.20');
    expect(c.edit).toMatchObject({ text: ':192.168.1.20' });
    expect(c.edit.start).toBe(c.edit.end);
    expect(lineOf(c.after, 'sdp-ip')).toBe('  sdp-ip: ${SDP_IP:192.168.1.20}');
    expect(c.again.get('media.sdp-ip').value).toBe('192.168.1.20');
    expect(c.again.problems.find((p) => p.subject === 'media.sdp-ip')).toBeUndefined();
  });

  it('a placeholder default that YAML cannot hold plain makes the scalar quoted', () => {
    const r = roundTrip(w, 'media.ip', 'a #b');
    expect(lineOf(r.after, 'MEDIA_IP')).toBe('  ip: "${MEDIA_IP:a #b}"');
    expect(r.again.get('media.ip').value).toBe('a #b');
  });

  it('text around placeholders is replaced as a whole', () => {
    const r = roundTrip(w, 'media.stream-ip', '192.168.1.20');
    expect(lineOf(r.after, 'stream-ip')).toBe('  stream-ip: 192.168.1.20');
  });

  it('values YAML would read differently are quoted (booleans, octal, ": ", leading symbols)', () => {
    for (const v of ['yes', '0123', 'a: b', '#x', '', ' lead', '18080']) {
      const r = roundTrip(w, 'media.id', v);
      expect(r.again.get('media.id').value, JSON.stringify(v)).toBe(v);
    }
    expect(roundTrip(w, 'media.id', 'yes').edit.text).toBe('"yes"');
    expect(roundTrip(w, 'media.id', 'zlm-2').edit.text).toBe('zlm-2');
  });

  it('values inside a flow mapping', () => {
    const a = roundTrip(w, 'media.rtp.port-range', '40000,40500');
    expect(lineOf(a.after, 'rtp:')).toBe('  rtp: {enable: true, port-range: "40000,40500", send-port-range: 31000,31500}');
    const b = roundTrip(w, 'media.rtp.enable', 'false');
    expect(b.again.get('media.rtp.enable').value).toBe('false');
  });

  it('undefined when the key is in no file or is not a scalar', () => {
    expect(w.editScalar('media.wan_ip', '1.2.3.4')).toBeUndefined();
    expect(w.editScalar('media.rtp', 'x')).toBeUndefined();
    expect(w.editScalar('server.ssl.enabled', 'true')).toBeUndefined();
  });

  it('relaxed spelling and overlays: the edit goes to the file that defines the winning value', () => {
    const p = loadWvp(join(FIX, 'profiles/application.yml'), { env: {} });
    const r = roundTrip(p, 'media.hook-ip', '10.0.0.7');
    expect(r.file).toBe(join(FIX, 'profiles/application-dev.yml'));
    expect(lineOf(r.after, 'hookIp')).toBe('  hookIp: 10.0.0.7');
    expect(r.again.get('media.hook-ip').value).toBe('10.0.0.7');
  });

  it('CRLF files keep their line ends', () => {
    const c = loadWvp(join(FIX, 'edit/crlf.yml'), { env: {} });
    const r = roundTrip(c, 'media.hook-ip', '10.1.1.1');
    expect(r.after).toBe(readFileSync(join(FIX, 'edit/crlf.yml'), 'utf8').replace('hook-ip: 127.0.0.1 #', 'hook-ip: 10.1.1.1 #'));
    expect(r.again.get('media.hook-ip').value).toBe('10.1.1.1');
  });
});
