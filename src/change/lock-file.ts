/**
 * One operation per config at a time: an O_EXCL lock file beside config.ini
 * (`.<name>.zlm-doctor-<kind>.lock`), or in the state directory when that
 * directory is not writable. The file holds the holder's pid; a lock whose
 * holder is gone (a crashed run) is taken over, one being written right now
 * gets a moment. Restart and apply use different kinds: an apply calls
 * restartServer while it holds its own lock.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export type LockKind = 'apply' | 'restart';

/** Where the lock of this config lives: beside it first, else in stateDir under a name derived from its path. */
export function lockFilePaths(configPath: string, kind: LockKind, stateDir: string = tmpdir()): { beside: string; state: string } {
  const h = createHash('sha256').update(configPath).digest('hex').slice(0, 16);
  return { beside: join(dirname(configPath), `.${basename(configPath)}.zlm-doctor-${kind}.lock`), state: join(stateDir, `zlm-doctor-${kind}-${h}.lock`) };
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid written in a lock file, or undefined when it is unreadable (being written, or garbage). */
export function lockHolder(path: string): number | undefined {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    return typeof j.pid === 'number' && Number.isInteger(j.pid) && j.pid > 0 ? j.pid : undefined;
  } catch {
    return undefined;
  }
}

export type CreateResult = { ok: true; release: () => void } | { ok: false; code: string | undefined };

/** Create the lock file exclusively with our pid; `release` removes it once. */
export function createLockFile(path: string): CreateResult {
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }) + '\n');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code };
  }
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      removeLockFile(path);
    },
  };
}

/** Remove a stale lock; another run may have taken it over first (the next create tells). */
export function removeLockFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
