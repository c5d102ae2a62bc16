/**
 * YAML no config file is: aliases that expand without measure (alias bombs, an alias inside its own anchor),
 * found on the document as written, in time linear in its size; and alias targets looked up once per document.
 */
import { describe, it, expect } from 'vitest';
import { parseDocument, visit, type Alias, type Node } from 'yaml';
import { aliasOverflow, aliasTargets, MAX_ALIAS_NODES } from '../../src/io/yaml-limits.ts';
import { aliasBomb } from '../support/yaml-bombs.ts';

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('aliasOverflow', () => {
  it('finds a bomb of nine levels at once, at the alias where the expansion passes the limit', () => {
    const text = aliasBomb(9);
    const t = performance.now();
    const o = aliasOverflow(parseDocument(text));
    expect(performance.now() - t).toBeLessThan(1000);
    expect(o).toMatchObject({ cyclic: false });
    // levels 0-3 bring in 8289 nodes, level 4 passes 10 000
    expect(lineOf(text, o!.offset)).toBe(5);
    expect(aliasOverflow(parseDocument(aliasBomb(4)))).toBeUndefined();
  });

  it('counts every node an alias stands for, and every use', () => {
    const doc = parseDocument('x: &x [1, 2, 3]\ny: *x\nz: *x\n');
    expect(aliasOverflow(doc, 8)).toBeUndefined();
    expect(aliasOverflow(doc, 7)).toMatchObject({ cyclic: false });
    const uses = (n: number) => parseDocument('v: &v x\nlist:\n' + '  - *v\n'.repeat(n));
    expect(aliasOverflow(uses(MAX_ALIAS_NODES))).toBeUndefined();
    expect(aliasOverflow(uses(MAX_ALIAS_NODES + 1))).toBeDefined();
  });

  it('an alias inside the node it names never ends', () => {
    // the anchor is named before the alias inside its node: even an anchor named a second time is the one it means
    for (const text of ['a: &a [*a]\n', 'x: &a\n  b:\n    c: *a\n', 'x: 1\ny: &a { p: 1, q: [1, *a] }\n', 'a: &a 1\nb: &a [*a]\n']) {
      const o = aliasOverflow(parseDocument(text));
      expect(o, text).toMatchObject({ cyclic: true });
      expect(text.slice(o!.offset, o!.offset + 2)).toBe('*a');
    }
  });

  it('anchors and merge keys as compose and application.yml use them are far below the limit', () => {
    const services = Array.from({ length: 40 }, (_, i) => `  s${i}:\n    <<: *svc\n    image: app:${i}\n    logging: *log\n    environment:\n      <<: *env\n      N: "${i}"\n`).join('');
    const text = `x-log: &log\n  driver: json-file\n  options: { max-size: 10m, max-file: "3" }\nx-env: &env\n  TZ: Asia/Shanghai\n  LANG: C.UTF-8\nx-svc: &svc\n  restart: always\n  networks: [media]\nservices:\n${services}`;
    expect(aliasOverflow(parseDocument(text, { merge: true }))).toBeUndefined();
    expect(aliasOverflow(parseDocument(text, { version: '1.1', merge: true }))).toBeUndefined();
  });
});

describe('aliasTargets', () => {
  it('resolves every alias as Alias.resolve does, anchors named twice included', () => {
    const doc = parseDocument('a: &x 1\nb: *x\nc: &x [2, *x]\nd: *x\ne: { <<: &m { k: v }, f: *m }\ng: *nope\n', { merge: true });
    const aliases: Alias[] = [];
    visit(doc, { Alias: (_, a) => void aliases.push(a) });
    expect(aliases).toHaveLength(5);
    const t = aliasTargets(doc);
    for (const a of aliases) expect(t.get(a)).toBe(a.resolve(doc) as Node | undefined);
    expect(String(t.get(aliases[0]!))).toBe('1');
    expect(t.get(aliases[1]!)).toBe(t.get(aliases[2]!)); // c's list, which the alias inside it names too
  });
});
