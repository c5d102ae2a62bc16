/**
 * Small files of the state directory, written atomically (temp, rename), 0600. No fsync: like git's own
 * loose objects; each of these files is checked against the repository when the store is opened.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync, appendFileSync } from 'node:fs';
import { ioError } from './paths.ts';

export function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // not created
    }
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
