/**
 * `zlm-doctor fix <config.ini> [--wvp application.yml]`: apply every safe repair,
 * ZLM to match WVP by default (--side), with backups, atomic writes (in place
 * where a rename cannot work) and a refusal when a file changed since it was
 * read. After writing, everything is checked again from disk: a result with
 * more errors, or a new one, is rolled back byte for byte (exit 1).
 * --dry-run prints diffs only. `check --fix` runs the same pipeline (repair()).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { fixLink, newErrors, type LinkFixResult } from '../lint/fix-link.ts';
import { fingerprint, generateSecret, type Redactor } from '../util/redact.ts';
import { atOrAbove, lint, type LintInput } from '../lint/engine.ts';
import { FORMATTERS } from '../lint/formats/index.ts';
import { useColor } from '../output/color.ts';
import { commitWrites, rollback, type DoneWrite } from '../change/commit.ts';
import type { FsOps } from '../change/safe-write.ts';
import { iniChanges, takeEffectLines, ymlChanges, type Change } from '../change/changes.ts';
import { readConfigFile, type LoadedConfig } from '../io/read-config.ts';
import { buildWvp } from '../wvp/load.ts';
import type { WvpConfig, WvpGeneration } from '../wvp/types.ts';
import type { Finding, Rule, RuleOptions, Severity } from '../rules/types.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError, diffPath, type Io } from './io.ts';
import { loadInputs, parseHosts, parseGeneration } from './inputs.ts';
import { chooseRules } from './check.ts';
import { inputShape } from '../zlm/shape.ts';
import { pushAll } from '../util/arrays.ts';

export interface FixOptions {
  wvp?: string;
  side: 'zlm' | 'wvp';
  dryRun: boolean;
  showSecrets: boolean;
  lang: Lang;
  format: string;
  failOn: Severity;
  color?: boolean;
  hosts?: string;
  wvpVersion?: string;
  profile?: string[];
  rule: string[];
  ignore: string[];
  /** keep backups here instead of beside the files */
  backupDir?: string;
  /** docker-compose files of the deployment (a directory argument finds them) */
  compose?: string[];
  /** report only remaining findings at or above this severity (the exit code counts only those) */
  minSeverity?: Severity;
  /** text: show info findings in full */
  verbose?: boolean;
  /** history store: before and after a write are recorded there (default $XDG_STATE_HOME/zlm-doctor) */
  stateDir?: string;
}

const M = {
  refuse: {
    en: (what: string) => `not writing anything: ${what}. Resolve it (export the variable, add the profile file) and run again; --dry-run shows what would change.`,
    zh: (what: string) => `未写入任何文件：${what}。请先解决（导出环境变量、补充 profile 文件）后重试；--dry-run 可查看将要做的修改。`,
  },
  wrote: { en: (f: string, b: string) => `wrote ${f} (backup: ${b})`, zh: (f: string, b: string) => `已写入 ${f}（备份：${b}）` },
  through: { en: (t: string) => `  through the symbolic link: the file written is ${t}`, zh: (t: string) => `  经由符号链接：实际写入的文件是 ${t}` },
  inPlace: {
    en: (c: string) => `  written in place (truncate, write, fsync): the file cannot be replaced by a rename (${c}), as with a single-file bind mount`,
    zh: (c: string) => `  已原地写入（截断、写入、fsync）：该文件无法通过重命名替换（${c}），例如单文件 bind mount`,
  },
  nothing: { en: 'nothing to repair automatically', zh: '没有可自动修复的问题' },
  fixed: { en: (n: number) => `${n} problem(s) repaired:`, zh: (n: number) => `已修复 ${n} 个问题：` },
  wouldFix: { en: (n: number) => `${n} problem(s) would be repaired (dry run, nothing written):`, zh: (n: number) => `将修复 ${n} 个问题（演练模式，未写入）：` },
  couldFix: { en: (n: number) => `${n} problem(s) could be repaired, but nothing was written:`, zh: (n: number) => `有 ${n} 个问题可以修复，但未写入任何文件：` },
  dropped: {
    en: 'Not repaired automatically, because the repair would make things worse (set them by hand):',
    zh: '以下问题未自动修复，因为修复会让情况更糟（请手动处理）：',
  },
  introduces: { en: (w: string) => `would introduce: ${w}`, zh: (w: string) => `会引入：${w}` },
  restored: {
    en: (why: string, files: string) => `the repair left the configuration worse (${why}); restored ${files} from the backup byte for byte: nothing changed`,
    zh: (why: string, files: string) => `修复后配置反而更糟（${why}）；已从备份逐字节恢复 ${files}：没有任何改动`,
  },
  restoreFailed: {
    en: (f: string, why: string) => `could not restore ${f}: ${why}; copy its backup back by hand`,
    zh: (f: string, why: string) => `无法恢复 ${f}：${why}；请手动用备份文件还原`,
  },
  takeEffect: { en: 'To take effect:', zh: '生效方式：' },
  secretWritten: { en: (fp: string, w: string) => `generated a new secret ${fp}, written to ${w}`, zh: (fp: string, w: string) => `已生成新密钥 ${fp}，写入 ${w}` },
  secretPending: {
    en: (p: string, line: string) => `set it on the other side by hand: ${p}: ${line}`,
    zh: (p: string, line: string) => `请手动在另一侧设置：${p}: ${line}`,
  },
  hidden: { en: '(use --show-secrets to print it, or copy api.secret from config.ini)', zh: '（加 --show-secrets 显示，或从 config.ini 的 api.secret 复制）' },
  still: { en: 'Still wrong after the repair:', zh: '修复后仍存在的问题：' },
};

export interface RepairInput {
  zlm: LoadedConfig;
  wvp?: WvpConfig;
  rules: readonly Rule[];
  lang: Lang;
  options: RuleOptions;
  env: NodeJS.ProcessEnv;
  profile?: string[];
  generation?: WvpGeneration;
  shape?: LintInput['shape'];
  deploy?: LintInput['deploy'];
  dryRun: boolean;
  backupDir?: string;
  /** file system calls, for tests */
  fs?: Partial<FsOps>;
  /** secret generator, for tests */
  newSecret?: () => string;
}

export interface ChangedFile {
  file: string;
  before: string;
  after: string;
  bytes: Buffer;
  encode: (text: string) => Buffer;
}

export interface RepairOutcome {
  res: LinkFixResult;
  changed: ChangedFile[];
  changes: Change[];
  /** unified diffs (dry run) */
  diffs: string[];
  written: DoneWrite[];
  /** why nothing was written although something could be repaired (a value it needs is unknown) */
  refused?: string;
  /** the written result was worse and was rolled back */
  restored?: { reason: string; failed: { file: string; reason: string }[] };
  /** what is wrong now (on disk after a write or a rollback; in memory for a dry run) */
  remaining: Finding[];
  /** exit code the outcome itself asks for (2 refused, 1 restored), else undefined */
  code?: number;
}

/** Plan, simulate, write and verify one repair of config.ini (and WVP's yml). */
export function repair(input: RepairInput): RepairOutcome {
  const { zlm, wvp } = input;
  const wvpTexts = new Map<string, string>(wvp ? [...wvp.sources] : []);
  const wvpBytes = new Map<string, Buffer>(wvp ? wvp.files.map((f) => [f, readFileSync(f)]) : []);
  const build = (texts: Map<string, string>) =>
    buildWvp([...texts].map(([path, text]) => ({ path, text })), {
      env: input.env,
      ...(input.profile?.length ? { profiles: input.profile } : {}),
      ...(input.generation ? { version: input.generation } : {}),
    });
  // one reading of the input's shape for the simulation and the re-check: a repair never turns an excerpt into a whole file
  const extra = { shape: input.shape ?? inputShape(zlm.doc), ...(input.deploy ? { deploy: input.deploy } : {}) };
  const res = fixLink({
    doc: zlm.doc,
    file: zlm.file,
    wvpTexts,
    ...(wvp ? { buildWvp: build } : {}),
    rules: input.rules,
    lang: input.lang,
    options: input.options,
    ...extra,
    newSecret: input.newSecret ?? generateSecret,
  });

  const changed: ChangedFile[] = [];
  if (res.doc.text !== zlm.doc.text) changed.push({ file: zlm.file, before: zlm.doc.text, after: res.doc.text, bytes: zlm.bytes, encode: (t) => zlm.encode(t) });
  for (const [file, text] of res.wvpTexts) {
    if (text !== wvpTexts.get(file)) changed.push({ file, before: wvpTexts.get(file)!, after: text, bytes: wvpBytes.get(file)!, encode: (t) => Buffer.from(t, 'utf8') });
  }
  const changes: Change[] = [];
  for (const c of changed) {
    if (c.file === zlm.file) pushAll(changes, iniChanges(c.file, zlm.doc, res.doc));
    else pushAll(changes, ymlChanges(c.file, c.before, c.after));
  }
  const out: RepairOutcome = { res, changed, changes, diffs: [], written: [], remaining: res.remaining };
  if (changed.length === 0) return out;

  if (input.dryRun) {
    for (const c of changed) out.diffs.push(createTwoFilesPatch(`a/${diffPath(c.file)}`, `b/${diffPath(c.file)}`, c.before, c.after, undefined, undefined, { context: 1 }).trimEnd());
    return out;
  }
  // a value the repair would need is unknown (placeholder, missing profile): never write then
  const blockers = (wvp?.problems ?? []).filter((p) => p.kind !== 'no-link-sections');
  if (blockers.length > 0) {
    out.refused = blockers.map((b) => b.detail[input.lang]).join(input.lang === 'zh' ? '；' : '; ');
    out.remaining = res.initial;
    out.code = 2;
    return out;
  }
  out.written = commitWrites(
    changed.map((c) => ({ file: c.file, expected: c.bytes, data: c.encode(c.after) })),
    { ...(input.backupDir ? { backupDir: input.backupDir } : {}), ...(input.fs ? { fs: input.fs } : {}) },
  );

  // the safety net: check again what is now on disk, exactly as a new run would read it
  let after: Finding[] | undefined;
  let reason: string | undefined;
  // what is on disk now is what a rollback must find there (a storage layer may not keep our bytes exactly)
  const onDisk = new Map<string, Buffer>();
  try {
    for (const w of out.written) onDisk.set(w.file, readFileSync(w.target));
    const cfg = readConfigFile(zlm.file);
    const texts = new Map<string, string>();
    for (const f of wvp?.files ?? []) texts.set(f, readFileSync(f, 'utf8'));
    const w = wvp ? build(texts) : undefined;
    after = lint({ doc: cfg.doc, file: zlm.file, rules: input.rules, lang: input.lang, options: input.options, ...(w ? { wvp: w } : {}), ...extra });
    const worse = newErrors(res.initial, after);
    if (worse) reason = worse.join(', ');
  } catch (e) {
    reason = (e as Error).message;
  }
  if (reason === undefined) {
    out.remaining = after!;
    return out;
  }
  const failed = rollback(out.written.map((w) => ({ ...w, data: onDisk.get(w.file) ?? w.data })));
  out.restored = { reason, failed };
  out.remaining = res.initial;
  out.code = 1;
  return out;
}

const SECRET_KEY = /secret|passw(or)?d|pwd|token|credential|private/i;

/** A change as JSON, its values redacted: by key name, and every known secret. */
export function changeToJson(c: Change, redactor: Redactor, showSecrets: boolean) {
  const hide = (v: string | undefined) => (v === undefined ? null : showSecrets ? v : SECRET_KEY.test(c.key) && v !== '' ? fingerprint(v) : redactor.redact(v));
  return { file: c.file, key: c.key, old: hide(c.old), new: hide(c.new), reload: c.reload };
}

/** The narrative lines of an outcome (what was repaired, written, dropped, restored, and how to apply it). */
export function outcomeLines(o: RepairOutcome, lang: Lang, redactor: Redactor, showSecrets: boolean): string[] {
  const L = lang;
  const out: string[] = [];
  const { res } = o;
  if (o.changed.length === 0) out.push(M.nothing[L]);
  else {
    // a refused or rolled-back real run is no dry run: it says nothing was written, and why
    const head = o.refused || o.restored ? M.couldFix : o.written.length > 0 ? M.fixed : M.wouldFix;
    out.push(head[L](res.fixed.length));
    for (const f of res.fixed) out.push(`  - ${f.file}:${f.line} ${f.key || f.ruleId}: ${f.message}`);
  }
  pushAll(out, outcomeDetails(o, lang, redactor, showSecrets));
  return out;
}

/** The lines after the header and the list of repairs: dropped repairs, refusal, writes, rollback, how to apply, secret. */
export function outcomeDetails(o: RepairOutcome, lang: Lang, redactor: Redactor, showSecrets: boolean, opt: { wrote?: boolean } = {}): string[] {
  const L = lang;
  const out: string[] = [];
  const { res } = o;
  if (res.dropped.length > 0) {
    out.push(M.dropped[L]);
    for (const d of res.dropped) out.push(`  - ${d.finding.file}:${d.finding.line} ${d.finding.key || d.finding.ruleId}: ${d.finding.message} (${M.introduces[L](d.introduced.join(', '))})`);
  }
  if (o.refused) out.push(M.refuse[L](o.refused));
  if (o.restored) {
    out.push(M.restored[L](o.restored.reason, o.written.map((w) => w.file).join(', ')));
    for (const f of o.restored.failed) out.push(M.restoreFailed[L](f.file, f.reason));
  } else {
    for (const w of o.written) {
      if (opt.wrote !== false) out.push(M.wrote[L](w.file, w.backupPath ?? '-'));
      if (w.target !== resolve(w.file)) out.push(M.through[L](w.target));
      if (w.mode === 'in-place') out.push(M.inPlace[L](w.inPlaceReason ?? '?'));
    }
  }
  if (o.written.length > 0 && !o.restored && o.changes.length > 0) {
    out.push(M.takeEffect[L]);
    for (const l of takeEffectLines(o.changes, L)) out.push(`  ${l}`);
  }
  if (res.secret && !o.refused && !o.restored) {
    const fp = redactor.redact(res.secret.value);
    const shown = showSecrets ? res.secret.value : fp;
    if (res.secret.written.length) out.push(M.secretWritten[L](shown, res.secret.written.join(', ')));
    for (const p of res.secret.pending) out.push(`${M.secretPending[L](p, shown)} ${showSecrets ? '' : M.hidden[L]}`.trimEnd());
  }
  return out;
}

export async function runFix(config: string, opts: FixOptions, io: Io, version: string): Promise<number> {
  const formatter = FORMATTERS.get(opts.format);
  if (!formatter) throw new UsageError(`unknown format "${opts.format}"`);
  // a dry run writes nothing, so it reads `-` as check does; a repair in place has nowhere to write to
  if (config === '-' && !opts.dryRun) throw new UsageError('fix cannot write back to standard input: use fix --dry-run - (or check --fix-dry-run -) for a diff');
  const rules = chooseRules(opts);
  const hosts = parseHosts(opts.hosts);
  const gen = parseGeneration(opts.wvpVersion);
  const L = opts.lang;
  // a deployment directory and/or compose files: the same context `check` reads
  const { deploymentInputs, deploymentSecrets } = await import('./deploy-inputs.ts');
  const dep = await deploymentInputs([config], { compose: opts.compose ?? [], ...(opts.wvp ? { wvp: opts.wvp } : {}), lang: L }, io.env);
  if (dep.files.length !== 1) throw new UsageError(`fix repairs one config.ini; ${dep.files.length === 0 ? 'none was found' : `found ${dep.files.join(', ')}`}`);
  const inputs = await loadInputs(dep.files[0]!, { ...opts, ...(dep.wvp ? { wvp: dep.wvp } : {}), ...(dep.wvpEnv ? { wvpEnv: dep.wvpEnv } : {}), env: io.env, redactor: io.redactor, ...(io.readStdin ? { readStdin: io.readStdin } : {}) });
  const zlm = inputs.zlm!;
  const wvp = inputs.wvp;
  const redactor = inputs.redactor;
  const deploy = dep.deploy;
  if (deploy && !opts.showSecrets) for (const sec of deploymentSecrets(deploy)) redactor.add(sec);
  const o = repair({
    zlm,
    ...(wvp ? { wvp } : {}),
    rules,
    lang: L,
    options: { side: opts.side, ...(hosts ? { hosts } : {}) },
    env: dep.wvpEnv ?? io.env,
    ...(deploy ? { deploy } : {}),
    ...(opts.profile?.length ? { profile: opts.profile } : {}),
    ...(gen ? { generation: gen } : {}),
    dryRun: opts.dryRun,
    ...(opts.backupDir ? { backupDir: opts.backupDir } : {}),
  });
  if (o.res.secret && !opts.showSecrets) redactor.add(o.res.secret.value);

  const out = [...dep.notes, ...outcomeLines(o, L, redactor, opts.showSecrets)];
  if (!opts.dryRun && o.written.length > 0) {
    const { recordRepair } = await import('./fix-history.ts');
    pushAll(out, await recordRepair(o, zlm.file, zlm.doc.text, { ...(opts.stateDir ? { stateDir: opts.stateDir } : {}), lang: L, fixed: o.res.fixed.map((f) => f.ruleId) }, io));
  }
  pushAll(out, o.diffs);
  const onDisk = !opts.dryRun && o.written.length > 0 && !o.restored;
  const sources = onDisk || opts.dryRun ? new Map<string, string>([[zlm.file, o.res.doc.text], ...o.res.wvpTexts]) : new Map<string, string>([[zlm.file, zlm.doc.text], ...(wvp ? wvp.sources : [])]);
  if (deploy) for (const [f, t] of deploy.sources ?? []) sources.set(f, t);
  const remaining = opts.minSeverity ? atOrAbove(o.remaining, opts.minSeverity) : o.remaining;
  const report = formatter.format({ findings: remaining, sources, rules, lang: L, color: opts.color ?? useColor(io.stdout), files: [zlm.file, ...(wvp?.files ?? []), ...(deploy ? deploy.files : [])], toolVersion: version, verbose: opts.verbose ?? false });
  if (opts.format === 'text') {
    // 'still wrong' only when something at warning or above is left; otherwise the verdict line says it is clean
    if (atOrAbove(remaining, 'warning').length > 0) out.push('', M.still[L], report.trimEnd());
    else if (remaining.length > 0) out.push('', report.trimEnd());
    io.out(redactor.redact(out.join('\n')) + '\n');
  } else {
    // machine formats: stdout carries only the remaining findings (and, in JSON, the changes), the narrative goes to stderr
    io.err(redactor.redact(out.join('\n')) + '\n');
    io.out(redactor.redact(opts.format === 'json' ? withChanges(report, o, redactor, opts.showSecrets) : report));
  }
  if (o.code) return o.code;
  return atOrAbove(remaining, opts.failOn).length > 0 ? 1 : 0;
}

/** The JSON report with `changes` (and `written`, `restored`) added after the contract's fields. */
export function withChanges(report: string, o: RepairOutcome, redactor: Redactor, showSecrets: boolean): string {
  const obj = JSON.parse(report) as Record<string, unknown>;
  obj.changes = o.changes.map((c) => changeToJson(c, redactor, showSecrets));
  obj.written = o.written.length > 0 && !o.restored;
  if (o.restored) obj.restored = { reason: o.restored.reason, failed: o.restored.failed };
  if (o.refused) obj.refused = o.refused;
  return JSON.stringify(obj, null, 2) + '\n';
}
