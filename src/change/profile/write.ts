/**
 * Writing the rendered config through safe-write: over an existing file (symlinks followed, backup,
 * atomic rename, refused when it changed since it was read), or as a new file in safe-write's create mode
 * (temp file, fsync, hard link that fails if someone created the file meanwhile) with mode 0600,
 * because it holds the secrets.
 */
import { writeFileSafely, type SafeWriteResult } from '../safe-write.ts';

export interface WriteRenderedResult extends Partial<SafeWriteResult> {
  created: boolean;
  /** the file already held exactly these bytes: nothing was written, no backup made */
  unchanged: boolean;
}

/**
 * Write `data` to `out`. `expected`: the bytes `out` held when it was read (undefined: it did not exist then);
 * a file that changed, appeared or vanished since is refused (ConcurrentModificationError).
 */
export function writeRendered(out: string, data: Buffer, expected: Buffer | undefined, opts: { backupDir?: string; now?: Date } = {}): WriteRenderedResult {
  if (expected === undefined) {
    const r = writeFileSafely(out, data, { expected: null, createMode: 0o600 });
    return { ...r, created: true, unchanged: false };
  }
  if (expected.equals(data)) return { created: false, unchanged: true };
  const r = writeFileSafely(out, data, { expected, ...(opts.backupDir ? { backupDir: opts.backupDir } : {}), ...(opts.now ? { now: opts.now } : {}) });
  return { ...r, created: false, unchanged: false };
}
