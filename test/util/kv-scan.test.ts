import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignments, isJsSpace, keyValueLine } from '../../src/util/kv-scan.ts';
import { allStrings } from '../support/strings.ts';

// the patterns the scans replace (src/util/redact.ts had them): the reference
const KV = /^([ \t]*(?:-[ \t]+)?)(["']?)([A-Za-z0-9_.\-]+)\2([ \t]*[=:](?![/:])[ \t]*|[ \t]+)(.*?)[ \t\r]*$/u;
const INLINE_EQ = /(?<![\w.-])([A-Za-z0-9_.-]+)[ \t]*=(?=[ \t]*([^\s&"'#,;<>)\]}=]+))/g;

function kvReference(line: string) {
  const m = KV.exec(line);
  return m ? { lead: m[1]!, quote: m[2]!, key: m[3]!, sep: m[4]!, value: m[5]! } : null;
}

function assignmentsReference(line: string) {
  const out: { key: string; value: string; at: number }[] = [];
  INLINE_EQ.lastIndex = 0;
  for (let m = INLINE_EQ.exec(line); m; m = INLINE_EQ.exec(line)) out.push({ key: m[1]!, value: m[2]!, at: line.indexOf(m[2]!, m.index + m[0].length) });
  return out;
}

function same(line: string) {
  const kv = keyValueLine(line);
  const pairs = assignments(line);
  // expect() only on a difference: it is the dear part of a loop over half a million lines
  if (JSON.stringify(kv) !== JSON.stringify(kvReference(line))) expect(kv, JSON.stringify(line)).toEqual(kvReference(line));
  if (JSON.stringify(pairs) !== JSON.stringify(assignmentsReference(line))) expect(pairs, JSON.stringify(line)).toEqual(assignmentsReference(line));
}

/** lines of real files: the examples, the fixtures and, when present, the historical configs */
function realLines(): string[] {
  const files = ['examples/broken/config.ini', 'test/fixtures/zlm-reference/config.default.ini'];
  const corpus = join('..', 'shared', 'corpus', 'zlm-config-history');
  if (existsSync(corpus)) for (const f of readdirSync(corpus).slice(0, 40)) files.push(join(corpus, f));
  return files.filter((f) => existsSync(f)).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
}

describe('redact: the key/value scans by hand', () => {
  it('agree with the patterns on every short line', () => {
    let n = 0;
    for (const line of allStrings([' ', '\t', '-', '"', "'", 'a', '.', '=', ':', '/', '\r', '#', '\u2028', '&'], 5)) {
      same(line);
      n++;
    }
    expect(n).toBeGreaterThan(500_000);
  });

  it('agree with the patterns on longer lines and real files', () => {
    const lines = [
      'secret=035c73f7-bb6b-4889-a715-d9eb2d1925cc',
      '  - password: "hunter2"  # the old one',
      "'api.secret' = 'abc'",
      'secret XYZ',
      'secret   ',
      'url=http://u:p@h/x?secret=abc&token=def; x = y',
      'a==b c = d e=\u00a0f g=\u3000h k= v\u2029w',
      'key://x',
      'key ://x',
      'key : //x',
      '- - a: b',
      '-key=1',
      '"key=1',
      'admin_params=secret=035c73f7&x=1',
      'x.y-z_1 =   value  \r',
      'k=v\rw',
      ...realLines(),
    ];
    for (const line of lines) same(line);
  });

  it('knows white space as \\s does', () => {
    for (let c = 0; c < 0x10000; c++) expect(isJsSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});
