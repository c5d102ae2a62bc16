import { describe, expect, it } from 'vitest';
import { hookHostKind } from '../../src/zlm/hook-urls.ts';

// the classification as regular expressions alone: the reference for the guarded version
function reference(host: string): string {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === '0.0.0.0' || h === '::' || /^0+(?::0+){7}$/.test(h) || h === '0') return 'unspecified';
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^0+(?::0+){6}:0*1$/.test(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return 'loopback';
  return 'other';
}

describe('hookHostKind', () => {
  it('agrees with the plain regular expressions', () => {
    const hosts = ['', '[', ']', '[]', '0', '00', '0.0.0.0', '::', '[::]', '[::1]', '::1', '0:0:0:0:0:0:0:0', '[0:0:0:0:0:0:0:1]', '00:0:000:0:0:0:0:01', '0:0:0:0:0:0:1', '127.0.0.1', '127.1', '127.255.255.255', '127.0.0.1.5', 'LOCALHOST', 'a.localhost', '[127.0.0.1]', '[127.0.0.1', '127.0.0.1]', '10.0.0.1', 'wvp', '0x7f.1', '1.2.3.4', '[fe80::1]', '0:1'];
    for (const h of hosts) expect(hookHostKind(h), JSON.stringify(h)).toBe(reference(h));
  });
});
