import { describe, expect, it } from 'vitest';
import { fnv1a, hashText } from '../../src/util/hash.ts';

describe('fnv1a', () => {
  it('gives the published FNV-1a 32-bit values (schedule offsets and shards stay as they were)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('is unsigned for every input, long and non-ASCII ones too', () => {
    for (const s of ['zlm-1', 'x'.repeat(1000), '配置文件\u0000hook.on_play']) {
      const h = fnv1a(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});

/** The definition, byte by byte: FNV-1a over the UTF-8 bytes as little-endian 32-bit words, then the length. */
function reference(s: string): number {
  const b = Buffer.from(s, 'utf8');
  const padded = Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  let h = 0x811c9dc5;
  for (let i = 0; i < padded.length; i += 4) h = Math.imul(h ^ padded.readInt32LE(i), 0x01000193);
  return Math.imul(h ^ b.length, 0x01000193) >>> 0;
}

describe('hashText', () => {
  it('is FNV-1a over the UTF-8 words and the length, for every length modulo 4 and for non-ASCII text', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'hook.on_play\u0000error\u0000config.ini\u0000‹key› 指向 127.0.0.1:18080', '😀x'])
      expect(hashText(s)).toBe(reference(s));
  });

  it('tells apart texts that differ only in trailing zero bytes, and is the same on every call', () => {
    expect(hashText('a')).not.toBe(hashText('a\u0000'));
    expect(hashText('a\u0000')).not.toBe(hashText('a\u0000\u0000'));
    const long = 'y'.repeat(5000);
    expect(hashText(long)).toBe(reference(long));
    expect(hashText('abc')).toBe(hashText('abc'));
  });
});
