/**
 * Take over a lock file, and only the one that was seen: the file is renamed aside first, and a lock that turns
 * out to be someone else's (another run took the stale lock over between our read and our rename) is put back.
 * A plain unlink there would delete the new holder's lock, and both runs would hold it. Shared by the history
 * store's lock and the apply/restart locks.
 */
import { linkSync, readFileSync, renameSync, unlinkSync } from 'node:fs';

/** Remove the lock file at path when it holds exactly `seen`; whether it did. The next exclusive create tells who holds it. */
export function removeLockIfUnchanged(path: string, seen: string): boolean {
  const aside = `${path}.break-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // already gone
  }
  let text: string | undefined;
  try {
    text = readFileSync(aside, 'utf8');
  } catch {
    // gone
  }
  if (text === seen) {
    try {
      unlinkSync(aside);
    } catch {
      // gone
    }
    return true;
  }
  try {
    // back in place, unless a newer lock is there already (then the one we moved was released meanwhile)
    linkSync(aside, path);
  } catch {
    // a holder is there: its lock stands
  }
  try {
    unlinkSync(aside);
  } catch {
    // gone
  }
  return false;
}
