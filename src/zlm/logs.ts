/**
 * Scan ZLMediaKit MediaServer logs for the fault signatures of log-signatures.ts.
 *
 * Two entry points share one evaluator, so they give identical counts:
 *  - `scanLines(lines)` / `LogScanner`: pure, line by line, for any source
 *    (tests, stdin, `docker logs` output; ANSI colours are ignored);
 *  - `scanLogDir(dir)` / `scanLogFile(file)`: streams files in 1 MiB chunks and
 *    never splits the bulk of them into lines. Candidates are found with
 *    Buffer.indexOf: the level letter of W/E record headers (every 'head'
 *    signature is logged at W or E) and the literal keys of the 'any'
 *    signatures. Only those lines are decoded and tested, first against one
 *    combined regex of all keys, then against each signature's patterns.
 *
 * Timestamps are ZLM's local time without zone; they are read in the zone of
 * this process (set TZ to read logs of a server in another zone).
 */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Redactor } from '../util/redact.ts';
import { LOG_SIGNATURES, type LogSeverity, type LogSignature, type SubjectKind } from './log-signatures.ts';

export interface ScanOptions {
  /** Only count records at or after this instant. Files named for an earlier day are skipped. */
  since?: Date;
  /** Only count records at or before this instant. Files named for a later day are skipped. */
  until?: Date;
  signal?: AbortSignal;
  /** Extra secrets to hide in samples (e.g. api.secret read from config.ini). */
  secrets?: readonly string[];
  /** Limit the catalogue (default: LOG_SIGNATURES). */
  signatures?: readonly LogSignature[];
}

export interface SubjectCount {
  value: string;
  count: number;
}

export interface SignatureHit {
  id: string;
  severity: LogSeverity;
  /** Matching lines inside the window. */
  count: number;
  /** Timestamp of the first / last matching record (undefined only when no header preceded the line). */
  first?: Date;
  last?: Date;
  /** The same, as written in the log: `YYYY-MM-DD HH:MM:SS.mmm`. */
  firstText?: string;
  lastText?: string;
  /** First matching line, secrets replaced by fingerprints (`‹secret sha256:…›`), at most 600 characters. */
  sample: string;
  /** File of the sample (scanLogDir / scanLogFile only). */
  sampleFile?: string;
  subjectKind?: SubjectKind;
  /**
   * What the lines name, most frequent first (at most 50 distinct values):
   * hook URLs (secrets redacted) for hook-*, streams, listen addresses, config keys, ssrc pairs.
   */
  subjects: SubjectCount[];
}

export interface ScannedFile {
  path: string;
  bytes: number;
  /** Why the file was not read. */
  skipped?: 'before-window' | 'after-window';
}

export interface LogScanResult {
  /** Signatures with at least one match, in catalogue order. */
  hits: SignatureHit[];
  files: ScannedFile[];
  /** Bytes read. */
  bytes: number;
  /** Lines read (scanLines only; the chunk scanner does not split files into lines). */
  lines?: number;
  /** Timestamps of the first and the last record read, in file order (ignoring the window). */
  span: { first?: Date; last?: Date };
  elapsedMs: number;
}

// ───────────────────────────── record headers ─────────────────────────────

/** `YYYY-MM-DD HH:MM:SS.mmm L ` — 23 characters of timestamp, a space, the level letter. */
const TS_LEN = 23;
const LEVEL_AT = 24;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether `s` (from `at`) starts with a ZLM record header; returns the level letter or ''. */
function headerLevelStr(s: string, at: number): string {
  if (s.length < at + LEVEL_AT + 2) return '';
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45 || s.charCodeAt(at + 10) !== 32 || s.charCodeAt(at + 13) !== 58 || s.charCodeAt(at + 16) !== 58 || s.charCodeAt(at + 19) !== 46 || s.charCodeAt(at + 23) !== 32 || s.charCodeAt(at + 25) !== 32) return '';
  if (!isDigit(s.charCodeAt(at)) || !isDigit(s.charCodeAt(at + 3)) || !isDigit(s.charCodeAt(at + 22))) return '';
  return s[at + LEVEL_AT]!;
}

/** Same on bytes. */
function headerLevelBuf(b: Buffer, at: number, end: number): number {
  if (end < at + LEVEL_AT + 2) return 0;
  if (b[at + 4] !== 45 || b[at + 7] !== 45 || b[at + 10] !== 32 || b[at + 13] !== 58 || b[at + 16] !== 58 || b[at + 19] !== 46 || b[at + 23] !== 32 || b[at + 25] !== 32) return 0;
  if (!isDigit(b[at]!) || !isDigit(b[at + 3]!) || !isDigit(b[at + 22]!)) return 0;
  return b[at + LEVEL_AT]!;
}

/** Skip one leading ANSI colour sequence (console output captured by docker/systemd). */
function ansiSkipStr(s: string, at: number): number {
  if (s.charCodeAt(at) !== 27 || s.charCodeAt(at + 1) !== 91) return at;
  let i = at + 2;
  while (i < s.length && i < at + 16 && s.charCodeAt(i) !== 109) i++;
  return i < s.length && s.charCodeAt(i) === 109 ? i + 1 : at;
}

function ansiSkipBuf(b: Buffer, at: number, end: number): number {
  if (b[at] !== 27 || b[at + 1] !== 91) return at;
  let i = at + 2;
  while (i < end && i < at + 16 && b[i] !== 109) i++;
  return i < end && b[i] === 109 ? i + 1 : at;
}

function num(s: string, a: number, n: number): number {
  let v = 0;
  for (let i = a; i < a + n; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

/**
 * Timestamps stay text while scanning: the format is fixed-width, so string
 * order is time order, and no Date is built per line.
 */
export function parseLogTimestamp(ts: string): Date {
  return new Date(num(ts, 0, 4), num(ts, 5, 2) - 1, num(ts, 8, 2), num(ts, 11, 2), num(ts, 14, 2), num(ts, 17, 2), num(ts, 20, 3));
}

/** A Date as ZLM writes it (local time): `YYYY-MM-DD HH:MM:SS.mmm`. */
export function formatLogTimestamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

const ANSI_ALL = /\x1b\[[0-9;]*m/g;

// ─────────────────────────────── evaluator ───────────────────────────────

interface Compiled {
  sig: LogSignature;
  index: number;
  patterns: RegExp[];
  /** per pattern: literals any match must contain (a cheap test before the regex) */
  lits: string[][];
  exclude: RegExp[];
  exLits: string[][];
  levels: string;
  body: boolean;
}

/**
 * Literal runs (3+ characters) that every match of a regex source must contain:
 * the runs at the top level, outside groups and classes and not made optional
 * by a quantifier. A top-level alternation gives none (no run is required).
 */
export function requiredLiterals(src: string): string[] {
  const out: string[] = [];
  let run = '';
  let depth = 0;
  const flush = (): void => {
    if (run.length >= 3) out.push(run);
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const nx = src[i + 1];
      if (nx === undefined) return [];
      i++;
      if (depth > 0) continue;
      if (/[dDwWsSbBnrtfv0-9pPuxkc]/.test(nx)) {
        flush();
        continue;
      }
      const q = src[i + 1];
      if (q === '?' || q === '*' || q === '{') {
        flush();
        continue;
      }
      run += nx;
      continue;
    }
    if (ch === '[') {
      // skip the class
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j;
      if (depth === 0) flush();
      continue;
    }
    if (ch === '(') {
      depth++;
      if (depth === 1) flush();
      continue;
    }
    if (ch === ')') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (ch === '|') return [];
    if (ch === '.' || ch === '^' || ch === '$') {
      flush();
      continue;
    }
    if (ch === '?' || ch === '*' || ch === '{') {
      // the last character was optional or repeated: it is not required as part of the run
      run = run.slice(0, -1);
      flush();
      if (ch === '{') while (i < src.length && src[i] !== '}') i++;
      continue;
    }
    if (ch === '+') {
      flush();
      continue;
    }
    run += ch;
  }
  flush();
  return out;
}

function hasAll(line: string, lits: readonly string[]): boolean {
  for (const l of lits) if (!line.includes(l)) return false;
  return true;
}

interface HitState {
  count: number;
  firstText?: string;
  lastText?: string;
  sample?: string;
  sampleFile?: string;
  subjects: Map<string, number>;
}

/** A signature a line matched, and what it names. */
interface Found {
  c: Compiled;
  subject?: string;
}
const NONE: Found[] = [];

/** A line read as latin1 (one character per byte), decoded as the UTF-8 it is. */
function utf8(latin1: string): string {
  // pure ASCII (nearly every log line) needs no decoding
  return /[^\x00-\x7f]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}
/** Distinct candidate lines remembered; an outage repeats a handful of them, normal operation varies more. */
const MEMO_MAX = 4096;

const MAX_SUBJECTS = 50;
const MAX_SAMPLE = 600;

/** Continuation lines are candidates only when they hold a JSON "msg" (styled or compact). */
export const BODY_NEEDLES: readonly string[] = ['"msg" : "', '"msg":'];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Everything the scan needs, compiled once per catalogue. */
class Catalogue {
  readonly all: Compiled[];
  /** Levels that have signatures, as characters and bytes (W=87, E=69). */
  readonly levelChars: string;
  readonly levelBytes: number[];
  readonly hasBody: boolean;
  /** One global regex of every key: finds which signatures a line may match. */
  readonly keyRe: RegExp;
  readonly byKey: Map<string, Compiled[]>;
  /**
   * key → how far past the start of its match the key search resumes: the
   * first offset where another key could begin inside it (1 when one can at
   * once), else its length. Resuming one character on finds the same keys, slower.
   */
  readonly restart: Map<string, number>;

  constructor(sigs: readonly LogSignature[]) {
    this.all = sigs.map((sig, index) => ({
      sig,
      index,
      patterns: sig.patterns.map((p) => new RegExp(p)),
      lits: sig.patterns.map(requiredLiterals),
      exclude: (sig.exclude ?? []).map((p) => new RegExp(p)),
      exLits: (sig.exclude ?? []).map(requiredLiterals),
      levels: sig.levels.join(''),
      body: sig.body === true,
    }));
    const levels = new Set<string>();
    for (const c of this.all) for (const l of c.sig.levels) levels.add(l);
    this.levelChars = [...levels].join('');
    this.levelBytes = [...levels].map((l) => l.charCodeAt(0));
    this.hasBody = this.all.some((c) => c.body);
    this.byKey = new Map();
    for (const c of this.all) {
      for (const k of c.sig.keys) {
        const list = this.byKey.get(k);
        if (list) list.push(c);
        else this.byKey.set(k, [c]);
      }
    }
    // longest first, so a key is never shadowed by a shorter one starting at the same place
    const keys = [...this.byKey.keys()].sort((a, b) => b.length - a.length);
    this.keyRe = new RegExp(keys.map(escapeRe).join('|') || '(?!)', 'g');
    this.restart = new Map();
    for (const k of keys) {
      let r = k.length;
      for (let off = 1; off < k.length && r === k.length; off++) {
        const tail = k.slice(off);
        if (keys.some((o) => o.startsWith(tail) || tail.startsWith(o) || tail.includes(o))) r = off;
      }
      this.restart.set(k, r);
    }
  }
}

const DEFAULT_CATALOGUE = new Catalogue(LOG_SIGNATURES);

/**
 * Streaming scanner state. Feed it lines with `push(line)`; `result()` may be
 * called at any time. The chunk scanner drives the same evaluator.
 */
export class LogScanner {
  private readonly cat: Catalogue;
  private readonly states: (HitState | undefined)[];
  private readonly since: string | undefined;
  private readonly until: string | undefined;
  private readonly redactor: Redactor;
  /** hook URLs repeat on every line of an outage: redact each distinct one once */
  private readonly redactedUrls = new Map<string, string>();
  /** candidate line without its timestamp → what it matched (bounded: cleared when full) */
  private readonly memo = new Map<string, Found[]>();
  /** the same for lines read as latin1 by the chunk scanner */
  private readonly memoRaw = new Map<string, Found[]>();
  /** Timestamp of the record the current / next continuation line belongs to. */
  private curTs: string | undefined;
  /** Header line of that record (for samples of continuation lines). */
  private curHead: string | undefined;
  /** curHead holds latin1 bytes (the chunk scanner), not decoded text */
  private curHeadRaw = false;
  private spanFirst: string | undefined;
  private spanLast: string | undefined;
  private lineCount = 0;
  private lineMode = false;
  private byteCount = 0;
  private readonly started = performance.now();
  /** File name reported with samples. */
  currentFile: string | undefined;
  readonly files: ScannedFile[] = [];

  constructor(opts: ScanOptions = {}) {
    this.cat = opts.signatures ? new Catalogue(opts.signatures) : DEFAULT_CATALOGUE;
    this.states = new Array<HitState | undefined>(this.cat.all.length).fill(undefined);
    this.since = opts.since ? formatLogTimestamp(opts.since) : undefined;
    // inclusive, to the millisecond
    this.until = opts.until ? formatLogTimestamp(opts.until) : undefined;
    this.redactor = new Redactor();
    for (const k of opts.secrets ?? []) this.redactor.add(k);
  }

  /** @internal */
  get catalogue(): Catalogue {
    return this.cat;
  }

  /** Feed one line (without its line ending; a trailing '\r' is ignored). */
  push(line: string): void {
    this.lineMode = true;
    this.lineCount++;
    this.byteCount += Buffer.byteLength(line) + 1;
    let at = ansiSkipStr(line, 0);
    let level = headerLevelStr(line, at);
    if (level === '' && line.indexOf('\x1b') !== -1) {
      line = line.replace(ANSI_ALL, '');
      at = 0;
      level = headerLevelStr(line, 0);
    }
    if (level !== '') {
      if (at !== 0) line = line.slice(at);
      this.noteHeader(line.slice(0, TS_LEN), line);
      if (this.cat.levelChars.includes(level)) this.evaluate(line, level);
    } else if (this.cat.hasBody && (line.includes(BODY_NEEDLES[0]!) || line.includes(BODY_NEEDLES[1]!))) {
      this.evaluate(line, '');
    }
  }

  /** @internal A record header was seen: following continuation lines belong to it. */
  noteHeader(ts: string, headLine: string | undefined, raw = false): void {
    this.curTs = ts;
    this.curHead = headLine;
    this.curHeadRaw = raw;
    this.spanFirst ??= ts;
    this.spanLast = ts;
  }

  /** @internal */
  addBytes(n: number): void {
    this.byteCount += n;
  }

  /**
   * @internal Test one candidate line: a record header of `level`, already
   * passed to noteHeader, or (level '') a continuation line of the current record.
   */
  evaluate(line: string, level: string, raw = false): void {
    const ts = this.curTs;
    if (this.since !== undefined || this.until !== undefined) {
      if (ts === undefined) return;
      if (this.since !== undefined && ts < this.since) return;
      if (this.until !== undefined && ts > this.until) return;
    }
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    // what a line matches depends on its text alone; during an outage the same
    // failure is logged every second, differing only in its timestamp
    const key = level === '' ? `\u0000${line}` : line.slice(TS_LEN);
    const memo = raw ? this.memoRaw : this.memo;
    let found = memo.get(key);
    if (found === undefined) {
      found = this.match(raw ? utf8(line) : line, level);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(key, found);
    }
    for (const f of found) this.count(f, line, raw, ts, level !== '');
  }

  /** The signatures a candidate line matches, with the subject each names (hook URLs redacted). */
  private match(line: string, level: string): Found[] {
    const re = this.cat.keyRe;
    re.lastIndex = 0;
    let m = re.exec(line);
    if (m === null) return NONE;
    let out: Found[] = NONE;
    let tested: Compiled[] | undefined;
    do {
      for (const c of this.cat.byKey.get(m[0])!) {
        if (level === '' ? !c.body : !c.levels.includes(level)) continue;
        if (tested === undefined) tested = [c];
        else if (tested.includes(c)) continue;
        else tested.push(c);
        const f = this.test(c, line);
        if (f) out = out === NONE ? [f] : [...out, f];
      }
      // resume where another key could begin, so keys that overlap or contain each other are all found
      re.lastIndex = m.index + this.cat.restart.get(m[0])!;
      m = re.exec(line);
    } while (m !== null);
    return out;
  }

  private test(c: Compiled, line: string): Found | undefined {
    let m: RegExpExecArray | null = null;
    for (let i = 0; i < c.patterns.length; i++) {
      if (!hasAll(line, c.lits[i]!)) continue;
      m = c.patterns[i]!.exec(line);
      if (m) break;
    }
    if (!m) return undefined;
    for (let i = 0; i < c.exclude.length; i++) if (hasAll(line, c.exLits[i]!) && c.exclude[i]!.test(line)) return undefined;
    const subject = c.sig.subject?.(m);
    if (subject === undefined || subject === '') return { c };
    return { c, subject: c.sig.subjectKind === 'hook-url' ? this.redactUrl(subject) : subject };
  }

  private count(f: Found, rawLine: string, raw: boolean, ts: string | undefined, head: boolean): void {
    const c = f.c;
    let st = this.states[c.index];
    if (!st) {
      st = { count: 0, subjects: new Map() };
      this.states[c.index] = st;
    }
    st.count++;
    if (ts !== undefined) {
      if (st.firstText === undefined || ts < st.firstText) st.firstText = ts;
      if (st.lastText === undefined || ts >= st.lastText) st.lastText = ts;
    }
    if (st.sample === undefined) {
      // a continuation line is shown after the header of its record
      const line = raw ? utf8(rawLine) : rawLine;
      const curHead = this.curHead === undefined || !this.curHeadRaw ? this.curHead : utf8(this.curHead);
      const text = head || curHead === undefined ? line : `${curHead.replace(/\r$/, '').trimEnd()} … ${line.trim()}`;
      const s = this.redactor.redact(text);
      st.sample = s.length > MAX_SAMPLE ? `${s.slice(0, MAX_SAMPLE)}…` : s;
      st.sampleFile = this.currentFile;
    }
    const v = f.subject;
    if (v !== undefined) {
      const n = st.subjects.get(v);
      if (n !== undefined) st.subjects.set(v, n + 1);
      else if (st.subjects.size < MAX_SUBJECTS) st.subjects.set(v, 1);
    }
  }

  private redactUrl(url: string): string {
    let v = this.redactedUrls.get(url);
    if (v === undefined) {
      v = this.redactor.redact(url);
      if (this.redactedUrls.size < 4096) this.redactedUrls.set(url, v);
    }
    return v;
  }

  result(): LogScanResult {
    const hits: SignatureHit[] = [];
    this.cat.all.forEach((c, i) => {
      const st = this.states[i];
      if (!st) return;
      const subjects = [...st.subjects].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      hits.push({
        id: c.sig.id,
        severity: c.sig.severity,
        count: st.count,
        first: st.firstText === undefined ? undefined : parseLogTimestamp(st.firstText),
        last: st.lastText === undefined ? undefined : parseLogTimestamp(st.lastText),
        firstText: st.firstText,
        lastText: st.lastText,
        sample: st.sample ?? '',
        sampleFile: st.sampleFile,
        subjectKind: c.sig.subjectKind,
        subjects,
      });
    });
    return {
      hits,
      files: this.files,
      bytes: this.byteCount,
      lines: this.lineMode ? this.lineCount : undefined,
      span: {
        first: this.spanFirst === undefined ? undefined : parseLogTimestamp(this.spanFirst),
        last: this.spanLast === undefined ? undefined : parseLogTimestamp(this.spanLast),
      },
      elapsedMs: performance.now() - this.started,
    };
  }
}

/** Scan lines from any iterable (sync or async); pure apart from the clock. */
export function scanLines(lines: Iterable<string>, opts?: ScanOptions): LogScanResult;
export function scanLines(lines: AsyncIterable<string>, opts?: ScanOptions): Promise<LogScanResult>;
export function scanLines(lines: Iterable<string> | AsyncIterable<string>, opts: ScanOptions = {}): LogScanResult | Promise<LogScanResult> {
  const sc = new LogScanner(opts);
  if (Symbol.asyncIterator in lines) {
    return (async () => {
      for await (const l of lines) {
        opts.signal?.throwIfAborted();
        sc.push(l);
      }
      return sc.result();
    })();
  }
  for (const l of lines) sc.push(l);
  return sc.result();
}

// ───────────────────────────── chunk scanner ─────────────────────────────

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
  const cat = sc.catalogue;
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
    levels: sc.catalogue.levelBytes.map((lv) => Buffer.from([lv, 32, 91])),
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

async function scanFileInto(sc: LogScanner, path: string, signal: AbortSignal | undefined): Promise<number> {
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
