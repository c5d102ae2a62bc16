/**
 * Convert a config string exactly as ZLMediaKit does: `std::stringstream >> T`,
 * falling back to T() (0 / false / "") when extraction fails (mini.h
 * variant::as_default). Bools first try "true"/"false" in any case, otherwise
 * they are read as an integer that must be exactly 0 or 1 (libstdc++ num_get).
 */
import type { Storage } from './catalogue-types.ts';

export interface ReadResult<T> {
  /** What ZLM ends up using. */
  value: T;
  /** True when the whole string is a clean literal of the type (nothing ignored, no fallback). */
  clean: boolean;
  /** True when extraction failed and ZLM fell back to the type's zero value. */
  fellBack: boolean;
}

// made once: a literal inside the readers would be a new object at every read (every numeric line, for several rules)
const LEADING_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const PLAIN_RANGE = /^\d{1,5}-\d{1,5}$/;

/** Where the text starts after the white space stream extraction skips (isspace: space, \t \n \v \f \r). */
function skipSpace(s: string): number {
  let i = 0;
  for (let c = s.charCodeAt(0); c === 32 || (c >= 9 && c <= 13); c = s.charCodeAt(++i));
  return i;
}

/** Leading integer as num_get reads it, after white space: optional sign, decimal digits. */
function leadingInteger(s: string): { sign: 1 | -1; digits: string; rest: string } | undefined {
  let i = skipSpace(s);
  const c = s.charCodeAt(i);
  const sign = c === 45 /* - */ ? -1 : 1;
  if (c === 45 || c === 43 /* + */) i++;
  const from = i;
  for (let d = s.charCodeAt(i); d >= 48 && d <= 57; d = s.charCodeAt(++i));
  if (i === from) return undefined;
  return { sign, digits: s.slice(from, i), rest: s.slice(i) };
}

function readUnsigned(s: string, max: bigint): ReadResult<number> {
  const li = leadingInteger(s);
  if (!li) return { value: 0, clean: false, fellBack: true };
  const mag = BigInt(li.digits);
  if (mag > max) return { value: 0, clean: false, fellBack: true };
  // libstdc++ negates unsigned values read with a '-' sign (-1 → max)
  const v = li.sign === -1 && mag !== 0n ? max + 1n - mag : mag;
  return { value: Number(v), clean: li.rest === '' && li.sign === 1, fellBack: false };
}

function readSigned(s: string, min: bigint, max: bigint): ReadResult<number> {
  const li = leadingInteger(s);
  if (!li) return { value: 0, clean: false, fellBack: true };
  const v = BigInt(li.digits) * BigInt(li.sign);
  if (v > max || v < min) return { value: 0, clean: false, fellBack: true };
  return { value: Number(v), clean: li.rest === '', fellBack: false };
}

function readFloat(s: string): ReadResult<number> {
  const space = skipSpace(s);
  const t = space === 0 ? s : s.slice(space);
  const m = LEADING_FLOAT.exec(t);
  if (!m) return { value: 0, clean: false, fellBack: true };
  const v = Number(m[0]);
  if (!Number.isFinite(v)) return { value: 0, clean: false, fellBack: true };
  return { value: v, clean: m[0].length === t.length && t.length === s.length, fellBack: false };
}

/**
 * What each value read to, per storage type: the rules read the same ~200 values of a document again and again (a
 * value's own rule, the port rules, effective settings), and each read makes a match, a BigInt and result objects.
 * Results are shared: callers only read them.
 */
const READ: Record<Exclude<Storage, 'string'>, Map<string, ReadResult<number | boolean>>> = {
  bool: new Map(),
  uint16: new Map(),
  uint32: new Map(),
  uint64: new Map(),
  int32: new Map(),
  float: new Map(),
};
const READ_CACHE_MAX = 4096;

function remember<T extends number | boolean>(storage: Exclude<Storage, 'string'>, raw: string, read: (raw: string) => ReadResult<T>): ReadResult<T> {
  const cache = READ[storage];
  let r = cache.get(raw) as ReadResult<T> | undefined;
  if (r === undefined) {
    r = read(raw);
    if (cache.size >= READ_CACHE_MAX) cache.clear();
    cache.set(raw, r);
  }
  return r;
}

export function readBool(s: string): ReadResult<boolean> {
  return remember('bool', s, readBoolOnce);
}

function readBoolOnce(s: string): ReadResult<boolean> {
  const first = s[0];
  if (s === '' || (first !== undefined && first >= '0' && first <= '9')) {
    const li = leadingInteger(s);
    if (!li) return { value: false, clean: false, fellBack: true };
    const n = BigInt(li.digits);
    if (n === 0n || n === 1n) return { value: n === 1n, clean: li.rest === '' && (li.digits === '0' || li.digits === '1'), fellBack: false };
    return { value: false, clean: false, fellBack: true };
  }
  const lower = s.toLowerCase();
  if (lower === 'true') return { value: true, clean: true, fellBack: false };
  if (lower === 'false') return { value: false, clean: true, fellBack: false };
  // "+1" / "-0" / " 1" still reach num_get
  const li = leadingInteger(s);
  if (li) {
    const n = BigInt(li.digits) * BigInt(li.sign);
    if (n === 0n || n === 1n) return { value: n === 1n, clean: false, fellBack: false };
  }
  return { value: false, clean: false, fellBack: true };
}

/** The reader of each storage type but string (made once: readValue runs for every numeric line, for several rules). */
const READERS: Record<Exclude<Storage, 'string'>, (raw: string) => ReadResult<number | boolean>> = {
  bool: readBoolOnce,
  uint16: (s) => readUnsigned(s, 0xffffn),
  uint32: (s) => readUnsigned(s, 0xffffffffn),
  uint64: (s) => readUnsigned(s, 0xffffffffffffffffn),
  int32: (s) => readSigned(s, -0x80000000n, 0x7fffffffn),
  float: readFloat,
};

export function readValue(storage: Storage, raw: string): ReadResult<number | boolean | string> {
  if (storage === 'string') return { value: raw, clean: true, fellBack: false };
  return remember(storage, raw, READERS[storage]);
}

export function readNumber(storage: Storage, raw: string): number {
  const r = readValue(storage, raw).value;
  return typeof r === 'number' ? r : r === true ? 1 : 0;
}

/**
 * rtp_proxy.port_range / rtc.port_range: sscanf("%hu-%hu"). A bound that
 * fails to parse keeps its compiled default (30000/35000 for rtp_proxy).
 */
export interface PortRange {
  min: number;
  max: number;
  /** the text is exactly `min-max` with two decimal numbers */
  clean: boolean;
  /** which bounds were taken from the default */
  defaulted: { min: boolean; max: boolean };
}

export function readPortRange(raw: string, defMin: number, defMax: number): PortRange {
  // sscanf %hu: skips whitespace, optional sign, digits; value wraps modulo 65536
  const scanHu = (s: string): { v: number; rest: string } | undefined => {
    const li = leadingInteger(s);
    if (!li) return undefined;
    let v = Number(BigInt(li.digits) % 65536n);
    if (li.sign === -1) v = (65536 - v) % 65536;
    return { v, rest: li.rest };
  };
  const a = scanHu(raw);
  if (!a) return { min: defMin, max: defMax, clean: false, defaulted: { min: true, max: true } };
  if (!a.rest.startsWith('-')) return { min: a.v, max: defMax, clean: false, defaulted: { min: false, max: true } };
  const b = scanHu(a.rest.slice(1));
  if (!b) return { min: a.v, max: defMax, clean: false, defaulted: { min: false, max: true } };
  const clean = PLAIN_RANGE.test(raw) && a.v === Number(raw.split('-')[0]) && b.v === Number(raw.split('-')[1]);
  return { min: a.v, max: b.v, clean, defaulted: { min: false, max: false } };
}

/** Number of even/odd port pairs PortManager can hand out for a range. */
export function portPairs(r: { min: number; max: number }): number {
  return Math.max(0, Math.floor(r.max / 2) - Math.floor((r.min + 1) / 2));
}
