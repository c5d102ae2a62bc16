/**
 * One YAML file → a located tree: every map key, list item and scalar knows its file, line and column
 * (from the `yaml` package's node ranges), and string scalars have `$VAR` / `${VAR}` expanded from the
 * environment. Expansion works on parsed values, never on the raw text, so a comment is never expanded, a
 * value from the environment cannot break the YAML around it, and an unset variable is reported at the
 * exact place it is written. `$$` is a literal `$`.
 */
import { isMap, isScalar, isSeq, isPair, isAlias, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import { aliasOverflow, aliasTargets, deepLine, isTooDeep, tooDeep, tooManyAliases } from '../../io/yaml-limits.ts';
import type { ConfigError, Loc } from './types.ts';

export interface LScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  loc: Loc;
  /** the value (or part of it) came from the environment */
  fromEnv: boolean;
}
export interface LEntry {
  key: string;
  keyLoc: Loc;
  value: LNode;
}
export interface LMap {
  kind: 'map';
  entries: LEntry[];
  loc: Loc;
}
export interface LSeq {
  kind: 'seq';
  items: LNode[];
  loc: Loc;
}
export type LNode = LScalar | LMap | LSeq;

const KIND = { en: 'a zlm-doctor.yml', zh: 'zlm-doctor.yml' };

const VAR = /\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\$))/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function err(loc: Loc, en: string, zh: string): ConfigError {
  return { file: loc.file, line: loc.line, col: loc.col, reason: { en, zh } };
}

/** Parse one file's text. YAML syntax errors and unset variables go to `errors`; the tree may be partial. */
export function parseYamlTree(text: string, file: string, env: NodeJS.ProcessEnv, errors: ConfigError[]): LNode | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Loc => {
    const p = lc.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  for (const e of doc.errors) {
    const loc = at(e.pos[0]);
    if (isTooDeep(e)) {
      const m = tooDeep(KIND, deepLine(text) ?? loc.line);
      errors.push(err(loc, m.en, m.zh));
      return undefined;
    }
    const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const dup = /Map keys must be unique/.test(first);
    errors.push(err(loc, dup ? 'duplicate key (each key once per map)' : `YAML syntax: ${first}`, dup ? '重复的键（同一映射中每个键只能出现一次）' : `YAML 语法错误：${first}`));
  }
  if (doc.errors.length > 0) return undefined;
  // the tree below has every alias expanded: refuse aliases that expand without measure (an alias bomb)
  const bomb = aliasOverflow(doc);
  if (bomb) {
    const m = tooManyAliases(KIND, at(bomb.offset).line, bomb.cyclic);
    errors.push(err(at(bomb.offset), m.en, m.zh));
    return undefined;
  }
  const targets = aliasTargets(doc);

  const expand = (s: Scalar, raw: string): { value: string; fromEnv: boolean } => {
    let fromEnv = false;
    const start = s.range?.[0] ?? 0;
    const src = text.slice(start, s.range?.[1] ?? start);
    let searchFrom = 0;
    const value = raw.replace(VAR, (m, braced: string | undefined, bare: string | undefined, dollar: string | undefined) => {
      if (dollar) return '$';
      const name = braced ?? bare!;
      // where this reference is written, for the error (the first occurrence not yet passed)
      const i = src.indexOf(m, searchFrom);
      if (i >= 0) searchFrom = i + m.length;
      const loc = at(start + Math.max(0, i));
      if (braced !== undefined && !NAME.test(name)) {
        errors.push(err(loc, `"${m}" is not a variable reference: write \${NAME} (letters, digits, _), or $$ for a literal $`, `"${m}" 不是合法的变量引用：请写成 \${NAME}（字母、数字、下划线），字面量 $ 请写成 $$`));
        return m;
      }
      const v = env[name];
      if (v === undefined) {
        errors.push(err(loc, `environment variable ${name} is not set`, `环境变量 ${name} 未设置`));
        return '';
      }
      fromEnv = true;
      return v;
    });
    return { value, fromEnv };
  };

  const walk = (n: Node | null | undefined, fallback: number): LNode => {
    const loc = at(n?.range?.[0] ?? fallback);
    if (!n) return { kind: 'scalar', value: null, loc, fromEnv: false };
    if (isAlias(n)) return walk(targets.get(n), n.range?.[0] ?? fallback);
    if (isMap(n)) {
      const entries: LEntry[] = [];
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const k = p.key as Node | null;
        const keyLoc = at(k?.range?.[0] ?? loc.line);
        const key = isScalar(k) ? String(k.value) : '';
        if (!isScalar(k)) errors.push(err(keyLoc, 'a key must be a plain name', '键必须是普通名称'));
        entries.push({ key, keyLoc, value: walk(p.value as Node | null, k?.range?.[1] ?? fallback) });
      }
      return { kind: 'map', entries, loc };
    }
    if (isSeq(n)) return { kind: 'seq', items: n.items.map((i) => walk(i as Node, n.range?.[0] ?? fallback)), loc };
    if (isScalar(n)) {
      if (typeof n.value === 'string') {
        const { value, fromEnv } = expand(n, n.value);
        return { kind: 'scalar', value, loc, fromEnv };
      }
      const v = n.value;
      return { kind: 'scalar', value: typeof v === 'number' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : String(v), loc, fromEnv: false };
    }
    return { kind: 'scalar', value: null, loc, fromEnv: false };
  };
  if (doc.contents === null) return undefined;
  return walk(doc.contents as Node, 0);
}

/**
 * Files of a directory merge the way Gatus merges them: maps key by key, lists appended (nodes, channels,
 * routes, windows from several files add up), and one scalar set in two files is an error naming both places.
 */
export function mergeTrees(a: LNode, b: LNode, errors: ConfigError[]): LNode {
  if (a.kind === 'map' && b.kind === 'map') {
    const entries = [...a.entries];
    for (const e of b.entries) {
      const i = entries.findIndex((x) => x.key === e.key);
      if (i < 0) entries.push(e);
      else entries[i] = { ...entries[i]!, value: mergeTrees(entries[i]!.value, e.value, errors) };
    }
    return { ...a, entries };
  }
  if (a.kind === 'seq' && b.kind === 'seq') return { ...a, items: [...a.items, ...b.items] };
  const first = `${a.loc.file}:${a.loc.line}:${a.loc.col}`;
  errors.push(err(b.loc, `already set at ${first}; a value may be set in one file only`, `已在 ${first} 设置；一个值只能在一个文件中设置`));
  return a;
}
