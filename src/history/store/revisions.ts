/**
 * The per-node index: `index/<node>.jsonl`, one line per revision (oldest
 * first), and `index/<node>.head.json`, the node's last canonical text and
 * its hash. `history <node>` reads one small file and never walks the
 * repository; a poll that changed nothing compares one hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { appendLine, appendLog, readLog, type LogRead } from './atomic.ts';
import { StoreError } from './errors.ts';
import { ioError } from './paths.ts';
import type { SourceKind } from './nodes.ts';

export type AttributionKind = 'operator' | 'wvp' | 'zlm' | 'zlm-doctor' | 'mixed';

export interface RevisionPart {
  attribution: Exclude<AttributionKind, 'mixed'>;
  keys: string[];
  /** what this part was, in words (e.g. "hook URL set pushed by WVP") */
  what?: string;
}

export interface Revision {
  rev: string;
  /** the node's previous revision (null for its first) */
  parent: string | null;
  time: string;
  source: SourceKind;
  attribution: AttributionKind;
  reason: string | null;
  /** keys added, changed or removed (section.key) */
  keys: string[];
  /** the keys of `keys` that were removed */
  removed?: string[];
  parts?: RevisionPart[];
  host?: string;
  mode?: string;
  owner?: string;
  /** who did it, where known (user name, process) */
  actor?: string;
  /** sha256 of the canonical text */
  hash: string;
}

export interface NodeHead {
  rev: string;
  hash: string;
  /** the canonical text of that revision (secrets as fingerprints only) */
  text: string;
  count: number;
}

export const hashText = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const revisionsPath = (indexDir: string, node: string) => join(indexDir, `${node}.jsonl`);
export const headPath = (indexDir: string, node: string) => join(indexDir, `${node}.head.json`);

/** head logs are rewritten as one line past this size (a few revisions' texts) */
export const HEAD_LOG_COMPACT = 32 * 1024;

const headLine = (l: string, whole: boolean) => {
  if (whole) return l.startsWith('{') && l.endsWith('}');
  try {
    const h = JSON.parse(l) as NodeHead;
    return typeof h.hash === 'string' && typeof h.text === 'string';
  } catch {
    return false;
  }
};

/**
 * The node's head: the last line of `<node>.head.json`, a log with one line per revision (appended, never
 * replaced: see appendLog; a store written before it was a log has one line without a newline, read the same).
 */
export function readHead(indexDir: string, node: string): NodeHead | undefined {
  return readHeadLog(indexDir, node).head;
}

function readHeadLog(indexDir: string, node: string): { head?: NodeHead; log?: LogRead } {
  const p = headPath(indexDir, node);
  const log = readLog(p, headLine);
  // a log whose only line was cut short: its first revision's index write was, and the next writer finishes it
  if (log && log.lines.length === 0 && log.whole === 0 && log.size > 0) return { log };
  if (!log || log.lines.length === 0) {
    if (existsSync(revisionsPath(indexDir, node))) throw damagedIndex(p);
    return log ? { log } : {};
  }
  if (log.whole < 0) throw damagedIndex(p);
  try {
    const h = JSON.parse(log.lines[log.lines.length - 1]!) as NodeHead;
    if (typeof h.hash === 'string' && typeof h.text === 'string') return { head: h, log };
  } catch {
    // fall through
  }
  throw damagedIndex(p);
}

function damagedIndex(p: string): StoreError {
  return new StoreError(
    `the history index ${p} is damaged or missing; the repository is intact: move the state directory's index/ away and restore it from a backup (nothing was written)`,
    `历史索引 ${p} 已损坏或缺失；仓库本身完好：请将状态目录下的 index/ 移走并从备份恢复（未写入任何内容）`,
    'damaged',
  );
}

export function readRevisions(indexDir: string, node: string): Revision[] {
  const p = revisionsPath(indexDir, node);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw ioError(p, e);
  }
  const out: Revision[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l) continue;
    try {
      out.push(JSON.parse(l) as Revision);
    } catch {
      // a last line cut short by a crash is skipped; anything else is damage
      if (i < lines.length - 2 || text.endsWith('\n')) throw damagedIndex(p);
    }
  }
  return out;
}

export function recordRevision(indexDir: string, node: string, r: Revision, text: string, count: number, append = true): void {
  if (append) appendLine(revisionsPath(indexDir, node), JSON.stringify(r));
  const p = headPath(indexDir, node);
  let log: LogRead | undefined;
  try {
    log = readLog(p, headLine);
  } catch {
    log = undefined;
  }
  // a node's first head is created by the append itself (no temp, no rename)
  appendLog(p, JSON.stringify({ rev: r.rev, hash: r.hash, text, count } satisfies NodeHead), log, HEAD_LOG_COMPACT, true);
}

/** A last line cut short by a crash is cut off before a line is appended after it (the writer's recovery). */
export function dropTornTail(indexDir: string, node: string): void {
  const p = revisionsPath(indexDir, node);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw ioError(p, e);
  }
  if (text === '' || text.endsWith('\n')) return;
  try {
    truncateSync(p, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8'));
  } catch (e) {
    throw ioError(p, e);
  }
}
