/**
 * `zlm-doctor check <config.ini...> [--wvp application.yml]`: the static check,
 * with --fix and --fix-dry-run for config.ini alone.
 * Exit codes (stylelint/promtool style): 0 clean, 1 findings at or above
 * --fail-on, 2 usage or I/O error.
 */
import { lint, atOrAbove, sortFindings } from '../lint/engine.ts';
import { FORMATTERS } from '../lint/formats/index.ts';
import { useColor } from '../output/color.ts';
import { ALL_RULES, selectRules } from '../rules/index.ts';
import type { Finding, Rule, Severity } from '../rules/types.ts';
import type { Lang } from '../i18n/index.ts';
import { deploymentInputs, deploymentSecrets } from './deploy-inputs.ts';
import { STDIN_NAME, UsageError, diffPath, type Io } from './io.ts';
import { InputError } from '../io/read-config.ts';
import { loadInputs, parseHosts, parseGeneration, EMPTY_DOC } from './inputs.ts';
import { inputShape } from '../zlm/shape.ts';
import { pushAll } from '../util/arrays.ts';

export interface CheckOptions {
  format: string;
  failOn: Severity;
  rule: string[];
  ignore: string[];
  fix: boolean;
  fixDryRun: boolean;
  lang: Lang;
  color?: boolean;
  showSecrets: boolean;
  wvp?: string;
  wvpVersion?: string;
  profile?: string[];
  hosts?: string;
  explain?: boolean;
  /** docker-compose files of the deployment (--compose; a DIR argument finds them) */
  compose?: string[];
  /** environment the WVP loader resolves placeholders with (the WVP service's, from the compose context) */
  wvpEnv?: NodeJS.ProcessEnv;
  /** --fix: the history store where before and after are recorded (default $XDG_STATE_HOME/zlm-doctor) */
  stateDir?: string;
  /** --fix: keep backups here instead of beside the files */
  backupDir?: string;
  /** report only findings at or above this severity (the exit code counts only those) */
  minSeverity?: Severity;
  /** text: show info findings in full */
  verbose?: boolean;
}

const MSG = {
  wrote: { en: (f: string, n: number, b: string) => `fixed ${n} problem(s) in ${f} (backup: ${b})`, zh: (f: string, n: number, b: string) => `已修复 ${f} 中的 ${n} 个问题（备份：${b}）` },
  nothing: { en: (f: string) => `${f}: nothing to fix automatically`, zh: (f: string) => `${f}：没有可自动修复的问题` },
};

export function chooseRules(opts: { rule: string[]; ignore: string[] }): Rule[] {
  const isSeverity = (x: string) => x === 'error' || x === 'warning' || x === 'info';
  const ignored = opts.ignore.find(isSeverity);
  if (ignored) {
    // --ignore info hides info: --min-severity warning; --ignore warning: --min-severity error (info goes too)
    const hint = ignored === 'error' ? 'errors cannot be hidden by severity; --ignore takes rule ids and categories (zlm-doctor rules lists them)' : `use --min-severity ${ignored === 'info' ? 'warning' : 'error'} to hide ${ignored === 'info' ? 'info' : 'warnings and info'}`;
    throw new UsageError(`"${ignored}" is a severity, not a rule or category: ${hint}`);
  }
  const only = opts.rule.find(isSeverity);
  if (only) throw new UsageError(`"${only}" is a severity, not a rule or category: use --min-severity ${only} to report only ${only === 'info' ? 'everything' : only === 'warning' ? 'warnings and errors' : 'errors'}`);
  try {
    return selectRules(ALL_RULES, opts.rule, opts.ignore);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function runCheck(files: string[], opts: CheckOptions, io: Io, version: string): Promise<number> {
  const formatter = FORMATTERS.get(opts.format);
  if (!formatter) throw new UsageError(`unknown format "${opts.format}" (use ${[...FORMATTERS.keys()].join(', ')})`);
  // a deployment directory and/or compose files: the files to check and the deployment they run in
  const dep = await deploymentInputs(files, opts, io.env);
  files = dep.files;
  opts = { ...opts, ...(dep.wvp ? { wvp: dep.wvp } : {}), ...(dep.wvpEnv ? { wvpEnv: dep.wvpEnv } : {}) };
  const deploy = dep.deploy;
  if (files.length === 0 && !opts.wvp) throw new UsageError('no config file given: zlm-doctor check <config.ini> [--wvp application.yml]');
  if (opts.wvp && files.length > 1) throw new UsageError('--wvp checks one config.ini against one application.yml');
  if (opts.fix && opts.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (opts.wvp && files.length === 0 && (opts.fix || opts.fixDryRun)) throw new UsageError('to repair the ZLM/WVP link give config.ini too: zlm-doctor check --fix <config.ini> --wvp <application.yml>');
  if (opts.explain && (!opts.wvp || files.length !== 1)) throw new UsageError('--explain needs one config.ini and --wvp application.yml');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read once');
  if (opts.fix && files.includes('-')) throw new UsageError('--fix cannot write back to standard input: use --fix-dry-run for a diff');
  const rules = chooseRules(opts);
  const hosts = parseHosts(opts.hosts);
  const options = hosts ? { hosts } : {};

  // read everything first. One file: unreadable is an I/O error (exit 2), before any output. Several files
  // (as ESLint does): an unreadable one is reported on stderr, the others are checked, and the exit code is 2.
  const load = (f: string | undefined) => loadInputs(f, { ...opts, env: io.env, ...(io.redactor ? { redactor: io.redactor } : {}), ...(io.readStdin ? { readStdin: io.readStdin } : {}) });
  const unreadable: string[] = [];
  const several = files.length > 1;
  const tolerant = (f: string) =>
    load(f).catch((e: unknown) => {
      if (!several || !(e instanceof InputError)) throw e;
      unreadable.push(f);
      io.err(`zlm-doctor: ${e.message}\n`);
      return undefined;
    });
  const loaded = files.length > 0 ? await Promise.all(files.map(tolerant)) : [await load(undefined)];
  const inputs = loaded.filter((i): i is NonNullable<typeof i> => i !== undefined);
  files = files.filter((f) => !unreadable.includes(f)).map((f) => (f === '-' ? STDIN_NAME : f));
  if (inputs.length === 0) return 2;
  const redactor = inputs[0]!.redactor;
  if (deploy && !opts.showSecrets) for (const s of deploymentSecrets(deploy)) redactor.add(s);
  // and whatever the compose and .env files hold by key name or shape (MYSQL_ROOT_PASSWORD: …, ZLM_SECRET=…)
  if (deploy && !opts.showSecrets) for (const t of deploy.sources?.values() ?? []) redactor.learn(t);
  for (const inp of inputs.slice(1)) redactor.merge(inp.redactor);
  const wvp = inputs[0]!.wvp;

  let findings: Finding[] = [];
  const sources = new Map<string, string>();
  const notes: string[] = [];
  let diffs = '';
  // check --fix --wvp: the yml texts after the repair, for code frames
  const fixedWvp = new Map<string, string>();
  let code = 0;
  for (const inp of inputs) {
    const l = inp.zlm;
    if (!l) {
      pushAll(findings, lint({ doc: EMPTY_DOC, file: '', hasZlm: false, ...(wvp ? { wvp } : {}), ...(deploy ? { deploy } : {}), rules, lang: opts.lang, options }));
      continue;
    }
    const input = { doc: l.doc, file: l.file, rules, lang: opts.lang, options, shape: inputShape(l.doc), ...(inp.wvp ? { wvp: inp.wvp } : {}), ...(deploy ? { deploy } : {}) };
    if (opts.fix || opts.fixDryRun) {
      // the same pipeline as `fix` (with --wvp: both sides): simulate, write safely, re-check, roll back if worse
      const { repair, outcomeDetails } = await import('./fix.ts');
      const o = repair({
        zlm: l,
        ...(inp.wvp ? { wvp: inp.wvp } : {}),
        rules,
        lang: opts.lang,
        options: { side: 'zlm', ...options },
        env: opts.wvpEnv ?? io.env,
        ...(deploy ? { deploy } : {}),
        ...(opts.profile?.length ? { profile: opts.profile } : {}),
        ...(opts.wvpVersion ? { generation: parseGeneration(opts.wvpVersion)! } : {}),
        dryRun: opts.fixDryRun,
        ...(opts.backupDir ? { backupDir: opts.backupDir } : {}),
      });
      if (o.res.secret && !opts.showSecrets) redactor.add(o.res.secret.value);
      pushAll(findings, o.remaining);
      const shown = opts.fix && (o.written.length === 0 || o.restored) ? l.doc.text : o.res.doc.text;
      sources.set(l.file, shown);
      if (inp.wvp) for (const [f, t] of o.res.wvpTexts) if (!(opts.fix && (o.written.length === 0 || o.restored))) fixedWvp.set(f, t);
      if (o.changed.length === 0) {
        notes.push(MSG.nothing[opts.lang](l.file));
        pushAll(notes, outcomeDetails(o, opts.lang, redactor, opts.showSecrets));
        continue;
      }
      if (opts.fixDryRun) {
        const { createTwoFilesPatch } = await import('diff');
        for (const c of o.changed) diffs += createTwoFilesPatch(`a/${diffPath(c.file)}`, `b/${diffPath(c.file)}`, c.before, c.after, undefined, undefined, { context: 2 });
      } else {
        for (const w of o.restored ? [] : o.written) notes.push(MSG.wrote[opts.lang](w.file, o.res.fixed.length, w.backupPath ?? '-'));
        pushAll(notes, outcomeDetails(o, opts.lang, redactor, opts.showSecrets, { wrote: false }));
        const { recordRepair } = await import('./fix-history.ts');
        pushAll(notes, await recordRepair(o, l.file, l.doc.text, { ...(opts.stateDir ? { stateDir: opts.stateDir } : {}), lang: opts.lang, fixed: o.res.fixed.map((f) => f.ruleId) }, io));
      }
      if (o.code) code = Math.max(code, o.code);
    } else {
      pushAll(findings, lint(input));
      sources.set(l.file, l.doc.text);
    }
  }
  sortFindings(findings);
  if (opts.minSeverity) findings = atOrAbove(findings, opts.minSeverity);
  if (deploy) for (const [f, t] of deploy.sources ?? []) sources.set(f, t);
  notes.unshift(...dep.notes);
  if (wvp) for (const [f, t] of wvp.sources) sources.set(f, fixedWvp.get(f) ?? t);
  const color = opts.color ?? useColor(io.stdout);
  const out = formatter.format({
    findings,
    sources,
    rules,
    lang: opts.lang,
    color,
    files: [...files, ...(wvp ? wvp.files : []), ...(deploy ? deploy.files : [])],
    toolVersion: version,
    verbose: opts.verbose ?? false,
  });
  if (diffs) io.out(redactor.redact(diffs));
  io.out(redactor.redact(out));
  if (opts.explain && wvp && inputs[0]!.zlm) {
    const { explainLink } = await import('../lint/explain.ts');
    io.out(redactor.redact(explainLink({ doc: inputs[0]!.zlm.doc, wvp, lang: opts.lang, color, ...(hosts ? { hosts } : {}) })));
  }
  for (const n of notes) io.err(redactor.redact(n) + '\n');
  if (unreadable.length > 0) return 2;
  if (code) return code;
  return atOrAbove(findings, opts.failOn).length > 0 ? 1 : 0;
}
