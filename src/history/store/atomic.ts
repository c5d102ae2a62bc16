/**
 * Small files of the state directory, written atomically (temp, rename), 0600. No fsync: like git's own
 * loose objects; each of these files is checked against the repository when the store is opened.
 */
import { appendFileSync, readFileSync, truncateSync } from 'node:fs';
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

/**
 * An append-only log of JSON lines that stands for one small file rewritten on every commit (a node's head,
 * the tree cache): appending a line costs a fraction of a temp-and-rename (on ext4 a rename over a file flushes
 * it, ~1-2 ms; an append ~25 µs). Crash-safe: a last line cut short by a crash (no newline, not JSON) is ignored
 * on read, and cut off before the next append, so the previous entry stands, as it would with a rename that
 * never happened; a damaged line anywhere else is damage. Once the log passes `compactAt` bytes it is rewritten
 * (temp, rename) with one line.
 */
export interface LogRead {
  /** the valid lines, oldest first */
  lines: string[];
  /** bytes up to the end of the last whole line (a torn tail starts here) */
  whole: number;
  size: number;
  /** the byte before `whole` is a newline (an old single-line file has none) */
  newline: boolean;
}

/**
 * The lines of a log (undefined: no file). `valid(line, whole)` says whether a line is good: `whole` is false for
 * a last line without its newline (where a crash may have cut it: check it fully); a line with its newline was
 * written whole (one append), a quick check does. `whole: -1` in the answer: a damaged line before the last.
 */
export function readLog(path: string, valid: (line: string, whole: boolean) => boolean): LogRead | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(path, e);
  }
  const text = buf.toString('utf8');
  const parts = text.split('\n');
  const lines: string[] = [];
  let whole = 0;
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const l = parts[i]!;
    const last = i === parts.length - 1;
    const end = at + Buffer.byteLength(l, 'utf8') + (last ? 0 : 1);
    if (l !== '') {
      if (valid(l, !last)) {
        lines.push(l);
        // an old single-line file has no newline at its end: whole all the same
        whole = end;
      } else if (!last) return { lines, whole: -1, size: buf.length, newline: false };
    } else if (!last) whole = end;
    at = end;
  }
  return { lines, whole, size: buf.length, newline: whole > 0 && buf[whole - 1] === 0x0a };
}

/**
 * Append one line (cutting off a torn tail first); rewrite the log as that one line once it is past compactAt,
 * or when it is damaged. `read` undefined: no log yet, created by the append (`fresh`), else written whole.
 */
export function appendLog(path: string, line: string, read: LogRead | undefined, compactAt: number, fresh = false): void {
  if (fresh && !read) {
    appendLine(path, line);
    return;
  }
  if (!read || read.whole < 0 || read.size + line.length + 1 > compactAt) {
    writeAtomic(path, line + '\n');
    return;
  }
  try {
    if (read.whole < read.size) truncateSync(path, read.whole);
    // an old single-line file without its newline
    const sep = read.whole > 0 && !read.newline ? '\n' : '';
    appendFileSync(path, sep + line + '\n', { mode: 0o600 });
  } catch (e) {
    throw ioError(path, e);
  }
}
