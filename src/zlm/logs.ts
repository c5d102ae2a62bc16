/**
 * Scan ZLMediaKit MediaServer logs for the fault signatures of log-signatures.ts.
 *
 * Two entry points share one evaluator (log-scanner.ts), so they give identical counts:
 *  - `scanLines(lines)` / `LogScanner`: pure, line by line, for any source
 *    (tests, stdin, `docker logs` output; ANSI colours are ignored);
 *  - `scanLogDir(dir)` / `scanLogFile(file)` (here): read log files through the
 *    chunk scanner (log-chunks.ts), which finds candidate lines with
 *    Buffer.indexOf and never splits the bulk of a file into lines. Candidates
 *    are tested first against one combined regex of all signature keys, then
 *    against each signature's patterns (signature-index.ts).
 *
 * Timestamps are ZLM's local time without zone; they are read in the zone of
 * this process (set TZ to read logs of a server in another zone).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MAX_LINE, scanFileInto } from './log-chunks.ts';
import { LogScanner, type LogScanResult, type ScanOptions } from './log-scanner.ts';

export { MAX_LINE };
export { BODY_NEEDLES, formatLogTimestamp, parseLogTimestamp } from './log-records.ts';
export {
  LogScanner,
  scanLines,
  type LogScanResult,
  type ScannedFile,
  type ScanOptions,
  type SignatureHit,
  type SubjectCount,
} from './log-scanner.ts';
export { requiredLiterals } from './signature-index.ts';

/** Scan one log file. */
export async function scanLogFile(path: string, opts: ScanOptions = {}): Promise<LogScanResult> {
  const sc = new LogScanner(opts);
  const bytes = await scanFileInto(sc, path, opts.signal);
  sc.files.push({ path, bytes });
  return sc.result();
}

/** `YYYY-MM-DD_NN.log` → local midnight of that day (ms), or undefined for other names. */
export function logFileDay(name: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})_(\d+)\.log$/.exec(name);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/**
 * Scan every `*.log` file of a MediaServer log directory (`--log-dir`, default
 * `<exe dir>/log/`), oldest first. With a window, files named for days
 * entirely outside it are listed as skipped and not read.
 */
export async function scanLogDir(dir: string, opts: ScanOptions = {}): Promise<LogScanResult> {
  opts.signal?.throwIfAborted();
  const sc = new LogScanner(opts);
  const names = (await readdir(dir)).filter((n) => /\.log$/i.test(n)).sort();
  const sinceMs = opts.since?.getTime();
  const untilMs = opts.until?.getTime();
  for (const name of names) {
    opts.signal?.throwIfAborted();
    const path = join(dir, name);
    const st = await stat(path);
    if (!st.isFile()) continue;
    const day = logFileDay(basename(name));
    if (day !== undefined) {
      // a day file holds that local day; one hour of slack for DST and the rotation check
      const dayEnd = new Date(day);
      dayEnd.setDate(dayEnd.getDate() + 1);
      if (sinceMs !== undefined && dayEnd.getTime() + 3_600_000 <= sinceMs) {
        sc.files.push({ path, bytes: st.size, skipped: 'before-window' });
        continue;
      }
      if (untilMs !== undefined && day > untilMs) {
        sc.files.push({ path, bytes: st.size, skipped: 'after-window' });
        continue;
      }
    }
    const bytes = await scanFileInto(sc, path, opts.signal);
    sc.files.push({ path, bytes });
  }
  return sc.result();
}
