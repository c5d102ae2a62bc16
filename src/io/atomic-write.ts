/**
 * Writing a file whole or not at all: a temp file beside it (hidden, unique, created exclusively with the mode
 * asked for), the bytes written and fsynced, then renamed over the name (replace) or hard-linked to it (create:
 * the link fails with EEXIST when the name exists, so a file that appeared meanwhile is never overwritten,
 * like O_EXCL). The generic I/O under safe-write (config files: it adds change detection, backups and the
 * in-place fallback) and the history store (its own small files, keys and packs). Errors are the OS's own
 * (with their errno `code`): callers word them.
 */
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as Crypto from 'node:crypto';

/** Write every byte of `data` at the fd's position (writeSync may write less than asked). */
export function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** fsync a directory, so a rename or link in it is on disk; quiet where the file system does not allow it. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems do not fsync a directory; the rename is still atomic
  }
}

/** A temp file's name beside `path`: hidden, ours, unique (`.config.ini.zlm-doctor-<pid>-<hex>.tmp`). */
export function tempPathBeside(path: string): string {
  const rand = (process.getBuiltinModule('node:crypto') as typeof Crypto).randomBytes(4).toString('hex');
  return join(dirname(path), `.${basename(path)}.zlm-doctor-${process.pid}-${rand}.tmp`);
}

const errCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

export interface AtomicWriteOptions {
  /** permissions of the new file (the umask applies) */
  mode: number;
  /** fsync the file and its directory (default true); false where a damaged file is caught on reading */
  fsync?: boolean;
}

/** A temp file beside `path` holding `data` (fsynced when asked), closed; the caller renames or links it. */
function writeTemp(path: string, data: Buffer, mode: number, fsync: boolean, open: (p: string, mode: number) => number): string {
  const tmp = tempPathBeside(path);
  const fd = open(tmp, mode);
  try {
    writeAll(fd, data);
    if (fsync) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    removeQuietly(tmp);
    throw e;
  }
  closeSync(fd);
  return tmp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or gone already
  }
}

const openExclusive = (p: string, mode: number) => openSync(p, 'wx', mode);

/** Replace (or create) `path` with `data`: temp file, fsync, rename over. No temp file is left on failure. */
export function replaceFileAtomic(path: string, data: string | Buffer, o: AtomicWriteOptions): void {
  const fsync = o.fsync !== false;
  const tmp = writeTemp(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, o.mode, fsync, openExclusive);
  try {
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    throw e;
  }
  if (fsync) fsyncDir(dirname(path));
}

/** File system calls of a create; injectable so tests can simulate a file system without hard links, a race ... */
export interface CreateOps {
  /** creates the temp file exclusively ('wx') */
  openTemp(path: string, mode: number): number;
  /** puts the new file in place; fails with EEXIST when the name exists */
  link(from: string, to: string): void;
}

/**
 * Create `path` holding `data`, only if it does not exist: temp file, fsync, hard link to the name, fsync the
 * directory. Throws the OS's EEXIST error when the name exists (even as a dangling symlink) or appeared
 * meanwhile; on a file system without hard links, an exclusive create then write. No temp file is left.
 */
export function createFileAtomic(path: string, data: Buffer, o: AtomicWriteOptions & { ops?: Partial<CreateOps> }): void {
  const fsync = o.fsync !== false;
  const openTemp = o.ops?.openTemp ?? openExclusive;
  const link = o.ops?.link ?? linkSync;
  const tmp = writeTemp(path, data, o.mode, fsync, openTemp);
  try {
    link(tmp, path);
  } catch (e) {
    if (errCode(e) === 'EEXIST') {
      removeQuietly(tmp);
      throw e;
    }
    // a file system without hard links: exclusive create, then write
    try {
      const fd = openSync(path, 'wx', o.mode);
      try {
        writeAll(fd, data);
        if (fsync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } finally {
      removeQuietly(tmp);
    }
    if (fsync) fsyncDir(dirname(path));
    return;
  }
  removeQuietly(tmp);
  if (fsync) fsyncDir(dirname(path));
}
