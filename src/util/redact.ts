/**
 * Secrets never appear in output. One policy for every output of the tool:
 *
 * - by KEY NAME and VALUE SHAPE, in INI, YAML, compose/env and log text alike:
 *   a value under a key named like a secret (secret, password, passwd, pwd,
 *   pass, passPhrase, icePwd, token, credential, access/secret/private/api key,
 *   ak/sk, and close misspellings such as `secert`), with `=`, `:` or
 *   whitespace as the separator, wherever it sits (before any section too);
 *   the lines under such a key (YAML block scalars, list items); private-key
 *   blocks; URL userinfo (`http://user:pass@host`); `secret=` inside query
 *   strings and `hook.admin_params`; `Authorization: Basic/Bearer` values;
 * - by KNOWN VALUE: every value found that way in the inputs (and any value
 *   the caller adds) is replaced wherever it is echoed (a hook URL's query,
 *   a message, a diff), also in its URL-encoded form.
 *
 * A secret becomes a short, stable fingerprint `‹secret sha256:1a2b3c4d›`, so
 * two outputs can still be compared ("the same secret on both sides") without
 * revealing it.
 */
import type * as Crypto from 'node:crypto';
import { assignments, keyValueLine } from './kv-scan.ts';

/** node:crypto costs several ms to load; most runs never hash anything. */
function crypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto') as typeof Crypto;
}

const FP_PREFIX = '‹secret sha256:';
const FP_MARK = '‹secret';

export function fingerprint(secret: string): string {
  return `${FP_PREFIX}${crypto().createHash('sha256').update(secret).digest('hex').slice(0, 8)}›`;
}

/** Shortest value we replace wherever it is echoed: shorter strings would blank out ordinary words and numbers. */
const MIN_SECRET_LENGTH = 4;
/** Below this length a known value is replaced only as a whole token (so `admin` does not eat `admin_params`). */
const WHOLE_TOKEN_BELOW = 12;
/** Longer known values are replaced as plain text, not through the pattern: V8 refuses a pattern of several MB. */
const LONG_SECRET = 1024;

// ─────────────────────────────── key names ───────────────────────────────

const SECRET_WORDS = new Set([
  'secret',
  'secrets',
  'password',
  'passwords',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'icepwd',
  'token',
  'tokens',
  'credential',
  'credentials',
  'accesskey',
  'accesskeyid',
  'accesskeysecret',
  'secretkey',
  'secretid',
  'privatekey',
  'apikey',
  'authorization',
]);
/** `<word> key` pairs that name key material. */
const KEY_PREFIXES = new Set(['access', 'secret', 'private', 'api', 'signing', 'encryption', 'master']);
/** Words long enough that a typo of them (`secert`, `pasword`) still names a secret. */
const TYPO_TARGETS = ['secret', 'password', 'passwd', 'passphrase'];

/** One transposition, one deletion or one insertion away (not a substitution: `select` is no `secret`). */
function nearTypo(w: string, target: string): boolean {
  if (w === target) return true;
  const d = w.length - target.length;
  if (d === 0) {
    let i = 0;
    while (i < w.length && w[i] === target[i]) i++;
    return i < w.length - 1 && w[i] === target[i + 1] && w[i + 1] === target[i] && w.slice(i + 2) === target.slice(i + 2);
  }
  if (Math.abs(d) !== 1) return false;
  const [long, short] = d > 0 ? [w, target] : [target, w];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

const CAMEL = /([a-z0-9])([A-Z])/g;
const NOT_WORD = /[^a-z0-9]+/;

/** The words of a key name (`accessKeyId` → access, key, id; `MYSQL_ROOT_PASSWORD` → mysql, root, password). */
export function words(name: string): string[] {
  const ascii = asciiWords(name);
  return ascii ?? name.replace(CAMEL, '$1 $2').toLowerCase().split(NOT_WORD).filter(Boolean);
}

/**
 * words() of an ASCII name, by hand (or undefined for any other name: its lower case may change its length):
 * runs of letters and digits, lower-cased, also cut before an upper-case letter that follows a lower-case letter
 * or a digit (CAMEL).
 */
function asciiWords(name: string): string[] | undefined {
  const out: string[] = [];
  let from = -1;
  let prevLowerOrDigit = false;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 32;
    if (c > 127) return undefined;
    const upper = c >= 65 && c <= 90;
    const lowerOrDigit = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (!upper && !lowerOrDigit) {
      if (from !== -1) out.push(name.slice(from, i).toLowerCase());
      from = -1;
    } else if (from === -1) from = i;
    else if (upper && prevLowerOrDigit) {
      out.push(name.slice(from, i).toLowerCase());
      from = i;
    }
    prevLowerOrDigit = lowerOrDigit;
  }
  return out;
}

const keyCache = new Map<string, boolean>();

/** Does this key name (`api.secret`, `MYSQL_ROOT_PASSWORD`, `secert`, `accessKeyId`, `sk`) name a secret? */
export function isSecretKey(name: string): boolean {
  let r = keyCache.get(name);
  if (r !== undefined) return r;
  const w = words(name);
  r = false;
  for (let i = 0; i < w.length && !r; i++) {
    const x = w[i]!;
    if (SECRET_WORDS.has(x)) r = true;
    else if (x === 'key' && i > 0 && KEY_PREFIXES.has(w[i - 1]!)) r = true;
    else if (x.length >= 5 && TYPO_TARGETS.some((t) => nearTypo(x, t))) r = true;
  }
  const last = w[w.length - 1];
  if (!r && (last === 'ak' || last === 'sk')) r = true;
  if (keyCache.size < 10_000) keyCache.set(name, r);
  return r;
}

// ─────────────────────────────── values ───────────────────────────────

/**
 * Template tokens and placeholder phrases (the forms src/zlm/secret-strength.ts calls 'template' and the
 * change-me family): public template text, not a value anyone chose. Hiding them by value would only blank out
 * the same words elsewhere (`api-secret` inside the rule id `api-secret-weak`); the key=value line itself is
 * still redacted by its key name.
 */
const TEMPLATE_TOKEN = /^(?:\{\{[^}]*\}?\}?|%[A-Za-z_][A-Za-z0-9_]*%|\$[A-Za-z_][A-Za-z0-9_]*|@[A-Za-z_]+@|__[A-Z0-9_]+__)$/;
const TEMPLATE_WORD = /^(?:api[-_.]?secret|zlm[-_.]?(?:api[-_.]?)?secret|media[-_.]?secret|secret[-_.]?key|your[-_.]?(?:api[-_.]?)?secret|my[-_.]?secret|the[-_.]?secret)$/i;
const PLACEHOLDER_PHRASE = /^(?:change[-_. ]?(?:me|it|this)|replace[-_. ]?(?:me|this)|please[-_. ]?change(?:[-_. ]?me)?|placeholder|your[-_. ]?(?:own[-_. ]?)?(?:api[-_. ]?)?(?:secret|key|password|token)(?:[-_. ]?here)?)$/i;

const FLAG_WORD = /^(true|false|yes|no|on|off|null|none|~|\*+|\.{2,}|\u2026|\|[-+]?|>[-+]?|<[^>]*>?)$/i;
const BARE_VARIABLE = /^\$\{[A-Za-z0-9_.-]+\}$/;

/** the first letters of TEMPLATE_WORD (api, zlm, media, secret, your, my, the) and of PLACEHOLDER_PHRASE (change, replace, please, placeholder, your) */
const WORD_FIRST = [...'azmsyt'].map((x) => x.charCodeAt(0));
const PHRASE_FIRST = [...'crpy'].map((x) => x.charCodeAt(0));
/** the words PLACEHOLDER_PHRASE's phrases start with, in lower case */
const PHRASE_WORDS = ['change', 'replace', 'please', 'placeholder', 'your'];

/** the first characters of FLAG_WORD (true false yes no on off null none ~ * .. … | > <), letters in lower case */
const FLAG_FIRST = [...'tfyno~*.\u2026|><'].map((x) => x.charCodeAt(0));

/** ASCII upper-case letters in lower case: the patterns that ignore case have no u flag, so no other character folds to a letter */
function lowerFirst(v: string): number {
  const c = v.charCodeAt(0);
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Values that are no secret whatever their key: flags, nothing, an elision (`...`), a placeholder name, ZLM's public icePwd default. */
export function notASecret(v: string): boolean {
  if (v.length === 0 || v.startsWith(FP_MARK) || v === 'ZLMediaKit') return true;
  // the patterns are anchored: each is tested only when the first character fits (see publicTemplate)
  const c = lowerFirst(v);
  return c === 36 /* $ */ ? BARE_VARIABLE.test(v) : FLAG_FIRST.includes(c) && FLAG_WORD.test(v);
}

/** Not hidden by value wherever it is echoed (the line that sets it is still redacted by its key name). */
export function publicTemplate(v: string): boolean {
  // The three patterns are anchored, and each can start with only a few characters: test only the one whose first
  // character fits. Most values fit none, and a pattern costs its compilation on first use, in every start.
  const c = lowerFirst(v);
  // { % $ @ _
  if (c === 123 || c === 37 || c === 36 || c === 64 || c === 95) return TEMPLATE_TOKEN.test(v);
  // TEMPLATE_WORD's names all end in secret or key, PLACEHOLDER_PHRASE's phrases start with one of PHRASE_WORDS
  const lower = WORD_FIRST.includes(c) || PHRASE_FIRST.includes(c) ? v.toLowerCase() : '';
  if (WORD_FIRST.includes(c) && (lower.endsWith('secret') || lower.endsWith('key')) && TEMPLATE_WORD.test(v)) return true;
  return PHRASE_FIRST.includes(c) && PHRASE_WORDS.some((w) => lower.startsWith(w)) && PLACEHOLDER_PHRASE.test(v);
}

/** The patterns behind notASecret and publicTemplate, for the test that the first-character shortcuts change nothing. */
export const VALUE_PATTERNS = { TEMPLATE_TOKEN, TEMPLATE_WORD, PLACEHOLDER_PHRASE, FLAG_WORD, BARE_VARIABLE } as const;

export interface SecretSpan {
  start: number;
  end: number;
}

/**
 * Where a raw value (as written after the separator, trimmed) holds the secret:
 * quotes and a trailing comment are left out, `${VAR:default}` keeps only the default.
 */
function valueSpan(raw: string, at: number, yaml: boolean, out: SecretSpan[]): void {
  let v = raw;
  let s = at;
  if (yaml) {
    const c = YAML_COMMENT.exec(v);
    if (c) v = v.slice(0, c.index);
  }
  const q = quotedMay(v) ? QUOTED.exec(v) : null;
  if (q) {
    v = q[2]!;
    s += 1;
  }
  const ph = VARIABLE_DEFAULT.exec(v);
  if (ph) {
    const d = ph[1]!;
    s += v.length - 1 - d.length;
    v = d;
  }
  if (notASecret(v)) return;
  out.push({ start: s, end: s + v.length });
}

// Regular expressions of the per-line scan below are made once: a literal inside a function is a new object at
// every call, and the scan runs for every line of every input and of every output.
const YAML_COMMENT = /\s+#.*$/;
const QUOTED = /^(["'])(.*)\1$/;
const VARIABLE_DEFAULT = /^\$\{[A-Za-z0-9_.-]+:-?(.*)\}$/;
const LIST_DASH = /^-[ \t]+/;
const ONE_TOKEN = /^\S+$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*$/;
const VALUE_COMMENT = /^(.*?\S)[ \t]+[#;].*$/;

// A line: optional output gutter (code frame `  > 12 | `, diff `+`/`-`), then (kv-scan.ts) optional YAML list dash, a key,
// a separator, a value.
const ESC = '(?:\\x1b\\[[0-9;]*m)*';
const GUTTER = new RegExp(`^(?:[ \\t]*${ESC}>?${ESC}[ \\t]*${ESC}\\d+${ESC}[ \\t]\\|[ \\t]?|[-+](?![-+]))`);
const JSON_PAIR = /"([A-Za-z0-9_.-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/gi;
const AUTH = /\b(?:Basic|Bearer|Token)\s+([A-Za-z0-9._~+/=-]{8,})/g;
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]*-----/;
const GENERATED = /(modified it to:\s*)([^,\s]+)/g;
const INLINE_SHAPES = [USERINFO, AUTH, GENERATED];

/**
 * Where a line may hold a secret: a word that names one ({@link isSecretKey}: SECRET_WORDS, `<prefix> key`, ak/sk,
 * and every misspelling of TYPO_TARGETS it accepts, spelled out here), URL userinfo, an auth header, a private key
 * block, ZLM's "modified it to" log line. A line without any of them is skipped whole; every other line goes
 * through the full rules below. Wider than those rules on purpose (`task=` is a candidate): a miss here would
 * be a leak, an extra candidate only costs a little time.
 *
 * Written out, and factored by first letter (a word that holds another one is left out: a line with it has the
 * other too): it runs at every start, on the input and again on the output, and V8 compiles it once per string
 * width (a config with Chinese comments is UTF-16, the report is Latin-1). A flat alternation of the 55 words
 * cost about twice as much to compile and run. Factored, the words are
 *
 *   p(?:ass|wd|ssword|asword|sasword|aswsord|a[a-z0-9]ssword|as[a-z0-9]sword|sswd|aswd|saswd|aswsd|a[a-z0-9]sswd|as[a-z0-9]swd|ssphrase|asphrase|sasphrase|aspshrase|a[a-z0-9]ssphrase|as[a-z0-9]sphrase)|token|key|credential|a(?:uthor|ssword|sswd|ssphrase)|b(?:asic|earer)|:\/\/[^/\s]*@|modified it to|[as]k\b|ecret|s(?:cret|eret|ecet|ecrt|ecre|ceret|ercet|ecert|e[a-z0-9]cret|ec[a-z0-9]ret|ecr[a-z0-9]et)
 *
 * and GATE is that in either case, every letter written as [xX] instead of the i flag: the same lines match (without
 * the u flag, i folds an ASCII letter onto ASCII letters only), but V8 compiles a case-insensitive pattern for a
 * UTF-16 string at about twice the cost, 0.5 ms of every check of a config with Chinese comments.
 * test/util/redact-gate.test.ts derives GATE from the words and the spelling mistakes of TYPO_TARGETS, and checks
 * that it finds a word on the same lines as the flat, case-insensitive alternation.
 */
const GATE =
  /[pP](?:[aA][sS][sS]|[wW][dD]|[sS][sS][wW][oO][rR][dD]|[aA][sS][wW][oO][rR][dD]|[sS][aA][sS][wW][oO][rR][dD]|[aA][sS][wW][sS][oO][rR][dD]|[aA][a-zA-Z0-9][sS][sS][wW][oO][rR][dD]|[aA][sS][a-zA-Z0-9][sS][wW][oO][rR][dD]|[sS][sS][wW][dD]|[aA][sS][wW][dD]|[sS][aA][sS][wW][dD]|[aA][sS][wW][sS][dD]|[aA][a-zA-Z0-9][sS][sS][wW][dD]|[aA][sS][a-zA-Z0-9][sS][wW][dD]|[sS][sS][pP][hH][rR][aA][sS][eE]|[aA][sS][pP][hH][rR][aA][sS][eE]|[sS][aA][sS][pP][hH][rR][aA][sS][eE]|[aA][sS][pP][sS][hH][rR][aA][sS][eE]|[aA][a-zA-Z0-9][sS][sS][pP][hH][rR][aA][sS][eE]|[aA][sS][a-zA-Z0-9][sS][pP][hH][rR][aA][sS][eE])|[tT][oO][kK][eE][nN]|[kK][eE][yY]|[cC][rR][eE][dD][eE][nN][tT][iI][aA][lL]|[aA](?:[uU][tT][hH][oO][rR]|[sS][sS][wW][oO][rR][dD]|[sS][sS][wW][dD]|[sS][sS][pP][hH][rR][aA][sS][eE])|[bB](?:[aA][sS][iI][cC]|[eE][aA][rR][eE][rR])|:\/\/[^/\s]*@|[mM][oO][dD][iI][fF][iI][eE][dD] [iI][tT] [tT][oO]|[aAsS][kK]\b|[eE][cC][rR][eE][tT]|[sS](?:[cC][rR][eE][tT]|[eE][rR][eE][tT]|[eE][cC][eE][tT]|[eE][cC][rR][tT]|[eE][cC][rR][eE]|[cC][eE][rR][eE][tT]|[eE][rR][cC][eE][tT]|[eE][cC][eE][rR][tT]|[eE][a-zA-Z0-9][cC][rR][eE][tT]|[eE][cC][a-zA-Z0-9][rR][eE][tT]|[eE][cC][rR][a-zA-Z0-9][eE][tT])/g;
/** GATE's pattern, for test/util/redact-gate.test.ts */
export const GATE_SOURCE = GATE.source;

/** Whether GUTTER can match: a diff's `-` or `+`, or a code frame's line number and `|` after a blank, escape, `>` or digit. */
function gutterMay(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 45 || c === 43) return true;
  return (c === 32 || c === 9 || c === 27 || c === 62 || (c >= 48 && c <= 57)) && line.includes('|');
}

/** An auth scheme's word (the words AUTH looks for, in its case) */
function authWord(line: string): boolean {
  return line.includes('Basic') || line.includes('Bearer') || line.includes('Token');
}

/** `XYZ # comment` or `XYZ ; comment`: a single token, then a comment */
const TOKEN_THEN_COMMENT = /^(\S+)[ \t]+[#;]/;
/**
 * Whether a token is shaped like a secret, from the kinds of characters it has: letters and digits mixed, long enough
 * not to be a word, a version or a codec, and no snake_case name (`mp4_max_second`). On a line that names a secret:
 * 8 characters or more with upper- and lower-case letters and digits, or 16 or more with letters and digits (hex, a
 * UUID). `strict` (nothing names a secret near it: a section or key name): 16 or more with both cases and digits, or
 * 24 or more with letters and digits.
 */
function shapeOf(length: number, upper: boolean, lower: boolean, digit: boolean, underscore: boolean, strict: boolean): boolean {
  if (length < (strict ? 16 : 8) || !digit || !(upper || lower)) return false;
  if (upper && lower) return true;
  return !underscore && length >= (strict ? 24 : 16);
}

/**
 * The spans of `line` (at `offset` in its text) that are tokens shaped like a secret: runs of [A-Za-z0-9+_-] ('/' is
 * left out: paths and URLs), by a character loop that makes a string only of a run already shaped so (this runs on
 * every line a source's gate finds, and a match per word was young memory a check may not have to spare).
 */
function shapedSpans(line: string, offset: number, strict: boolean, out: SecretSpan[]): void {
  const n = line.length;
  let i = 0;
  while (i < n) {
    const from = i;
    let upper = false;
    let lower = false;
    let digit = false;
    let underscore = false;
    for (; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c >= 65 && c <= 90) upper = true;
      else if (c >= 97 && c <= 122) lower = true;
      else if (c >= 48 && c <= 57) digit = true;
      else if (c === 95) underscore = true;
      else if (c !== 43 && c !== 45) break;
    }
    // (the hex of a fingerprint, `‹secret sha256:1a2b3c4d›`, is no secret)
    if (i > from && shapeOf(i - from, upper, lower, digit, underscore, strict) && line.charCodeAt(i) !== 0x203a) {
      const v = line.slice(from, i);
      if (!notASecret(v) && !publicTemplate(v)) out.push({ start: offset + from, end: offset + i });
    }
    i++;
  }
}

/** Adds to `out` every token of `text` shaped like a secret with nothing to name it one (strict, see shapeOf): a key or section name that holds one. */
export function shapedTokens(text: string, out: string[] = []): string[] {
  // a secret shape has a digit: most names have none, and are done here
  let digit = false;
  for (let i = 0; i < text.length && !digit; i++) digit = text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  if (!digit) return out;
  const spans: SecretSpan[] = [];
  shapedSpans(text, 0, true, spans);
  for (const sp of spans) out.push(text.slice(sp.start, sp.end));
  return out;
}

/**
 * Every span of `text` that holds a secret by key name or value shape.
 * Works on config sources (INI, YAML, compose, .env) and on our own output
 * (code frames and diffs: their gutter is skipped).
 */
export function findSecretSpans(text: string, opts: { shapes?: boolean } = {}): SecretSpan[] {
  const out: SecretSpan[] = [];
  let pos = 0;
  let under = -1; // indentation of a secret key whose value sits on the following lines
  let pem = false;
  const n = text.length;
  while (pos <= n) {
    // a line the gate found: it has a word that names a secret (or URL userinfo, an auth scheme)
    const gated = under < 0 && !pem;
    if (gated) {
      // only a line the gate finds can hold a secret (or start a block that does): go straight to the next one
      // test, not exec: no match array or matched string per line (lastIndex is where the match ends)
      GATE.lastIndex = pos;
      if (!GATE.test(text)) break;
      // the gate's match ends on the line it is about (its first character may be the newline before it)
      pos = text.lastIndexOf('\n', GATE.lastIndex - 1) + 1;
    }
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = n;
    const line = text.slice(pos, eol);
    const found = out.length;
    const g = gutterMay(line) ? GUTTER.exec(line) : null;
    const off = g ? g[0].length : 0;
    const body = off === 0 ? line : line.slice(off);
    // (character loops and indexed loops here: this runs for every line of every input and output)
    let indent = 0;
    while (indent < body.length && (body.charCodeAt(indent) === 32 || body.charCodeAt(indent) === 9)) indent++;
    const trimmed = body.trim();
    if (pem) {
      if (PEM_END.test(body)) pem = false;
      else if (trimmed) out.push({ start: pos + off + indent, end: pos + off + body.trimEnd().length });
    } else if (body.includes('-----BEGIN') && PEM_BEGIN.test(body)) {
      pem = true;
    } else if (under >= 0 && trimmed && indent > under && !trimmed.startsWith('#')) {
      // a line under a secret key: a block scalar's text or a list item
      const item = LIST_DASH.exec(trimmed);
      const s = pos + off + indent + (item ? item[0].length : 0);
      valueSpan(body.trim().slice(item ? item[0].length : 0), s, true, out);
    } else {
      const comment = trimmed.startsWith('#') || trimmed.startsWith(';');
      if (trimmed && !trimmed.startsWith('#')) under = -1;
      // a comment line names no key: KV is not even tried
      const m = comment ? null : keyValueLine(body);
      // a quoted key followed by a quoted value is JSON: JSON_PAIR below handles it
      if (m && !(m.quote && m.value.startsWith('"')) && isSecretKey(m.key)) {
        const sep = m.sep;
        const ws = !sep.includes('=') && !sep.includes(':');
        const raw = m.value;
        const at = pos + off + m.lead.length + m.quote.length * 2 + m.key.length + sep.length;
        if (ws) {
          // `secret XYZ`: only a single token makes it a key/value line, also with a comment after it (`secret XYZ # old`)
          if (ONE_TOKEN.test(raw)) valueSpan(raw, at, false, out);
          else {
            const c = TOKEN_THEN_COMMENT.exec(raw);
            if (c) valueSpan(c[1]!, at, false, out);
          }
        } else if (raw === '' || BLOCK_SCALAR.test(raw)) {
          // the indentation of the key (a list dash counts as a blank)
          under = m.lead.length;
        } else valueSpan(raw, at, sep.includes(':'), out);
      }
    }
    // anywhere on the line: key=value pairs (query strings, admin_params), JSON pairs, URL userinfo, auth headers
    // each pattern only where its one required character or word is on the line (most lines have only `=`):
    // the = or " of a pair, the @ of user info, the words of ZLM's log line and of an auth header
    if (line.includes('=')) {
      for (const a of assignments(line)) {
        if (!isSecretKey(a.key) || notASecret(a.value)) continue;
        out.push({ start: pos + a.at, end: pos + a.at + a.value.length });
      }
    }
    if (line.includes('"')) {
      JSON_PAIR.lastIndex = 0;
      for (let m = JSON_PAIR.exec(line); m; m = JSON_PAIR.exec(line)) {
        if (!isSecretKey(m[1]!)) continue;
        const v = m[2]!;
        if (notASecret(v)) continue;
        const s = pos + m.index + m[0].length - v.length - 1;
        out.push({ start: s, end: s + v.length });
      }
    }
    for (let r = 0; r < INLINE_SHAPES.length; r++) {
      const re = INLINE_SHAPES[r]!;
      if (re === USERINFO ? !line.includes('@') : re === GENERATED ? !line.includes('modified it to') : !authWord(line)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(line); m; m = re.exec(line)) {
        const v = m[re === GENERATED ? 2 : 1]!;
        if (notASecret(v)) continue;
        const s = pos + m.index + m[0].length - v.length - (re === USERINFO ? 1 : 0);
        out.push({ start: s, end: s + v.length });
      }
    }
    // a line the gate found, where none of the forms above found a value (a comment `# old secret was XYZ`, a key
    // glued to its value `secretXYZ`, `secret_XYZ`, `secret.XYZ=1`): every token there shaped like a secret.
    // Sources only (opts.shapes, learn): what is found there is then hidden by value wherever it is echoed. Our own
    // output names secrets in prose ("a private random 32-character value") and in file names, and is not scanned so.
    if (opts.shapes && gated && !pem && out.length === found) shapedSpans(line, pos, false, out);
    pos = eol + 1;
  }
  return out;
}

/**
 * Every form in which a config value can show up in our output: as written, and without an inline comment or
 * quotes (mINI keeps both in the value; rules print the cleaned form in their fix text).
 */
/** Whether QUOTED can match: the same quote (" or ') first and last. */
function quotedMay(v: string): boolean {
  const c = v.charCodeAt(0);
  return (c === 34 || c === 39) && v.length >= 2 && v.charCodeAt(v.length - 1) === c;
}

export function valueForms(value: string): string[] {
  const out = new Set<string>([value]);
  const ic = value.includes('#') || value.includes(';') ? VALUE_COMMENT.exec(value) : null;
  if (ic) out.add(ic[1]!);
  for (const v of [...out]) {
    const q = quotedMay(v) ? QUOTED.exec(v) : null;
    if (q) out.add(q[2]!);
  }
  return [...out].filter((v) => v.length > 0);
}

/** Each form in which a value found in a source can be echoed, less those that are no secret to hide. */
function forms(value: string): string[] {
  return valueForms(value).filter((v) => !notASecret(v) && !publicTemplate(v));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly secrets: string[] = [];
  private pattern: RegExp | undefined;
  /**
   * The text the last redact() returned, with the secrets known then: redacting it again gives it back (a redacted
   * text is a fixed point, test/security/redact.test.ts), so the output boundary (src/cli/redact-io.ts) passes what
   * a command redacted already without a second scan. Forgotten whenever a secret is added.
   */
  private done: string | undefined;

  /** `off`: --show-secrets, the text passes unchanged. */
  constructor(private readonly opts: { off?: boolean } = {}) {}

  add(secret: string | undefined): this {
    if (secret && secret.length >= MIN_SECRET_LENGTH && !notASecret(secret) && !publicTemplate(secret) && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      // longest first, so a secret containing another is replaced whole
      this.secrets.sort((a, b) => b.length - a.length);
      this.pattern = undefined;
      this.done = undefined;
    }
    return this;
  }

  merge(other: Redactor): this {
    for (const s of other.secrets) this.add(s);
    return this;
  }

  /** Learn every secret a source text (config.ini, application.yml, compose, .env, a log line) holds by key name or shape. */
  learn(text: string): this {
    for (const sp of findSecretSpans(text, { shapes: true })) for (const v of forms(text.slice(sp.start, sp.end))) this.add(v);
    return this;
  }

  /** The known secrets, longest first (for the log scanner's own redaction). */
  known(): readonly string[] {
    return this.secrets;
  }

  redact(text: string): string {
    if (this.opts.off || text === this.done) return text;
    this.done = redactText(text, this.secrets, this.regex());
    return this.done;
  }

  private regex(): RegExp | undefined {
    if (this.pattern || this.secrets.length === 0) return this.pattern;
    const alts: string[] = [];
    for (const s of this.secrets) {
      // a very long value (a pasted blob) is replaced as plain text (redactText): no pattern of it
      if (s.length > LONG_SECRET) continue;
      for (const f of new Set([s, encodeURIComponent(s)])) {
        const e = escapeRe(f);
        // a short value is replaced only as a whole token: never inside a longer identifier or a rule id (`x-weak`)
        alts.push(f.length < WHOLE_TOKEN_BELOW ? `${/^\w/.test(f) ? '(?<![A-Za-z0-9_-])' : ''}${e}${/\w$/.test(f) ? '(?![A-Za-z0-9_-])' : ''}` : e);
      }
    }
    if (alts.length === 0) return undefined;
    this.pattern = new RegExp(alts.join('|'), 'g');
    return this.pattern;
  }
}

const fpCache = new Map<string, string>();
function fp(s: string): string {
  let f = fpCache.get(s);
  if (!f) {
    f = fingerprint(s);
    if (fpCache.size < 1000) fpCache.set(s, f);
  }
  return f;
}

function redactText(text: string, secrets: readonly string[], re: RegExp | undefined): string {
  let out = text;
  // longest first (secrets is sorted so): a long value that holds a shorter one is replaced whole
  for (const s of secrets) {
    if (s.length <= LONG_SECRET) break;
    for (const f of new Set([s, encodeURIComponent(s)])) if (out.includes(f)) out = out.split(f).join(fp(s));
  }
  if (re) {
    const byForm = new Map<string, string>();
    for (const s of secrets) {
      byForm.set(s, s);
      byForm.set(encodeURIComponent(s), s);
    }
    out = out.replace(re, (m) => fp(byForm.get(m) ?? m));
  }
  const spans = findSecretSpans(out);
  if (spans.length === 0) return out;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let res = '';
  let at = 0;
  for (const sp of spans) {
    if (sp.start < at) continue; // nested in one already replaced
    const v = out.slice(sp.start, sp.end);
    if (v.includes(FP_MARK)) continue;
    res += out.slice(at, sp.start) + fp(v);
    at = sp.end;
  }
  return res + out.slice(at);
}

/** Redact by shape and by the given known values, in one call (logs, API answers). */
export function redactWith(text: string, known: readonly (string | undefined)[] = []): string {
  const r = new Redactor();
  for (const k of known) r.add(k);
  return r.redact(text);
}

/** 32 characters of [A-Za-z0-9], like the secrets ZLM generates itself. */
export function generateSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  while (out.length < 32) {
    for (const b of crypto().randomBytes(48)) if (b < 248 && out.length < 32) out += alphabet[b % 62];
  }
  return out;
}
