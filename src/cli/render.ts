/**
 * `zlm-doctor render --env prod [--profiles DIR] (-o OUT | --stdout) [--env-file F] [--force]`:
 * base.ini + prod.ini + ${VAR}s from the environment → one config.ini. Any unresolved variable: every one is
 * named with file:line, nothing is written, exit 2. The result is linted with every rule: error findings
 * refuse the write (exit 1) unless --force. OUT is written through src/change (backup, atomic, refused when
 * it changed since it was read; a new OUT is created 0600). --stdout prints the rendered file with its
 * secrets as fingerprints unless --show-secrets (the file itself needs the real values: use -o).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { lintRendered, ProfileError, renderProfile, writeRendered, type ProfileProblem, type Rendered, type WriteRenderedResult } from '../change/index.ts';
import { parseEnvFile } from '../deploy/dotenv.ts';
import { readInputText } from '../io/read-config.ts';
import { findingToJson } from '../lint/index.ts';
import { summarize } from '../lint/engine.ts';
import type { Finding } from '../rules/index.ts';
import type { Lang } from '../i18n/index.ts';
import { Redactor } from '../util/redact.ts';
import { UsageError, type Io } from './io.ts';

export interface RenderOptions {
  env: string;
  profiles: string;
  output?: string;
  stdout: boolean;
  envFile?: string;
  force: boolean;
  backupDir?: string;
  showSecrets: boolean;
  format: string;
  lang: Lang;
}

const M = {
  failed: { en: (env: string) => `render ${env}: not rendered, nothing written:`, zh: (env: string) => `render ${env}：渲染失败，未写入任何内容：` },
  refused: {
    en: (n: number) => `the rendered config breaks the rules (${n} error(s)); nothing written (--force writes it anyway)`,
    zh: (n: number) => `渲染结果违反规则（${n} 个错误）；未写入任何内容（--force 可强制写入）`,
  },
  forced: { en: (n: number) => `written despite ${n} error finding(s) (--force)`, zh: (n: number) => `已按 --force 写入，尽管有 ${n} 个错误` },
  wrote: { en: (f: string, b: string) => `wrote ${f} (backup: ${b})`, zh: (f: string, b: string) => `已写入 ${f}（备份：${b}）` },
  created: { en: (f: string) => `created ${f} (mode 0600: it holds the secrets)`, zh: (f: string) => `已创建 ${f}（权限 0600：其中含有密钥）` },
  unchanged: { en: (f: string) => `${f} already holds exactly this config: nothing written`, zh: (f: string) => `${f} 的内容与渲染结果完全相同：未写入` },
  rendered: { en: (files: string) => `rendered ${files}`, zh: (files: string) => `已渲染 ${files}` },
  overridden: { en: (f: string, keys: string) => `  from ${f}: ${keys}`, zh: (f: string, keys: string) => `  来自 ${f}：${keys}` },
  added: { en: (keys: string) => `  appended: ${keys}`, zh: (keys: string) => `  新增：${keys}` },
  variables: { en: (names: string) => `  variables: ${names}`, zh: (names: string) => `  变量：${names}` },
  defaulted: { en: (names: string) => `  not set, their default used: ${names}`, zh: (names: string) => `  未设置、使用了默认值的变量：${names}` },
  summary: {
    en: (s: Record<string, number>) => `  rules: ${s.error} error(s), ${s.warning} warning(s), ${s.info} info`,
    zh: (s: Record<string, number>) => `  规则检查：${s.error} 个错误，${s.warning} 个警告，${s.info} 条提示`,
  },
  redacted: {
    en: 'secrets are printed as fingerprints; --show-secrets prints the usable file (or write it with -o FILE)',
    zh: '密钥以指纹形式输出；加 --show-secrets 输出可直接使用的文件（或用 -o FILE 写入文件）',
  },
  envFileUnknown: {
    en: (f: string, line: number, name: string, vars: string) => `note: ${f}:${line}: ${name} needs ${vars}, which is not set: ${name} is treated as unset`,
    zh: (f: string, line: number, name: string, vars: string) => `注意：${f}:${line}：${name} 依赖未设置的 ${vars}：视为 ${name} 未设置`,
  },
  warning: { en: 'warning', zh: '警告' },
  error: { en: 'error', zh: '错误' },
  from: { en: (w: string) => `from ${w}`, zh: (w: string) => `来自 ${w}` },
};

function where(p: ProfileProblem): string {
  return p.line ? `${p.file}:${p.line}:${p.column}` : p.file;
}

function problemJson(p: ProfileProblem, lang: Lang) {
  return { severity: p.severity, code: p.code, file: p.file, line: p.line, column: p.column, ...(p.key ? { key: p.key } : {}), ...(p.variable ? { variable: p.variable } : {}), message: p.message[lang] };
}

/** The variables: the environment, over an --env-file's entries (as docker compose: the shell wins). */
function loadVars(opts: RenderOptions, env: NodeJS.ProcessEnv, notes: string[]): Record<string, string | undefined> {
  const vars: Record<string, string | undefined> = {};
  if (opts.envFile) {
    const text = readInputText(opts.envFile, 'an env file is normally a few KB');
    for (const [name, e] of parseEnvFile(text, (n) => env[n])) {
      if (e.unresolved.length) {
        notes.push(M.envFileUnknown[opts.lang](opts.envFile, e.line, name, e.unresolved.join(', ')));
        continue;
      }
      vars[name] = e.value;
    }
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  return vars;
}

function readExisting(out: string): Buffer | undefined {
  let st;
  try {
    st = statSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (st.isDirectory()) throw new UsageError(`${out} is a directory: -o takes the config file to write, e.g. -o ${join(out, 'config.ini')}`);
  return readFileSync(out);
}

function findingLine(f: Finding, r: Rendered, lang: Lang): string {
  const src = f.key ? r.sources.get(f.key) : undefined;
  const from = src ? ` (${M.from[lang](`${src.file}:${src.line}`)})` : '';
  return `  ${f.severity} ${f.file}:${f.line}:${f.column} ${f.key ? `${f.key}: ` : ''}${f.message} [${f.ruleId}]${from}`;
}

export async function runRender(opts: RenderOptions, io: Io): Promise<number> {
  const L = opts.lang;
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`render prints text or json, not ${opts.format}`);
  if (!opts.output && !opts.stdout) throw new UsageError('say where the config goes: -o FILE (written safely, with a backup) or --stdout');
  if (opts.output && opts.stdout) throw new UsageError('use either -o FILE or --stdout, not both');
  const json = opts.format === 'json';
  // the rendered text and the report must not share stdout in text mode
  const say = (s: string) => (opts.stdout || json ? io.err(s) : io.out(s));
  const redactor = io.redactor ?? new Redactor({ off: true });
  const notes: string[] = [];
  const vars = loadVars(opts, io.env, notes);
  const expected = opts.output ? readExisting(opts.output) : undefined;
  const base = { version: 1, env: opts.env, profiles: opts.profiles, output: opts.output ?? null };

  let r: Rendered;
  try {
    r = renderProfile({ dir: opts.profiles, env: opts.env, vars });
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    if (json) io.out(JSON.stringify({ ...base, result: 'failed', written: false, problems: e.problems.map((p) => problemJson(p, L)) }, null, 2) + '\n');
    else {
      const lines = [...notes, `zlm-doctor: ${M.failed[L](opts.env)}`];
      for (const p of e.problems) lines.push(`  ${M[p.severity][L]}: ${where(p)}: ${p.message[L]}`);
      io.err(lines.join('\n') + '\n');
    }
    return 2;
  }
  for (const s of r.secretValues) redactor.add(s);
  redactor.learn(r.text);

  const lintName = opts.output ?? `${join(opts.profiles, `${opts.env}.ini`)} (rendered)`;
  const findings = lintRendered(r.doc, lintName, L);
  const errors = findings.filter((f) => f.severity === 'error');
  const refused = errors.length > 0 && !opts.force;
  const lines: string[] = [...notes];
  for (const p of r.warnings) lines.push(`${M.warning[L]}: ${where(p)}: ${p.message[L]}`);

  let wrote: WriteRenderedResult | undefined;
  if (!refused && opts.output) wrote = writeRendered(opts.output, r.bytes, expected, opts.backupDir ? { backupDir: opts.backupDir } : {});
  const result = refused ? 'refused' : wrote?.unchanged ? 'unchanged' : 'rendered';

  if (json) {
    const out: Record<string, unknown> = {
      ...base,
      result,
      written: !!wrote && !wrote.unchanged,
      ...(wrote?.backupPath ? { backup: wrote.backupPath } : {}),
      ...(wrote?.created ? { created: true } : {}),
      files: r.files,
      problems: r.warnings.map((p) => problemJson(p, L)),
      findings: findings.map(findingToJson),
      summary: summarize(findings),
      overridden: r.overridden,
      added: r.added,
      variables: [...r.variables.keys()],
      defaulted: r.defaulted,
      // a list, not an object keyed by `section.key`: a key named like a secret must not look like a secret's line
      sources: [...r.sources].map(([key, s]) => ({ key, file: s.file, line: s.line, renderedLine: s.renderedLine })),
    };
    if (opts.stdout && !refused) out.text = opts.showSecrets ? r.text : redactor.redact(r.text);
    if (lines.length) io.err(redactor.redact(lines.join('\n')) + '\n');
    io.out(redactor.redact(JSON.stringify(out, null, 2)) + '\n');
    return refused ? 1 : 0;
  }

  const shown = findings.filter((f) => f.severity !== 'info');
  if (refused) {
    lines.push(`✗ ${M.refused[L](errors.length)}:`);
    for (const f of shown) lines.push(findingLine(f, r, L));
    io.err(redactor.redact(lines.join('\n')) + '\n');
    return 1;
  }
  lines.push(M.rendered[L](r.files.map((f) => basename(f)).join(' + ') + (opts.output ? ` → ${opts.output}` : '')));
  if (r.overridden.length) lines.push(M.overridden[L](basename(r.files[1]!), r.overridden.join(', ')));
  if (r.added.length) lines.push(M.added[L](r.added.join(', ')));
  if (r.variables.size) lines.push(M.variables[L]([...r.variables.keys()].join(', ')));
  if (r.defaulted.length) lines.push(M.defaulted[L](r.defaulted.join(', ')));
  lines.push(M.summary[L](summarize(findings)));
  for (const f of shown) lines.push(findingLine(f, r, L));
  if (errors.length) lines.push(M.forced[L](errors.length));
  if (wrote?.unchanged) lines.push(M.unchanged[L](opts.output!));
  else if (wrote?.created) lines.push(M.created[L](opts.output!));
  else if (wrote) {
    lines.push(M.wrote[L](opts.output!, wrote.backupPath ?? '-'));
    if (wrote.target && wrote.target !== resolve(opts.output!)) lines.push(`  → ${wrote.target}`);
  }
  if (opts.stdout) {
    io.out(opts.showSecrets ? r.text : redactor.redact(r.text));
    if (!opts.showSecrets) lines.push(M.redacted[L]);
  }
  say(redactor.redact(lines.join('\n')) + '\n');
  return 0;
}
