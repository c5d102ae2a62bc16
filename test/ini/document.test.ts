import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import { hasShared, sharedPath } from '../support/shared.ts';

// the real server's own config files are vendored; the 145 historic configs need ../shared
const refDir = join(import.meta.dirname, '../fixtures/zlm-reference');
const history = sharedPath('corpus', 'zlm-config-history');
const withHistory = hasShared('corpus', 'zlm-config-history');
const corpus = [
  ...(withHistory ? readdirSync(history).map((f) => join(history, f)) : []),
  ...readdirSync(refDir).filter((f) => f.endsWith('.ini')).map((f) => join(refDir, f)),
];

/** Changed line numbers between two texts with the same line count (1-based). */
function changedLines(a: string, b: string): number[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  const out: number[] = [];
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) out.push(i + 1);
  return out;
}

describe('mINI document', () => {
  it.skipIf(!withHistory)('reads the whole corpus (skipped without ../shared/corpus/zlm-config-history)', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(149);
  });

  it.each(corpus)('round-trips %s byte for byte', (file) => {
    const bytes = readFileSync(file);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const doc = IniDocument.parse(text);
    expect(Buffer.from(doc.serialize(), 'utf8').equals(bytes)).toBe(true);
  });

  it.each(corpus)('an edit of one key changes exactly that line in %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const doc = IniDocument.parse(text);
    const target = doc.has('http.port') ? 'http.port' : [...doc.occurrences.keys()][0]!;
    const line = doc.entry(target)!;
    const edited = doc.set(target, '12345');
    expect(edited.get(target)).toBe('12345');
    expect(changedLines(text, edited.text)).toEqual([line.line]);
    // and every other key keeps its value
    const before = doc.toMap();
    const after = edited.toMap();
    before.set(target, '12345');
    expect(after).toEqual(before);
  });

  it('loads exactly the key/value set the real server reported for the same file', () => {
    const doc = IniDocument.parse(readFileSync(join(refDir, 'config.test-loopback-example.ini'), 'utf8'));
    const rec = JSON.parse(readFileSync(join(refDir, 'api/getServerConfig.secret-ok.json'), 'utf8'));
    const live: Record<string, string> = JSON.parse(rec.response.body_raw).data[0];
    const fileMap = doc.toMap();
    // The server also holds code-only keys the file does not set; every key the file sets
    // must be loaded with exactly the value ZLM reports.
    const codeOnly = ['general.check_nvidia_dev', 'general.enable_ffmpeg_log', 'http.notFound', 'python.plugin'];
    for (const [k, v] of fileMap) expect([k, live[k]]).toEqual([k, v]);
    for (const k of Object.keys(live)) if (!fileMap.has(k)) expect(codeOnly).toContain(k);
  });
});

describe('mINI parsing rules', () => {
  const parse = (t: string) => IniDocument.parse(t).toMap();

  it('has no inline comments and keeps quotes', () => {
    const m = parse('[hook]\non_play=http://a/on_play # x\non_publish="http://a"\n');
    expect(m.get('hook.on_play')).toBe('http://a/on_play # x');
    expect(m.get('hook.on_publish')).toBe('"http://a"');
  });

  it('treats only ; and # at the start of a line as comments', () => {
    expect([...parse('  ; c\n\t# c\n[a]\nk=v\n').entries()]).toEqual([['a.k', 'v']]);
  });

  it('trims keys and values, splits on the first =', () => {
    expect(parse('[ http ]\n  port =  80 \nx=a=b\n')).toEqual(new Map([['http.port', '80'], ['http.x', 'a=b']]));
  });

  it('stores keys before any section as .key and lines without = as empty keys', () => {
    const m = parse('toplevel_key=1\n[http]\nthis line has no equals sign\n[broken_section\n');
    expect(m.get('.toplevel_key')).toBe('1');
    expect(m.get('http.this line has no equals sign')).toBe('');
    expect(m.get('http.[broken_section')).toBe('');
  });

  it('lets the last duplicate win and records every occurrence', () => {
    const doc = IniDocument.parse('[http]\nport=80\nport=8080\n');
    expect(doc.get('http.port')).toBe('8080');
    expect(doc.occurrences.get('http.port')!.map((l) => l.line)).toEqual([2, 3]);
  });

  it('keeps a UTF-8 BOM in the first line, as ZLM does', () => {
    const doc = IniDocument.parse('\ufeff[api]\nsecret=x\n');
    expect(doc.hasBom).toBe(true);
    expect(doc.get('api.secret')).toBeUndefined();
    expect(doc.get('.secret')).toBe('x');
    expect(doc.serialize()).toBe('\ufeff[api]\nsecret=x\n');
  });

  it('handles CRLF, mixed endings and a missing final newline', () => {
    const t = '[a]\r\nk=1\r\nj=2\n[b]\nz=3';
    const doc = IniDocument.parse(t);
    expect(doc.serialize()).toBe(t);
    expect(doc.toMap()).toEqual(new Map([['a.k', '1'], ['a.j', '2'], ['b.z', '3']]));
    expect(doc.set('b.z', '4').text).toBe('[a]\r\nk=1\r\nj=2\n[b]\nz=4');
    expect(doc.set('b.y', '5').text).toBe('[a]\r\nk=1\r\nj=2\n[b]\nz=3\ny=5');
  });

  it('inserts a new key after the last entry of its section, in the file line ending', () => {
    const t = '[a]\r\nk=1\r\n\r\n; next\r\n[b]\r\nz=3\r\n';
    expect(IniDocument.parse(t).set('a.n', 'v').text).toBe('[a]\r\nk=1\r\nn=v\r\n\r\n; next\r\n[b]\r\nz=3\r\n');
    expect(IniDocument.parse(t).set('shell.port', '0').text).toBe(t + '\r\n[shell]\r\nport=0\r\n');
    expect(IniDocument.parse('[a]\nk=1').set('c.x', '1').text).toBe('[a]\nk=1\n\n[c]\nx=1\n');
  });

  it('sets a value on a line without = and keeps spacing around =', () => {
    expect(IniDocument.parse('[a]\nk\n').set('a.k', '1').text).toBe('[a]\nk=1\n');
    expect(IniDocument.parse('[a]\nk = 5 \n').set('a.k', '6').text).toBe('[a]\nk = 6 \n');
    expect(IniDocument.parse('[a]\nk = \n').set('a.k', '6').text).toBe('[a]\nk = 6\n');
  });

  it('removes a key', () => {
    expect(IniDocument.parse('[a]\nk=1\nj=2\n').remove('a.k').text).toBe('[a]\nj=2\n');
    expect(IniDocument.parse('[a]\nj=2\nk=1').remove('a.k').text).toBe('[a]\nj=2');
  });

  it('recognises ZLM-written formats', () => {
    const old = IniDocument.parse('; auto-generated by mINI class {\r\n\r\n[api]\r\napiDebug=1\r\n\r\n; } ---\r\n');
    expect(old.dumpStyle).toBe('mini-sorted-dump');
    expect(old.get('api.apiDebug')).toBe('1');
    const rewritten = IniDocument.parse(readFileSync(join(refDir, 'config.shipped-after-first-start-rewrite.ini'), 'utf8'));
    expect(rewritten.dumpStyle).toBe('zlm-crlf-dump');
    expect(rewritten.get('python.plugin')).toBe('');
    expect(IniDocument.parse(readFileSync(join(refDir, 'config.default.ini'), 'utf8')).dumpStyle).toBe('hand-written');
  });
});
