/**
 * `zlm-doctor check <config.ini...>`: the static check, with --fix and --fix-dry-run.
 * Exit codes (stylelint/promtool style): 0 clean, 1 findings at or above
 * --fail-on, 2 usage or I/O error.
 */
import { createTwoFilesPatch } from 'diff';
import { readConfigFile, type LoadedConfig } from '../ini/read.ts';
import { lint, fix, atOrAbove, sortFindings } from '../lint/engine.ts';
import { FORMATTERS } from '../lint/formats/index.ts';
import { useColor } from '../lint/formats/color.ts';
import { ZLM_RULES, selectRules } from '../rules/index.ts';
import type { Finding, Severity } from '../rules/types.ts';
import { Redactor } from '../util/redact.ts';
import { configSecrets } from '../zlm/secrets.ts';
import { writeFileSafely } from '../change/safe-write.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError, type Io } from './io.ts';

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
}

const MSG = {
  wrote: { en: (f: string, n: number, b: string) => `fixed ${n} problem(s) in ${f} (backup: ${b})`, zh: (f: string, n: number, b: string) => `已修复 ${f} 中的 ${n} 个问题（备份：${b}）` },
  nothing: { en: (f: string) => `${f}: nothing to fix automatically`, zh: (f: string) => `${f}：没有可自动修复的问题` },
};

export function runCheck(files: string[], opts: CheckOptions, io: Io, version: string): number {
  const formatter = FORMATTERS.get(opts.format);
  if (!formatter) throw new UsageError(`unknown format "${opts.format}" (use ${[...FORMATTERS.keys()].join(', ')})`);
  if (files.length === 0) throw new UsageError('no config file given: zlm-doctor check <config.ini>');
  if (opts.fix && opts.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  let rules;
  try {
    rules = selectRules(ZLM_RULES, opts.rule, opts.ignore);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  // read everything first: an unreadable file is an I/O error (exit 2), reported before any output
  const loaded: LoadedConfig[] = files.map((f) => readConfigFile(f));
  const redactor = new Redactor();
  if (!opts.showSecrets) {
    for (const l of loaded) for (const s of configSecrets(l.doc)) redactor.add(s);
  }

  const findings: Finding[] = [];
  const sources = new Map<string, string>();
  const notes: string[] = [];
  let diffs = '';
  for (const l of loaded) {
    const input = { doc: l.doc, file: l.file, rules, lang: opts.lang };
    if (opts.fix || opts.fixDryRun) {
      const r = fix(input);
      findings.push(...r.remaining);
      sources.set(l.file, r.doc.text);
      if (r.doc.text === l.doc.text) {
        notes.push(MSG.nothing[opts.lang](l.file));
        continue;
      }
      if (opts.fixDryRun) {
        diffs += createTwoFilesPatch(`a/${l.file}`, `b/${l.file}`, l.doc.text, r.doc.text, undefined, undefined, { context: 2 });
      } else {
        const res = writeFileSafely(l.file, r.doc.text, { expected: l.bytes });
        notes.push(MSG.wrote[opts.lang](l.file, r.fixed.length, res.backupPath ?? '-'));
      }
    } else {
      findings.push(...lint(input));
      sources.set(l.file, l.doc.text);
    }
  }
  sortFindings(findings);
  const out = formatter.format({
    findings,
    sources,
    rules,
    lang: opts.lang,
    color: opts.color ?? useColor(io.stdout),
    files,
    toolVersion: version,
  });
  if (diffs) io.out(redactor.redact(diffs));
  io.out(redactor.redact(out));
  for (const n of notes) io.err(redactor.redact(n) + '\n');
  return atOrAbove(findings, opts.failOn).length > 0 ? 1 : 0;
}
