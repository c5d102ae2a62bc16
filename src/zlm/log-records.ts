/**
 * The shape of a ZLMediaKit log record, on text and on bytes: the header
 * `YYYY-MM-DD HH:MM:SS.mmm L ` (23 characters of local timestamp, a space,
 * the level letter), an optional leading ANSI colour sequence (console output
 * captured by docker/systemd), and continuation lines that carry a JSON body.
 */

/** `YYYY-MM-DD HH:MM:SS.mmm L ` — 23 characters of timestamp, a space, the level letter. */
export const TS_LEN = 23;
export const LEVEL_AT = 24;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether `s` (from `at`) starts with a ZLM record header; returns the level letter or ''. */
export function headerLevelStr(s: string, at: number): string {
  if (s.length < at + LEVEL_AT + 2) return '';
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45 || s.charCodeAt(at + 10) !== 32 || s.charCodeAt(at + 13) !== 58 || s.charCodeAt(at + 16) !== 58 || s.charCodeAt(at + 19) !== 46 || s.charCodeAt(at + 23) !== 32 || s.charCodeAt(at + 25) !== 32) return '';
  if (!isDigit(s.charCodeAt(at)) || !isDigit(s.charCodeAt(at + 3)) || !isDigit(s.charCodeAt(at + 22))) return '';
  return s[at + LEVEL_AT]!;
}

/** Same on bytes. */
export function headerLevelBuf(b: Buffer, at: number, end: number): number {
  if (end < at + LEVEL_AT + 2) return 0;
  if (b[at + 4] !== 45 || b[at + 7] !== 45 || b[at + 10] !== 32 || b[at + 13] !== 58 || b[at + 16] !== 58 || b[at + 19] !== 46 || b[at + 23] !== 32 || b[at + 25] !== 32) return 0;
  if (!isDigit(b[at]!) || !isDigit(b[at + 3]!) || !isDigit(b[at + 22]!)) return 0;
  return b[at + LEVEL_AT]!;
}

/** Skip one leading ANSI colour sequence (console output captured by docker/systemd). */
export function ansiSkipStr(s: string, at: number): number {
  if (s.charCodeAt(at) !== 27 || s.charCodeAt(at + 1) !== 91) return at;
  let i = at + 2;
  while (i < s.length && i < at + 16 && s.charCodeAt(i) !== 109) i++;
  return i < s.length && s.charCodeAt(i) === 109 ? i + 1 : at;
}

export function ansiSkipBuf(b: Buffer, at: number, end: number): number {
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

export const ANSI_ALL = /\x1b\[[0-9;]*m/g;

/** Continuation lines are candidates only when they hold a JSON "msg" (styled or compact). */
export const BODY_NEEDLES: readonly string[] = ['"msg" : "', '"msg":'];
