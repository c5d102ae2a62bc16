/**
 * The history store of one state directory: the repository, the per-node
 * indexes, the nodes map, the HMAC key and the lock, behind one object.
 * Reading needs no lock; every write happens under it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { StoreError } from './errors.ts';
import { fingerprinter, loadOrCreateKey, readKey } from './key.ts';
import { acquireLock, type Lock, type LockOptions } from './lock.ts';
import { findNode, readNodes, writeNodes, type NodeInfo, type NodesMap, type SourceKind } from './nodes.ts';
import { ioError, openStateDir, type StateLayout } from './paths.ts';
import { commitMessage, commitNodes, expandRev, openRepo, parseNodeTrailers, readBlobText, readCommitMessage, readNodeText, parseTrailers, writeTreeCache, type TreeCache } from './repo.ts';
import { dropTornTail, hashText, readHead, readRevisions, recordRevision, type NodeHead, type Revision } from './revisions.ts';
import { maybePack } from './pack.ts';

export { StoreError } from './errors.ts';
export { defaultStateDir, stateDirOrFail } from './paths.ts';
export { apiOrigin, nodeIdentity, type NodeInfo, type SourceKind } from './nodes.ts';
export { hashText, type AttributionKind, type NodeHead, type Revision, type RevisionPart } from './revisions.ts';
export { parseNodeTrailers, parseTrailers } from './repo.ts';

/** One node's revision for HistoryStore.recordMany. */
export interface RecordItem {
  node: NodeInfo;
  text: string;
  meta: Omit<Revision, 'rev' | 'parent' | 'hash'>;
  /** the subject and body of its commit when it is alone in it */
  subject: string;
  body: string[];
}

export interface OpenOptions {
  /** create the state directory, key and repository when absent (writers) */
  create: boolean;
}

export class HistoryStore {
  private constructor(
    readonly layout: StateLayout,
    /** the keyed fingerprint of a secret (canonicalize's `fingerprint`) */
    readonly fingerprint: (secret: string) => string,
  ) {}

  /** Open (writers: create) the store at `dir`. A reader on a machine without history gets undefined. */
  static open(dir: string, opts: OpenOptions): HistoryStore | undefined {
    const l = openStateDir(dir, opts.create);
    if (!l) return undefined;
    const hasHistory = existsSync(l.repo) || existsSync(l.tree) || existsSync(l.nodes);
    let key = readKey(l.key);
    if (!key && hasHistory) {
      throw new StoreError(
        `the key ${l.key} of the history in ${l.dir} is missing: new secret fingerprints would not match the old ones. Restore it from a backup, or move ${l.dir} away to start a new history`,
        `${l.dir} 中历史的密钥 ${l.key} 不存在：新的密钥指纹将无法与旧指纹对应。请从备份恢复，或将 ${l.dir} 移走以开始新的历史`,
        'damaged',
      );
    }
    if (!key) {
      if (!opts.create) return undefined;
      key = loadOrCreateKey(l.key);
    }
    if (opts.create) {
      try {
        mkdirSync(l.index, { recursive: true, mode: 0o700 });
      } catch (e) {
        throw ioError(l.index, e);
      }
    }
    return new HistoryStore(l, fingerprinter(key));
  }

  nodes(): NodesMap {
    return readNodes(this.layout.nodes);
  }

  /** The node a user named (node name, file path, API address), or a clear error. */
  node(what: string): NodeInfo {
    const n = findNode(this.nodes(), what);
    if (!n) {
      const known = Object.keys(this.nodes().nodes);
      throw new StoreError(
        `no history for "${what}" in ${this.layout.dir}${known.length ? ` (known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''})` : ' (nothing recorded yet: run zlm-doctor snapshot first)'}`,
        `${this.layout.dir} 中没有 "${what}" 的历史${known.length ? `（已有：${known.slice(0, 5).join('、')}${known.length > 5 ? '…' : ''}）` : '（尚无记录：请先运行 zlm-doctor snapshot）'}`,
        'unknown-node',
      );
    }
    return n;
  }

  head(node: string): NodeHead | undefined {
    return readHead(this.layout.index, node);
  }

  revisions(node: string): Revision[] {
    const revs = readRevisions(this.layout.index, node);
    if (revs.length === 0 && this.nodes().nodes[node]) throw this.missingIndex(node);
    return revs;
  }

  /** The error for a node the repository has but the index lacks. */
  missingIndex(node: string): StoreError {
    const l = this.layout;
    return new StoreError(
      `the history index of ${node} is missing from ${l.index} although ${l.repo} holds its revisions; nothing was written. Restore ${l.dir} from a backup, or move it away to start a new history`,
      `${l.index} 中缺少 ${node} 的历史索引，而 ${l.repo} 中有它的修订；未写入任何内容。请从备份恢复 ${l.dir}，或将其移走以开始新的历史`,
      'damaged',
    );
  }

  lock(opts: LockOptions = {}): Promise<Lock> {
    return acquireLock(this.layout.lock, opts);
  }

  /** The repository, checked (writers create it); never re-created over old data. */
  async repo(create: boolean): Promise<TreeCache | undefined> {
    const t = await openRepo(this.layout, create);
    if (!t?.cutShort) return t;
    // the last write was cut short after its commit: finish its index from the commit itself
    const { cutShort: cut, ...tree } = t;
    const l = this.layout;
    const map = this.nodes();
    if (cut.nodes.some((n) => !map.nodes[n.node]) && cut.nodesBlob) writeNodes(l.nodes, JSON.parse(await readBlobText(l, cut.nodesBlob)) as NodesMap);
    for (const { node, trailers: tr } of cut.nodes) {
      const text = await readBlobText(l, tree.entries[node]!);
      dropTornTail(l.index, node);
      const revs = readRevisions(l.index, node);
      const last = revs[revs.length - 1];
      if (last?.rev !== tree.commit) {
        const time = tr.Time && !Number.isNaN(Date.parse(tr.Time)) ? tr.Time : cut.time.toISOString();
        const revision: Revision = {
          rev: tree.commit!,
          parent: last?.rev ?? null,
          hash: hashText(text),
          time,
          source: (tr.Source ?? 'file') as SourceKind,
          attribution: (tr.Attribution ?? 'operator') as Revision['attribution'],
          reason: tr.Reason ?? null,
          keys: tr.Keys ? tr.Keys.split(', ') : [],
          ...(tr.Host ? { host: tr.Host } : {}),
          ...(tr.Mode ? { mode: tr.Mode } : {}),
          ...(tr.Owner ? { owner: tr.Owner } : {}),
          ...(tr.Actor ? { actor: tr.Actor } : {}),
        };
        recordRevision(l.index, node, revision, text, revs.length + 1);
      } else recordRevision(l.index, node, last, text, revs.length, false);
    }
    writeTreeCache(l, tree);
    return tree;
  }

  /**
   * Record one revision of a node (the caller holds the lock and has checked that the text changed).
   */
  async record(
    tree: TreeCache,
    node: NodeInfo,
    text: string,
    meta: Omit<Revision, 'rev' | 'parent' | 'hash'>,
    subject: string,
    body: string[],
  ): Promise<{ revision: Revision; tree: TreeCache }> {
    const r = await this.recordMany(tree, [{ node, text, meta, subject, body }]);
    return { revision: r.revisions[0]!, tree: r.tree };
  }

  /**
   * Record one revision of each of several nodes in ONE commit (serve's first sight of a fleet): one tree, one
   * update of the branch, nodes.json and the tree cache written once, each node's index entry as a single commit
   * would write it (its own time, attribution, reason, actor, parent and count). The caller holds the lock and has
   * checked that each text changed; a node appears at most once. One entry gives exactly the single commit.
   * A batch commit's message has one trailer paragraph per node (with its Time) and ends with `Batch: N nodes`.
   */
  async recordMany(tree: TreeCache, items: readonly RecordItem[]): Promise<{ revisions: Revision[]; tree: TreeCache }> {
    if (items.length === 0) return { revisions: [], tree };
    if (new Set(items.map((i) => i.node.name)).size !== items.length) throw new Error('recordMany: a node appears twice in one commit');
    const map = this.nodes();
    let nodesJson: string | undefined;
    for (const { node } of items) {
      if (map.nodes[node.name]) continue;
      map.nodes[node.name] = node;
      nodesJson = '';
    }
    if (nodesJson !== undefined) nodesJson = JSON.stringify(map, null, 2) + '\n';
    const trailers = (i: RecordItem, withTime: boolean): [string, string | undefined | null][] => [
      ['Node', i.node.name],
      ...(withTime ? ([['Time', i.meta.time]] as [string, string][]) : []),
      ['Source', i.meta.source],
      ['Attribution', i.meta.attribution],
      ['Reason', i.meta.reason],
      ['Host', i.meta.host],
      ['Mode', i.meta.mode],
      ['Owner', i.meta.owner],
      ['Actor', i.meta.actor],
      ['Keys', i.meta.keys.join(', ')],
    ];
    const heads = items.map((i) => this.head(i.node.name));
    let message: string;
    let time: Date;
    if (items.length === 1) {
      const i = items[0]!;
      message = commitMessage(i.subject, i.body, trailers(i, false));
      time = new Date(i.meta.time);
    } else {
      const first = heads.filter((h) => !h).length;
      const kinds = [...new Set(items.map((i) => i.meta.attribution))].join(', ');
      const subject = `${items.length} nodes: ${[first ? `${first} first snapshot(s)` : '', items.length - first ? `${items.length - first} changed` : ''].filter(Boolean).join(', ')} [${kinds}]`;
      message = [commitMessage(subject, [], []).trimEnd(), '', ...items.map((i) => commitMessage('', [], trailers(i, true)).trim() + '\n'), `Batch: ${items.length} nodes\n`].join('\n');
      time = new Date(Math.max(...items.map((i) => Date.parse(i.meta.time))));
    }
    const c = await commitNodes(this.layout, tree, { files: items.map((i) => ({ node: i.node.name, text: i.text })), message, time, ...(nodesJson !== undefined ? { nodesJson } : {}) });
    if (nodesJson !== undefined) writeNodes(this.layout.nodes, map);
    const revisions = items.map((i, k) => {
      const head = heads[k];
      const revision: Revision = { rev: c.oid, parent: head?.rev ?? null, hash: hashText(i.text), ...i.meta };
      recordRevision(this.layout.index, i.node.name, revision, i.text, (head?.count ?? 0) + 1);
      return revision;
    });
    const packed = await maybePack(this.layout, c.tree);
    writeTreeCache(this.layout, packed, tree);
    return { revisions, tree: packed };
  }

  /** A full commit id from a (short) one, or a clear error. */
  async resolveRev(rev: string): Promise<string> {
    const full = await expandRev(this.layout, rev);
    if (!full) throw new StoreError(`no revision "${rev}" in ${this.layout.dir}; zlm-doctor history <node> lists them`, `${this.layout.dir} 中没有修订 "${rev}"；可用 zlm-doctor history <node> 列出`, 'unknown-rev');
    return full;
  }

  /**
   * A revision: its node (from the commit's trailers) and its index entry. A batch commit records several nodes,
   * and one of them must be named: `<node>@<rev>` (that node's revision, or an error when the commit did not
   * record it), or `hint` (the node to take from a batch; a commit of one node gives that node whatever the hint).
   */
  async revision(rev: string, hint?: string): Promise<{ node: NodeInfo; revision: Revision; trailers: Record<string, string>; message: string }> {
    const at = /^(.+)@([0-9a-f]{4,40})$/i.exec(rev);
    let nodeSpec: string | undefined;
    if (at) [, nodeSpec, rev] = at as unknown as [string, string, string];
    const oid = await this.resolveRev(rev);
    let msg: Awaited<ReturnType<typeof readCommitMessage>>;
    try {
      msg = await readCommitMessage(this.layout, oid);
    } catch {
      throw new StoreError(`"${rev}" is not a revision of the history (not a commit)`, `"${rev}" 不是历史中的修订（不是提交）`, 'unknown-rev');
    }
    const recorded = parseNodeTrailers(msg.message);
    if (nodeSpec === undefined && hint !== undefined && recorded.length > 1) nodeSpec = hint;
    let trailers: Record<string, string> | undefined;
    if (nodeSpec !== undefined) {
      const want = this.node(nodeSpec).name;
      trailers = recorded.find((t) => t.Node === want);
      if (!trailers) throw new StoreError(`revision ${oid.slice(0, 12)} did not record ${want}`, `修订 ${oid.slice(0, 12)} 未记录 ${want}`, 'unknown-rev');
    } else if (recorded.length > 1) {
      const names = recorded.map((t) => t.Node!);
      throw new StoreError(
        `revision ${oid.slice(0, 12)} recorded ${names.length} nodes at once (${names.slice(0, 3).join(', ')}, …): name one as <node>@${oid.slice(0, 12)}`,
        `修订 ${oid.slice(0, 12)} 一次记录了 ${names.length} 个节点（${names.slice(0, 3).join('、')}…）：请以 <节点>@${oid.slice(0, 12)} 指定其中一个`,
        'unknown-rev',
      );
    } else trailers = recorded[0] ?? parseTrailers(msg.message);
    const node = trailers.Node ? this.nodes().nodes[trailers.Node] : undefined;
    const revision = node ? this.revisions(node.name).find((r) => r.rev === oid) : undefined;
    if (!node || !revision) throw new StoreError(`revision ${oid.slice(0, 12)} is not in the index of ${this.layout.dir}`, `修订 ${oid.slice(0, 12)} 不在 ${this.layout.dir} 的索引中`, 'unknown-rev');
    return { node, revision, trailers, message: msg.message };
  }

  /** The canonical text of a node at a revision. */
  async text(rev: string, node: string): Promise<string> {
    const t = await readNodeText(this.layout, rev, node);
    if (t === undefined) throw new StoreError(`revision ${rev.slice(0, 12)} has no nodes/${node}.ini`, `修订 ${rev.slice(0, 12)} 中没有 nodes/${node}.ini`, 'unknown-rev');
    return t;
  }
}

export type { SourceKind as Source };
