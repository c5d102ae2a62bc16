/**
 * The chunk scanner: streams a log file in 1 MiB chunks and never splits the
 * bulk of it into lines. Candidates are found with Buffer.indexOf: the level
 * letter of W/E record headers (every 'head' signature is logged at W or E)
 * and the JSON body needles of continuation lines. Only those lines are
 * decoded and handed to the LogScanner, in file order, so its counts equal
 * those of scanLines on the same text.
 */
import { open } from 'node:fs/promises';
import { ANSI_ALL, ansiSkipBuf, BODY_NEEDLES, headerLevelBuf, LEVEL_AT, TS_LEN } from './log-records.ts';
import type { LogScanner } from './log-scanner.ts';

const CHUNK = 1 << 20;
/** Longest line kept whole (8 MiB); longer ones are skipped. */
export const MAX_LINE = 8 << 20;
const NL = 10;

/** Start of the line containing `pos` (after the previous '\n'). */
function lineStart(b: Buffer, pos: number, from: number): number {
  if (pos <= from) return from;
  const p = b.lastIndexOf(NL, pos - 1);
  return p < from ? from : p + 1;
}

/**
 * Process `b[from, end)` (whole lines; `end` is just after a '\n' or the end of
 * the file). Candidates: headers at a signature level (found by the level
 * letter: "W [" at column 24) and lines holding a JSON "msg"; they are handled
 * in file order so continuation lines get the timestamp of their record.
 */
function scanRegion(sc: LogScanner, b: Buffer, from: number, end: number, needles: Needles): void {
  const cat = sc.signatureIndex;
  const cand: number[] = [];
  for (const needle of needles.levels) {
    const lv = needle[0]!;
    let p = b.indexOf(needle, from);
    while (p !== -1 && p < end) {
      // "<ts> W [": the byte before is the space after the timestamp
      if (b[p - 1] === 32) {
        // a plain header starts LEVEL_AT bytes before its level letter; else look for the line start (ANSI colours)
        const plain = p - LEVEL_AT;
        if (plain >= from && (plain === from || b[plain - 1] === NL) && headerLevelBuf(b, plain, end) === lv) cand.push(plain);
        else {
          const ls = lineStart(b, p, from);
          const at = ansiSkipBuf(b, ls, end);
          if (p === at + LEVEL_AT && headerLevelBuf(b, at, end) === lv) cand.push(ls);
        }
      }
      p = b.indexOf(needle, p + 3);
    }
  }
  if (cat.hasBody) {
    for (const { find, back, full } of needles.body) {
      let p = b.indexOf(find, from + back);
      while (p !== -1 && p < end) {
        const s = p - back;
        if (back === 0 || b.compare(full, 0, back, s, p) === 0) {
          cand.push(lineStart(b, s, from));
          const nl = b.indexOf(NL, p);
          if (nl === -1 || nl >= end) break;
          p = b.indexOf(find, nl + 1 + back);
        } else {
          p = b.indexOf(find, p + 1);
        }
      }
    }
  }
  if (cand.length > 1) cand.sort((x, y) => x - y);
  // most logs have no colour codes at all: then no line needs looking at for them
  const esc = b.indexOf(27, from);
  const hasEsc = esc !== -1 && esc < end;
  let prev = -1;
  for (const ls of cand) {
    if (ls === prev) continue;
    prev = ls;
    let le = b.indexOf(NL, ls);
    if (le === -1 || le > end) le = end;
    const at = ansiSkipBuf(b, ls, le);
    const lv = headerLevelBuf(b, at, le);
    // lines are read as latin1 (one character per byte, no decoding) and decoded
    // as UTF-8 only when a line is new to the scanner or shown as a sample
    if (lv !== 0) {
      let line = b.toString('latin1', at, le);
      if (hasEsc && line.indexOf('\x1b') !== -1) line = line.replace(ANSI_ALL, '');
      sc.noteHeader(line.slice(0, TS_LEN), line, true);
      if (cat.levelBytes.includes(lv)) sc.evaluate(line, String.fromCharCode(lv), true);
    } else {
      // continuation line: place it in its record
      const h = findHeaderBefore(b, ls, from);
      if (h !== -1) noteHeaderAt(sc, b, h, end);
      const line = b.toString('latin1', ls, le);
      sc.evaluate(!hasEsc || line.indexOf('\x1b') === -1 ? line : line.replace(ANSI_ALL, ''), '', true);
    }
  }
}

interface Needles {
  levels: Buffer[];
  /** Search `find` (the needle from its rarest-looking byte on), then check the `back` bytes before it. */
  body: { find: Buffer; back: number; full: Buffer }[];
}

function needlesOf(sc: LogScanner): Needles {
  return {
    levels: sc.signatureIndex.levelBytes.map((lv) => Buffer.from([lv, 32, 91])),
    // '"' is everywhere in JSON bodies, so both `"msg" : "` and `"msg":` are
    // searched from their 'g' (about 10x faster with Buffer.indexOf)
    body: BODY_NEEDLES.map((n) => {
      const full = Buffer.from(n);
      const back = n.startsWith('"msg"') ? 3 : 0;
      return { find: full.subarray(back), back, full };
    }),
  };
}

/** Offset of the nearest record header line before `ls`, or -1 (then the carried timestamp stands). */
function findHeaderBefore(b: Buffer, ls: number, from: number): number {
  let s = ls;
  while (s > from) {
    const p = b.lastIndexOf(NL, s - 2);
    const start = p < from ? from : p + 1;
    const at = ansiSkipBuf(b, start, s);
    if (headerLevelBuf(b, at, s) !== 0) return start;
    s = start;
  }
  return -1;
}

/** After a region: remember the last header so continuation lines of the next chunk are placed right. */
function noteLastHeader(sc: LogScanner, b: Buffer, from: number, end: number): void {
  const h = findHeaderBefore(b, end, from);
  if (h !== -1) noteHeaderAt(sc, b, h, end);
}

/** Decode the header line at `ls` and make it the current record. */
function noteHeaderAt(sc: LogScanner, b: Buffer, ls: number, end: number): void {
  let le = b.indexOf(NL, ls);
  if (le === -1 || le > end) le = end;
  const at = ansiSkipBuf(b, ls, le);
  const line = b.toString('latin1', at, le);
  sc.noteHeader(line.slice(0, TS_LEN), line.indexOf('\x1b') === -1 ? line : line.replace(ANSI_ALL, ''), true);
}

/** Note the first header of a file (for `span`). */
function noteFirstHeader(sc: LogScanner, b: Buffer, end: number): void {
  let s = 0;
  while (s < end) {
    const at = ansiSkipBuf(b, s, end);
    if (headerLevelBuf(b, at, end) !== 0) {
      noteHeaderAt(sc, b, s, end);
      return;
    }
    const nl = b.indexOf(NL, s);
    if (nl === -1) return;
    s = nl + 1;
  }
}

/** Feeds one file to `sc` (1 MiB chunks, the next one read while this one is scanned); returns the bytes read. */
export async function scanFileInto(sc: LogScanner, path: string, signal: AbortSignal | undefined): Promise<number> {
  const fh = await open(path, 'r');
  let total = 0;
  // two buffers: the next chunk is read while the current one is scanned
  let cur = Buffer.allocUnsafe(CHUNK);
  let next = Buffer.allocUnsafe(CHUNK);
  let carry = 0;
  let pending: Promise<{ bytesRead: number }> | undefined = fh.read(cur, 0, cur.length, null);
  try {
    let first = true;
    // inside a line longer than MAX_LINE: its bytes are dropped up to the next '\n'
    let skipping = false;
    const needles = needlesOf(sc);
    sc.currentFile = path;
    for (;;) {
      const { bytesRead } = await pending!;
      pending = undefined;
      signal?.throwIfAborted();
      total += bytesRead;
      let n = carry + bytesRead;
      if (bytesRead === 0) {
        if (n > 0 && !skipping) {
          if (first) noteFirstHeader(sc, cur, n);
          scanRegion(sc, cur, 0, n, needles);
          noteLastHeader(sc, cur, 0, n);
        }
        break;
      }
      if (skipping) {
        const nl = cur.indexOf(NL, 0);
        if (nl === -1 || nl >= n) {
          carry = 0;
          pending = fh.read(cur, 0, cur.length, null);
          continue;
        }
        skipping = false;
        cur.copy(cur, 0, nl + 1, n);
        n -= nl + 1;
      }
      const lastNl = n > 0 ? cur.lastIndexOf(NL, n - 1) : -1;
      if (lastNl === -1) {
        // no complete line yet
        carry = n;
        if (carry === cur.length) {
          if (cur.length < MAX_LINE) {
            // one line longer than the buffer: grow both
            const nb = Buffer.allocUnsafe(cur.length * 2);
            cur.copy(nb, 0, 0, carry);
            cur = nb;
            next = Buffer.allocUnsafe(nb.length);
          } else {
            // no log record is this long: drop the line, so memory stays bounded whatever the file holds
            carry = 0;
            skipping = true;
          }
        }
        pending = fh.read(cur, carry, cur.length - carry, null);
        continue;
      }
      const end = lastNl + 1;
      carry = n - end;
      if (carry > 0) cur.copy(next, 0, end, n);
      pending = fh.read(next, carry, next.length - carry, null);
      if (first) {
        noteFirstHeader(sc, cur, end);
        first = false;
      }
      scanRegion(sc, cur, 0, end, needles);
      noteLastHeader(sc, cur, 0, end);
      [cur, next] = [next, cur];
    }
  } finally {
    // a read still in flight (abort, error) must settle before the file is closed
    if (pending) await pending.catch(() => undefined);
    await fh.close();
  }
  sc.addBytes(total);
  return total;
}
