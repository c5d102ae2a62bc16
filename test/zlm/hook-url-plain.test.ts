import { describe, expect, it } from 'vitest';
import { parseHookUrl, parseHookUrlByUrl } from '../../src/zlm/hook-urls.ts';

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
