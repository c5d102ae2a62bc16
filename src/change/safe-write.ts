/**
 * Writing config files without ever losing or corrupting one:
 * follow symlinks to the file the server really reads, refuse when it changed
 * since we read it, back it up byte for byte, write a temp file beside it,
 * fsync, rename over, fsync the dir. Where a rename cannot replace the file
 * (a Docker single-file bind mount: EBUSY/EXDEV), write in place with the same
 * change detection. A file that did not exist when we looked is created the
 * same careful way (`expected: null`): temp file, fsync, then a hard link that
 * fails when the name exists (O_EXCL semantics, so a file that appeared
 * meanwhile is refused), with the mode asked for (default 0600).
 * Every OS failure becomes one line with a next step.
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
  linkSync,
  lstatSync,
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
import { createFileAtomic, fsyncDir, tempPathBeside, writeAll } from '../io/atomic-write.ts';
import { ConcurrentModificationError, SafeWriteError } from './errors.ts';

export { ConcurrentModificationError, SafeWriteError };

type Text = { en: string; zh: string };

/** File system calls a write makes; injectable so tests can simulate EBUSY, EROFS ... */
export interface FsOps {
  rename(from: string, to: string): void;
  copyFile(from: string, to: string, mode: number): void;
  /** opens the temp file ('wx') */
  openTemp(path: string, mode: number): number;
  /** puts a created file in place (fails with EEXIST when the name exists) */
  link(from: string, to: string): void;
}

const REAL_FS: FsOps = {
  rename: renameSync,
  copyFile: copyFileSync,
  openTemp: (p, mode) => openSync(p, 'wx', mode),
  link: linkSync,
};

export interface SafeWriteOptions {
  /**
   * the exact bytes we read; the write is refused when the file no longer holds them.
   * null: there was no file; it is created, and refused when one appeared meanwhile (no backup then)
   */
  expected: Buffer | null;
  /** with `expected: null`: the new file's permissions (default 0600: config files hold secrets) */
  createMode?: number;
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
function errnoText(c: string | undefined, e: unknown): Text {
  switch (c) {
    case 'EACCES':
    case 'EPERM':
      return { en: 'permission denied', zh: '权限不足' };
    case 'EROFS':
      return { en: 'read-only file system', zh: '只读文件系统' };
    case 'ENOSPC':
      return { en: 'no space left on the device', zh: '磁盘空间不足' };
    case 'EDQUOT':
      return { en: 'disk quota exceeded', zh: '超出磁盘配额' };
    case 'ENOENT':
      return { en: 'no such file or directory', zh: '文件或目录不存在' };
    case 'ENOTDIR':
      return { en: 'a path component is not a directory', zh: '路径中的某一级不是目录' };
    case 'EISDIR':
      return { en: 'is a directory', zh: '是一个目录' };
    case 'ELOOP':
      return { en: 'too many symbolic links', zh: '符号链接层数过多' };
    case 'EBUSY':
      return { en: 'the file is busy (a mount point?)', zh: '文件忙（是挂载点吗？）' };
    case 'EXDEV':
      return { en: 'cannot rename across file systems', zh: '不能跨文件系统重命名' };
    case 'EIO':
      return { en: 'input/output error', zh: '输入/输出错误' };
    case 'ETXTBSY':
      return { en: 'the file is busy', zh: '文件忙' };
    default: {
      const m = (e as Error)?.message ?? String(e);
      return { en: m, zh: m };
    }
  }
}

/** The next step for a failure while writing `file`. */
function nextStep(c: string | undefined): Text {
  switch (c) {
    case 'EACCES':
    case 'EPERM':
      return { en: "run as the file's owner (or with sudo), or fix the permissions", zh: '请以文件属主（或 sudo）运行，或修正权限' };
    case 'EROFS':
      return {
        en: 'the file sits on a read-only mount: edit it where it is mounted from, or remount it read-write',
        zh: '该文件位于只读挂载上：请在其挂载来源处修改，或以读写方式重新挂载',
      };
    case 'ENOSPC':
    case 'EDQUOT':
      return { en: 'free some space and run again', zh: '请释放空间后重试' };
    default:
      return { en: 'fix the cause and run again; --dry-run shows the change without writing', zh: '请排除原因后重试；--dry-run 可在不写入的情况下查看修改' };
  }
}

const NOTHING_WRITTEN_BACKUP: Text = {
  en: 'nothing was written; keep the backup elsewhere with --backup-dir DIR',
  zh: '未写入任何内容；可用 --backup-dir DIR 把备份放到别处',
};

function fail(file: string, step: SafeWriteError['step'], e: unknown, what: Text, next?: Text): never {
  if (e instanceof SafeWriteError || e instanceof ConcurrentModificationError) throw e;
  const c = code(e);
  const why = errnoText(c, e);
  const then = next ?? nextStep(c);
  const tag = c ? ` (${c})` : '';
  throw new SafeWriteError(file, step, c, `${what.en}: ${why.en}${tag}; ${then.en}`, `${what.zh}：${why.zh}${tag}；${then.zh}`);
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
    return fail(
      file,
      'resolve',
      e,
      { en: `cannot write ${file}`, zh: `无法写入 ${file}` },
      code(e) === 'ENOENT' ? { en: 'the file (or the target of its symlink) is missing; nothing was written', zh: '文件（或其符号链接的目标）不存在；未写入任何内容' } : undefined,
    );
  }
}

function makeBackup(file: string, target: string, expected: Buffer, opts: SafeWriteOptions, ops: FsOps): string {
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
      const hint = c === 'EACCES' || c === 'EPERM' || c === 'EROFS' || c === 'ENOSPC' || c === 'EDQUOT' || c === 'ENOENT' || c === 'ENOTDIR' ? NOTHING_WRITTEN_BACKUP : undefined;
      return fail(file, 'backup', e, { en: `cannot write the backup ${name}`, zh: `无法写入备份 ${name}` }, hint);
    }
  }
  let copy: Buffer;
  try {
    copy = readFileSync(name);
  } catch (e) {
    return fail(file, 'backup', e, { en: `cannot read back the backup ${name}`, zh: `无法读回备份 ${name}` }, NOTHING_WRITTEN_BACKUP);
  }
  if (!copy.equals(expected)) {
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
    return fail(file, 'write', e, { en: `cannot open ${target} for writing`, zh: `无法以写方式打开 ${target}` });
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
      return fail(file, 'write', e, { en: `writing ${target} in place failed`, zh: `原地写入 ${target} 失败` }, { en: 'the file may be incomplete: restore it from the backup', zh: '文件可能不完整：请用备份恢复' });
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The create mode of writeFileSafely: `file` must not exist (not even as a dangling symlink, which is not ours
 * to follow). Created atomically (src/io/atomic-write): a name taken meanwhile is refused (ConcurrentModificationError).
 */
function createFile(file: string, data: Buffer, mode: number, ops: FsOps): SafeWriteResult {
  try {
    lstatSync(file);
    throw new ConcurrentModificationError(file);
  } catch (e) {
    if (e instanceof ConcurrentModificationError) throw e;
  }
  try {
    createFileAtomic(file, data, { mode, ops: { openTemp: ops.openTemp, link: ops.link } });
  } catch (e) {
    if (code(e) === 'EEXIST') throw new ConcurrentModificationError(file);
    fail(file, 'write', e, { en: `cannot create ${file}`, zh: `无法创建 ${file}` });
  }
  return { target: file, mode: 'atomic' };
}

export function writeFileSafely(file: string, content: string | Buffer, opts: SafeWriteOptions): SafeWriteResult {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const ops: FsOps = { ...REAL_FS, ...opts.fs };
  const expected = opts.expected;
  if (expected === null) return createFile(file, data, opts.createMode ?? 0o600, ops);
  const target = resolveTarget(file);
  assertUnchanged(target, expected);
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    return fail(file, 'write', e, { en: `cannot read the attributes of ${target}`, zh: `无法读取 ${target} 的属性` });
  }
  const dir = dirname(target);
  const result: SafeWriteResult = { target, mode: 'atomic' };
  if (opts.backup !== false) result.backupPath = makeBackup(file, target, expected, opts, ops);

  const tmp = tempPathBeside(target);
  let fd: number | undefined;
  try {
    fd = ops.openTemp(tmp, st.mode & 0o7777);
  } catch (e) {
    // the directory takes no new file (read-only, not ours): the file itself may still be writable
    if (!NO_RENAME.has(code(e) ?? '')) fail(file, 'write', e, { en: `cannot create a temporary file in ${dir}`, zh: `无法在 ${dir} 中创建临时文件` });
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
      assertUnchanged(target, expected);
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
      fail(file, 'write', e, { en: `cannot write ${target}`, zh: `无法写入 ${target}` });
    }
    if (result.mode === 'in-place') {
      try {
        unlinkSync(tmp);
      } catch {
        /* gone already */
      }
    }
  }
  if (result.mode === 'in-place') writeInPlace(file, target, data, expected);
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
    return fail(file, 'restore', e, { en: `cannot read the backup ${backupPath}`, zh: `无法读取备份 ${backupPath}` }, { en: `restore ${file} by hand`, zh: `请手动恢复 ${file}` });
  }
  try {
    return writeFileSafely(file, original, { expected: written, backup: false, ...(opts.fs ? { fs: opts.fs } : {}) });
  } catch (e) {
    if (e instanceof ConcurrentModificationError) throw e;
    const c = code(e) ?? (e as SafeWriteError).code;
    const zh = e instanceof SafeWriteError ? e.zh : (e as Error).message;
    throw new SafeWriteError(
      file,
      'restore',
      c,
      `could not restore ${file} from ${backupPath}: ${(e as Error).message}; copy the backup back by hand`,
      `无法从 ${backupPath} 恢复 ${file}：${zh}；请手动把备份复制回去`,
    );
  }
}
