/**
 * One operation per config at a time: an O_EXCL lock file beside config.ini
 * (`.<name>.zlm-doctor-<kind>.lock`), or in the state directory when that
 * directory is not writable. The file holds the holder's pid; a lock whose
 * holder is gone (a crashed run) is taken over (only that file: src/io/lock-break.ts), one being written right now
 * gets a moment. Restart and apply use different kinds: an apply calls
 * restartServer while it holds its own lock.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { removeLockIfUnchanged } from '../io/lock-break.ts';
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

/** A lock file as read: its exact text (what a takeover compares) and the holder's pid when the text names one. */
export interface LockRead {
  text: string;
  pid: number | undefined;
}

/** The lock file's text and holder, or undefined when there is no file (or it cannot be read). */
export function readLock(path: string): LockRead | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as { pid?: unknown };
    return { text, pid: typeof j.pid === 'number' && Number.isInteger(j.pid) && j.pid > 0 ? j.pid : undefined };
  } catch {
    // being written right now, or garbage
    return { text, pid: undefined };
  }
}

export type CreateResult = { ok: true; release: () => void } | { ok: false; code: string | undefined };

/** Create the lock file exclusively with our pid; `release` removes it once, and only while it is still ours. */
export function createLockFile(path: string): CreateResult {
  const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() }) + '\n';
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, mine);
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
      removeLockIfUnchanged(path, mine);
    },
  };
}
