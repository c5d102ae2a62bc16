/**
 * snapshot(): record a node's configuration when, and only when, what ZLM
 * reads from it changed. The one entry point of `snapshot`, `fix` (before and
 * after it writes), and later `watch` (on every change) and `apply`.
 *
 *   const r = await snapshot({ stateDir, source: 'file', target: { file }, reason, actor });
 *   r.rev === null  → nothing significant changed, nothing was written
 *
 * A poll that changed nothing costs one read of the config, its canonical form
 * and one hash compared with the node's index: no lock, no git. A change takes
 * the lock, checks again, and writes one commit.
 */
import { statSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { DumpStyle } from '../ini/document.ts';
import { readConfigFile, configFromBytes, InputError } from '../io/read-config.ts';
import { createZlmApi } from '../zlm/api.ts';
import { canonicalize, canonicalFromApi, canonicalText, parseCanonical, type Canonical } from './canonical.ts';
import { attributeRevision } from './attribute-revision.ts';
import { HistoryStore, StoreError, stateDirOrFail, nodeIdentity, hashText, type AttributionKind, type NodeInfo, type RecordItem, type RevisionPart, type SourceKind } from './store/index.ts';
import type { TreeCache } from './store/repo.ts';

export type SnapshotTarget =
  /** a config file on disk */
  | { file: string }
  /** a config file's text as it was (fix records what it is about to overwrite) */
  | { file: string; text: string }
  /** a running MediaServer's getServerConfig (`live`: the answer the caller already holds, not asked again) */
  | { api: string; secret?: string; timeoutMs?: number; live?: Record<string, string> };

export interface SnapshotInput {
  /** default: $XDG_STATE_HOME/zlm-doctor, else ~/.local/state/zlm-doctor */
  stateDir?: string;
  /** default: file for a file, api for an API */
  source?: SourceKind;
  target: SnapshotTarget;
  reason?: string;
  /** who made the change, when known (a user name, "zlm-doctor fix") */
  actor?: string;
  /** force the attribution (zlm-doctor's own writes); default: classified from the change */
  attribution?: Exclude<AttributionKind, 'mixed'>;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  /** how long to wait for another zlm-doctor holding the lock (ms, default 10 s) */
  lockWaitMs?: number;
  /** one-line notices (a stale lock broken) */
  notice?: (en: string, zh: string) => void;
}

export interface SnapshotResult {
  /** the new revision, or null when nothing significant changed */
  rev: string | null;
  node: string;
  attribution: AttributionKind | null;
  /** keys added, changed or removed */
  keys: string[];
  /** who did which part (a new revision only) */
  parts?: RevisionPart[];
}

interface Read {
  canonical: Canonical;
  dumpStyle?: DumpStyle;
  mode?: string;
  owner?: string;
}

function ownerName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[2] === String(uid)) return `${f[0]} (uid ${uid})`;
    }
  } catch {
    // no passwd file (container, Windows)
  }
  return `uid ${uid}`;
}

async function readTarget(t: SnapshotTarget, fingerprint: (s: string) => string): Promise<Read> {
  const opts = { fingerprint };
  if ('api' in t) {
    if (t.live) return { canonical: canonicalFromApi(t.live, opts) };
    const api = createZlmApi({ base: t.api, ...(t.secret !== undefined ? { secret: t.secret } : {}), timeoutMs: t.timeoutMs ?? 5000 });
    const r = await api.getServerConfig();
    if (!r.ok) {
      throw new StoreError(`cannot snapshot ${r.error.url}: ${r.error.explain.en} Nothing was recorded.`, `无法记录 ${r.error.url}：${r.error.explain.zh} 未记录任何内容。`, 'source');
    }
    return { canonical: canonicalFromApi(r.data, opts) };
  }
  const cfg = 'text' in t ? configFromBytes(t.file, Buffer.from(t.text, 'utf8')) : readConfigFile(t.file);
  const out: Read = { canonical: canonicalize(cfg.doc, opts), dumpStyle: cfg.doc.dumpStyle };
  try {
    const st = statSync(t.file);
    out.mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
    out.owner = ownerName(st.uid);
  } catch {
    // the text of a file that is gone
  }
  return out;
}

/** The keys whose value differs (added, changed, removed), sorted; and the removed ones. */
export function changedKeys(before: Canonical | undefined, after: Canonical): { keys: string[]; removed: string[] } {
  const keys: string[] = [];
  const removed: string[] = [];
  for (const [k, v] of after.entries) if (before?.entries.get(k) !== v) keys.push(k);
  if (before) {
    for (const k of before.entries.keys()) {
      if (after.entries.has(k)) continue;
      keys.push(k);
      removed.push(k);
    }
  }
  return { keys: keys.sort(), removed: removed.sort() };
}

export async function snapshot(input: SnapshotInput): Promise<SnapshotResult> {
  const [r] = await snapshotMany([input], input);
  if (r instanceof Error) throw r;
  return r!;
}

/** What snapshotMany shares across its inputs (each input's own stateDir, env, lockWaitMs and notice are not used). */
export type BatchOptions = Pick<SnapshotInput, 'stateDir' | 'env' | 'lockWaitMs' | 'notice'>;

interface Pending {
  k: number;
  input: SnapshotInput;
  id: ReturnType<typeof nodeIdentity>;
  read: Read;
  text: string;
  hash: string;
}

/**
 * Record several nodes at once (serve's first sight of a fleet): each input is read and compared with its node's
 * last revision as snapshot() does, then every changed node is written under ONE lock in ONE commit
 * (HistoryStore.recordMany); a node given twice gets a second commit after the first, so its revisions follow
 * one another. Each node's revision is what snapshot() alone would have recorded (its own time, reason, actor,
 * attribution). Returns one result per input, in order: a SnapshotResult, or the Error of that input alone (an
 * unreadable file, a damaged index). Throws when the batch itself could not be written (lock, I/O, damage):
 * then nothing of it was recorded and the caller may try again.
 */
export async function snapshotMany(inputs: readonly SnapshotInput[], opts: BatchOptions = {}): Promise<(SnapshotResult | Error)[]> {
  const env = opts.env ?? process.env;
  const out: (SnapshotResult | Error)[] = new Array<SnapshotResult | Error>(inputs.length);
  if (inputs.length === 0) return out;
  const store = HistoryStore.open(stateDirOrFail(opts.stateDir, env), { create: true })!;
  const pending: Pending[] = [];
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k]!;
    const t = input.target;
    try {
      const id = nodeIdentity('api' in t ? { api: t.api } : { file: t.file }, input.source);
      let read: Read;
      try {
        read = await readTarget(t, store.fingerprint);
      } catch (e) {
        if (e instanceof InputError) throw new StoreError(`${e.message}; nothing was recorded`, `${e.file}：${e.reasonZh ?? e.reason}；未记录任何内容`, 'source');
        throw e;
      }
      const text = canonicalText(read.canonical);
      const hash = hashText(text);
      // the cheap path: unchanged since the node's last revision (and not changed earlier in this batch)
      if (!pending.some((p) => p.id.name === id.name) && store.head(id.name)?.hash === hash) out[k] = { rev: null, node: id.name, attribution: null, keys: [] };
      else pending.push({ k, input, id, read, text, hash });
    } catch (e) {
      out[k] = e as Error;
    }
  }
  if (pending.length === 0) return out;

  const lock = await store.lock({ ...(opts.lockWaitMs !== undefined ? { waitMs: opts.lockWaitMs } : {}), ...(opts.notice ? { notice: opts.notice } : {}) });
  try {
    let tree = (await store.repo(true))!;
    let rest = pending;
    while (rest.length) {
      // one commit per round; a node's later snapshot waits for the next round
      const round: Pending[] = [];
      const later: Pending[] = [];
      const inRound = new Set<string>();
      for (const p of rest) {
        if (inRound.has(p.id.name)) later.push(p);
        else {
          inRound.add(p.id.name);
          round.push(p);
        }
      }
      rest = later;
      const nodes = store.nodes();
      const items: Prepared[] = [];
      for (const p of round) {
        try {
          const item = prepare(store, tree, nodes.nodes[p.id.name], p);
          if ('p' in item) items.push(item);
          else out[p.k] = item;
        } catch (e) {
          out[p.k] = e as Error;
          // its later snapshots would be compared with a head that is not there
          for (const q of rest) if (q.id.name === p.id.name) out[q.k] = e as Error;
          rest = rest.filter((q) => q.id.name !== p.id.name);
        }
      }
      const r = await store.recordMany(tree, items);
      tree = r.tree;
      items.forEach((item, i) => (out[item.p.k] = { ...item.result, rev: r.revisions[i]!.rev }));
    }
    return out;
  } finally {
    lock.release();
  }
}

type Prepared = RecordItem & { p: Pending; result: SnapshotResult };

/** One input's revision (under the lock), or its result when the node already has that text. */
function prepare(store: HistoryStore, tree: TreeCache, known: NodeInfo | undefined, p: Pending): Prepared | SnapshotResult {
  const { input, id, read, text } = p;
  // another process (or an earlier round) may have recorded the same text meanwhile
  const head = store.head(id.name);
  // the repository knows the node but its index is gone: never start its history over
  if (!head && tree.entries[id.name]) throw store.missingIndex(id.name);
  if (head?.hash === p.hash) return { rev: null, node: id.name, attribution: null, keys: [] };
  const before = head ? parseCanonical(head.text) : undefined;
  const { keys, removed } = changedKeys(before, read.canonical);
  const who = input.actor ?? safeUser();
  const a = attributeRevision(before, read.canonical, { keys, fingerprint: store.fingerprint, ...(input.attribution ? { forced: input.attribution } : {}), ...(read.dumpStyle ? { afterDumpStyle: read.dumpStyle } : {}) });
  const time = (input.now ?? new Date()).toISOString();
  const node = known ?? { ...id, created: time };
  const subject = `${id.name}: ${head ? `${keys.length} key(s) changed` : `first snapshot (${keys.length} keys)`} [${a.attribution}]`;
  const body = head ? keys.slice(0, 50).map((k) => `${removed.includes(k) ? '-' : '~'} ${k}`) : [];
  if (head && keys.length > 50) body.push(`… ${keys.length - 50} more`);
  return {
    p,
    node,
    text,
    subject,
    body,
    meta: {
      time,
      source: id.source,
      attribution: a.attribution,
      reason: input.reason ?? null,
      keys,
      ...(removed.length ? { removed } : {}),
      ...(a.parts.length > 1 ? { parts: a.parts } : {}),
      host: hostname(),
      ...(read.mode ? { mode: read.mode } : {}),
      ...(read.owner ? { owner: read.owner } : {}),
      ...(who ? { actor: who } : {}),
    },
    result: { rev: null, node: id.name, attribution: a.attribution, keys, parts: a.parts },
  };
}

function safeUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
