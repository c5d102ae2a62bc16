/**
 * YAML as Spring Boot reads it, flattened into properties:
 *
 *  - parsed as YAML 1.1 (SnakeYAML, which Spring uses): `yes`/`on` are
 *    booleans, `010` is octal, `1:30` is sexagesimal; every scalar is then
 *    turned into the string Java's toString() would give (`true`, `18080`),
 *    and an empty value (`key:`) into "" (OriginTrackedYamlLoader does this);
 *  - each document is flattened into dotted property names, list items are
 *    `key[0]`, `<<` merge keys are applied (explicit keys win);
 *  - every leaf keeps its node, so its file, line and column are known.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Alias,
  type Document,
  type Scalar,
  type Node as YNode,
} from 'yaml';
import { InputError } from '../../io/read-config.ts';
import { aliasError, aliasTargets, isTooDeep, tooDeepError } from '../../io/yaml-limits.ts';
import type { YamlLoc } from '../types.ts';
import { splitPath } from './relaxed.ts';

export interface ParsedFile {
  path: string;
  text: string;
  lc: LineCounter;
  docs: Document.Parsed[];
}

export interface Leaf {
  file: ParsedFile;
  docIndex: number;
  /** path as written (segments joined with '.') */
  written: string;
  keyNode: Scalar | null;
  /** value node after alias resolution; null for a pair without a value node */
  node: YNode | null;
}

const PARSE_OPTS = { keepSourceTokens: true, version: '1.1', merge: true, prettyErrors: false } as const;

const KIND = { en: 'an application.yml', zh: 'application.yml' };

export function parseFile(path: string, text: string): ParsedFile {
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { ...PARSE_OPTS, lineCounter: lc }) as Document.Parsed[];
  } catch (e) {
    if (isTooDeep(e)) throw tooDeepError(path, text, KIND);
    throw e;
  }
  for (const d of docs) {
    const e = d.errors[0];
    if (e) {
      const p = lc.linePos(e.pos[0]);
      if (isTooDeep(e)) throw tooDeepError(path, text, KIND, p.line);
      throw new InputError(path, `line ${p.line}, column ${p.col}: ${e.message.split('\n')[0]}`);
    }
  }
  // flattening follows every alias: refuse a document whose aliases expand without measure (an alias bomb)
  for (const d of docs) {
    const e = aliasError(path, d, (o) => lc.linePos(o).line, KIND);
    if (e) throw e;
  }
  return { path, text, lc, docs: [...docs] };
}

const TARGETS = new WeakMap<Document, Map<Alias, YNode>>();

/** The node an alias names (a parsed document is never changed: its aliases are looked up once). */
function target(doc: Document, a: Alias): YNode | undefined {
  let m = TARGETS.get(doc);
  if (!m) TARGETS.set(doc, (m = aliasTargets(doc)));
  return m.get(a);
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

export function flattenDoc(file: ParsedFile, docIndex: number): Leaf[] {
  const doc = file.docs[docIndex]!;
  const out: Leaf[] = [];
  const resolve = (n: unknown): YNode | null => ((isAlias(n) ? target(doc, n) : n) as YNode | undefined) ?? null;
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
export function scalarString(node: YNode | null, text: string): string {
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

export function nodeText(leaf: Leaf): string | undefined {
  const n = leaf.node;
  if (n === null || isScalar(n)) return scalarString(n, leaf.file.text);
  if (isSeq(n)) {
    const parts: string[] = [];
    for (const it of n.items) {
      const r = isAlias(it) ? target(leaf.file.docs[leaf.docIndex]!, it) : it;
      if (r && !isScalar(r)) return undefined;
      parts.push(scalarString((r as YNode | undefined) ?? null, leaf.file.text));
    }
    return parts.join(',');
  }
  return undefined;
}

export function locOf(leaf: Leaf): YamlLoc | undefined {
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

