/**
 * One restart at a time per config: an O_EXCL lock file beside config.ini
 * (`.<name>.zlm-doctor-restart.lock`), or in the state directory when that
 * directory is not writable. A lock left by a restart that died (its pid is
 * gone) is taken over; one held by this very process (two restarts in one
 * long-running process) is held.
 */
import { createLockFile, lockFilePaths, pidAlive, readLock } from '../lock-file.ts';
import { removeLockIfUnchanged } from '../../io/lock-break.ts';

export type LockResult = { ok: true; path: string; release: () => void } | { ok: false; path: string; holder?: number; error?: string };

/** Where the lock for this config lives: beside it, or (not writable there) in stateDir under a name derived from its path. */
export function lockPaths(configPath: string, stateDir?: string): { beside: string; state: string } {
  return lockFilePaths(configPath, 'restart', stateDir);
}

export function acquireRestartLock(configPath: string, stateDir?: string): LockResult {
  const { beside, state } = lockPaths(configPath, stateDir);
  for (const path of [beside, state]) {
    let contended = false;
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = createLockFile(path);
      if (r.ok) return { ok: true, path, release: r.release };
      if (r.code === 'EEXIST') {
        contended = true;
        let seen = readLock(path);
        if (seen === undefined) continue; // released meanwhile: try again
        if (seen.pid !== undefined && pidAlive(seen.pid)) return { ok: false, path, holder: seen.pid };
        if (seen.pid === undefined && attempt === 0) {
          // being written right now, or garbage: a live writer finishes within moments
          const t = Date.now();
          while (Date.now() - t < 50) {
            /* spin briefly; no timers in a sync path */
          }
          seen = readLock(path);
          if (seen === undefined) continue;
          if (seen.pid !== undefined && pidAlive(seen.pid)) return { ok: false, path, holder: seen.pid };
        }
        // stale (its restart died): take over that lock, and only that one
        removeLockIfUnchanged(path, seen.text);
        continue;
      }
      // not writable here (EACCES, EROFS, ENOENT dir): the state dir
      contended = false;
      if (path === beside) break;
      return { ok: false, path, error: r.code ?? 'unknown error' };
    }
    // another restart kept winning the race for this lock: it is taken
    if (contended) return { ok: false, path, error: 'taken by another restart' };
  }
  return { ok: false, path: state, error: 'could not take the lock' };
}
