/**
 * Seeded fuzz (Acceptance): mutate the historic configs (byte flips,
 * truncation, odd separators and whitespace such as \v and \f, duplicated
 * lines, CR-only line ends). Over at least 1,000 inputs, `check` never throws
 * or hangs, and `check --fix` (fix-link on the text) never ends with more
 * errors than it began with, nor with an error that was not there before.
 * In-process library calls, a fixed seed: a failure names the seed and the
 * mutation so it can be replayed.
 */
import { it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeShared, sharedPath } from '../support/shared.ts';
import { IniDocument } from '../../src/ini/document.ts';
import { decodeConfig, InputError } from '../../src/io/read-config.ts';
import { lint } from '../../src/lint/engine.ts';
import { fixLink, newErrors } from '../../src/lint/fix-link.ts';
import { ZLM_RULES } from '../../src/rules/index.ts';

const SEED = 0x5eed_2026;
const INPUTS = 1000;
/** one input must never take this long (a hang shows up as a failure, not a stuck run) */
const SLOW_MS = 3000;

/** mulberry32: small, fast, and the same sequence everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

const ODD = ['\v', '\f', '\t', '\r', ' ', '\u00a0', '\u3000', '\ufeff', '=', '[', ']', ';', '#', '"', "'", '\\', '$', '%', '\u0000', '\u001b'];
const SEPARATORS = [' = ', '\v=\v', '\f=', '==', '= =', ':', '\t=\t', '=\v', ' =', '= '];

function lineBounds(text: string, rng: Rng): [number, number] {
  const at = rng.int(text.length + 1);
  const s = text.lastIndexOf('\n', at - 1) + 1;
  const e = text.indexOf('\n', at);
  return [s, e === -1 ? text.length : e];
}

const MUTATIONS: Record<string, (t: string, rng: Rng) => string> = {
  byteFlip: (t, rng) => {
    const b = Buffer.from(t, 'utf8');
    if (b.length === 0) return t;
    for (let k = 1 + rng.int(3); k > 0; k--) b[rng.int(b.length)] = rng.int(256);
    try {
      return decodeConfig('fuzz.ini', b);
    } catch (e) {
      if (e instanceof InputError) return b.toString('latin1'); // refused as a file; the text itself must still not crash
      throw e;
    }
  },
  charFlip: (t, rng) => {
    const i = rng.int(t.length + 1);
    return t.slice(0, i) + rng.pick(ODD) + t.slice(i + 1);
  },
  truncate: (t, rng) => t.slice(0, rng.int(t.length + 1)),
  separator: (t, rng) => {
    const [s, e] = lineBounds(t, rng);
    const line = t.slice(s, e);
    const eq = line.indexOf('=');
    if (eq === -1) return t;
    return t.slice(0, s) + line.slice(0, eq) + rng.pick(SEPARATORS) + line.slice(eq + 1) + t.slice(e);
  },
  whitespace: (t, rng) => {
    const [s, e] = lineBounds(t, rng);
    const ws = rng.pick(['\v', '\f', '\t', ' ', '\u00a0', '\r']);
    return rng.next() < 0.5 ? t.slice(0, s) + ws + t.slice(s) : t.slice(0, e) + ws + t.slice(e);
  },
  duplicateLine: (t, rng) => {
    const [s, e] = lineBounds(t, rng);
    return t.slice(0, e) + '\n' + t.slice(s, e) + t.slice(e);
  },
  duplicateBlock: (t, rng) => {
    const [s] = lineBounds(t, rng);
    const end = Math.min(t.length, s + 200 + rng.int(800));
    return t.slice(0, end) + '\n' + t.slice(s, end) + t.slice(end);
  },
  // a misspelt key (did-you-mean renames it back) whose value may be broken too
  keyTypo: (t, rng) => {
    const [s, e] = lineBounds(t, rng);
    const line = t.slice(s, e);
    const eq = line.indexOf('=');
    if (eq < 3 || /^[;#[]/.test(line)) return t;
    const i = rng.int(eq - 1);
    const key = line.slice(0, i) + line[i + 1] + line[i] + line.slice(i + 2, eq);
    const value = rng.next() < 0.5 ? line.slice(eq + 1) : rng.pick(['\v=1', 'yes', '-1', '99999', 'http://x y', '', '1 # note', '0x10']);
    return t.slice(0, s) + key + '=' + value + t.slice(e);
  },
  crOnly: (t) => t.replace(/\r?\n/g, '\r'),
  mixedEol: (t, rng) => t.replace(/\r?\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\r'])),
  dropHeader: (t, rng) => {
    const headers = [...t.matchAll(/^\[[^\]\n]*\][^\n]*\n/gm)];
    if (headers.length === 0) return t;
    const h = rng.pick(headers);
    return t.slice(0, h.index) + t.slice(h.index + h[0].length);
  },
};
const NAMES = Object.keys(MUTATIONS);

const errorCount = (fs: readonly { severity: string }[]) => fs.filter((f) => f.severity === 'error').length;

describeShared(['corpus', 'zlm-config-history'], `fuzz: mutated historic configs (seed ${SEED.toString(16)})`, () => {
  const dir = sharedPath('corpus', 'zlm-config-history');
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.ini'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

  it(`check never throws or hangs, and check --fix never ends worse, over ${INPUTS} inputs`, () => {
    expect(sources.length).toBeGreaterThan(100);
    const rng = prng(SEED);
    const failures: string[] = [];
    let worstMs = 0;
    for (let i = 0; i < INPUTS; i++) {
      const src = sources[i % sources.length]!;
      const applied: string[] = [];
      let text = src.text;
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const m = rng.pick(NAMES);
        applied.push(m);
        text = MUTATIONS[m]!(text, rng);
      }
      const label = `#${i} ${src.name} [${applied.join('+')}]`;
      const t0 = performance.now();
      try {
        const doc = new IniDocument(text);
        const found = lint({ doc, file: 'config.ini', rules: ZLM_RULES, lang: 'en' });
        const r = fixLink({ doc, file: 'config.ini', wvpTexts: new Map(), rules: ZLM_RULES, lang: 'en', options: {}, newSecret: () => 'F'.repeat(32) });
        expect(r.initial.length).toBe(found.length);
        const worse = newErrors(r.initial, r.remaining);
        if (worse || errorCount(r.remaining) > errorCount(r.initial)) failures.push(`${label}: ${errorCount(r.initial)} → ${errorCount(r.remaining)} errors (${(worse ?? []).join(', ')})`);
        // what fix-link returns is what a second check sees
        const again = lint({ doc: new IniDocument(r.doc.text), file: 'config.ini', rules: ZLM_RULES, lang: 'en' });
        if (errorCount(again) > errorCount(r.initial)) failures.push(`${label}: re-check of the repaired text has ${errorCount(again)} errors, was ${errorCount(r.initial)}`);
      } catch (e) {
        failures.push(`${label}: threw ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
      const ms = performance.now() - t0;
      worstMs = Math.max(worstMs, ms);
      if (ms > SLOW_MS) failures.push(`${label}: took ${Math.round(ms)} ms`);
      if (failures.length >= 20) break;
    }
    expect(failures, `slowest input ${Math.round(worstMs)} ms`).toEqual([]);
  }, 120_000);
});
