/**
 * Writing config files without ever losing or corrupting one:
 * follow symlinks to the file the server really reads, refuse when it changed
 * since we read it, back it up byte for byte, write a temp file beside it,
 * fsync, rename over, fsync the dir. Where a rename cannot replace the file
 * (a Docker single-file bind mount: EBUSY/EXDEV), write in place with the same
 * change detection. Every OS failure becomes one line with a next step.
 */
import {
  closeSync,
  copyFileSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as Crypto from 'node:crypto';

export class ConcurrentModificationError extends Error {
  constructor(readonly file: string) {
    super(`${file}: changed on disk since it was read; nothing was written (run again to work on the current content)`);
  }
}

/** An OS error while writing, as one line that says what happened and what to do. */
export class SafeWriteError extends Error {
  constructor(
    readonly file: string,
    readonly step: 'resolve' | 'backup' | 'write' | 'restore',
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** File system calls a write makes; injectable so tests can simulate EBUSY, EROFS ... */
export interface FsOps {
  rename(from: string, to: string): void;
  copyFile(from: string, to: string, mode: number): void;
  /** opens the temp file ('wx') */
  openTemp(path: string, mode: number): number;
}

const REAL_FS: FsOps = {
  rename: renameSync,
  copyFile: copyFileSync,
  openTemp: (p, mode) => openSync(p, 'wx', mode),
};

export interface SafeWriteOptions {
  /** the exact bytes we read; the write is refused when the file no longer holds them */
  expected: Buffer;
  /** keep a timestamped copy of the original (default true) */
  backup?: boolean;
  /** where the backup goes (default: beside the real file, symlinks resolved) */
  backupDir?: string;
  /** how many backups to keep (default 10) */
  keepBackups?: number;
  /** clock, for tests */
  now?: Date;
  /** file system calls, for tests */
  fs?: Partial<FsOps>;
}

export interface SafeWriteResult {
  backupPath?: string;
  /** the file that was written: `file` with symlinks resolved */
  target: string;
  /** atomic: temp file + rename; in-place: truncate + write + fsync (rename impossible) */
  mode: 'atomic' | 'in-place';
  /** why the write was in place (the rename's error code) */
  inPlaceReason?: string;
}

/** `config.ini.bak-20261123T204501Z` */
export function backupName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${file}.bak-${stamp}`;
}

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** What an errno means, in a few words. */
function errnoText(c: string | undefined, e: unknown): string {
  switch (c) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EBUSY':
      return 'the file is busy (a mount point?)';
    case 'EXDEV':
      return 'cannot rename across file systems';
    case 'EIO':
      return 'input/output error';
    case 'ETXTBSY':
      return 'the file is busy';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

/** The next step for a failure while writing `file`. */
function nextStep(c: string | undefined): string {
  switch (c) {
    case 'EACCES':
    case 'EPERM':
      return "run as the file's owner (or with sudo), or fix the permissions";
    case 'EROFS':
      return 'the file sits on a read-only mount: edit it where it is mounted from, or remount it read-write';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space and run again';
    default:
      return 'fix the cause and run again; --dry-run shows the change without writing';
  }
}

function fail(file: string, step: SafeWriteError['step'], e: unknown, what: string, next?: string): never {
  if (e instanceof SafeWriteError || e instanceof ConcurrentModificationError) throw e;
  const c = code(e);
  throw new SafeWriteError(file, step, c, `${what}: ${errnoText(c, e)}${c ? ` (${c})` : ''}; ${next ?? nextStep(c)}`);
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

/** Keep the newest `keep` backups of `file` in `dir` (default: the file's own directory). */
export function pruneBackups(file: string, keep: number, dir = dirname(file)): void {
  const prefix = `${basename(file)}.bak-`;
  const list = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /^\d{8}T\d{6}Z(-\d+)?$/.test(f.slice(prefix.length)))
    .sort();
  for (const f of list.slice(0, Math.max(0, list.length - keep))) unlinkSync(join(dir, f));
}

/** The file a path really names: symlinks followed (a dangling link or a missing file is an error). */
export function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch (e) {
    return fail(file, 'resolve', e, `cannot write ${file}`, code(e) === 'ENOENT' ? 'the file (or the target of its symlink) is missing; nothing was written' : undefined);
  }
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

function makeBackup(file: string, target: string, opts: SafeWriteOptions, ops: FsOps): string {
  const dir = opts.backupDir ?? dirname(target);
  const base = join(dir, basename(target));
  let name = backupName(base, opts.now ?? new Date());
  for (let i = 1; ; i++) {
    try {
      ops.copyFile(target, name, constants.COPYFILE_EXCL);
      break;
    } catch (e) {
      if (code(e) === 'EEXIST' && i <= 100) {
        name = `${backupName(base, opts.now ?? new Date())}-${i}`;
        continue;
      }
      const c = code(e);
      const hint =
        c === 'EACCES' || c === 'EPERM' || c === 'EROFS' || c === 'ENOSPC' || c === 'EDQUOT' || c === 'ENOENT' || c === 'ENOTDIR'
          ? `nothing was written; keep the backup elsewhere with --backup-dir DIR`
          : undefined;
      return fail(file, 'backup', e, `cannot write the backup ${name}`, hint);
    }
  }
  let copy: Buffer;
  try {
    copy = readFileSync(name);
  } catch (e) {
    return fail(file, 'backup', e, `cannot read back the backup ${name}`, 'nothing was written; keep the backup elsewhere with --backup-dir DIR');
  }
  if (!copy.equals(opts.expected)) {
    try {
      unlinkSync(name);
    } catch {
      /* leave it: it is only a copy */
    }
    throw new ConcurrentModificationError(file);
  }
  return name;
}

/** Rename errors after which a rename will never work here, so we write in place. */
const NO_RENAME = new Set(['EBUSY', 'EXDEV', 'EPERM', 'EACCES', 'EROFS', 'ENOTSUP', 'EOPNOTSUPP']);

/** Truncate + write + fsync on the file itself, after checking once more that it still holds `expected`. */
function writeInPlace(file: string, target: string, data: Buffer, expected: Buffer): void {
  let fd: number;
  try {
    fd = openSync(target, 'r+');
  } catch (e) {
    return fail(file, 'write', e, `cannot open ${target} for writing`);
  }
  try {
    const size = fstatSync(fd).size;
    const cur = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, cur, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== size || !cur.equals(expected)) throw new ConcurrentModificationError(file);
    try {
      ftruncateSync(fd, 0);
      let w = 0;
      while (w < data.length) w += writeSync(fd, data, w, data.length - w, w);
      fsyncSync(fd);
    } catch (e) {
      return fail(file, 'write', e, `writing ${target} in place failed`, `the file may be incomplete: restore it from the backup`);
    }
  } finally {
    closeSync(fd);
  }
}

export function writeFileSafely(file: string, content: string | Buffer, opts: SafeWriteOptions): SafeWriteResult {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const ops: FsOps = { ...REAL_FS, ...opts.fs };
  const target = resolveTarget(file);
  assertUnchanged(target, opts.expected);
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    return fail(file, 'write', e, `cannot read the attributes of ${target}`);
  }
  const dir = dirname(target);
  const result: SafeWriteResult = { target, mode: 'atomic' };
  if (opts.backup !== false) result.backupPath = makeBackup(file, target, opts, ops);

  const tmp = join(dir, `.${basename(target)}.zlm-doctor-${process.pid}-${(process.getBuiltinModule('node:crypto') as typeof Crypto).randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = ops.openTemp(tmp, st.mode & 0o7777);
  } catch (e) {
    // the directory takes no new file (read-only, not ours): the file itself may still be writable
    if (!NO_RENAME.has(code(e) ?? '')) fail(file, 'write', e, `cannot create a temporary file in ${dir}`);
    result.mode = 'in-place';
    result.inPlaceReason = code(e);
  }
  if (fd !== undefined) {
    try {
      try {
        writeAll(fd, data);
        fchmodSync(fd, st.mode & 0o7777);
        if (process.getuid?.() === 0) fchownSync(fd, st.uid, st.gid);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // last look right before the rename: a writer that came in meanwhile wins, we back off
      assertUnchanged(target, opts.expected);
      try {
        ops.rename(tmp, target);
      } catch (e) {
        if (!NO_RENAME.has(code(e) ?? '')) throw e;
        result.mode = 'in-place';
        result.inPlaceReason = code(e);
      }
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* already renamed or never created */
      }
      fail(file, 'write', e, `cannot write ${target}`);
    }
    if (result.mode === 'in-place') {
      try {
        unlinkSync(tmp);
      } catch {
        /* gone already */
      }
    }
  }
  if (result.mode === 'in-place') writeInPlace(file, target, data, opts.expected);
  else fsyncDir(dir);
  if (opts.backup !== false) {
    try {
      pruneBackups(target, opts.keepBackups ?? 10, opts.backupDir ?? dir);
    } catch {
      // an old backup we cannot remove is not worth failing a good write for
    }
  }
  return result;
}

/**
 * Put the backup's bytes back, byte for byte, over a file we wrote ourselves
 * (`written` is what we wrote: anything else there now is someone else's change).
 */
export function restoreFromBackup(file: string, backupPath: string, written: Buffer, opts: { fs?: Partial<FsOps> } = {}): SafeWriteResult {
  let original: Buffer;
  try {
    original = readFileSync(backupPath);
  } catch (e) {
    return fail(file, 'restore', e, `cannot read the backup ${backupPath}`, `restore ${file} by hand`);
  }
  try {
    return writeFileSafely(file, original, { expected: written, backup: false, ...(opts.fs ? { fs: opts.fs } : {}) });
  } catch (e) {
    if (e instanceof ConcurrentModificationError) throw e;
    const c = code(e) ?? (e as SafeWriteError).code;
    throw new SafeWriteError(file, 'restore', c, `could not restore ${file} from ${backupPath}: ${(e as Error).message}; copy the backup back by hand`);
  }
}
