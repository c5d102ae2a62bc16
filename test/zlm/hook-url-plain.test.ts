import { describe, expect, it } from 'vitest';
import { parseHookUrl, parseHookUrlByUrl, parsePlainHookUrl } from '../../src/zlm/hook-urls.ts';

const SCHEMES = ['http', 'https', 'HTTP', 'Https'];
const HOSTS = ['127.0.0.1', '192.168.1.10', '255.255.255.255', '256.1.1.1', '1.2.3.04', '127.1', '0x7f.0.0.1', '10.0.0', '1.2.3.4.5', 'localhost', 'LocalHost', 'wvp', 'wvp-pro.example.com', 'a.b-c.d', 'host.123', 'host.0x1', 'xn--nxasmq6b', 'a.xn--zz', '-a', 'a-', '0', '999'];
const PORTS = ['', ':80', ':443', ':0080', ':18080', ':0', ':65535', ':65536', ':99999'];
const PATHS = ['', '/', '/index/hook/on_play', '/index/hook/on_play/', '//x', '/a/./b', '/a/../b', '/.', '/..', '/a/.', '/a..b/.c', '/~user/(x)', '/a:b@c', '/%7e', '/A/B'];
const QUERIES = ['', '?', '?a=1', '?a=1&b=2', '?x=%41', '?a?b', '?k=v/w'];

describe('hook URLs split by hand (src/zlm/hook-urls.ts)', () => {
  it('give exactly what the WHATWG parser gives, for every combination of these parts', () => {
    let n = 0;
    for (const s of SCHEMES)
      for (const h of HOSTS)
        for (const p of PORTS)
          for (const path of PATHS)
            for (const q of QUERIES) {
              const v = `${s}://${h}${p}${path}${q}`;
              expect(parseHookUrl(v), v).toEqual(parseHookUrlByUrl(v));
              n++;
            }
    expect(n).toBeGreaterThan(10_000);
  });
});

describe('the plain form scanned by hand', () => {
  // the plain form as regular expressions (how parsePlainHookUrl was written before it was scanned by hand)
  const PLAIN_URL = /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?(\/[A-Za-z0-9_~!$&()*+=:@/.-]*)?(\?[A-Za-z0-9_~!$&()*+=:@/?.%-]*)?$/;
  const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
  const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
  const NUMERIC_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/;
  function reference(value: string) {
    const m = PLAIN_URL.exec(value);
    if (!m) return null;
    const [, scheme, host, portText, path, query] = m as unknown as [string, string, string, string?, string?, string?];
    if ((NUMERIC_LABEL.test(host) && !CANONICAL_IPV4.test(host)) || host.startsWith('xn--') || host.includes('.xn--')) return null;
    if (path !== undefined && DOT_SEGMENT.test(path)) return null;
    const port = portText === undefined ? (scheme === 'https' ? 443 : 80) : Number(portText);
    if (port > 65535) return undefined;
    return { scheme, host, port, path: path || '/', query: query === undefined || query === '?' ? '' : query, authority: `${host}:${port}` };
  }

  it('gives what the regular expressions give, for every URL built from these pieces', () => {
    const pieces = ['', 'a', '0', '.', '..', '-', ':', ':1', ':123456', ':99999', '/', '/.', '?', '%', '#', '@', '/a?b%c', 'A', '.a', 'a.', '0x', '0xf', '.1', '256', 'xn--', ':/', '/ ', '\\', '?#'];
    let n = 0;
    for (const scheme of ['http://', 'https://', 'HTTP://', 'http:/'])
      for (const a of pieces)
        for (const b of pieces)
          for (const c of pieces) {
            const v = `${scheme}${a}${b}${c}`;
            expect(parsePlainHookUrl(v), v).toEqual(reference(v));
            n++;
          }
    expect(n).toBeGreaterThan(90_000);
  });
});
