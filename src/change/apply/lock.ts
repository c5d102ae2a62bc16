/**
 * One apply per config at a time: an O_EXCL lock file beside config.ini
 * (`.<name>.zlm-doctor-apply.lock`), or in the state directory when that
 * directory is not writable. A second apply waits for it (bounded), then reads
 * the file as the first one left it: nothing either of them wrote is lost.
 * A lock whose holder is gone (a crashed apply) is taken over.
 * (The restart lock is a different file: an apply calls restartServer while it holds this one.)
 */
import { createLockFile, lockFilePaths, pidAlive, readLock } from '../lock-file.ts';
import { removeLockIfUnchanged } from '../../io/lock-break.ts';

export type ApplyLock = { ok: true; path: string; waitedMs: number; release: () => void } | { ok: false; path: string; holder?: number; error?: string; waitedMs: number };

export function applyLockPaths(configPath: string, stateDir?: string): string[] {
  const { beside, state } = lockFilePaths(configPath, 'apply', stateDir);
  return [beside, state];
}

/**
 * Take the apply lock of `configPath`, waiting up to `waitMs` for another apply to finish.
 * `sleep` is injectable for tests.
 */
export async function acquireApplyLock(configPath: string, opts: { waitMs: number; stateDir?: string; sleep?: (ms: number) => Promise<void> }): Promise<ApplyLock> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const t0 = performance.now();
  const waited = () => Math.round(performance.now() - t0);
  const paths = applyLockPaths(configPath, opts.stateDir);
  let path = paths[0]!;
  let unreadableSince: number | undefined;
  for (;;) {
    const r = createLockFile(path);
    if (r.ok) return { ok: true, path, waitedMs: waited(), release: r.release };
    if (r.code !== 'EEXIST') {
      // not writable beside the config: the state directory
      if (path === paths[0]) {
        path = paths[1]!;
        continue;
      }
      return { ok: false, path, error: r.code ?? 'unknown error', waitedMs: waited() };
    }
    const seen = readLock(path);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = seen.pid;
    if (holder === undefined) {
      // being written right now, or garbage left by a crash: give a live writer a moment
      unreadableSince ??= performance.now();
      if (performance.now() - unreadableSince > 500) {
        removeLockIfUnchanged(path, seen.text);
        unreadableSince = undefined;
        continue;
      }
    } else if (!pidAlive(holder)) {
      removeLockIfUnchanged(path, seen.text);
      continue;
    } else unreadableSince = undefined;
    if (performance.now() - t0 >= opts.waitMs) return { ok: false, path, ...(holder !== undefined ? { holder } : {}), waitedMs: waited() };
    await sleep(100);
  }
}
