/**
 * The git repository of the history: a bare repository (`repo.git`) created and
 * read with isomorphic-git, its objects and branch written by objects.ts (no git
 * binary is needed anywhere), readable with plain
 * `git -C repo.git log`, pushable to the user's own remote. The tree of
 * every commit is `nodes.json` plus `nodes/<name>.ini` (canonical text, secrets
 * as keyed fingerprints). One commit per significant change of one node;
 * its metadata are trailers of the message (Source, Attribution, Reason,
 * Host, Mode, Owner, Keys, Node).
 */
import * as fs from 'node:fs';
import { readdirSync } from 'node:fs';
import git from 'isomorphic-git';
import { StoreError } from './errors.ts';
import { appendLog, readLog, type LogRead } from './atomic.ts';
import { ioError, type StateLayout } from './paths.ts';
import { commitBytes, looseExists, readLooseRef, treeBytes, writeObject, writeRefFile } from './objects.ts';

export const BRANCH = 'main';
const REF = `refs/heads/${BRANCH}`;
const AUTHOR = 'zlm-doctor';

/** The tree of the last commit, cached so a commit never reads git first. */
export interface TreeCache {
  commit: string | null;
  /** node name → blob of nodes/<name>.ini */
  entries: Record<string, string>;
  /** blob of nodes.json */
  nodesBlob: string | null;
  /** loose objects written since the last pack */
  loose: number;
}

function damaged(l: StateLayout, what: string, whatZh: string): StoreError {
  return new StoreError(
    `the history store ${l.dir} is damaged: ${what}. Nothing was written. To recover: restore ${l.dir} from a backup (or clone your pushed copy: git clone --bare <remote> ${l.repo}); to start a new history instead, move ${l.dir} away first`,
    `历史存储 ${l.dir} 已损坏：${whatZh}。未写入任何内容。恢复方法：从备份恢复 ${l.dir}（或克隆已推送的副本：git clone --bare <remote> ${l.repo}）；若要重新开始记录，请先把 ${l.dir} 移走`,
    'damaged',
  );
}

const exists = (p: string) => fs.existsSync(p);
const nonEmptyDir = (p: string) => {
  try {
    return readdirSync(p).length > 0;
  } catch {
    return false;
  }
};

/**
 * The tree cache `tree.json` is a log (appendLog): a whole cache on its first line (a store written before it
 * was a log has only that line), then one line per commit with what changed (`set`: node → blob). Read by
 * replaying it; rewritten as one line once it passes twice the size of a whole cache (at least 32 KB).
 */
interface TreeDelta {
  commit: string | null;
  set: Record<string, string>;
  nodesBlob: string | null;
  loose: number;
}

const treeLine = (l: string, whole: boolean) => {
  if (whole) return l.startsWith('{') && l.endsWith('}');
  try {
    JSON.parse(l);
    return true;
  } catch {
    return false;
  }
};

/** the last cache read or written by this process, with the file's identity then */
let memo: { path: string; ino: number; size: number; mtimeMs: number; cache: TreeCache } | undefined;

export function readTreeCache(l: StateLayout): TreeCache | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(l.tree);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(l.tree, e);
  }
  if (memo && memo.path === l.tree && memo.ino === st.ino && memo.size === st.size && memo.mtimeMs === st.mtimeMs) return { ...memo.cache, entries: { ...memo.cache.entries } };
  const bad = () => damaged(l, `${l.tree} is not readable JSON`, `${l.tree} 不是有效的 JSON`);
  const log = readLog(l.tree, treeLine);
  if (!log) return undefined;
  if (log.whole < 0 || log.lines.length === 0) throw bad();
  let t: TreeCache | undefined;
  for (const line of log.lines) {
    let v: Partial<TreeCache & TreeDelta>;
    try {
      v = JSON.parse(line) as Partial<TreeCache & TreeDelta>;
    } catch {
      throw bad();
    }
    if (v && typeof v.entries === 'object' && v.entries) {
      t = v as TreeCache;
    } else if (t && v && typeof v.set === 'object' && v.set) t = { commit: v.commit ?? null, entries: Object.assign(t.entries, v.set), nodesBlob: v.nodesBlob ?? null, loose: v.loose ?? 0 };
    else throw bad();
  }
  if (!t) throw bad();
  memo = { path: l.tree, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, cache: { ...t, entries: { ...t.entries } } };
  return t;
}

/**
 * Write the tree cache: one line appended with what changed since `prev` (the cache this commit started from,
 * read under the same lock), else, or once the log is long, the whole cache as the only line (temp, rename).
 */
export function writeTreeCache(l: StateLayout, t: TreeCache, prev?: TreeCache): void {
  const full = JSON.stringify(t);
  const compactAt = Math.max(32 * 1024, 2 * full.length);
  let log: LogRead | undefined;
  let delta: string | undefined;
  if (prev && !Object.keys(prev.entries).some((k) => !(k in t.entries))) {
    try {
      log = readLog(l.tree, treeLine);
    } catch {
      log = undefined;
    }
    const set: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.entries)) if (prev.entries[k] !== v) set[k] = v;
    delta = JSON.stringify({ commit: t.commit, set, nodesBlob: t.nodesBlob, loose: t.loose } satisfies TreeDelta);
    // appended only to a sound log that ends where this commit started
    if (!log || log.whole < 0 || log.lines.length === 0 || log.size + delta.length + 1 > compactAt || (JSON.parse(log.lines[log.lines.length - 1]!) as { commit?: string | null }).commit !== prev.commit) delta = undefined;
  }
  if (delta !== undefined) appendLog(l.tree, delta, log, Infinity);
  else appendLog(l.tree, full, undefined, 0);
  try {
    const st = fs.statSync(l.tree);
    memo = { path: l.tree, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, cache: { ...t, entries: { ...t.entries } } };
  } catch {
    memo = undefined;
  }
}

/**
 * The repository, checked; created only in a state directory that holds no history yet.
 * Never re-creates a repository over old data: an index without a repository, a repository whose
 * branch is gone or does not match the index, is an error that says how to recover.
 */
export async function openRepo(l: StateLayout, create: boolean): Promise<(TreeCache & { cutShort?: CutShort }) | undefined> {
  const hasRepo = exists(l.repo);
  // (a listing of index/ costs ~1 ms per thousand nodes: only asked when it matters)
  const hasHistory = () => exists(l.tree) || exists(l.nodes) || nonEmptyDir(l.index);
  if (!hasRepo) {
    if (hasHistory()) throw damaged(l, `the repository ${l.repo} is missing but the index of its history is there`, `仓库 ${l.repo} 不存在，但其历史索引仍在`);
    if (!create) return undefined;
    try {
      await git.init({ fs, gitdir: l.repo, bare: true, defaultBranch: BRANCH });
      fs.chmodSync(l.repo, 0o700);
    } catch (e) {
      throw ioError(l.repo, e);
    }
    const t: TreeCache = { commit: null, entries: {}, nodesBlob: null, loose: 0 };
    writeTreeCache(l, t);
    return t;
  }
  if (!exists(`${l.repo}/HEAD`) || !exists(`${l.repo}/objects`)) throw damaged(l, `${l.repo} is not a git repository (no HEAD or objects)`, `${l.repo} 不是 git 仓库（缺少 HEAD 或 objects）`);
  const cache = readTreeCache(l);
  let head: string | null | undefined = readLooseRef(l.repo, REF);
  if (head === undefined) {
    try {
      head = await git.resolveRef({ fs, gitdir: l.repo, ref: REF });
    } catch {
      head = null;
    }
  }
  if (!cache) {
    if (head !== null || hasHistory()) throw damaged(l, `${l.tree} is missing`, `${l.tree} 不存在`);
    const t: TreeCache = { commit: null, entries: {}, nodesBlob: null, loose: 0 };
    if (create) writeTreeCache(l, t);
    return t;
  }
  if (head !== cache.commit) {
    // a write cut short (killed between the commit and the index): the writer finishes it
    const cut = create && head !== null ? await readCutShort(l, cache, head) : undefined;
    if (cut) return cut;
    throw damaged(
      l,
      head === null ? `its branch ${BRANCH} is gone (the last commit recorded is ${cache.commit})` : `its branch ${BRANCH} is at ${head.slice(0, 12)}, but the index ends at ${String(cache.commit).slice(0, 12)} (changed by hand, or a write was cut short)`,
      head === null ? `分支 ${BRANCH} 已不存在（最后记录的提交是 ${cache.commit}）` : `分支 ${BRANCH} 指向 ${head.slice(0, 12)}，但索引止于 ${String(cache.commit).slice(0, 12)}（被手动修改，或写入被中断）`,
    );
  }
  if (head !== null && !looseExists(l.repo, head)) {
    try {
      await git.readCommit({ fs, gitdir: l.repo, oid: head });
    } catch (e) {
      throw damaged(l, `its last commit ${head.slice(0, 12)} cannot be read (${(e as Error).message})`, `无法读取最后一个提交 ${head.slice(0, 12)}（${(e as Error).message}）`);
    }
  }
  return cache;
}

/** What the last commit says, when it is zlm-doctor's own commit right after the one the cache knows. */
export interface CutShort {
  /** the nodes it recorded (one, or a batch), each with its trailers */
  nodes: { node: string; trailers: Record<string, string> }[];
  time: Date;
  nodesBlob: string | null;
}

async function readCutShort(l: StateLayout, cache: TreeCache, head: string): Promise<(TreeCache & { cutShort: CutShort }) | undefined> {
  const gitdir = l.repo;
  try {
    const c = await git.readCommit({ fs, gitdir, oid: head });
    const parents = c.commit.parent;
    if (c.commit.author.name !== AUTHOR || parents.length > 1 || (parents[0] ?? null) !== cache.commit) return undefined;
    const nodes = parseNodeTrailers(c.commit.message).map((trailers) => ({ node: trailers.Node!, trailers }));
    if (nodes.length === 0) return undefined;
    const root = await git.readTree({ fs, gitdir, oid: c.commit.tree });
    const nodesTree = root.tree.find((e) => e.path === 'nodes');
    if (!nodesTree) return undefined;
    const sub = await git.readTree({ fs, gitdir, oid: nodesTree.oid });
    const entries = Object.fromEntries(sub.tree.map((e) => [e.path.replace(/\.ini$/, ''), e.oid]));
    const nodesBlob = root.tree.find((e) => e.path === 'nodes.json')?.oid ?? null;
    if (nodes.some((n) => !entries[n.node])) return undefined;
    return { commit: head, entries, nodesBlob, loose: cache.loose + 4 + nodes.length, cutShort: { nodes, time: new Date(c.commit.committer.timestamp * 1000), nodesBlob } };
  } catch {
    return undefined;
  }
}

/** A blob's text. */
export async function readBlobText(l: StateLayout, oid: string): Promise<string> {
  const b = await git.readBlob({ fs, gitdir: l.repo, oid });
  return Buffer.from(b.blob).toString('utf8');
}

export interface CommitInput {
  node: string;
  text: string;
  /** nodes.json, when it changed (a new node) */
  nodesJson?: string;
  message: string;
  time: Date;
}

/** Write one commit that sets nodes/<node>.ini; returns the new commit id and the updated tree cache. */
export function commitNode(l: StateLayout, t: TreeCache, c: CommitInput): Promise<{ oid: string; tree: TreeCache }> {
  return commitNodes(l, t, { files: [{ node: c.node, text: c.text }], message: c.message, time: c.time, ...(c.nodesJson !== undefined ? { nodesJson: c.nodesJson } : {}) });
}

export interface BatchCommitInput {
  /** each node at most once */
  files: { node: string; text: string }[];
  nodesJson?: string;
  message: string;
  time: Date;
}

/**
 * Write one commit that sets nodes/<node>.ini of every node given (a batch: serve's first sight of a fleet), with
 * one tree and one update of the branch; returns the new commit id and the updated tree cache.
 */
export async function commitNodes(l: StateLayout, t: TreeCache, c: BatchCommitInput): Promise<{ oid: string; tree: TreeCache }> {
  const gitdir = l.repo;
  let objects = 0;
  const put = (type: 'blob' | 'tree' | 'commit', data: Buffer) => {
    const r = writeObject(gitdir, type, data);
    if (r.written) objects++;
    return r.oid;
  };
  const entries = { ...t.entries };
  for (const f of c.files) entries[f.node] = put('blob', Buffer.from(f.text, 'utf8'));
  const nodesBlob = c.nodesJson !== undefined ? put('blob', Buffer.from(c.nodesJson, 'utf8')) : t.nodesBlob;
  const nodesTree = put('tree', treeBytes(Object.entries(entries).map(([name, oid]) => ({ mode: '100644' as const, name: `${name}.ini`, oid }))));
  const root = put('tree', treeBytes([{ mode: '40000', name: 'nodes', oid: nodesTree }, ...(nodesBlob ? [{ mode: '100644' as const, name: 'nodes.json', oid: nodesBlob }] : [])]));
  const oid = put('commit', commitBytes(root, t.commit ? [t.commit] : [], { name: AUTHOR, email: 'zlm-doctor@localhost', time: c.time }, c.message));
  writeRefFile(gitdir, REF, oid);
  return { oid, tree: { commit: oid, entries, nodesBlob, loose: t.loose + objects } };
}

/** The commit message: a subject, an optional body, then the trailers (values on one line each). */
export function commitMessage(subject: string, body: string[], trailers: [string, string | undefined | null][]): string {
  const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();
  const tr = trailers.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${k}: ${oneLine(v!)}`);
  return [oneLine(subject), '', ...(body.length ? [...body, ''] : []), ...tr].join('\n') + '\n';
}

export function parseTrailers(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  const paras = message.trimEnd().split(/\n\n/);
  for (const line of (paras[paras.length - 1] ?? '').split('\n')) {
    const m = /^([A-Za-z-]+): (.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The trailers of a revision: Node, Source, Attribution, Reason, Host, Mode, Owner, Actor, Keys (and Time in a batch). */
export const NODE_TRAILERS = ['Node', 'Time', 'Source', 'Attribution', 'Reason', 'Host', 'Mode', 'Owner', 'Actor', 'Keys'] as const;

/**
 * The nodes a commit recorded, each with its trailers: one for a single commit (its last paragraph), one per
 * paragraph that names a Node for a batch commit (whose last paragraph is `Batch: N nodes`).
 */
export function parseNodeTrailers(message: string): Record<string, string>[] {
  const known = new Set<string>(NODE_TRAILERS);
  const out: Record<string, string>[] = [];
  for (const para of message.trimEnd().split(/\n\n/).slice(1)) {
    const t: Record<string, string> = {};
    for (const line of para.split('\n')) {
      const m = /^([A-Za-z-]+): (.*)$/.exec(line);
      if (m && known.has(m[1]!)) t[m[1]!] = m[2]!;
    }
    if (t.Node) out.push(t);
  }
  return out;
}

export async function expandRev(l: StateLayout, rev: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{4,40}$/i.test(rev)) return undefined;
  try {
    return await git.expandOid({ fs, gitdir: l.repo, oid: rev.toLowerCase() });
  } catch {
    return undefined;
  }
}

export async function readCommitMessage(l: StateLayout, oid: string): Promise<{ message: string; tree: string; parent: string[]; timestamp: number }> {
  const c = await git.readCommit({ fs, gitdir: l.repo, oid });
  return { message: c.commit.message, tree: c.commit.tree, parent: c.commit.parent, timestamp: c.commit.committer.timestamp };
}

/** The text of nodes/<node>.ini at a commit. */
export async function readNodeText(l: StateLayout, commit: string, node: string): Promise<string | undefined> {
  try {
    const b = await git.readBlob({ fs, gitdir: l.repo, oid: commit, filepath: `nodes/${node}.ini` });
    return Buffer.from(b.blob).toString('utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return undefined;
    throw e;
  }
}
