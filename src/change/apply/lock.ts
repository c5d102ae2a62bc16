/**
 * One apply per config at a time: an O_EXCL lock file beside config.ini
 * (`.<name>.zlm-doctor-apply.lock`), or in the state directory when that
 * directory is not writable. A second apply waits for it (bounded), then reads
 * the file as the first one left it: nothing either of them wrote is lost.
 * A lock whose holder is gone (a crashed apply) is taken over.
 * (The restart lock is a different file: an apply calls restartServer while it holds this one.)
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export type ApplyLock = { ok: true; path: string; waitedMs: number; release: () => void } | { ok: false; path: string; holder?: number; error?: string; waitedMs: number };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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

export function applyLockPaths(configPath: string, stateDir: string = tmpdir()): string[] {
  const h = createHash('sha256').update(configPath).digest('hex').slice(0, 16);
  return [join(dirname(configPath), `.${basename(configPath)}.zlm-doctor-apply.lock`), join(stateDir, `zlm-doctor-apply-${h}.lock`)];
}

type Try = { ok: true } | { ok: false; code: string | undefined };

function tryCreate(path: string): Try {
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
    const r = tryCreate(path);
    if (r.ok) {
      const p = path;
      let released = false;
      return {
        ok: true,
        path: p,
        waitedMs: waited(),
        release: () => {
          if (released) return;
          released = true;
          try {
            unlinkSync(p);
          } catch {
            /* already gone */
          }
        },
      };
    }
    if (r.code !== 'EEXIST') {
      // not writable beside the config: the state directory
      if (path === paths[0]) {
        path = paths[1]!;
        continue;
      }
      return { ok: false, path, error: r.code ?? 'unknown error', waitedMs: waited() };
    }
    const holder = holderOf(path);
    if (holder === undefined) {
      // being written right now, or garbage left by a crash: give a live writer a moment
      unreadableSince ??= performance.now();
      if (performance.now() - unreadableSince > 500) {
        try {
          unlinkSync(path);
        } catch {
          /* someone else took it over */
        }
        unreadableSince = undefined;
        continue;
      }
    } else if (!alive(holder)) {
      try {
        unlinkSync(path);
      } catch {
        /* someone else took it over */
      }
      continue;
    } else unreadableSince = undefined;
    if (performance.now() - t0 >= opts.waitMs) return { ok: false, path, ...(holder !== undefined ? { holder } : {}), waitedMs: waited() };
    await sleep(100);
  }
}
