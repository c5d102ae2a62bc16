/**
 * The pieces under the log scanner on their own: ZLM's record header (text and
 * bytes alike) and the signature index's key search.
 */
import { describe, it, expect } from 'vitest';
import { ansiSkipBuf, ansiSkipStr, formatLogTimestamp, headerLevelBuf, headerLevelStr, parseLogTimestamp } from '../../src/zlm/log-records.ts';
import { requiredLiterals, SignatureIndex } from '../../src/zlm/signature-index.ts';
import type { LogSignature } from '../../src/zlm/log-signatures.ts';

const HEAD = '2024-05-01 12:34:56.789 W [MediaServer] [1-event poller 0] WebHook.cpp:200 operator() | failed';

describe('record headers', () => {
  it('a header gives its level letter on text and on bytes; other lines give none', () => {
    expect(headerLevelStr(HEAD, 0)).toBe('W');
    expect(headerLevelBuf(Buffer.from(HEAD, 'latin1'), 0, HEAD.length)).toBe('W'.charCodeAt(0));
    expect(headerLevelStr('  "msg" : "ok"', 0)).toBe('');
  });
  it('a leading colour sequence is skipped; timestamps round-trip in local time', () => {
    const coloured = `\x1b[33m${HEAD}`;
    expect(ansiSkipStr(coloured, 0)).toBe(5);
    expect(ansiSkipBuf(Buffer.from(coloured, 'latin1'), 0, coloured.length)).toBe(5);
    expect(formatLogTimestamp(parseLogTimestamp(HEAD.slice(0, 23)))).toBe(HEAD.slice(0, 23));
  });
});

describe('signature index', () => {
  it('required literals: top-level runs only, none for an alternation', () => {
    expect(requiredLiterals('connect to (\\S+) failed')).toEqual(['connect to ', ' failed']);
    expect(requiredLiterals('a|b')).toEqual([]);
  });
  it('keys map to their signatures; overlapping keys resume early', () => {
    const sig = (id: string, keys: string[]): LogSignature => ({ id, severity: 'warning', levels: ['W'], keys, patterns: [keys[0]!] }) as unknown as LogSignature;
    const idx = new SignatureIndex([sig('a', ['abcab']), sig('b', ['cab']), sig('c', ['xyz'])]);
    expect(idx.byKey.get('cab')!.map((c) => c.sig.id)).toEqual(['b']);
    // 'cab' may begin inside 'abcab' (at offset 2, so the search resumes 1 on); nothing begins inside 'xyz'
    expect(idx.restart.get('abcab')).toBe(1);
    expect(idx.restart.get('xyz')).toBe(3);
    expect(idx.levelChars).toBe('W');
  });
});
