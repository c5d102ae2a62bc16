/**
 * Reads WVP-GB28181-pro's application.yml the way Spring Boot resolves it, so
 * the checks see what WVP actually runs with:
 *
 *  - YAML is parsed as YAML 1.1 (SnakeYAML, which Spring uses): `yes`/`on`
 *    are booleans, `010` is octal, `1:30` is sexagesimal; every scalar is then
 *    turned into the string Java's toString() would give (`true`, `18080`),
 *    and an empty value (`key:`) into "" (OriginTrackedYamlLoader does this);
 *  - documents are flattened into dotted property names; `hook-ip`, `hookIp`
 *    and `hook_ip` are one key (relaxed binding), list items are `key[0]`;
 *  - `spring.profiles.active` (string, comma list or YAML list, possibly a
 *    placeholder) selects overlays `application-<profile>.yml|yaml` next to the
 *    main file; later overlays win over earlier ones and over the main file.
 *    Multi-document files honour `spring.config.activate.on-profile` (and the
 *    legacy `spring.profiles: <expr>`). No profile active → profile `default`;
 *  - environment variables override keys the way SystemEnvironmentPropertySource
 *    does (MEDIA_IP → media.ip, MEDIA_HTTPPORT / MEDIA_HTTP_PORT → media.http-port);
 *  - `${NAME}`, `${NAME:default}` (default may be empty or contain ':'), nested
 *    in longer strings or in each other, resolve from the environment first and
 *    then from other keys of the merged config;
 *  - code defaults of WVP (MediaConfig, UserSetting, ServerProperties) fill in
 *    what the files leave out, depending on the WVP generation.
 *
 * Every value keeps the file, line and column it came from, and editScalar()
 * produces a text edit that changes only the characters of one value.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, normalize } from 'node:path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Scalar,
  type Node as YNode,
} from 'yaml';
import type { TextEdit } from '../ini/document.ts';
import { decodeConfig, InputError, MAX_CONFIG_BYTES } from '../io/read-config.ts';
import type { ValueSource, WvpConfig, WvpGeneration, WvpProblem, WvpValue, YamlLoc } from './types.ts';
import { detectGeneration } from './generation.ts';

// ------------------------------------------------------------------ public API

export interface WvpLoadOptions {
  /** the environment WVP runs with; loadWvp defaults to process.env, buildWvp to {} */
  env?: NodeJS.ProcessEnv;
  /** active profiles, overriding spring.profiles.active and SPRING_PROFILES_ACTIVE (like --spring.profiles.active) */
  profiles?: string[];
  /** the WVP generation, overriding detection (--wvp-version) */
  version?: WvpGeneration;
}

/** A WvpValue plus the environment variable it came from, when one did. */
export interface WvpValueEx extends WvpValue {
  /** name of the environment variable that set (or overrode) the value */
  envVar?: string;
}

/** WvpConfig plus what the loader learned on the way (not part of the shared contract). */
export interface WvpConfigEx extends WvpConfig {
  get(path: string): WvpValueEx;
  /** yml port overrides present (media.rtsp-port ...): honoured before 2025-11-30, dead keys since */
  portOverrides: string[];
  /** overlay files looked for (existing or not), in activation order */
  overlayCandidates: string[];
  /** dotted paths (as written, winning definition) of every scalar in the merged config */
  keys(): string[];
}

/** Reads `file` (and the profile overlays next to it) and resolves it. */
export function loadWvp(file: string, opts: WvpLoadOptions = {}): WvpConfigEx {
  const o: WvpLoadOptions = { ...opts, env: opts.env ?? process.env };
  const main = { path: file, text: readText(file) };
  const first = buildWvp([main], o);
  const overlays: { path: string; text: string }[] = [];
  for (const cand of first.overlayCandidates) {
    if (existsSync(cand)) overlays.push({ path: cand, text: readText(cand) });
  }
  return overlays.length ? buildWvp([main, ...overlays], o) : first;
}

/** The 10 yml port overrides WVP honoured before 2025-11-30 (reference §1.1). */
export const WVP_PORT_OVERRIDE_KEYS = [
  'media.http-ssl-port',
  'media.rtmp-port',
  'media.rtmp-ssl-port',
  'media.rtsp-port',
  'media.rtsp-ssl-port',
  'media.rtp-proxy-port',
  'media.flv-port',
  'media.flv-ssl-port',
  'media.ws-flv-port',
  'media.ws-flv-ssl-port',
] as const;

/** Canonical form of a property name: lower case, '-' and '_' dropped per element (relaxed binding). */
export function canonicalKey(path: string): string {
  return splitPath(path).map(normSeg).join('.');
}

// ------------------------------------------------------------------ internals

interface ParsedFile {
  path: string;
  text: string;
  lc: LineCounter;
  docs: Document.Parsed[];
}

interface Leaf {
  file: ParsedFile;
  docIndex: number;
  /** path as written (segments joined with '.') */
  written: string;
  keyNode: Scalar | null;
  /** value node after alias resolution; null for a pair without a value node */
  node: YNode | null;
}

interface Resolution {
  value: string | undefined;
  unresolved: string[];
  usedDefault: boolean;
  usedEnv?: string;
}

const PARSE_OPTS = { keepSourceTokens: true, version: '1.1', merge: true, prettyErrors: false } as const;

const LINK_SECTIONS = ['server', 'sip', 'media'] as const;

function readText(file: string): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (cannot read the file)' : (e as Error).message);
  }
  if (st.isDirectory()) throw new InputError(file, 'is a directory, not a file');
  if (!st.isFile()) throw new InputError(file, 'not a regular file');
  if (st.size > MAX_CONFIG_BYTES) throw new InputError(file, `too large (${(st.size / 1048576).toFixed(1)} MB); an application.yml is normally under 50 KB`);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(file, (e as Error).message);
  }
  return decodeConfig(file, buf);
}

/** The parser recurses once per nesting level; no application.yml comes near this. */
const TOO_DEEP = (line: number | undefined): string =>
  `the YAML nesting is too deep to read${line ? ` (from line ${line})` : ''}; an application.yml nests a few levels, so this is not one (or it is damaged)`;

/** First line whose indentation or bracket depth passes `limit` levels, for the too-deep message. */
function deepLine(text: string, limit = 64): number | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '[' || ch === '{') {
      if (++depth > limit) return line;
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  line = 1;
  for (const l of text.split('\n')) {
    if (/^ */.exec(l)![0].length > limit * 2) return line;
    line++;
  }
  return undefined;
}

function parseFile(path: string, text: string): ParsedFile {
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { ...PARSE_OPTS, lineCounter: lc }) as Document.Parsed[];
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(path, TOO_DEEP(deepLine(text)));
    throw e;
  }
  for (const d of docs) {
    const e = d.errors[0];
    if (e) {
      const p = lc.linePos(e.pos[0]);
      if (/call stack/i.test(e.message)) throw new InputError(path, TOO_DEEP(deepLine(text) ?? p.line));
      throw new InputError(path, `line ${p.line}, column ${p.col}: ${e.message.split('\n')[0]}`);
    }
  }
  return { path, text, lc, docs: [...docs] };
}

// ---------------------------------------------------------------- key paths

/** Splits a dotted path; `[...]` elements (Spring's bracket notation) stay whole. */
function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === '.' && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function normSeg(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '');
}

/** Key text of a YAML key node, split into path elements the way Spring flattens it. */
function keySegments(key: unknown, text: string): string[] | undefined {
  if (!isScalar(key)) return undefined;
  let k: string;
  if (key.type === 'PLAIN' && key.range) k = text.slice(key.range[0], key.range[1]);
  else if (key.value === null || key.value === undefined) return undefined;
  else k = String(key.value);
  k = k.trim();
  if (!k) return undefined;
  if (/^\[.*\]$/.test(k)) return [k];
  return splitPath(k);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.type === 'PLAIN' && key.value === '<<'));
}

// ---------------------------------------------------------------- flattening

function flattenDoc(file: ParsedFile, docIndex: number): Leaf[] {
  const doc = file.docs[docIndex]!;
  const out: Leaf[] = [];
  const resolve = (n: unknown): YNode | null => {
    let cur = n;
    for (let i = 0; i < 16 && isAlias(cur); i++) cur = cur.resolve(doc);
    return (cur as YNode | undefined) ?? null;
  };
  const walk = (raw: unknown, segs: string[], keyNode: Scalar | null, depth: number): void => {
    if (depth > 64) return;
    const node = resolve(raw);
    if (isMap(node)) {
      if (segs.length) out.push({ file, docIndex, written: segs.join('.'), keyNode, node });
      const explicit = node.items.filter((p) => !isMergeKey(p.key));
      // merged maps first: explicit keys of this map override them
      for (const p of node.items) {
        if (!isMergeKey(p.key)) continue;
        const v = resolve(p.value);
        const sources = isSeq(v) ? v.items.map(resolve) : [v];
        for (const s of sources) if (isMap(s)) walk(s, segs, keyNode, depth + 1);
      }
      for (const p of explicit) {
        const ks = keySegments(p.key, file.text);
        if (!ks) continue;
        walk(p.value, [...segs, ...ks], isScalar(p.key) ? p.key : null, depth + 1);
      }
      return;
    }
    if (!segs.length) return;
    if (isSeq(node)) {
      out.push({ file, docIndex, written: segs.join('.'), keyNode, node });
      node.items.forEach((it, i) => {
        const s = [...segs];
        s[s.length - 1] += `[${i}]`;
        walk(it, s, null, depth + 1);
      });
      return;
    }
    out.push({ file, docIndex, written: segs.join('.'), keyNode, node });
  };
  walk(doc.contents, [], null, 0);
  return out;
}

// ---------------------------------------------------------------- scalars

/** Java's Double.toString for the common cases. */
function javaDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return `${v}.0`;
  return String(v);
}

/** The string Spring sees for a scalar node (SnakeYAML object → toString; null → ""). */
function scalarString(node: YNode | null, text: string): string {
  if (!node || !isScalar(node)) return '';
  const v = node.value;
  if (v === null || v === undefined) return '';
  if (node.type !== 'PLAIN' || typeof v === 'string') return String(v);
  const src = node.range ? text.slice(node.range[0], node.range[1]) : String(v);
  if (typeof v === 'boolean') return /^[yYnN]$/.test(src) ? src : String(v); // SnakeYAML has no y/n booleans
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (/^[-+]?(0|[1-9][0-9_]*)$/.test(src)) return src.replace(/^\+/, '').replace(/_/g, '');
    if (typeof v === 'number' && /[.eE]/.test(src) && !/^[-+]?0x/i.test(src)) return javaDouble(v);
    return String(v);
  }
  return src; // dates, binary, ...: keep the text
}

function nodeText(leaf: Leaf): string | undefined {
  const n = leaf.node;
  if (n === null || isScalar(n)) return scalarString(n, leaf.file.text);
  if (isSeq(n)) {
    const parts: string[] = [];
    for (const it of n.items) {
      const r = isAlias(it) ? it.resolve(leaf.file.docs[leaf.docIndex]!) : it;
      if (r && !isScalar(r)) return undefined;
      parts.push(scalarString((r as YNode | undefined) ?? null, leaf.file.text));
    }
    return parts.join(',');
  }
  return undefined;
}

function locOf(leaf: Leaf): YamlLoc | undefined {
  const n = leaf.node;
  let range: [number, number] | undefined;
  if (n && n.range && n.range[1] > n.range[0]) range = [n.range[0], n.range[1]];
  else if (leaf.keyNode?.range) range = [leaf.keyNode.range[0], leaf.keyNode.range[1]];
  else if (n?.range) range = [n.range[0], n.range[1]];
  if (!range) return undefined;
  // a block scalar's range ends after its last line break: point at the line, not past it
  let end = range[1];
  while (end > range[0] + 1 && /[\r\n]/.test(leaf.file.text[end - 1] ?? '')) end--;
  const a = leaf.file.lc.linePos(range[0]);
  const b = leaf.file.lc.linePos(end);
  return { file: leaf.file.path, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

// ---------------------------------------------------------------- placeholders

interface Placeholder {
  /** offsets in the string: `${` start, closing `}` end (exclusive) */
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  /** default text offsets, when there is a ':' */
  defStart?: number;
  defEnd?: number;
}

/** Spring's PropertyPlaceholderHelper: `${`, nested `{`/`}` counted, value separator ':' at depth 0. */
function findPlaceholder(s: string, from: number): Placeholder | undefined {
  const start = s.indexOf('${', from);
  if (start < 0) return undefined;
  let depth = 0;
  let sep = -1;
  for (let i = start + 2; i < s.length; i++) {
    const ch = s[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) {
        const ph: Placeholder = { start, end: i + 1, keyStart: start + 2, keyEnd: sep >= 0 ? sep : i };
        if (sep >= 0) {
          ph.defStart = sep + 1;
          ph.defEnd = i;
        }
        return ph;
      }
      depth--;
    } else if (ch === ':' && depth === 0 && sep < 0) sep = i;
  }
  return undefined; // unterminated: Spring leaves the text as it is
}

function singlePlaceholder(s: string): Placeholder | undefined {
  const ph = findPlaceholder(s, 0);
  return ph && ph.start === 0 && ph.end === s.length ? ph : undefined;
}

/**
 * Where to write a new value into a value that is exactly one placeholder:
 * its default (the innermost one for `${A:${B:x}}`), or right after the name
 * when it has none (`${NAME}` → `${NAME:value}`).
 */
function placeholderTarget(s: string, base = 0): { a: number; b: number; hasDefault: boolean } | undefined {
  const ph = singlePlaceholder(s);
  if (!ph) return undefined;
  if (ph.defStart === undefined || ph.defEnd === undefined) return { a: base + ph.keyEnd, b: base + ph.keyEnd, hasDefault: false };
  const nested = placeholderTarget(s.slice(ph.defStart, ph.defEnd), base + ph.defStart);
  return nested ?? { a: base + ph.defStart, b: base + ph.defEnd, hasDefault: true };
}

// ---------------------------------------------------------------- profiles

function profileExprMatches(expr: string, active: Set<string>): boolean {
  // Spring profile expressions: "a,b" (any), "a | b", "a & b", "!a"; parentheses are dropped
  return expr.split(',').some((alt) => {
    const t = alt.replace(/[()]/g, ' ').trim();
    if (!t) return false;
    return t.split('|').some((o) =>
      o.split('&').every((a) => {
        let x = a.trim();
        let neg = false;
        while (x.startsWith('!')) {
          neg = !neg;
          x = x.slice(1).trim();
        }
        return x ? active.has(x) !== neg : false;
      }),
    );
  });
}

// ---------------------------------------------------------------- the builder

/**
 * Pure: resolves `files` (files[0] is the main application.yml; the others are
 * candidate overlays, picked by name) without touching the disk.
 */
export function buildWvp(files: { path: string; text: string }[], opts: WvpLoadOptions = {}): WvpConfigEx {
  const mainIn = files[0];
  if (!mainIn) throw new Error('buildWvp: no files');
  const env = opts.env ?? {};
  const problems: WvpProblem[] = [];
  const parsed = new Map<string, ParsedFile>();
  const byNormPath = new Map<string, { path: string; text: string }>();
  for (const f of files) byNormPath.set(normalize(f.path), f);
  const parse = (f: { path: string; text: string }): ParsedFile => {
    let p = parsed.get(f.path);
    if (!p) {
      p = parseFile(f.path, f.text);
      parsed.set(f.path, p);
    }
    return p;
  };
  const main = parse(mainIn);

  // --- environment index (relaxed: MEDIA_HTTP-PORT, MEDIA_HTTPPORT, media.http-port, legacy MEDIA_HTTP_PORT)
  const envRelaxed = new Map<string, string>();
  const envLegacy = new Map<string, string>();
  for (const name of Object.keys(env).sort()) {
    if (env[name] === undefined || !/^[A-Za-z0-9_.\-[\]]+$/.test(name)) continue;
    const segs = name.toLowerCase().split(/[_.]+/).filter(Boolean);
    if (!segs.length) continue;
    const k1 = segs.map(normSeg).join('.');
    if (!envRelaxed.has(k1)) envRelaxed.set(k1, name);
    const k2 = name.toLowerCase().split(/[_.\-]+/).filter(Boolean).join('.');
    if (!envLegacy.has(k2)) envLegacy.set(k2, name);
  }
  const envForKey = (path: string): string | undefined => {
    const segs = splitPath(path);
    if (!segs.length) return undefined;
    const n = envRelaxed.get(segs.map(normSeg).join('.'));
    if (n) return n;
    return envLegacy.get(segs.join('.').toLowerCase().split(/[_.\-]+/).filter(Boolean).join('.'));
  };
  /** SystemEnvironmentPropertySource's direct lookup: exact, '.'/'-' → '_', then upper case. */
  const envDirect = (name: string): string | undefined => {
    const variants = [name, name.replace(/\./g, '_'), name.replace(/-/g, '_'), name.replace(/[.-]/g, '_')];
    for (const v of [...variants, ...variants.map((x) => x.toUpperCase())]) if (env[v] !== undefined) return v;
    return undefined;
  };

  // --- store: canonical key → winning leaf
  let store = new Map<string, Leaf>();
  const put = (leaves: Leaf[]): void => {
    for (const l of leaves) {
      const k = canonicalKey(l.written);
      if (isSeq(l.node)) {
        // a list from a later source replaces the whole list
        for (const key of [...store.keys()]) if (key.startsWith(`${k}[`)) store.delete(key);
      }
      store.set(k, l);
    }
  };

  // --- placeholder resolution against env + store
  const resolveText = (s: string, visiting: Set<string>): Resolution => {
    const res: Resolution = { value: undefined, unresolved: [], usedDefault: false };
    let out = '';
    let pos = 0;
    for (;;) {
      const ph = findPlaceholder(s, pos);
      if (!ph) break;
      out += s.slice(pos, ph.start);
      pos = ph.end;
      const keyR = resolveText(s.slice(ph.keyStart, ph.keyEnd), visiting);
      merge(res, keyR);
      if (keyR.value === undefined) continue;
      const name = keyR.value.trim();
      const found = lookupName(name, visiting);
      if (found) {
        merge(res, found);
        if (found.value !== undefined) out += found.value;
        continue;
      }
      if (ph.defStart !== undefined) {
        const d = resolveText(s.slice(ph.defStart, ph.defEnd), visiting);
        merge(res, d);
        res.usedDefault = true;
        if (d.value !== undefined) out += d.value;
        continue;
      }
      if (!res.unresolved.includes(name)) res.unresolved.push(name);
    }
    out += s.slice(pos);
    if (!res.unresolved.length) res.value = out;
    return res;
  };
  const merge = (into: Resolution, r: Resolution): void => {
    for (const u of r.unresolved) if (!into.unresolved.includes(u)) into.unresolved.push(u);
    if (r.usedDefault) into.usedDefault = true;
    if (r.usedEnv && !into.usedEnv) into.usedEnv = r.usedEnv;
  };
  /** value of a placeholder name: environment, then another key of the merged config */
  const lookupName = (name: string, visiting: Set<string>): Resolution | undefined => {
    const direct = envDirect(name);
    if (direct !== undefined) {
      const r = resolveText(env[direct] ?? '', visiting);
      r.usedEnv = direct;
      return r;
    }
    const raw = rawKey(name, visiting);
    return raw.source === 'missing' ? undefined : raw.res;
  };

  interface Raw {
    source: ValueSource;
    res: Resolution;
    raw?: string;
    leaf?: Leaf;
    envVar?: string;
    /** an environment variable overrides the key itself (no file location applies) */
    direct?: boolean;
  }
  /** a key's value from env override or the files, placeholders resolved; no code defaults */
  const rawKey = (path: string, visiting: Set<string> = new Set()): Raw => {
    const canon = canonicalKey(path);
    const leaf = store.get(canon);
    if (visiting.has(canon)) {
      return { source: 'file', res: { value: undefined, unresolved: [path], usedDefault: false }, leaf };
    }
    const inner = new Set(visiting).add(canon);
    const envName = envForKey(path);
    if (envName !== undefined) {
      const raw = env[envName] ?? '';
      const res = resolveText(raw, inner);
      return { source: 'env', res: { ...res, usedEnv: envName }, raw, leaf, envVar: envName, direct: true };
    }
    if (!leaf) return { source: 'missing', res: { value: undefined, unresolved: [], usedDefault: false } };
    const raw = nodeText(leaf);
    if (raw === undefined) return { source: 'missing', res: { value: undefined, unresolved: [], usedDefault: false }, leaf };
    const res = resolveText(raw, inner);
    const source: ValueSource = res.unresolved.length ? 'file' : res.usedDefault ? 'placeholder-default' : res.usedEnv ? 'env' : 'file';
    return { source, res, raw, leaf, envVar: res.usedEnv };
  };

  // --- active profiles, from the main file's unconditional documents
  const mainLeaves = main.docs.map((_, i) => flattenDoc(main, i));
  const activation = (leaves: Leaf[]): string | undefined => {
    let expr: string | undefined;
    for (const l of leaves) {
      const c = canonicalKey(l.written);
      if (c === 'spring.config.activate.onprofile' || (c === 'spring.profiles' && !isMap(l.node))) expr = nodeText(l) ?? expr;
    }
    return expr;
  };
  for (const leaves of mainLeaves) if (activation(leaves) === undefined) put(leaves);
  let profiles: string[];
  let profilesLoc: YamlLoc | undefined;
  if (opts.profiles) profiles = opts.profiles.map((p) => p.trim()).filter(Boolean);
  else {
    const r = rawKey('spring.profiles.active');
    profilesLoc = r.leaf && r.source !== 'env' ? locOf(r.leaf) : undefined;
    profiles = (r.res.value ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  }
  const explicitProfiles = profiles.length > 0;
  const activeSet = new Set(explicitProfiles ? profiles : ['default']);

  // --- full merge: main file documents (in order), then the overlays (in activation order)
  store = new Map();
  const loaded: string[] = [main.path];
  const overlayCandidates: string[] = [];
  const inFileProfiles = new Set<string>();
  mainLeaves.forEach((leaves) => {
    const expr = activation(leaves);
    if (expr === undefined || profileExprMatches(expr, activeSet)) put(leaves);
    if (expr !== undefined) for (const p of activeSet) if (profileExprMatches(expr, new Set([p]))) inFileProfiles.add(p);
  });
  const dir = dirname(main.path);
  const ext = extname(main.path);
  const base = basename(main.path, ext);
  for (const p of activeSet) {
    const names = [`${base}-${p}.yml`, `${base}-${p}.yaml`].map((n) => join(dir, n));
    overlayCandidates.push(...names);
    const hit = names.map((n) => byNormPath.get(normalize(n))).find((f) => f !== undefined);
    if (!hit) {
      if (explicitProfiles && !inFileProfiles.has(p)) {
        problems.push({
          kind: 'missing-profile',
          subject: names[0]!,
          loc: profilesLoc,
          detail: `profile "${p}" is active but neither ${basename(names[0]!)} nor ${basename(names[1]!)} exists next to ${basename(main.path)}; its settings are not applied`,
        });
      }
      continue;
    }
    const pf = parse(hit);
    loaded.push(pf.path);
    pf.docs.forEach((_, i) => {
      const leaves = flattenDoc(pf, i);
      const expr = activation(leaves);
      if (expr === undefined || profileExprMatches(expr, activeSet)) put(leaves);
    });
  }
  const activeProfiles = explicitProfiles ? profiles : loaded.length > 1 ? ['default'] : [];

  // --- generation
  const has = (p: string): boolean => store.has(canonicalKey(p));
  const portOverrides = WVP_PORT_OVERRIDE_KEYS.filter(has);
  const { generation, generationReason, generationKnown } = detectGeneration(has, portOverrides, opts.version);

  // --- which link sections are there: a yml without server: or media: is an excerpt
  const missingSections = LINK_SECTIONS.filter((sec) => ![...store.keys()].some((k) => k === sec || k.startsWith(`${sec}.`)));
  const blocks = LINK_SECTIONS.filter((sec) => !missingSections.includes(sec));
  const excerpt = missingSections.includes('server') || missingSections.includes('media');

  // --- get() with WVP's code defaults
  const toValue = (path: string, r: Raw): WvpValueEx => {
    const v: WvpValueEx = { path, value: r.res.value, source: r.source };
    if (r.raw !== undefined) v.raw = r.raw;
    // a ${VAR} filled from the environment is still written at its key, and a variable that overrides
    // the key (MEDIA_SECRET) replaces what is written there: point at the key either way
    if (r.leaf && r.source !== 'missing') v.loc = locOf(r.leaf);
    if (r.res.unresolved.length) v.unresolved = [...r.res.unresolved];
    if (r.envVar) v.envVar = r.envVar;
    return v;
  };
  const codeDefault = (path: string, value: string | undefined, from: Raw, unresolved: string[] = []): WvpValueEx => {
    const v: WvpValueEx = { path, value: unresolved.length ? undefined : value, source: 'code-default' };
    if (from.source !== 'missing') {
      // the key is there but empty: point at it
      if (from.raw !== undefined) v.raw = from.raw;
      if (from.leaf && !from.direct) v.loc = locOf(from.leaf);
    }
    if (unresolved.length) v.unresolved = unresolved;
    return v;
  };
  const isEmpty = (r: Raw): boolean => r.source !== 'missing' && r.res.value === '';
  const modern = generation === '2.7.4+';

  const get = (path: string): WvpValueEx => {
    const canon = canonicalKey(path);
    const r = rawKey(path);
    const missing = r.source === 'missing';
    // a block that is not there has no defaults: nothing is known about it (an excerpt)
    if (missing && (missingSections as readonly string[]).includes(canon.split('.')[0]!)) return toValue(path, r);
    switch (canon) {
      case 'media.hookip': {
        // HEAD: @Value("${media.hook-ip:127.0.0.1}"), an empty value stays empty.
        // 2.6.x/2.7.0/2.7.1: @Value("${media.hook-ip:${sip.ip}}") and an empty value → sip.ip
        // (the first comma-separated entry in 2.6.x, the whole string in 2.7.x).
        if (modern) return missing ? codeDefault(path, '127.0.0.1', r) : toValue(path, r);
        if (!missing && !isEmpty(r)) return toValue(path, r);
        const sip = rawKey('sip.ip');
        let ip = sip.res.value;
        if (ip !== undefined && generation === '2.6') ip = ip.split(',')[0]!.trim();
        return codeDefault(path, ip, r, sip.source === 'missing' ? ['sip.ip'] : sip.res.unresolved);
      }
      case 'media.sdpip':
      case 'media.streamip': {
        // @Value("${media.sdp-ip:${media.wan_ip:}}"); the getter returns media.ip when the value is empty
        if (!missing && !isEmpty(r)) return toValue(path, r);
        if (modern && missing) {
          const wan = rawKey('media.wan_ip');
          if (wan.res.unresolved.length) return codeDefault(path, undefined, r, wan.res.unresolved);
          if (wan.res.value) return codeDefault(path, wan.res.value, r);
        }
        const ip = rawKey('media.ip');
        return codeDefault(path, ip.res.value, r, ip.source === 'missing' ? ['media.ip'] : ip.res.unresolved);
      }
    }
    const def = CODE_DEFAULTS[canon];
    if (missing && def !== undefined) return codeDefault(path, typeof def === 'function' ? def(generation) : def, r);
    return toValue(path, r);
  };

  // --- problems: unresolved placeholders in the link-relevant sections
  const scanned = new Set<string>();
  for (const [canon, leaf] of store) {
    const top = canon.split('.')[0]!.replace(/\[.*$/, '');
    const relevant = ['server', 'sip', 'media', 'usersettings'].includes(top) || canon === 'spring.profiles.active';
    if (!relevant || isMap(leaf.node) || isSeq(leaf.node) || scanned.has(canon)) continue;
    scanned.add(canon);
    const r = rawKey(leaf.written);
    if (!r.res.unresolved.length) continue;
    const names = r.res.unresolved;
    problems.push({
      kind: 'unresolved-placeholder',
      subject: leaf.written,
      loc: locOf(leaf),
      detail: `${leaf.written}: ${names.map((n) => '${' + n + '}').join(', ')} ${names.length > 1 ? 'have' : 'has'} no default and ${names.length > 1 ? 'are' : 'is'} not set in the environment; WVP cannot start unless the deployment sets ${names.length > 1 ? 'them' : 'it'}`,
    });
  }

  // --- problems: no server:/sip:/media: (still checked with what is there)
  if (missingSections.length) {
    problems.push({
      kind: 'no-link-sections',
      subject: main.path,
      detail:
        missingSections.length === LINK_SECTIONS.length
          ? `${basename(main.path)}${loaded.length > 1 ? ' and its profile overlays' : ''} ha${loaded.length > 1 ? 've' : 's'} none of server:, sip:, media:; is this WVP's application.yml (or is the active profile missing)?`
          : `no ${missingSections.map((s) => `${s}:`).join(', ')} section in ${basename(main.path)}${loaded.length > 1 ? ' or its profile overlays' : ''}; checks that need ${missingSections.length > 1 ? 'them' : 'it'} are limited`,
    });
  }

  // --- editScalar
  const editScalar = (path: string, value: string): { file: string; edit: TextEdit } | undefined => {
    const leaf = store.get(canonicalKey(path));
    if (!leaf) return undefined;
    // an environment variable overrides the key: WVP would never see what is written in the file
    if (rawKey(path).direct) return undefined;
    if (leaf.node && !isScalar(leaf.node)) return undefined;
    const edit = scalarEdit(leaf, String(value));
    return edit ? { file: leaf.file.path, edit } : undefined;
  };

  const sources = new Map<string, string>();
  for (const f of loaded) sources.set(f, parsed.get(f)!.text);

  return {
    files: loaded,
    sources,
    profiles: activeProfiles,
    generation,
    generationReason,
    generationKnown,
    blocks: [...blocks],
    excerpt,
    get,
    problems,
    editScalar,
    portOverrides: [...portOverrides],
    overlayCandidates,
    keys: () => [...store.values()].filter((l) => !isMap(l.node) && !isSeq(l.node)).map((l) => l.written),
  };
}

// ---------------------------------------------------------------- code defaults

/**
 * Values WVP uses when the key is absent (HEAD MediaConfig / UserSetting /
 * Spring's ServerProperties; reference §1). Keys that are required (media.id,
 * media.ip, media.secret, media.rtp.*, server.port, sip.domain) have none.
 */
const CODE_DEFAULTS: Record<string, string | ((g: WvpGeneration) => string)> = {
  'media.wanip': '',
  'media.httpport': '0',
  'media.autoconfig': 'true',
  'media.recordassistport': '0',
  'media.recordday': '7',
  'media.recordpath': '',
  'media.type': 'zlm',
  'server.servlet.contextpath': '',
  'server.ssl.enabled': 'false',
  'usersettings.serverid': '000000',
  // HEAD 10000 ms (reference §1.4); older UserSetting had 18000
  'usersettings.playtimeout': (g) => (g === '2.7.4+' ? '10000' : '18000'),
  'usersettings.streamondemand': 'true',
  'usersettings.autoapplyplay': 'false',
  'usersettings.pushauthority': 'true',
  'usersettings.usesourceipasstreamip': 'false',
  'usersettings.interfaceauthentication': 'true',
};

// ---------------------------------------------------------------- editing

function sourceRange(leaf: Leaf): { start: number; end: number; style: string } | undefined {
  const n = leaf.node;
  if (n === null) return undefined;
  if (!isScalar(n) || !n.range) return undefined;
  return { start: n.range[0], end: n.range[1], style: n.type ?? 'PLAIN' };
}

/** Position right after the ':' that ends `leaf`'s key, for inserting a value into `key:`. */
function afterColon(leaf: Leaf): number | undefined {
  const k = leaf.keyNode?.range;
  if (!k) return undefined;
  const text = leaf.file.text;
  let i = k[1];
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === ':' ? i + 1 : undefined;
}

function dq(s: string): string {
  return JSON.stringify(s);
}

/** Checks that applying `edit` makes the leaf read back as `expected` (raw text, before placeholders). */
function verify(leaf: Leaf, edit: TextEdit, expected: string): boolean {
  const text = leaf.file.text;
  const next = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  let pf: ParsedFile;
  try {
    pf = parseFile(leaf.file.path, next);
  } catch {
    return false;
  }
  if (pf.docs.length !== leaf.file.docs.length) return false;
  const canon = canonicalKey(leaf.written);
  const hits = flattenDoc(pf, leaf.docIndex).filter((l) => canonicalKey(l.written) === canon);
  const l = hits[hits.length - 1];
  if (!l || (l.node && !isScalar(l.node))) return false;
  return scalarString(l.node, next) === expected;
}

function scalarEdit(leaf: Leaf, value: string): TextEdit | undefined {
  const text = leaf.file.text;
  const range = sourceRange(leaf);
  const current = scalarString(leaf.node, text);

  // `key:` with nothing after it: insert after the colon
  if (!range || range.end === range.start) {
    const at = afterColon(leaf) ?? range?.start;
    if (at === undefined) return undefined;
    for (const t of [value === '' ? '' : ` ${value}`, ` ${dq(value)}`]) {
      const e = { start: at, end: at, text: t };
      if (verify(leaf, e, value)) return e;
    }
    return undefined;
  }

  const style = range.style;
  const quoted = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE';
  const innerStart = quoted ? range.start + 1 : range.start;
  const innerEnd = quoted ? range.end - 1 : range.end;
  const inner = text.slice(innerStart, innerEnd);
  const escape = (s: string): string | undefined => {
    if (style === 'QUOTE_DOUBLE') return dq(s).slice(1, -1);
    if (style === 'QUOTE_SINGLE') return /[\r\n]/.test(s) ? undefined : s.replace(/'/g, "''");
    if (style === 'PLAIN') return s;
    return undefined;
  };
  const attempt = (start: number, end: number, raw: string, expected: string): TextEdit | undefined => {
    const esc = escape(raw);
    if (esc !== undefined) {
      const e = { start, end, text: esc };
      if (verify(leaf, e, expected)) return e;
    }
    // fall back to a double-quoted scalar (the whole value: YAML needs it)
    let tail = '';
    const src = text.slice(range.start, range.end);
    const m = /(\r?\n)+$/.exec(src);
    if (m && style !== 'QUOTE_SINGLE' && style !== 'QUOTE_DOUBLE' && style !== 'PLAIN') tail = m[0];
    const e2 = { start: range.start, end: range.end, text: dq(expected) + tail };
    return verify(leaf, e2, expected) ? e2 : undefined;
  };

  // the value is a placeholder: edit only its default (descending into nested ones)
  if (inner === current && (style === 'PLAIN' || quoted)) {
    const t = placeholderTarget(current);
    if (t) {
      const insert = t.hasDefault ? value : `:${value}`;
      const expected = current.slice(0, t.a) + insert + current.slice(t.b);
      const esc = escape(insert);
      if (esc !== undefined) {
        const e = { start: innerStart + t.a, end: innerStart + t.b, text: esc };
        if (verify(leaf, e, expected)) return e;
      }
      const e2 = { start: range.start, end: range.end, text: dq(expected) };
      return verify(leaf, e2, expected) ? e2 : undefined;
    }
  }
  if (style === 'PLAIN' || quoted) return attempt(innerStart, innerEnd, value, value);
  return attempt(range.start, range.end, value, value);
}

