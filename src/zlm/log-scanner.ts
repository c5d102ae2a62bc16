/**
 * The log evaluator: `LogScanner` takes candidate lines (a record header at a
 * signature level, or a continuation line holding a JSON body), tests them
 * against the signature index and counts hits, with the first sample
 * (secrets replaced by fingerprints), first/last timestamps and the subjects
 * the lines name. `scanLines` feeds it line by line; the chunk scanner
 * (log-chunks.ts) feeds it straight from file buffers, with identical counts.
 */
import { Redactor } from '../util/redact.ts';
import type { LogSeverity, LogSignature, SubjectKind } from './log-signatures.ts';
import { ANSI_ALL, ansiSkipStr, BODY_NEEDLES, formatLogTimestamp, headerLevelStr, parseLogTimestamp, TS_LEN } from './log-records.ts';
import { DEFAULT_SIGNATURE_INDEX, hasAll, SignatureIndex, type Compiled } from './signature-index.ts';

export interface ScanOptions {
  /** Only count records at or after this instant. Files named for an earlier day are skipped. */
  since?: Date;
  /** Only count records at or before this instant. Files named for a later day are skipped. */
  until?: Date;
  signal?: AbortSignal;
  /** Extra secrets to hide in samples (e.g. api.secret read from config.ini). */
  secrets?: readonly string[];
  /** Limit the signatures (default: LOG_SIGNATURES). */
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
  /** Signatures with at least one match, in signature order. */
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

/**
 * Streaming scanner state. Feed it lines with `push(line)`; `result()` may be
 * called at any time. The chunk scanner drives the same evaluator.
 */
export class LogScanner {
  private readonly cat: SignatureIndex;
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
    this.cat = opts.signatures ? new SignatureIndex(opts.signatures) : DEFAULT_SIGNATURE_INDEX;
    this.states = new Array<HitState | undefined>(this.cat.all.length).fill(undefined);
    this.since = opts.since ? formatLogTimestamp(opts.since) : undefined;
    // inclusive, to the millisecond
    this.until = opts.until ? formatLogTimestamp(opts.until) : undefined;
    this.redactor = new Redactor();
    for (const k of opts.secrets ?? []) this.redactor.add(k);
  }

  /** @internal */
  get signatureIndex(): SignatureIndex {
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
