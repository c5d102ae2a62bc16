/**
 * One restart at a time per config: an O_EXCL lock file beside config.ini
 * (`.<name>.zlm-doctor-restart.lock`), or in the state directory when that
 * directory is not writable. A lock left by a restart that died (its pid is
 * gone) is taken over; one held by this very process (two restarts in one
 * long-running process) is held.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export type LockResult = { ok: true; path: string; release: () => void } | { ok: false; path: string; holder?: number; error?: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): { ok: true } | { ok: false; code: string | undefined } {
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }) + '\n');
    } finally {
      closeSync(fd);
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code };
  }
}

function holderOf(path: string): number | undefined {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    return typeof j.pid === 'number' && Number.isInteger(j.pid) && j.pid > 0 ? j.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Where the lock for this config lives: beside it, or (not writable there) in stateDir under a name derived from its path. */
export function lockPaths(configPath: string, stateDir: string = tmpdir()): { beside: string; state: string } {
  const h = createHash('sha256').update(configPath).digest('hex').slice(0, 16);
  return { beside: join(dirname(configPath), `.${basename(configPath)}.zlm-doctor-restart.lock`), state: join(stateDir, `zlm-doctor-restart-${h}.lock`) };
}

export function acquireRestartLock(configPath: string, stateDir?: string): LockResult {
  const { beside, state } = lockPaths(configPath, stateDir);
  for (const path of [beside, state]) {
    let contended = false;
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = tryCreate(path);
      if (r.ok) {
        let released = false;
        return {
          ok: true,
          path,
          release: () => {
            if (released) return;
            released = true;
            try {
              unlinkSync(path);
            } catch {
              /* already gone */
            }
          },
        };
      }
      if (r.code === 'EEXIST') {
        contended = true;
        const holder = holderOf(path);
        if (holder !== undefined && alive(holder)) return { ok: false, path, holder };
        if (holder === undefined && attempt === 0) {
          // being written right now, or garbage: a live writer finishes within moments
          const t = Date.now();
          while (Date.now() - t < 50) {
            /* spin briefly; no timers in a sync path */
          }
          const again = holderOf(path);
          if (again !== undefined && alive(again)) return { ok: false, path, holder: again };
        }
        // stale (its restart died): take it over
        try {
          unlinkSync(path);
        } catch {
          /* someone else took it over first: the next create tells */
        }
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
