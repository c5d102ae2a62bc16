/**
 * YAML documents no config file is, refused with a message rather than a crash or a hang:
 *
 *  - nesting deeper than the parser can follow (it recurses once per level, and a few thousand `[` overflow the
 *    stack: the `yaml` package then reports "Maximum call stack size exceeded" as a syntax error);
 *  - aliases that expand to far more than was written ("billion laughs": nine lists of nine aliases of the list
 *    before make 9^9 values out of ten lines). The `yaml` package guards toJS() against this (maxAliasCount), but
 *    the WVP, compose and monitor readers walk the nodes themselves, to keep every value's line, and follow
 *    aliases by hand: they ask aliasOverflow() first.
 *
 * An application.yml or a compose file nests a few levels and uses a few anchors (`<<: *defaults`), far below both.
 */
import { isAlias, isMap, isPair, isSeq, visit, type Alias, type Document, type Node } from 'yaml';
import type { Localized } from '../i18n/index.ts';
import { InputError } from './read-config.ts';

/** How many nodes the aliases of one document may bring in (each alias counts the nodes it stands for, at least 1). */
export const MAX_ALIAS_NODES = 10_000;

/** What the file should have been, for the messages: `an application.yml`, `a compose file`. */
export type FileKind = Localized;

/** First line whose indentation or bracket depth passes `limit` levels, for the too-deep message. */
export function deepLine(text: string, limit = 64): number | undefined {
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

/** Whether a parse error (or a thrown error) is the parser running out of stack. */
export function isTooDeep(e: unknown): boolean {
  return e instanceof RangeError || (e instanceof Error && /call stack/i.test(e.message));
}

export function tooDeep(kind: FileKind, line: number | undefined): Localized {
  return {
    en: `the YAML nesting is too deep to read${line ? ` (from line ${line})` : ''}; ${kind.en} nests a few levels, so this is not one (or it is damaged)`,
    zh: `YAML 嵌套层数过深，无法读取${line ? `（自第 ${line} 行起）` : ''}；${kind.zh}只嵌套几层，这不是${kind.zh}（或文件已损坏）`,
  };
}

/** The InputError (exit 2, one line) for `file` nested too deeply; `line` when the parser's error has a better one. */
export function tooDeepError(file: string, text: string, kind: FileKind, line?: number): InputError {
  const m = tooDeep(kind, deepLine(text) ?? line);
  return new InputError(file, m.en, m.zh);
}

export interface AliasOverflow {
  /** offset of the alias at which the expansion passed the limit (or that repeats its own anchor) */
  offset: number;
  /** the alias stands inside the node it names: the expansion never ends */
  cyclic: boolean;
}

/**
 * Where the aliases of `doc`, expanded, would bring in more than `limit` nodes, or undefined when they do not.
 * Every use counts, so ten thousand `*x` of one scalar are too many as well (walking them costs as much as
 * walking a bomb's values). Linear in the size of the document as written: each anchored node's expanded size
 * is counted once. Aliases resolve as the `yaml` package resolves them: to the last node with that anchor before
 * the alias.
 */
export function aliasOverflow(doc: Document, limit = MAX_ALIAS_NODES): AliasOverflow | undefined {
  const anchors = new Map<string, Node>();
  /** expanded size of each anchored node seen; NaN while it is being counted (an alias to it is a cycle) */
  const sizes = new Map<Node, number>();
  let added = 0;
  let hit: AliasOverflow | undefined;
  const size = (n: unknown): number => {
    if (hit) return 0;
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      const s = target ? sizes.get(target)! : 1; // an unknown anchor is the parser's error, not an expansion
      if (Number.isNaN(s)) {
        hit = { offset: n.range?.[0] ?? 0, cyclic: true };
        return 0;
      }
      added += s;
      if (added > limit) hit = { offset: n.range?.[0] ?? 0, cyclic: false };
      return s;
    }
    if (isPair(n)) return size(n.key) + size(n.value);
    if (n === null || typeof n !== 'object') return 0;
    const node = n as Node;
    if (node.anchor) {
      anchors.set(node.anchor, node);
      sizes.set(node, NaN);
    }
    let s = 1;
    if (isMap(node) || isSeq(node)) for (const it of node.items) s += size(it);
    if (node.anchor) sizes.set(node, s);
    return s;
  };
  size(doc.contents);
  return hit;
}

export function tooManyAliases(kind: FileKind, line: number, cyclic: boolean): Localized {
  return cyclic
    ? {
        en: `the YAML alias on line ${line} stands inside the anchor it names, so it repeats without end; ${kind.en} does not do this (or it is damaged)`,
        zh: `第 ${line} 行的 YAML 别名位于它所引用的锚点之内，会无限展开；${kind.zh}不会这样写（或文件已损坏）`,
      }
    : {
        en: `too many YAML aliases (from line ${line}): expanded, they would bring in more than ${MAX_ALIAS_NODES} values, an alias bomb; ${kind.en} uses a few anchors, so this is not one (or it is damaged)`,
        zh: `YAML 别名过多（自第 ${line} 行起）：展开后会带入超过 ${MAX_ALIAS_NODES} 个值，是“别名炸弹”；${kind.zh}只用少量锚点，这不是${kind.zh}（或文件已损坏）`,
      };
}

/** The InputError (exit 2, one line) for `file` when the aliases of `doc` expand past the limit; undefined when not. */
export function aliasError(file: string, doc: Document, lineOf: (offset: number) => number, kind: FileKind): InputError | undefined {
  const o = aliasOverflow(doc);
  if (!o) return undefined;
  const m = tooManyAliases(kind, lineOf(o.offset), o.cyclic);
  return new InputError(file, m.en, m.zh);
}

/**
 * Each alias of `doc` → the node it names, as Alias.resolve(doc) finds it (the last node with that anchor before
 * the alias), from one walk of the document: Alias.resolve walks the whole document for every alias it resolves.
 */
export function aliasTargets(doc: Document): Map<Alias, Node> {
  const out = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_, n) {
      if (isAlias(n)) {
        const t = anchors.get(n.source);
        if (t) out.set(n, t);
      } else if (n.anchor) anchors.set(n.anchor, n);
    },
  });
  return out;
}
