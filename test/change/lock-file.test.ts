/** The lock files of apply and restart (src/change/lock-file.ts): a stale lock is taken over, and only that one. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLockFile, readLock } from '../../src/change/lock-file.ts';
import { removeLockIfUnchanged as removeLockFile } from '../../src/io/lock-break.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-lockfile-'));
  path = join(dir, '.config.ini.zlm-doctor-apply.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** a lock left by a run that died (pid 2^22+1 is above Linux's pid_max default of 2^22) */
const DEAD = JSON.stringify({ pid: 4194305, since: '2026-01-01T00:00:00.000Z' }) + '\n';

describe('lock files', () => {
  it('two runs that both saw the same dead holder: the second takeover leaves the first one’s new lock alone', () => {
    writeFileSync(path, DEAD);
    const seenByA = readLock(path)!;
    const seenByB = readLock(path)!;
    expect(seenByA.pid).toBe(4194305);
    // A takes it over first and holds it
    expect(removeLockFile(path, seenByA.text)).toBe(true);
    const a = createLockFile(path);
    expect(a.ok).toBe(true);
    const held = readLock(path)!;
    expect(held.pid).toBe(process.pid);
    // B acts on what it read before: the dead holder's lock is gone, A's stays, so B's create fails
    expect(removeLockFile(path, seenByB.text)).toBe(false);
    expect(readLock(path)).toEqual(held);
    const b = createLockFile(path);
    expect(b).toEqual({ ok: false, code: 'EEXIST' });
    // nothing left aside
    expect(readdirSync(dir)).toEqual(['.config.ini.zlm-doctor-apply.lock']);
    if (a.ok) a.release();
    expect(existsSync(path)).toBe(false);
  });

  it('release removes the lock only while it is still ours', () => {
    const a = createLockFile(path);
    expect(a.ok).toBe(true);
    // taken over meanwhile (say our process was thought dead): that lock is not ours to remove
    writeFileSync(path, DEAD);
    if (a.ok) a.release();
    expect(readLock(path)?.text).toBe(DEAD);
  });

  it('an unreadable (half-written) lock is removed only as it was seen', () => {
    writeFileSync(path, '{"pid": 12');
    const seen = readLock(path)!;
    expect(seen.pid).toBeUndefined();
    writeFileSync(path, DEAD);
    expect(removeLockFile(path, seen.text)).toBe(false);
    expect(readLock(path)?.text).toBe(DEAD);
    expect(removeLockFile(path, DEAD)).toBe(true);
    expect(readLock(path)).toBeUndefined();
  });
});
