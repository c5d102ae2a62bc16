/**
 * Writing the rendered config: over an existing file through safe-write (symlinks followed, backup,
 * atomic rename, refused when it changed since it was read), or as a new file created atomically
 * (temp file, fsync, hard link that fails if someone created the file meanwhile) with mode 0600,
 * because it holds the secrets.
 */
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as Crypto from 'node:crypto';
import { ConcurrentModificationError, SafeWriteError, writeFileSafely, type SafeWriteResult } from '../safe-write.ts';

export interface WriteRenderedResult extends Partial<SafeWriteResult> {
  created: boolean;
  /** the file already held exactly these bytes: nothing was written, no backup made */
  unchanged: boolean;
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
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
    /* not every file system fsyncs a directory */
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

function createNew(out: string, data: Buffer): void {
  // a dangling symlink at OUT is not ours to follow
  try {
    lstatSync(out);
    throw new ConcurrentModificationError(out);
  } catch (e) {
    if (e instanceof ConcurrentModificationError) throw e;
  }
  const dir = dirname(out);
  const tmp = join(dir, `.${basename(out)}.zlm-doctor-${process.pid}-${(process.getBuiltinModule('node:crypto') as typeof Crypto).randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch (e) {
    throw new SafeWriteError(out, 'write', code(e), `cannot create ${out}: ${(e as Error).message}`, `无法创建 ${out}：${(e as Error).message}`);
  }
  try {
    try {
      writeAll(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, out);
    } catch (e) {
      if (code(e) === 'EEXIST') throw new ConcurrentModificationError(out);
      // a file system without hard links: exclusive create, then write
      const fd2 = openSync(out, 'wx', 0o600);
      try {
        writeAll(fd2, data);
        fsyncSync(fd2);
      } finally {
        closeSync(fd2);
      }
    }
  } catch (e) {
    if (e instanceof ConcurrentModificationError) throw e;
    throw new SafeWriteError(out, 'write', code(e), `cannot write ${out}: ${(e as Error).message}`, `无法写入 ${out}：${(e as Error).message}`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
  fsyncDir(dir);
}

/**
 * Write `data` to `out`. `expected`: the bytes `out` held when it was read (undefined: it did not exist then);
 * a file that changed, appeared or vanished since is refused (ConcurrentModificationError).
 */
export function writeRendered(out: string, data: Buffer, expected: Buffer | undefined, opts: { backupDir?: string; now?: Date } = {}): WriteRenderedResult {
  if (expected === undefined) {
    createNew(out, data);
    return { created: true, unchanged: false, target: out, mode: 'atomic' };
  }
  if (expected.equals(data)) return { created: false, unchanged: true };
  const r = writeFileSafely(out, data, { expected, ...(opts.backupDir ? { backupDir: opts.backupDir } : {}), ...(opts.now ? { now: opts.now } : {}) });
  return { ...r, created: false, unchanged: false };
}
