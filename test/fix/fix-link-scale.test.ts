/**
 * A fix of a config.ini with 150,000 duplicate lines took minutes: each repair was compared with every one taken
 * before it in the pass, and each asked whether the whole text holds a `${` placeholder. fix-link keeps the taken
 * edits in an EditIndex, which must answer exactly what editsOverlap against every taken edit answers.
 */
import { describe, it, expect } from 'vitest';
import { IniDocument, editsOverlap, type TextEdit } from '../../src/ini/document.ts';
import { EditIndex, fixLink } from '../../src/lint/fix-link.ts';
import { ALL_RULES } from '../../src/rules/index.ts';

/** A deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('EditIndex', () => {
  it('answers as editsOverlap against every edit added, at bucket edges and for inserts', () => {
    const index = new EditIndex();
    expect(index.overlaps({ start: 0, end: 0, text: '' })).toBe(false);
    index.add({ start: 4090, end: 4100, text: 'x' }); // across the first bucket edge
    index.add({ start: 8192, end: 8192, text: 'y' }); // an insert exactly on an edge
    expect(index.overlaps({ start: 4099, end: 4200, text: '' })).toBe(true);
    expect(index.overlaps({ start: 4100, end: 4200, text: '' })).toBe(false); // touching is not overlapping
    expect(index.overlaps({ start: 4095, end: 4095, text: '' })).toBe(true); // an insert strictly inside
    expect(index.overlaps({ start: 4090, end: 4090, text: '' })).toBe(false); // an insert at its start
    expect(index.overlaps({ start: 8192, end: 8192, text: '' })).toBe(true); // two inserts at one place
    expect(index.overlaps({ start: 8000, end: 8300, text: '' })).toBe(true);
    expect(index.overlaps({ start: 8000, end: 8192, text: '' })).toBe(false);
    expect(index.overlaps({ start: 0, end: 100_000, text: '' })).toBe(true); // spanning many buckets
  });

  it('agrees with comparing every pair on random edits, short and long', () => {
    const next = random(42);
    for (let round = 0; round < 20; round++) {
      const index = new EditIndex();
      const added: TextEdit[] = [];
      for (let i = 0; i < 300; i++) {
        const start = Math.floor(next() * 40_000);
        const long = next() < 0.05;
        const len = next() < 0.3 ? 0 : Math.floor(next() * (long ? 20_000 : 80));
        const e = { start, end: start + len, text: '' };
        const expected = added.some((x) => editsOverlap(x, e));
        expect(index.overlaps(e), `round ${round}, edit ${i}: ${start}-${start + len}`).toBe(expected);
        // any set of edits, overlapping ones too (fix-link does not compare one candidate's own edits)
        if (next() < 0.5) {
          index.add(e);
          added.push(e);
        }
      }
    }
  });
});

describe('fixLink on a config.ini with 150,000 keys', () => {
  // the default test timeout bounds it: this takes seconds, and took minutes before (20 s for 40,000 lines)
  it('removes every duplicate line, keeping the last value of each name', () => {
    const lines = ['[general]'];
    for (let i = 0; i < 150_000; i++) lines.push(`key${i % 10}=value${i}`);
    const rules = ALL_RULES.filter((r) => r.meta.id === 'duplicate-key');
    const r = fixLink({ doc: new IniDocument(lines.join('\n') + '\n'), file: 'config.ini', wvpTexts: new Map(), rules, lang: 'en', options: {}, newSecret: () => 'Q'.repeat(32) });
    expect(r.fixed).toHaveLength(149_990);
    expect(r.remaining).toEqual([]);
    expect(r.doc.text).toBe(['[general]', ...Array.from({ length: 10 }, (_, k) => `key${k}=value${149_990 + k}`)].join('\n') + '\n');
  });
});
