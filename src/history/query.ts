/**
 * Reading the history from the per-node index only (never a walk of the
 * repository): `history <node>` and `blame <node>`.
 */
import type { AttributionKind, HistoryStore, Revision, SourceKind } from './store/index.ts';
import { compareKeys } from './canonical.ts';

/** One revision in `history --format json` (the contract: exactly these fields). */
export interface HistoryEntry {
  rev: string;
  time: string;
  source: SourceKind;
  attribution: AttributionKind;
  reason: string | null;
  keys: string[];
}

export interface HistoryJson {
  version: 1;
  node: string;
  revisions: HistoryEntry[];
}

export interface HistoryFilter {
  /** only revisions that changed this key (section.key) */
  key?: string;
  /** only revisions at or after this time */
  since?: Date;
}

export function selectRevisions(all: readonly Revision[], f: HistoryFilter): Revision[] {
  const since = f.since?.getTime();
  const out: Revision[] = [];
  // newest first
  for (let i = all.length - 1; i >= 0; i--) {
    const r = all[i]!;
    if (since !== undefined && Date.parse(r.time) < since) break;
    if (f.key !== undefined && !r.keys.includes(f.key)) continue;
    out.push(r);
  }
  return out;
}

export function historyJson(store: HistoryStore, what: string, f: HistoryFilter): HistoryJson {
  const node = store.node(what);
  const revs = selectRevisions(store.revisions(node.name), f);
  return {
    version: 1,
    node: node.name,
    revisions: revs.map((r) => ({ rev: r.rev, time: r.time, source: r.source, attribution: r.attribution, reason: r.reason, keys: r.keys })),
  };
}

/** The attribution of one key in a revision: its part's, else the revision's. */
export function keyAttribution(r: Revision, key: string): AttributionKind {
  if (r.parts) for (const p of r.parts) if (p.keys.includes(key)) return p.attribution;
  return r.attribution;
}

export interface BlameEntry {
  key: string;
  rev: string;
  time: string;
  source: SourceKind;
  attribution: AttributionKind;
  reason: string | null;
  actor?: string;
}

/** For each key the node has now, the revision that last set it. */
export function blame(revs: readonly Revision[]): BlameEntry[] {
  const by = new Map<string, BlameEntry>();
  for (const r of revs) {
    const removed = new Set(r.removed ?? []);
    for (const k of r.keys) {
      if (removed.has(k)) by.delete(k);
      else by.set(k, { key: k, rev: r.rev, time: r.time, source: r.source, attribution: keyAttribution(r, k), reason: r.reason, ...(r.actor ? { actor: r.actor } : {}) });
    }
  }
  return [...by.values()].sort((a, b) => compareKeys(a.key, b.key));
}
