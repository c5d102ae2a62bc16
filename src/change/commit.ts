/**
 * Writing a repair that spans several files (config.ini and WVP's yml): all
 * are checked unchanged before any is written, each is written safely, and a
 * failure half-way, or a re-check that finds the result worse, puts every
 * file already written back byte for byte.
 */
import { readFileSync } from 'node:fs';
import { ConcurrentModificationError, SafeWriteError, restoreFromBackup, writeFileSafely, resolveTarget, type FsOps, type SafeWriteResult } from './safe-write.ts';

export interface PlannedWrite {
  file: string;
  /** the bytes read (change detection) */
  expected: Buffer;
  /** the bytes to write */
  data: Buffer;
}

export interface DoneWrite extends SafeWriteResult {
  file: string;
  data: Buffer;
}

export interface CommitOptions {
  backupDir?: string;
  now?: Date;
  fs?: Partial<FsOps>;
}

export function commitWrites(plan: readonly PlannedWrite[], opts: CommitOptions = {}): DoneWrite[] {
  // every file is still as read before we write any, so a concurrent change to the
  // second file does not leave the first one half-repaired
  for (const p of plan) {
    let cur: Buffer;
    try {
      cur = readFileSync(resolveTarget(p.file));
    } catch (e) {
      if (e instanceof SafeWriteError) throw e;
      throw new ConcurrentModificationError(p.file);
    }
    if (!cur.equals(p.expected)) throw new ConcurrentModificationError(p.file);
  }
  const done: DoneWrite[] = [];
  try {
    for (const p of plan) {
      const r = writeFileSafely(p.file, p.data, {
        expected: p.expected,
        ...(opts.backupDir ? { backupDir: opts.backupDir } : {}),
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.fs ? { fs: opts.fs } : {}),
      });
      done.push({ ...r, file: p.file, data: p.data });
    }
  } catch (e) {
    const failed = rollback(done, opts);
    if (failed.length === 0) throw e;
    const first = e instanceof SafeWriteError ? e : undefined;
    const also = failed.map((f) => f.reason).join('; ');
    throw new SafeWriteError(first?.file ?? failed[0]!.file, 'restore', first?.code, `${(e as Error).message}; also ${also}`, `${first?.zh ?? (e as Error).message}；另外：${also}`);
  }
  return done;
}

/** Put every written file back from its backup (last written first). Returns the files that could not be restored. */
export function rollback(done: readonly DoneWrite[], opts: Pick<CommitOptions, 'fs'> = {}): { file: string; reason: string }[] {
  const failed: { file: string; reason: string }[] = [];
  for (const d of [...done].reverse()) {
    if (!d.backupPath) {
      failed.push({ file: d.file, reason: 'no backup was kept' });
      continue;
    }
    try {
      restoreFromBackup(d.file, d.backupPath, d.data, opts.fs ? { fs: opts.fs } : {});
    } catch (e) {
      failed.push({ file: d.file, reason: (e as Error).message });
    }
  }
  return failed;
}
