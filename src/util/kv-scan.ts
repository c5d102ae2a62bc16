/**
 * The two line scans of the secret finder (src/util/redact.ts) that run on every line it looks at, written as
 * character loops: a `key: value` / `key=value` line, and the `key=value` pairs anywhere in a line. They were
 * regular expressions (test/util/kv-scan.test.ts keeps them as the reference and checks both agree on every
 * short line): V8 compiles a pattern on its first run and again to native code on its second, once per string width,
 * and the scan runs on a config with Chinese comments (UTF-16) and then on the report (Latin-1) at every start.
 */

/** [A-Za-z0-9_.-]: the characters of a key (and of \w plus `.` and `-`, which the pair scan looks behind for) */
export function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** What a regular expression's \s matches (ECMAScript WhiteSpace and LineTerminator). */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** A line's parts, as `^([ \t]*(?:-[ \t]+)?)(["']?)([A-Za-z0-9_.\-]+)\2([ \t]*[=:](?![/:])[ \t]*|[ \t]+)(.*?)[ \t\r]*$/u` captures them. */
export interface KeyValueLine {
  /** the indentation, with a YAML list dash and the blanks after it */
  lead: string;
  /** the key's quote (`"` or `'`), or '' */
  quote: string;
  key: string;
  /** `=` or `:` with the blanks around it, or blanks alone */
  sep: string;
  /** the rest, less trailing blanks and carriage returns */
  value: string;
}

/** A `key<sep>value` line (INI, YAML, .env, `secret XYZ`), or null. */
export function keyValueLine(line: string): KeyValueLine | null {
  const n = line.length;
  let i = 0;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  // a list dash and blanks first; the key may also begin with the dash (`-key`, `- : x`), as the pattern backtracks
  if (line.charCodeAt(i) === 45 && i + 1 < n && isBlank(line.charCodeAt(i + 1))) {
    let j = i + 2;
    while (j < n && isBlank(line.charCodeAt(j))) j++;
    const r = afterLead(line, j);
    if (r) return r;
  }
  return afterLead(line, i);
}

function afterLead(line: string, at: number): KeyValueLine | null {
  const q = line.charCodeAt(at);
  if (q === 34 || q === 39) {
    const r = fromKey(line, at, at + 1, line[at]!);
    if (r) return r;
  }
  return fromKey(line, at, at, '');
}

function fromKey(line: string, leadEnd: number, keyStart: number, quote: string): KeyValueLine | null {
  const n = line.length;
  let k = keyStart;
  while (k < n && isKeyChar(line.charCodeAt(k))) k++;
  if (k === keyStart) return null;
  let s = k;
  if (quote !== '') {
    if (line[s] !== quote) return null;
    s++;
  }
  let a = s;
  while (a < n && isBlank(line.charCodeAt(a))) a++;
  let sepEnd: number;
  const c = line.charCodeAt(a);
  const next = line.charCodeAt(a + 1);
  if ((c === 61 || c === 58) && next !== 47 && next !== 58) {
    sepEnd = a + 1;
    while (sepEnd < n && isBlank(line.charCodeAt(sepEnd))) sepEnd++;
  } else if (a > s) sepEnd = a;
  else return null;
  let e = n;
  while (e > sepEnd && (isBlank(line.charCodeAt(e - 1)) || line.charCodeAt(e - 1) === 13)) e--;
  // `.` matches no line terminator: one inside the value and the pattern does not match at all
  for (let x = sepEnd; x < e; x++) {
    const d = line.charCodeAt(x);
    if (d === 10 || d === 13 || d === 8232 || d === 8233) return null;
  }
  return { lead: line.slice(0, leadEnd), quote, key: line.slice(keyStart, k), sep: line.slice(s, sepEnd), value: line.slice(sepEnd, e) };
}

/** A `key=value` pair found inside a line: the value starts at `at`. */
export interface Assignment {
  key: string;
  value: string;
  at: number;
}

/** &"'#,;<>)]}= : the characters that end a value in a pair (with white space) */
function endsValue(c: number): boolean {
  return c === 38 || c === 34 || c === 39 || c === 35 || c === 44 || c === 59 || c === 60 || c === 62 || c === 41 || c === 93 || c === 125 || c === 61 || isJsSpace(c);
}

/**
 * Every `key=value` of a line, in order, as `(?<![\w.-])([A-Za-z0-9_.-]+)[ \t]*=(?=[ \t]*([^\s&"'#,;<>)\]}=]+))/g`
 * finds them: a whole run of key characters, blanks, `=`, blanks and a value; the next pair is looked for after
 * the `=`.
 */
export function assignments(line: string): Assignment[] {
  const out: Assignment[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    // the next run of key characters that starts at or after i (a run is never entered in the middle)
    let r = i;
    while (r < n && !(isKeyChar(line.charCodeAt(r)) && (r === 0 || !isKeyChar(line.charCodeAt(r - 1))))) r++;
    if (r >= n) break;
    let k = r + 1;
    while (k < n && isKeyChar(line.charCodeAt(k))) k++;
    let b = k;
    while (b < n && isBlank(line.charCodeAt(b))) b++;
    if (line.charCodeAt(b) === 61) {
      let vs = b + 1;
      while (vs < n && isBlank(line.charCodeAt(vs))) vs++;
      let ve = vs;
      while (ve < n && !endsValue(line.charCodeAt(ve))) ve++;
      if (ve > vs) {
        out.push({ key: line.slice(r, k), value: line.slice(vs, ve), at: vs });
        i = b + 1;
        continue;
      }
    }
    i = k;
  }
  return out;
}
