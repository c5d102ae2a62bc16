/**
 * Small files of the state directory, written atomically (temp, rename), 0600. No fsync: like git's own
 * loose objects; each of these files is checked against the repository when the store is opened.
 */
import { appendFileSync } from 'node:fs';
import { replaceFileAtomic } from '../../io/atomic-write.ts';
import { ioError } from './paths.ts';

export function writeAtomic(path: string, data: string | Buffer): void {
  try {
    replaceFileAtomic(path, data, { mode: 0o600, fsync: false });
  } catch (e) {
    throw ioError(path, e);
  }
}

export function appendLine(path: string, line: string): void {
  try {
    appendFileSync(path, line.endsWith('\n') ? line : line + '\n', { mode: 0o600 });
  } catch (e) {
    throw ioError(path, e);
  }
}
