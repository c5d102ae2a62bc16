/**
 * The merged property sources of a Spring application: flattened YAML leaves
 * (a later source wins; a later list replaces the whole list), environment
 * variables that override keys, and placeholders resolved from the
 * environment first and then from other keys. No application's code defaults:
 * those belong to the application (src/wvp/defaults.ts).
 */
import { isSeq } from 'yaml';
import type { ValueSource } from '../types.ts';
import { envIndex, type EnvIndex } from './env.ts';
import { nodeText, type Leaf } from './flatten.ts';
import { resolvePlaceholders, type Resolution } from './placeholders.ts';
import { canonicalKey } from './relaxed.ts';

/** A key's value from an environment override or the files, placeholders resolved. */
export interface RawValue {
  source: ValueSource;
  res: Resolution;
  raw?: string;
  leaf?: Leaf;
  envVar?: string;
  /** an environment variable overrides the key itself (no file location applies) */
  direct?: boolean;
}

export class PropertySources {
  private store = new Map<string, Leaf>();
  private readonly envIdx: EnvIndex;

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.envIdx = envIndex(env);
  }

  /** Adds one document's leaves over what is there. */
  put(leaves: Leaf[]): void {
    for (const l of leaves) {
      const k = canonicalKey(l.written);
      if (isSeq(l.node)) {
        // a list from a later source replaces the whole list
        for (const key of [...this.store.keys()]) if (key.startsWith(`${k}[`)) this.store.delete(key);
      }
      this.store.set(k, l);
    }
  }

  clear(): void {
    this.store = new Map();
  }

  has(path: string): boolean {
    return this.store.has(canonicalKey(path));
  }

  /** The winning leaf of a key. */
  leaf(path: string): Leaf | undefined {
    return this.store.get(canonicalKey(path));
  }

  /** canonical key → winning leaf, in insertion order */
  entries(): IterableIterator<[string, Leaf]> {
    return this.store.entries();
  }

  /** Resolves the placeholders in `s` against the environment and the merged keys. */
  resolveText(s: string, visiting: Set<string> = new Set()): Resolution {
    return resolvePlaceholders(s, visiting, (name, v) => this.lookupName(name, v));
  }

  /** value of a placeholder name: environment, then another key of the merged config */
  private lookupName(name: string, visiting: Set<string>): Resolution | undefined {
    const direct = this.envIdx.direct(name);
    if (direct !== undefined) {
      const r = this.resolveText(this.env[direct] ?? '', visiting);
      r.usedEnv = direct;
      return r;
    }
    const raw = this.raw(name, visiting);
    return raw.source === 'missing' ? undefined : raw.res;
  }

  /** a key's value from env override or the files, placeholders resolved; no code defaults */
  raw(path: string, visiting: Set<string> = new Set()): RawValue {
    const canon = canonicalKey(path);
    const leaf = this.store.get(canon);
    if (visiting.has(canon)) {
      return { source: 'file', res: { value: undefined, unresolved: [path], usedDefault: false }, leaf };
    }
    const inner = new Set(visiting).add(canon);
    const envName = this.envIdx.forKey(path);
    if (envName !== undefined) {
      const raw = this.env[envName] ?? '';
      const res = this.resolveText(raw, inner);
      return { source: 'env', res: { ...res, usedEnv: envName }, raw, leaf, envVar: envName, direct: true };
    }
    if (!leaf) return { source: 'missing', res: { value: undefined, unresolved: [], usedDefault: false } };
    const raw = nodeText(leaf);
    if (raw === undefined) return { source: 'missing', res: { value: undefined, unresolved: [], usedDefault: false }, leaf };
    const res = this.resolveText(raw, inner);
    const source: ValueSource = res.unresolved.length ? 'file' : res.usedDefault ? 'placeholder-default' : res.usedEnv ? 'env' : 'file';
    return { source, res, raw, leaf, envVar: res.usedEnv };
  }
}
