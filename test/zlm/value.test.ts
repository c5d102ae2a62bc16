import { describe, expect, it } from 'vitest';
import { readValue } from '../../src/zlm/value.ts';
import type { Storage } from '../../src/zlm/catalogue-types.ts';
import { allStrings } from '../support/strings.ts';

// What stream extraction reads, as regular expressions: the reference the readers' character scans must agree with.
const WS = /^[ \t\n\v\f\r]*/;
const LEADING_INTEGER = /^([+-]?)(\d+)/;

function reference(storage: Storage, s: string): unknown {
  const t = s.replace(WS, '');
  const m = LEADING_INTEGER.exec(t);
  const li = m ? { sign: m[1] === '-' ? -1n : 1n, digits: m[2]!, rest: t.slice(m[0].length) } : undefined;
  const unsigned = (max: bigint) => {
    if (!li) return { value: 0, clean: false, fellBack: true };
    const mag = BigInt(li.digits);
    if (mag > max) return { value: 0, clean: false, fellBack: true };
    const v = li.sign === -1n && mag !== 0n ? max + 1n - mag : mag;
    return { value: Number(v), clean: li.rest === '' && li.sign === 1n, fellBack: false };
  };
  switch (storage) {
    case 'uint16':
      return unsigned(0xffffn);
    case 'uint32':
      return unsigned(0xffffffffn);
    case 'int32': {
      if (!li) return { value: 0, clean: false, fellBack: true };
      const v = BigInt(li.digits) * li.sign;
      if (v > 0x7fffffffn || v < -0x80000000n) return { value: 0, clean: false, fellBack: true };
      return { value: Number(v), clean: li.rest === '', fellBack: false };
    }
    case 'float': {
      const f = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(t);
      if (!f || !Number.isFinite(Number(f[0]))) return { value: 0, clean: false, fellBack: true };
      return { value: Number(f[0]), clean: f[0].length === t.length && t.length === s.length, fellBack: false };
    }
    default:
      throw new Error(storage);
  }
}

describe('value readers: white space, sign and digits scanned by hand', () => {
  it('read every short text as the regular expressions of stream extraction do', () => {
    const alphabet = [' ', '\t', '\v', '\u00a0', '+', '-', '0', '1', '7', '.', 'e', 'x', '\u0660'];
    let n = 0;
    for (const s of allStrings(alphabet, 4)) {
      for (const storage of ['uint16', 'uint32', 'int32', 'float'] as const) {
        expect(readValue(storage, s), `${storage} ${JSON.stringify(s)}`).toEqual(reference(storage, s));
        n++;
      }
    }
    expect(n).toBeGreaterThan(50_000);
    for (const s of ['65535', '65536', '-1', ' \n\f\r 42 ms', '4294967296', '-2147483648', '2147483648', '1e3', '.5x', '\u3000 1']) {
      for (const storage of ['uint16', 'uint32', 'int32', 'float'] as const) expect(readValue(storage, s), `${storage} ${s}`).toEqual(reference(storage, s));
    }
  });
});
