/**
 * The log signatures compiled for scanning: each signature's patterns with the
 * literals every match must contain (a cheap test before the regex), and one
 * combined regex of all signature keys that finds which signatures a line may
 * match at all. Built once per signature list.
 */
import { LOG_SIGNATURES, type LogSignature } from './log-signatures.ts';

export interface Compiled {
  sig: LogSignature;
  index: number;
  patterns: RegExp[];
  /** per pattern: literals any match must contain (a cheap test before the regex) */
  lits: string[][];
  exclude: RegExp[];
  exLits: string[][];
  levels: string;
  body: boolean;
}

/**
 * Literal runs (3+ characters) that every match of a regex source must contain:
 * the runs at the top level, outside groups and classes and not made optional
 * by a quantifier. A top-level alternation gives none (no run is required).
 */
export function requiredLiterals(src: string): string[] {
  const out: string[] = [];
  let run = '';
  let depth = 0;
  const flush = (): void => {
    if (run.length >= 3) out.push(run);
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const nx = src[i + 1];
      if (nx === undefined) return [];
      i++;
      if (depth > 0) continue;
      if (/[dDwWsSbBnrtfv0-9pPuxkc]/.test(nx)) {
        flush();
        continue;
      }
      const q = src[i + 1];
      if (q === '?' || q === '*' || q === '{') {
        flush();
        continue;
      }
      run += nx;
      continue;
    }
    if (ch === '[') {
      // skip the class
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j;
      if (depth === 0) flush();
      continue;
    }
    if (ch === '(') {
      depth++;
      if (depth === 1) flush();
      continue;
    }
    if (ch === ')') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (ch === '|') return [];
    if (ch === '.' || ch === '^' || ch === '$') {
      flush();
      continue;
    }
    if (ch === '?' || ch === '*' || ch === '{') {
      // the last character was optional or repeated: it is not required as part of the run
      run = run.slice(0, -1);
      flush();
      if (ch === '{') while (i < src.length && src[i] !== '}') i++;
      continue;
    }
    if (ch === '+') {
      flush();
      continue;
    }
    run += ch;
  }
  flush();
  return out;
}

export function hasAll(line: string, lits: readonly string[]): boolean {
  for (const l of lits) if (!line.includes(l)) return false;
  return true;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Everything the scan needs, compiled once per signature list. */
export class SignatureIndex {
  readonly all: Compiled[];
  /** Levels that have signatures, as characters and bytes (W=87, E=69). */
  readonly levelChars: string;
  readonly levelBytes: number[];
  readonly hasBody: boolean;
  /** One global regex of every key: finds which signatures a line may match. */
  readonly keyRe: RegExp;
  readonly byKey: Map<string, Compiled[]>;
  /**
   * key → how far past the start of its match the key search resumes: the
   * first offset where another key could begin inside it (1 when one can at
   * once), else its length. Resuming one character on finds the same keys, slower.
   */
  readonly restart: Map<string, number>;

  constructor(sigs: readonly LogSignature[]) {
    this.all = sigs.map((sig, index) => ({
      sig,
      index,
      patterns: sig.patterns.map((p) => new RegExp(p)),
      lits: sig.patterns.map(requiredLiterals),
      exclude: (sig.exclude ?? []).map((p) => new RegExp(p)),
      exLits: (sig.exclude ?? []).map(requiredLiterals),
      levels: sig.levels.join(''),
      body: sig.body === true,
    }));
    const levels = new Set<string>();
    for (const c of this.all) for (const l of c.sig.levels) levels.add(l);
    this.levelChars = [...levels].join('');
    this.levelBytes = [...levels].map((l) => l.charCodeAt(0));
    this.hasBody = this.all.some((c) => c.body);
    this.byKey = new Map();
    for (const c of this.all) {
      for (const k of c.sig.keys) {
        const list = this.byKey.get(k);
        if (list) list.push(c);
        else this.byKey.set(k, [c]);
      }
    }
    // longest first, so a key is never shadowed by a shorter one starting at the same place
    const keys = [...this.byKey.keys()].sort((a, b) => b.length - a.length);
    this.keyRe = new RegExp(keys.map(escapeRe).join('|') || '(?!)', 'g');
    this.restart = new Map();
    for (const k of keys) {
      let r = k.length;
      for (let off = 1; off < k.length && r === k.length; off++) {
        const tail = k.slice(off);
        if (keys.some((o) => o.startsWith(tail) || tail.startsWith(o) || tail.includes(o))) r = off;
      }
      this.restart.set(k, r);
    }
  }
}

/** The index of LOG_SIGNATURES, shared by every scan that does not limit the list. */
export const DEFAULT_SIGNATURE_INDEX = new SignatureIndex(LOG_SIGNATURES);
