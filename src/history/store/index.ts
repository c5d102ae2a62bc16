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
import { commitMessage, commitNode, expandRev, openRepo, readBlobText, readCommitMessage, readNodeText, parseTrailers, writeTreeCache, type TreeCache } from './repo.ts';
import { hashText, readHead, readRevisions, recordRevision, type NodeHead, type Revision } from './revisions.ts';
import { maybePack } from './pack.ts';

export { StoreError } from './errors.ts';
export { defaultStateDir, stateDirOrFail } from './paths.ts';
export { apiOrigin, nodeIdentity, type NodeInfo, type SourceKind } from './nodes.ts';
export { hashText, type AttributionKind, type NodeHead, type Revision, type RevisionPart } from './revisions.ts';
export { parseTrailers } from './repo.ts';

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
    if (!map.nodes[cut.node] && cut.nodesBlob) writeNodes(l.nodes, JSON.parse(await readBlobText(l, cut.nodesBlob)) as NodesMap);
    const text = await readBlobText(l, tree.entries[cut.node]!);
    const revs = readRevisions(l.index, cut.node);
    const last = revs[revs.length - 1];
    if (last?.rev !== tree.commit) {
      const tr = cut.trailers;
      const revision: Revision = {
        rev: tree.commit!,
        parent: last?.rev ?? null,
        hash: hashText(text),
        time: cut.time.toISOString(),
        source: (tr.Source ?? 'file') as SourceKind,
        attribution: (tr.Attribution ?? 'operator') as Revision['attribution'],
        reason: tr.Reason ?? null,
        keys: tr.Keys ? tr.Keys.split(', ') : [],
        ...(tr.Host ? { host: tr.Host } : {}),
        ...(tr.Mode ? { mode: tr.Mode } : {}),
        ...(tr.Owner ? { owner: tr.Owner } : {}),
        ...(tr.Actor ? { actor: tr.Actor } : {}),
      };
      recordRevision(l.index, cut.node, revision, text, revs.length + 1);
    } else recordRevision(l.index, cut.node, last, text, revs.length, false);
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
    const map = this.nodes();
    let nodesJson: string | undefined;
    if (!map.nodes[node.name]) {
      map.nodes[node.name] = node;
      nodesJson = JSON.stringify(map, null, 2) + '\n';
    }
    const head = this.head(node.name);
    const hash = hashText(text);
    const message = commitMessage(subject, body, [
      ['Node', node.name],
      ['Source', meta.source],
      ['Attribution', meta.attribution],
      ['Reason', meta.reason],
      ['Host', meta.host],
      ['Mode', meta.mode],
      ['Owner', meta.owner],
      ['Actor', meta.actor],
      ['Keys', meta.keys.join(', ')],
    ]);
    const time = new Date(meta.time);
    const c = await commitNode(this.layout, tree, { node: node.name, text, message, time, ...(nodesJson !== undefined ? { nodesJson } : {}) });
    const revision: Revision = { rev: c.oid, parent: head?.rev ?? null, hash, ...meta };
    if (nodesJson !== undefined) writeNodes(this.layout.nodes, map);
    recordRevision(this.layout.index, node.name, revision, text, (head?.count ?? 0) + 1);
    const packed = await maybePack(this.layout, c.tree);
    writeTreeCache(this.layout, packed);
    return { revision, tree: packed };
  }

  /** A full commit id from a (short) one, or a clear error. */
  async resolveRev(rev: string): Promise<string> {
    const full = await expandRev(this.layout, rev);
    if (!full) throw new StoreError(`no revision "${rev}" in ${this.layout.dir}; zlm-doctor history <node> lists them`, `${this.layout.dir} 中没有修订 "${rev}"；可用 zlm-doctor history <node> 列出`, 'unknown-rev');
    return full;
  }

  /** A revision: its node (from the commit's trailers) and its index entry. */
  async revision(rev: string): Promise<{ node: NodeInfo; revision: Revision; trailers: Record<string, string>; message: string }> {
    const oid = await this.resolveRev(rev);
    let msg: Awaited<ReturnType<typeof readCommitMessage>>;
    try {
      msg = await readCommitMessage(this.layout, oid);
    } catch {
      throw new StoreError(`"${rev}" is not a revision of the history (not a commit)`, `"${rev}" 不是历史中的修订（不是提交）`, 'unknown-rev');
    }
    const trailers = parseTrailers(msg.message);
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
