/**
 * Nodes: what a history is kept for, a config file (its absolute path) or a
 * live API (its origin, never a secret or query). Each has a stable name,
 * `<slug>-<8 hex of sha256(id)>`, its file in the repository
 * `nodes/<name>.ini`, and an entry in nodes.json (name → id).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { StoreError } from './errors.ts';
import { writeAtomic } from './atomic.ts';
import { ioError } from './paths.ts';

export type SourceKind = 'file' | 'api' | 'wvp-yml';

export interface NodeInfo {
  name: string;
  /** absolute file path, or API origin (scheme://host:port) */
  id: string;
  source: SourceKind;
  created: string;
}

export interface NodesMap {
  version: 1;
  nodes: Record<string, NodeInfo>;
}

/**
 * An API address without credentials or query: `http://127.0.0.1:8080`. A path prefix stays (without ZLM's own
 * `/index/api/…` and a trailing slash): several ZLMs behind one reverse proxy at `/zlm-a`, `/zlm-b` are different nodes.
 */
export function apiOrigin(url: string): string {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    throw new StoreError(`"${url}" is not an API address (e.g. http://127.0.0.1:80)`, `"${url}" 不是 API 地址（例如 http://127.0.0.1:80）`, 'source');
  }
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const prefix = u.pathname.replace(/\/index\/api(?:\/.*)?$/, '').replace(/\/+$/, '');
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}${prefix}`;
}

const slugPart = (s: string) =>
  s
    .toLowerCase()
    .replace(/\.ini$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export function nodeIdentity(target: { file: string } | { api: string }, source?: SourceKind): { id: string; name: string; source: SourceKind } {
  let id: string;
  let slug: string;
  if ('file' in target) {
    id = resolve(target.file);
    slug = [basename(dirname(id)), basename(id)].map(slugPart).filter(Boolean).join('-') || 'file';
  } else {
    id = apiOrigin(target.api);
    const u = new URL(id);
    slug = [`api-${slugPart(u.hostname)}-${u.port}`, slugPart(u.pathname)].filter(Boolean).join('-');
  }
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  return { id, name: `${slug.slice(0, 48)}-${hash}`, source: source ?? ('file' in target ? 'file' : 'api') };
}

export function readNodes(path: string): NodesMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, nodes: {} };
    throw ioError(path, e);
  }
  try {
    const m = JSON.parse(text) as NodesMap;
    if (m && typeof m.nodes === 'object') return m;
  } catch {
    // fall through
  }
  throw new StoreError(`${path} is damaged (not the nodes map); restore it from a backup, or rebuild it from the repository's nodes.json (git show HEAD:nodes.json)`, `${path} 已损坏（不是节点映射）；请从备份恢复，或从仓库重建（git show HEAD:nodes.json）`, 'damaged');
}

export function writeNodes(path: string, m: NodesMap): string {
  const text = JSON.stringify(m, null, 2) + '\n';
  writeAtomic(path, text);
  return text;
}

/**
 * The node a user names on the command line: a node name, a file path, or an API address.
 */
export function findNode(m: NodesMap, what: string): NodeInfo | undefined {
  if (m.nodes[what]) return m.nodes[what];
  const candidates: string[] = [resolve(what)];
  try {
    candidates.push(apiOrigin(what));
  } catch {
    // not an address
  }
  for (const n of Object.values(m.nodes)) if (candidates.includes(n.id)) return n;
  // a unique prefix of a name
  const pre = Object.values(m.nodes).filter((n) => n.name.startsWith(what));
  return pre.length === 1 ? pre[0] : undefined;
}
