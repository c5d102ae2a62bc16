/**
 * Lossless edits of one YAML scalar: only the characters of the value change
 * (its quoting style kept when it can hold the new value, a placeholder's
 * default edited rather than the placeholder), and every edit is verified by
 * parsing the edited text back.
 */
import { isScalar } from 'yaml';
import type { TextEdit } from '../ini/document.ts';
import { flattenDoc, parseFile, scalarString, type Leaf, type ParsedFile } from './spring/flatten.ts';
import { placeholderTarget } from './spring/placeholders.ts';
import { canonicalKey } from './spring/relaxed.ts';

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

/** An edit that makes `leaf` read `value`; undefined when no verified edit exists. */
export function scalarEdit(leaf: Leaf, value: string): TextEdit | undefined {
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

