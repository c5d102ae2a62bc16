/**
 * `zlm-doctor fix <config.ini> [--wvp application.yml]`: apply every safe repair,
 * ZLM to match WVP by default (--side), with backups, atomic writes and a
 * refusal when a file changed since it was read. --dry-run prints diffs only.
 */
import { readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { fixLink } from '../lint/fix-link.ts';
import { generateSecret } from '../util/redact.ts';
import { atOrAbove, lint } from '../lint/engine.ts';
import { FORMATTERS } from '../lint/formats/index.ts';
import { useColor } from '../lint/formats/color.ts';
import { writeFileSafely, ConcurrentModificationError } from '../change/safe-write.ts';
import { buildWvp } from '../wvp/load.ts';
import type { Severity } from '../rules/types.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError, diffPath, type Io } from './io.ts';
import { loadInputs, parseHosts, parseGeneration } from './inputs.ts';
import { chooseRules } from './check.ts';

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
}

const M = {
  refuse: {
    en: (what: string) => `not writing anything: ${what}. Resolve it (export the variable, add the profile file) and run again; --dry-run shows what would change.`,
    zh: (what: string) => `未写入任何文件：${what}。请先解决（导出环境变量、补充 profile 文件）后重试；--dry-run 可查看将要做的修改。`,
  },
  wrote: { en: (f: string, b: string) => `wrote ${f} (backup: ${b})`, zh: (f: string, b: string) => `已写入 ${f}（备份：${b}）` },
  nothing: { en: 'nothing to repair automatically', zh: '没有可自动修复的问题' },
  fixed: { en: (n: number) => `${n} problem(s) repaired:`, zh: (n: number) => `已修复 ${n} 个问题：` },
  wouldFix: { en: (n: number) => `${n} problem(s) would be repaired (dry run, nothing written):`, zh: (n: number) => `将修复 ${n} 个问题（演练模式，未写入）：` },
  secretWritten: { en: (fp: string, w: string) => `generated a new secret ${fp}, written to ${w}`, zh: (fp: string, w: string) => `已生成新密钥 ${fp}，写入 ${w}` },
  secretPending: {
    en: (p: string, line: string) => `set it on the other side by hand: ${p}: ${line}`,
    zh: (p: string, line: string) => `请手动在另一侧设置：${p}: ${line}`,
  },
  hidden: { en: '(use --show-secrets to print it, or copy api.secret from config.ini)', zh: '（加 --show-secrets 显示，或从 config.ini 的 api.secret 复制）' },
  still: { en: 'Still wrong after the repair:', zh: '修复后仍存在的问题：' },
};

export async function runFix(config: string, opts: FixOptions, io: Io, version: string): Promise<number> {
  const formatter = FORMATTERS.get(opts.format);
  if (!formatter) throw new UsageError(`unknown format "${opts.format}"`);
  const rules = chooseRules(opts);
  const hosts = parseHosts(opts.hosts);
  const gen = parseGeneration(opts.wvpVersion);
  const inputs = await loadInputs(config, { ...opts, env: io.env });
  const zlm = inputs.zlm!;
  const wvp = inputs.wvp;
  const redactor = inputs.redactor;
  const L = opts.lang;
  const wvpTexts = new Map<string, string>(wvp ? [...wvp.sources] : []);
  const wvpBytes = new Map<string, Buffer>(wvp ? wvp.files.map((f) => [f, readFileSync(f)]) : []);
  const res = fixLink({
    doc: zlm.doc,
    file: zlm.file,
    wvpTexts,
    buildWvp: (texts) => buildWvp([...texts].map(([path, text]) => ({ path, text })), { env: io.env, ...(opts.profile?.length ? { profiles: opts.profile } : {}), ...(gen ? { version: gen } : {}) }),
    rules,
    lang: L,
    options: { side: opts.side, ...(hosts ? { hosts } : {}) },
    newSecret: generateSecret,
  });
  if (res.secret && !opts.showSecrets) redactor.add(res.secret.value);

  const out: string[] = [];
  const changed: { file: string; before: string; after: string; bytes: Buffer }[] = [];
  if (res.doc.text !== zlm.doc.text) changed.push({ file: zlm.file, before: zlm.doc.text, after: res.doc.text, bytes: zlm.bytes });
  for (const [file, text] of res.wvpTexts) {
    if (text !== wvpTexts.get(file)) changed.push({ file, before: wvpTexts.get(file)!, after: text, bytes: wvpBytes.get(file)! });
  }
  // a value the repair would need is unknown (placeholder, missing profile): never write then
  const blockers = (wvp?.problems ?? []).filter((p) => p.kind !== 'no-link-sections');
  const refused = !opts.dryRun && changed.length > 0 && blockers.length > 0;
  if (changed.length === 0) out.push(M.nothing[L]);
  else {
    out.push(opts.dryRun || refused ? M.wouldFix[L](res.fixed.length) : M.fixed[L](res.fixed.length));
    for (const f of res.fixed) out.push(`  - ${f.file}:${f.line} ${f.key || f.ruleId}: ${f.message}`);
  }
  let code = 0;
  let remaining = res.remaining;
  if (opts.dryRun) {
    for (const c of changed) out.push(createTwoFilesPatch(`a/${diffPath(c.file)}`, `b/${diffPath(c.file)}`, c.before, c.after, undefined, undefined, { context: 1 }).trimEnd());
  } else if (refused) {
    out.push(M.refuse[L](blockers.map((b) => b.detail).join('; ')));
    remaining = lint({ doc: zlm.doc, file: zlm.file, rules, lang: L, options: { side: opts.side, ...(hosts ? { hosts } : {}) }, ...(wvp ? { wvp } : {}) });
    code = 2;
  } else {
    // check every file is still as read before writing any, so a concurrent change
    // to the second file does not leave the first one half-repaired
    for (const c of changed) if (!readFileSync(c.file).equals(c.bytes)) throw new ConcurrentModificationError(c.file);
    for (const c of changed) {
      const r = writeFileSafely(c.file, c.after, { expected: c.bytes });
      out.push(M.wrote[L](c.file, r.backupPath ?? '-'));
    }
  }
  if (res.secret && !refused) {
    const fp = redactor.redact(res.secret.value);
    if (res.secret.written.length) out.push(M.secretWritten[L](opts.showSecrets ? res.secret.value : fp, res.secret.written.join(', ')));
    for (const p of res.secret.pending) out.push(`${M.secretPending[L](p, opts.showSecrets ? res.secret.value : fp)} ${opts.showSecrets ? '' : M.hidden[L]}`.trimEnd());
  }
  const sources = refused ? new Map<string, string>([[zlm.file, zlm.doc.text], ...wvpTexts]) : new Map<string, string>([[zlm.file, res.doc.text], ...res.wvpTexts]);
  const report = formatter.format({ findings: remaining, sources, rules, lang: L, color: opts.color ?? useColor(io.stdout), files: [zlm.file, ...(wvp?.files ?? [])], toolVersion: version });
  if (opts.format === 'text') {
    if (remaining.length > 0) out.push('', M.still[L], report.trimEnd());
    io.out(redactor.redact(out.join('\n')) + '\n');
  } else {
    // machine formats: stdout carries only the remaining findings, the narrative goes to stderr
    io.err(redactor.redact(out.join('\n')) + '\n');
    io.out(redactor.redact(report));
  }
  if (code) return code;
  return atOrAbove(remaining, opts.failOn).length > 0 ? 1 : 0;
}
