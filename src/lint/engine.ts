/**
 * Runs rules over a document and localizes their reports into findings.
 * Applying fixes is fix-link.ts (one loop for config.ini alone and with WVP).
 */
import type { IniDocument, IniLine } from '../ini/document.ts';
import { tr, type Lang } from '../i18n/index.ts';
import { clauses, ENGINE_NOTES, listOf } from '../i18n/engine-notes.ts';
import type { Finding, Report, Rule, RuleContext, RuleOptions, Severity } from '../rules/index.ts';
import { SEVERITY_RANK } from '../rules/index.ts';
import type { WvpConfig } from '../wvp/types.ts';
import type { Deployment } from '../deploy/types.ts';
import type { InputShape } from '../zlm/shape-types.ts';
import { inputShape, lintView } from '../zlm/shape.ts';

export interface LintInput {
  doc: IniDocument;
  /** display path of the config file */
  file: string;
  rules: readonly Rule[];
  lang: Lang;
  options?: RuleOptions;
  /** WVP configuration (check --wvp) */
  wvp?: WvpConfig;
  /** false when only application.yml is checked */
  hasZlm?: boolean;
  /** how config.ini was read (whole, dump, excerpt); undefined = whole */
  shape?: InputShape;
  /** deployment context (check --compose / check DIR) */
  deploy?: Deployment;
}

export class RuleCrash extends Error {
  constructor(
    readonly ruleId: string,
    override readonly cause: unknown,
  ) {
    super(`rule ${ruleId} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function spanOf(line: IniLine, span: Report['span']): { sc: number; ec: number } {
  if (line.kind !== 'entry') return { sc: 0, ec: line.raw.length };
  if (span === 'key') return { sc: line.keyStart!, ec: line.keyEnd! };
  if (span === 'line') return { sc: 0, ec: line.raw.length };
  if (line.valueStart === line.valueEnd) return { sc: line.keyStart!, ec: line.valueEnd! };
  return { sc: line.valueStart!, ec: line.valueEnd! };
}

export function toFinding(rule: Rule, r: Report, input: LintInput): Finding {
  const msg = rule.messages[r.messageId];
  if (!msg) throw new RuleCrash(rule.meta.id, new Error(`unknown messageId ${r.messageId}`));
  const { lang } = input;
  let file = input.file;
  let line = 1;
  let column = 1;
  let endLine = 1;
  let endColumn = 1;
  if (r.loc) {
    if (r.loc.file) file = r.loc.file;
    line = r.loc.line;
    column = r.loc.column;
    endLine = r.loc.endLine ?? r.loc.line;
    endColumn = r.loc.endColumn ?? r.loc.column;
  } else if (r.line) {
    const { sc, ec } = spanOf(r.line, r.span);
    line = endLine = r.line.line;
    column = sc + 1;
    endColumn = ec + 1;
  }
  const f: Finding = {
    ruleId: rule.meta.id,
    severity: r.severity ?? rule.meta.severity,
    file,
    line,
    column,
    endLine,
    endColumn,
    key: r.key,
    message: tr(msg.message, lang, r.data),
    why: tr(msg.why, lang, r.data),
    fix: tr(msg.fix, lang, r.data),
    docs: `docs/rules/${rule.meta.id}.md`,
  };
  if (r.edits && r.edits.length > 0) f.edits = r.edits;
  if (r.wvpEdits && r.wvpEdits.length > 0) f.wvpEdits = r.wvpEdits;
  if (r.newSecret) f.newSecret = r.newSecret;
  if (r.suggestion) f.suggestion = tr(r.suggestion, lang, r.data);
  return f;
}

/**
 * A finding that rests on a placeholder default or an unresolved value is a guess, not a fact:
 * "cannot verify (set VAR)", at most a warning, and never a repair. Its edits become a
 * suggestion naming what to set; `guessed` lets the fix pipeline refuse it as well.
 */
export function markGuessed(f: Finding, names: readonly string[], lang: Lang): void {
  const list = listOf(names, lang);
  f.guessed = [...names];
  if (f.severity === 'error') f.severity = 'warning';
  f.message += tr(ENGINE_NOTES.guessed, lang, { list });
  const hadRepair = !!(f.edits || f.wvpEdits || f.newSecret);
  delete f.edits;
  delete f.wvpEdits;
  delete f.newSecret;
  if (hadRepair) {
    const note = tr(ENGINE_NOTES.guessedRepair, lang, { list });
    f.suggestion = f.suggestion ? clauses(f.suggestion, note, lang) : note;
  }
}

/** The rule that says how an excerpt was read; it runs after the others (it lists what they could not check). */
const EXCERPT_RULE = 'input-excerpt';

/**
 * In an excerpt a missing key or section is not a fact: a finding that exists only because of an absence becomes
 * info, says so, and repairs nothing (inserting keys into a pasted part of a file helps no one).
 */
function lowerAbsent(f: Finding, lang: Lang): void {
  f.severity = 'info';
  f.message += tr(ENGINE_NOTES.absent, lang);
  delete f.edits;
  delete f.wvpEdits;
  delete f.newSecret;
}

/** an empty list, shared (never added to) */
const NONE: never[] = [];
/** what a rule needs when its meta does not say */
const ZLM_ONLY: readonly ('zlm' | 'wvp')[] = ['zlm'];

export function lint(input: LintInput): Finding[] {
  const findings: Finding[] = [];
  const hasZlm = input.hasZlm ?? true;
  // how config.ini was read; an excerpt's keys without a header are seen in the section their names tell
  const shape = input.shape ?? (hasZlm ? inputShape(input.doc) : undefined);
  const excerpt = hasZlm && shape !== undefined && !shape.complete;
  const doc = hasZlm && shape ? lintView(input.doc, shape) : input.doc;
  const absentKeys: string[] = [];
  const ordered = [...input.rules.filter((r) => r.meta.id !== EXCERPT_RULE), ...input.rules.filter((r) => r.meta.id === EXCERPT_RULE)];
  // rules skipped because a WVP value they need is unresolvable, said by wvp-config-incomplete
  const skippedRules = new Map<string, string[]>();
  if (input.wvp) {
    for (const rule of input.rules) {
      for (const k of rule.meta.wvpKeys ?? []) {
        if (input.wvp.get(k).unresolved?.length) skippedRules.set(k, [...(skippedRules.get(k) ?? []), rule.meta.id]);
      }
    }
  }
  // what every rule's context shares, made once (the loop below runs for every rule on every check)
  const base: Omit<RuleContext, 'report'> = {
    doc,
    hasZlm,
    ...(input.wvp ? { wvp: input.wvp } : {}),
    skippedRules,
    ...(shape ? { shape } : {}),
    ...(input.deploy ? { deploy: input.deploy } : {}),
    file: input.file,
    options: input.options ?? {},
  };
  // One context and one report function for every rule: the loop runs for every rule of every check, and a closure
  // and a context object each would be made anew for each (the rule that reports is the one running now).
  let rule: Rule = ordered[0]!;
  let vars: readonly string[] = NONE;
  const report = (r: Report) => {
    const f = toFinding(rule, r, input);
    if (excerpt && r.absent) {
      lowerAbsent(f, input.lang);
      if (f.key && !absentKeys.includes(f.key)) absentKeys.push(f.key);
    }
    if (vars.length > 0 || (r.guessed && r.guessed.length > 0)) markGuessed(f, [...new Set([...vars, ...(r.guessed ?? [])])], input.lang);
    findings.push(f);
  };
  const ctx: RuleContext = { ...base, report };
  const excerptCtx: RuleContext = { ...base, absentKeys, report };
  for (rule of ordered) {
    const needs = rule.meta.requires ?? ZLM_ONLY;
    if (needs.includes('zlm') && !hasZlm) continue;
    if (needs.includes('wvp') && !input.wvp) continue;
    if (input.wvp && rule.meta.wvpKeys?.some((k) => input.wvp!.get(k).unresolved?.length)) continue;
    // values that are only a template's ${VAR:default}: the deployment usually sets VAR, so a
    // mismatch built on them is a guess, not a fact
    const guessed = input.wvp ? (rule.meta.wvpKeys ?? []).map((k) => input.wvp!.get(k)).filter((v) => v.source === 'placeholder-default') : NONE;
    vars = guessed.length === 0 ? NONE : [...new Set(guessed.flatMap((v) => [...(v.raw ?? '').matchAll(/\$\{([^}:]+)/g)].map((m) => m[1]!)))];
    try {
      rule.check(rule.meta.id === EXCERPT_RULE ? excerptCtx : ctx);
    } catch (e) {
      if (e instanceof RuleCrash) throw e;
      throw new RuleCrash(rule.meta.id, e);
    }
  }
  return sortFindings(findings);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      cmp(a.ruleId, b.ruleId),
  );
}

export function summarize(findings: readonly Finding[]): Record<Severity, number> {
  const s: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}

export function atOrAbove(findings: readonly Finding[], threshold: Severity): Finding[] {
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
