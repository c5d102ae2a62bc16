/**
 * Repair config.ini and WVP's yml together: run the rules, apply every safe
 * edit on both sides (non-overlapping, per file), generate a secret where one
 * must change, rebuild, and repeat until nothing more can be fixed.
 *
 * A repair never makes things worse: every pass is checked again, and when it
 * leaves more errors than it began with, or an error that was not there before
 * (same rule on the same key), the edits that cause it are dropped and the pass
 * is retried without them. Findings built on a guess (`guessed`: a placeholder
 * default, an unresolved ${VAR}), edits that write or rewrite a `${...}` placeholder,
 * and info-level findings are never applied.
 * Pure: texts in, texts out; the caller reads and writes files.
 */
import { IniDocument, applyEdits, editsOverlap, type TextEdit } from '../ini/document.ts';
import type { WvpConfig } from '../wvp/types.ts';
import type { Finding, Rule, RuleOptions } from '../rules/index.ts';
import type { Lang } from '../i18n/index.ts';
import { lint, type LintInput } from './engine.ts';

export interface LinkFixInput {
  doc: IniDocument;
  file: string;
  /** WVP yml texts by path (application.yml and overlays); empty without --wvp */
  wvpTexts: Map<string, string>;
  buildWvp?: (texts: Map<string, string>) => WvpConfig;
  /** WVP configuration when there is no yml text to rebuild it from */
  wvp?: WvpConfig;
  rules: readonly Rule[];
  lang: Lang;
  options: RuleOptions;
  /** how config.ini was read and the deployment context, passed on to the rules */
  shape?: LintInput['shape'];
  deploy?: LintInput['deploy'];
  /** makes a new strong secret (injected for tests) */
  newSecret: () => string;
}

export interface GeneratedSecret {
  value: string;
  /** where it was written: 'config.ini api.secret', 'application.yml media.secret' */
  written: string[];
  /** WVP path or ZLM key the operator must set by hand (value only with --show-secrets) */
  pending: string[];
}

/** A repair that was not applied because it would have made things worse. */
export interface DroppedFix {
  finding: Finding;
  /** the errors it would have introduced ('ruleId key') */
  introduced: string[];
}

export interface LinkFixResult {
  doc: IniDocument;
  wvpTexts: Map<string, string>;
  fixed: Finding[];
  remaining: Finding[];
  /** findings as they were before any repair */
  initial: Finding[];
  /** repairs left out because they would have raised the error count or made a new error */
  dropped: DroppedFix[];
  secret?: GeneratedSecret;
}

interface Candidate {
  finding: Finding;
  zl: TextEdit[];
  yl: { file: string; edit: TextEdit }[];
  secret?: GeneratedSecret;
}

interface State {
  doc: IniDocument;
  wvpTexts: Map<string, string>;
  wvp: WvpConfig | undefined;
  findings: Finding[];
}

const errorId = (f: Finding) => `${f.ruleId} ${f.key}`;

/** A file named *.yml or *.yaml (any case): a WVP file, not config.ini */
function yamlName(file: string): boolean {
  const tail = file.slice(-5).toLowerCase();
  return tail.endsWith('.yml') || tail === '.yaml';
}

/**
 * An edit that writes or rewrites a `${VAR:default}` placeholder: the value would come from
 * a default or a guess (the deployment sets VAR), so it is never applied. ZLM does not
 * expand `${...}` at all, so config.ini never gets one either.
 */
export function touchesPlaceholder(text: string, edit: TextEdit): boolean {
  if (edit.text.includes('${')) return true;
  // the spans, not text.includes('${'): that scans the whole text again for each edit, and a fix asks for every
  // finding's (150,000 duplicate lines of a 10 MB file: minutes); the spans are found once per text
  for (const [start, end] of placeholderSpans(text)) if (editTouches(edit, start, end)) return true;
  return false;
}

/** Whether the edit replaces any of [start, end), or inserts strictly inside it. */
function editTouches(edit: TextEdit, start: number, end: number): boolean {
  return (edit.start < end && start < edit.end) || (edit.start === edit.end && edit.start > start && edit.start < end);
}

/** The [start, end) of every `${...}` of a text, found once per text (a report asks for every finding's edits). */
const spanCache = new Map<string, readonly (readonly [number, number])[]>();

function placeholderSpans(text: string): readonly (readonly [number, number])[] {
  let spans = spanCache.get(text);
  if (!spans) {
    spans = scanPlaceholders(text);
    if (spanCache.size >= 8) spanCache.clear();
    spanCache.set(text, spans);
  }
  return spans;
}

/**
 * Each `${`, up to and with the first `}`, or up to the end of its line or text when there is none: what
 * /\$\{[^}\n]*\}?/g finds, by indexOf (config.ini with Chinese comments is a UTF-16 text: a pattern would be compiled
 * for it in every `check` that prints a fixable finding). test/fix/placeholder-spans.test.ts compares the two.
 */
export function scanPlaceholders(text: string): [number, number][] {
  const out: [number, number][] = [];
  let at = text.indexOf('${');
  while (at !== -1) {
    let end = at + 2;
    while (end < text.length && text.charCodeAt(end) !== 125 && text.charCodeAt(end) !== 10) end++;
    if (end < text.length && text.charCodeAt(end) === 125) end++;
    out.push([at, end]);
    at = text.indexOf('${', end);
  }
  return out;
}

/**
 * Whether `fix` applies this finding's repair: the one policy for the fix pipeline and for what `check` calls
 * fixable. Never an info finding (a note about what may well be a correct setup), never one resting on a guess
 * (`guessed`), never an edit that writes or rewrites a `${...}` placeholder (checked against the texts given;
 * without them only the written text is seen); otherwise any edit or secret to generate.
 */
export function fixApplies(f: Finding, texts: { ini?: string; wvp?: (file: string) => string | undefined } = {}): boolean {
  if (f.guessed?.length) return false;
  if (f.severity === 'info') return false;
  if (!f.edits && !f.wvpEdits && !f.newSecret) return false;
  if ((f.edits ?? []).some((e) => touchesPlaceholder(texts.ini ?? '', e))) return false;
  if ((f.wvpEdits ?? []).some((y) => touchesPlaceholder(texts.wvp?.(y.file) ?? '', y.edit))) return false;
  return true;
}

/** fixApplies for output, with the files' texts by display path (config.ini edits are offsets into the .ini text). */
export function fixAppliesIn(f: Finding, sources: ReadonlyMap<string, string>): boolean {
  return fixApplies(f, { ...(yamlName(f.file) ? {} : { ini: sources.get(f.file) }), wvp: (file) => sources.get(file) });
}

/**
 * Edits of one text, to ask whether a new edit overlaps any of them (editsOverlap) in about constant time: each edit
 * is filed under every bucket of BUCKET characters its [start, end] touches, and only the edits of the new one's
 * buckets are compared. Two edits that overlap share a position, so a bucket. A fix of a file with 150,000
 * duplicate lines compared each new edit with every one taken before: some 10^10 comparisons, minutes.
 */
export class EditIndex {
  private static readonly BUCKET = 4096;
  private readonly buckets = new Map<number, TextEdit[]>();

  add(e: TextEdit): void {
    for (let b = Math.floor(e.start / EditIndex.BUCKET); b <= Math.floor(e.end / EditIndex.BUCKET); b++) {
      const list = this.buckets.get(b);
      if (list) list.push(e);
      else this.buckets.set(b, [e]);
    }
  }

  overlaps(e: TextEdit): boolean {
    for (let b = Math.floor(e.start / EditIndex.BUCKET); b <= Math.floor(e.end / EditIndex.BUCKET); b++) {
      for (const x of this.buckets.get(b) ?? []) if (editsOverlap(x, e)) return true;
    }
    return false;
  }
}

const identity = (f: Finding) => `${f.ruleId}\u0000${f.file}\u0000${f.key}\u0000${f.message}`;

/** Errors in `after` that make it worse than `before`: more errors, or a (rule, key) error not there before. */
export function newErrors(before: readonly Finding[], after: readonly Finding[]): string[] | undefined {
  const was = before.filter((f) => f.severity === 'error');
  const now = after.filter((f) => f.severity === 'error');
  const known = new Set(was.map(errorId));
  const fresh = [...new Set(now.map(errorId).filter((id) => !known.has(id)))];
  if (fresh.length > 0) return fresh;
  if (now.length > was.length) return [`${now.length - was.length} more error(s)`];
  return undefined;
}

export function fixLink(input: LinkFixInput): LinkFixResult {
  const evaluate = (doc: IniDocument, wvpTexts: Map<string, string>): State => {
    const wvp = input.buildWvp && wvpTexts.size > 0 ? input.buildWvp(wvpTexts) : input.wvp;
    const findings = lint({
      doc,
      file: input.file,
      rules: input.rules,
      lang: input.lang,
      options: input.options,
      ...(wvp ? { wvp } : {}),
      ...(input.shape ? { shape: input.shape } : {}),
      ...(input.deploy ? { deploy: input.deploy } : {}),
    });
    return { doc, wvpTexts, wvp, findings };
  };
  /** The state after applying `cands` on `base`; undefined when the edits cannot be applied or a rule fails on the result. */
  const applyAll = (base: State, cands: readonly Candidate[]): State | undefined => {
    const zl = cands.flatMap((c) => c.zl);
    const yml = new Map<string, TextEdit[]>();
    for (const c of cands) for (const y of c.yl) yml.set(y.file, [...(yml.get(y.file) ?? []), y.edit]);
    try {
      const doc = zl.length ? new IniDocument(applyEdits(base.doc.text, zl), base.doc.encoding) : base.doc;
      const texts = new Map(base.wvpTexts);
      for (const [file, edits] of yml) {
        const t = texts.get(file);
        if (t === undefined) return undefined;
        texts.set(file, applyEdits(t, edits));
      }
      return evaluate(doc, texts);
    } catch {
      return undefined;
    }
  };

  let state = evaluate(input.doc, new Map(input.wvpTexts));
  const initial = state.findings;
  const fixed: Finding[] = [];
  const dropped: DroppedFix[] = [];
  const refused = new Set<string>();
  let secret: GeneratedSecret | undefined;

  for (let pass = 0; pass < 10; pass++) {
    const cands: Candidate[] = [];
    // the candidates' edits by file (config.ini under ''), to find an overlap without comparing with every candidate
    const byFile = new Map<string, EditIndex>();
    const overlaps = (zl: TextEdit[], yl: { file: string; edit: TextEdit }[]) =>
      zl.some((e) => byFile.get('')?.overlaps(e)) || yl.some((y) => byFile.get(y.file)?.overlaps(y.edit));
    const add = (c: Candidate) => {
      cands.push(c);
      const index = (file: string) => byFile.get(file) ?? byFile.set(file, new EditIndex()).get(file)!;
      for (const e of c.zl) index('').add(e);
      for (const y of c.yl) index(y.file).add(y.edit);
    };
    for (const f of state.findings) {
      // a guess, an info note or a placeholder rewrite is a suggestion, never an edit (the same policy check shows)
      if (!fixApplies(f, { ini: state.doc.text, wvp: (file) => state.wvpTexts.get(file) })) continue;
      if (refused.has(identity(f))) continue;
      if (f.newSecret && !secret && !cands.some((c) => c.secret)) {
        const value = input.newSecret();
        const zl: TextEdit[] = [];
        const yl: { file: string; edit: TextEdit }[] = [];
        const s: GeneratedSecret = { value, written: [], pending: [] };
        if (f.newSecret.zlmKey) {
          zl.push(state.doc.editSet(f.newSecret.zlmKey, value));
          s.written.push(`${input.file} ${f.newSecret.zlmKey}`);
        }
        if (f.newSecret.wvpPath && state.wvp) {
          const e = state.wvp.editScalar(f.newSecret.wvpPath, value);
          // a placeholder there means the deployment sets it: say what to set, do not rewrite the template
          if (e && !touchesPlaceholder(state.wvpTexts.get(e.file) ?? '', e.edit)) {
            yl.push(e);
            s.written.push(`${e.file} ${f.newSecret.wvpPath}`);
          } else s.pending.push(f.newSecret.wvpPath);
        }
        if (!overlaps(zl, yl)) add({ finding: f, zl, yl, secret: s });
        continue;
      }
      if (!f.edits && !f.wvpEdits) continue;
      const zl = f.edits ?? [];
      const yl = f.wvpEdits ?? [];
      if (!overlaps(zl, yl)) add({ finding: f, zl, yl });
    }
    if (cands.length === 0) break;

    let next = applyAll(state, cands);
    let taken = cands;
    if (!next || newErrors(state.findings, next.findings)) {
      // find the culprits: take the repairs one by one, keeping each that does not make things worse
      taken = [];
      next = undefined;
      for (const c of cands) {
        const trial = applyAll(state, [...taken, c]);
        const worse = trial ? newErrors(state.findings, trial.findings) : ['the repair could not be applied'];
        if (worse) {
          refused.add(identity(c.finding));
          dropped.push({ finding: c.finding, introduced: worse });
          continue;
        }
        taken.push(c);
        next = trial;
      }
    }
    if (!next || taken.length === 0) break;
    // edits that change nothing (a value already as wanted) end the loop
    if (next.doc.text === state.doc.text && [...next.wvpTexts].every(([f, t]) => state.wvpTexts.get(f) === t)) break;
    for (const c of taken) {
      fixed.push(c.finding);
      if (c.secret) secret = c.secret;
    }
    state = next;
  }
  const remaining = state.findings.map((f) => unappliable(f, state, input.lang));
  return { doc: state.doc, wvpTexts: state.wvpTexts, fixed, remaining, initial, dropped, ...(secret ? { secret } : {}) };
}

/** Variable names of the `${VAR...}` placeholders an edit touches. */
function placeholderVars(text: string, edit: TextEdit): string[] {
  const out: string[] = [];
  for (const [start, end] of placeholderSpans(text)) {
    if (!editTouches(edit, start, end)) continue;
    // the name: after `${`, up to a `:` (a default follows) or the closing `}`
    let k = start + 2;
    while (k < end && text.charCodeAt(k) !== 58 && text.charCodeAt(k) !== 125) k++;
    out.push(text.slice(start + 2, k));
  }
  for (const m of edit.text.matchAll(/\$\{([^}:\n]*)/g)) out.push(m[1]!);
  return out;
}

/**
 * A remaining finding whose repair fix-link never applies (info level, or one that would
 * write a placeholder) must not claim to be fixable: its edits go, and a placeholder
 * repair becomes a suggestion that names the variable to set.
 */
function unappliable(f: Finding, state: State, lang: Lang): Finding {
  if (!f.edits && !f.wvpEdits) return f;
  if (f.severity === 'info') {
    const { edits: _e, wvpEdits: _w, ...rest } = f;
    return rest;
  }
  const vars = [
    ...(f.edits ?? []).flatMap((e) => placeholderVars(state.doc.text, e)),
    ...(f.wvpEdits ?? []).flatMap((y) => placeholderVars(state.wvpTexts.get(y.file) ?? '', y.edit)),
  ];
  if (vars.length === 0) return f;
  const names = [...new Set(vars)].join(', ');
  const { edits: _e, wvpEdits: _w, ...rest } = f;
  const say =
    lang === 'zh'
      ? `请在部署环境中设置 ${names}（该修复会改写 \${...} 占位符，所以不会自动写入）`
      : `set ${names} in the deployment's environment (the repair would rewrite a \${...} placeholder, so it is not written)`;
  return { ...rest, suggestion: f.suggestion ? `${f.suggestion}; ${say}` : say };
}
