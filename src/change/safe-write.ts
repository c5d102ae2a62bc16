/**
 * Writing config files without ever losing or corrupting one:
 * refuse when the file changed since we read it, back it up byte for byte,
 * write a temp file in the same directory, fsync, rename over, fsync the dir.
 */
import { closeSync, copyFileSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as Crypto from 'node:crypto';

export class ConcurrentModificationError extends Error {
  constructor(readonly file: string) {
    super(`${file}: changed on disk since it was read; nothing was written (run again to work on the current content)`);
  }
}

export interface SafeWriteOptions {
  /** the exact bytes we read; the write is refused when the file no longer holds them */
  expected: Buffer;
  /** keep a timestamped copy of the original next to the file (default true) */
  backup?: boolean;
  /** how many backups to keep (default 10) */
  keepBackups?: number;
  /** clock, for tests */
  now?: Date;
}

export interface SafeWriteResult {
  backupPath?: string;
}

/** `config.ini.bak-20261123T204501Z` */
export function backupName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${file}.bak-${stamp}`;
}

function assertUnchanged(file: string, expected: Buffer): void {
  let cur: Buffer;
  try {
    cur = readFileSync(file);
  } catch {
    throw new ConcurrentModificationError(file);
  }
  if (!cur.equals(expected)) throw new ConcurrentModificationError(file);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems do not allow fsync on a directory; the rename is still atomic
  }
}

export function pruneBackups(file: string, keep: number): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.bak-`;
  const list = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /^\d{8}T\d{6}Z(-\d+)?$/.test(f.slice(prefix.length)))
    .sort();
  for (const f of list.slice(0, Math.max(0, list.length - keep))) unlinkSync(join(dir, f));
}

export function writeFileSafely(file: string, content: string | Buffer, opts: SafeWriteOptions): SafeWriteResult {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  assertUnchanged(file, opts.expected);
  const st = statSync(file);
  const dir = dirname(file);
  const result: SafeWriteResult = {};
  if (opts.backup !== false) {
    let name = backupName(file, opts.now ?? new Date());
    for (let i = 1; ; i++) {
      try {
        copyFileSync(file, name, constants.COPYFILE_EXCL);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 100) throw e;
        name = `${backupName(file, opts.now ?? new Date())}-${i}`;
      }
    }
    if (!readFileSync(name).equals(opts.expected)) {
      unlinkSync(name);
      throw new ConcurrentModificationError(file);
    }
    result.backupPath = name;
  }
  const tmp = join(dir, `.${basename(file)}.zlm-doctor-${process.pid}-${(process.getBuiltinModule('node:crypto') as typeof Crypto).randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', st.mode & 0o7777);
  try {
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fchmodSync(fd, st.mode & 0o7777);
      if (process.getuid?.() === 0) fchownSync(fd, st.uid, st.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // last look right before the rename: a writer that came in meanwhile wins, we back off
    assertUnchanged(file, opts.expected);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already renamed or never created */
    }
    throw e;
  }
  fsyncDir(dir);
  if (opts.backup !== false) pruneBackups(file, opts.keepBackups ?? 10);
  return result;
}
