/**
 * Merging a profile (pure): base.ini with one environment's overlay, then `${VAR}` references resolved.
 *
 * - An overlay value replaces the base's winning line's value in place (mINI: the last duplicate wins), so
 *   every other byte of base.ini (comments, order, blank lines, line endings, a BOM) stays as it was.
 * - A key only in the overlay is appended to its section (after its last entry; a missing section is
 *   created at the end of the file) in the base file's line ending.
 * - References are resolved only where their text survives: the base's value of a key the overlay replaces
 *   is gone, so its variables are not needed. Comment lines are copied verbatim (never substituted).
 * - The overlay may not hide things: a key set twice, a section opened twice, a line without `=` are
 *   warnings; a key before any section cannot be placed and is an error.
 * - A secret written literally (not as `${VAR}`) in a profile file is a warning: it belongs in the environment.
 */
import { IniDocument, type IniLine, type TextEdit } from '../../ini/document.ts';
import { isSecretKey } from '../../util/redact.ts';
import { hasReference, resolveValue, type ProfileProblem, type VarValues, type Where } from './vars.ts';

export interface ProfileSource {
  /** display path */
  file: string;
  doc: IniDocument;
}

export interface ValueSource {
  /** the profile file the effective value was written in */
  file: string;
  line: number;
  /** the line in the rendered text */
  renderedLine: number;
  /** names of the variables the value uses */
  variables: string[];
}

export interface MergeResult {
  text: string;
  doc: IniDocument;
  /** `section.key` → where its effective value comes from */
  sources: Map<string, ValueSource>;
  /** keys the overlay changed (replaced in place) */
  overridden: string[];
  /** keys the overlay added */
  added: string[];
  /** variable → value used */
  variables: Map<string, string>;
  /** variables that were not set, so their `${NAME:-default}` was used */
  defaulted: string[];
  /** values of variables that hold a secret (to redact) */
  secretValues: string[];
  /** errors (nothing may be written) and warnings */
  problems: ProfileProblem[];
}

function where(file: string, l: IniLine): Where {
  return { file, line: l.line, column: l.valueStart! + 1, key: l.key!, name: l.name! };
}

/** What the overlay sets, with its own warnings and errors. */
function readOverlay(o: ProfileSource, problems: ProfileProblem[]): Map<string, IniLine> {
  const set = new Map<string, IniLine>();
  const sections = new Map<string, IniLine>();
  for (const l of o.doc.lines) {
    if (l.kind === 'section') {
      const first = sections.get(l.name!);
      if (first) {
        problems.push({
          severity: 'warning',
          code: 'duplicate-section',
          file: o.file,
          line: l.line,
          column: 1,
          message: {
            en: `[${l.name}] is opened a second time (first at line ${first.line}); keep one [${l.name}] block per overlay`,
            zh: `[${l.name}] 第二次出现（第一次在第 ${first.line} 行）；覆盖文件中每个段只保留一个 [${l.name}]`,
          },
        });
      } else sections.set(l.name!, l);
      continue;
    }
    if (l.kind !== 'entry') continue;
    if (l.section === '') {
      problems.push({
        severity: 'error',
        code: 'outside-section',
        file: o.file,
        line: l.line,
        column: l.keyStart! + 1,
        key: l.key!,
        message: {
          en: `${l.name} is set before any [section]; an overlay key must sit under the section it belongs to`,
          zh: `${l.name} 位于任何 [段] 之前；覆盖文件中的配置项必须写在其所属的段下`,
        },
      });
      continue;
    }
    if (!l.hasEquals) {
      problems.push({
        severity: 'warning',
        code: 'no-equals',
        file: o.file,
        line: l.line,
        column: l.keyStart! + 1,
        key: l.key!,
        message: {
          en: `${l.key} has no "=": ZLM reads it as an empty value, and so does the render; write ${l.name}= if that is meant`,
          zh: `${l.key} 没有 "="：ZLM 会把它读作空值，渲染也照此处理；如确为空值请写作 ${l.name}=`,
        },
      });
    }
    const prev = set.get(l.key!);
    if (prev) {
      problems.push({
        severity: 'warning',
        code: 'duplicate-key',
        file: o.file,
        line: l.line,
        column: l.keyStart! + 1,
        key: l.key!,
        message: {
          en: `${l.key} is set twice in this overlay (also line ${prev.line}); the last one wins, as in ZLM: remove the other`,
          zh: `${l.key} 在此覆盖文件中设置了两次（另见第 ${prev.line} 行）；与 ZLM 一样以最后一次为准：请删除另一处`,
        },
      });
    }
    set.set(l.key!, l);
  }
  return set;
}

function literalSecrets(src: ProfileSource, lines: Iterable<IniLine>, problems: ProfileProblem[]): void {
  for (const l of lines) {
    if (l.kind !== 'entry' || !l.value || hasReference(l.value) || !isSecretKey(l.name!)) continue;
    // ZLM's shipped rtc.icePwd is public, not a secret someone chose
    if (l.key === 'rtc.icePwd' && l.value === 'ZLMediaKit') continue;
    problems.push({
      severity: 'warning',
      code: 'literal-secret',
      file: src.file,
      line: l.line,
      column: l.valueStart! + 1,
      key: l.key!,
      message: {
        en: `${l.key} is written literally in a profile file; keep secrets in the environment: ${l.name}=\${VARIABLE}`,
        zh: `${l.key} 以明文写在 profile 文件中；密钥应放在环境变量里：${l.name}=\${变量名}`,
      },
    });
  }
}

/** Merge `overlay` (optional) into `base` and resolve the references with `vars`. Pure; never throws. */
export function mergeProfile(base: ProfileSource, overlay: ProfileSource | undefined, vars: VarValues): MergeResult {
  const problems: ProfileProblem[] = [];
  const over = overlay ? readOverlay(overlay, problems) : new Map<string, IniLine>();
  const variables = new Map<string, string>();
  const secretValues: string[] = [];
  const defaulted: string[] = [];
  const sources = new Map<string, { file: string; line: number; variables: string[] }>();

  const resolve = (file: string, l: IniLine): string => {
    const value = l.value!;
    if (!hasReference(value)) return value;
    const r = resolveValue(value, where(file, l), vars);
    problems.push(...r.problems);
    for (const [k, v] of r.used) variables.set(k, v);
    for (const n of r.defaulted) if (!defaulted.includes(n)) defaulted.push(n);
    for (const n of r.secretNames) {
      const v = r.used.get(n);
      if (v !== undefined && !secretValues.includes(v)) secretValues.push(v);
    }
    return r.value;
  };
  const namesIn = (value: string) => [...value.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

  // 1. in place: every base line keeps its bytes except the value, which is the overlay's or has its references resolved
  const edits: TextEdit[] = [];
  const overridden: string[] = [];
  const winners = new Set<IniLine>();
  for (const key of over.keys()) {
    const bl = base.doc.entry(key);
    if (!bl) continue;
    winners.add(bl);
    overridden.push(key);
  }
  for (const l of base.doc.lines) {
    if (l.kind !== 'entry') continue;
    const ol = winners.has(l) ? over.get(l.key!)! : undefined;
    const from = ol ? overlay!.file : base.file;
    const src = ol ?? l;
    const v = resolve(from, src);
    if (ol || v !== l.value) edits.push(base.doc.editValue(l, v));
    if (base.doc.entry(l.key!) === l) sources.set(l.key!, { file: from, line: src.line, variables: namesIn(src.value!) });
  }
  literalSecrets(base, base.doc.lines.filter((l) => !winners.has(l)), problems);
  if (overlay) literalSecrets(overlay, over.values(), problems);
  let doc = base.doc.apply(edits);

  // 2. keys only in the overlay, in the overlay's order, each after the last entry of its section
  const added: string[] = [];
  for (const [key, ol] of over) {
    if (base.doc.has(key)) continue;
    doc = doc.set(key, resolve(overlay!.file, ol));
    added.push(key);
    sources.set(key, { file: overlay!.file, line: ol.line, variables: namesIn(ol.value!) });
  }

  const final = new Map<string, ValueSource>();
  for (const [key, s] of sources) final.set(key, { ...s, renderedLine: doc.entry(key)?.line ?? 0 });
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);
  return { text: doc.text, doc, sources: final, overridden, added, variables, defaulted, secretValues, problems };
}
