/**
 * The commander-free half of src/cli/options.ts: the value parsers and choices of the shared options, and the one
 * mapper from parsed options to the run*() option objects. The quick `check` path (quick-argv.ts) uses these
 * without loading commander; options.ts declares the commander options with the same parsers and choices.
 */
import { parseLang, type Lang } from '../i18n/index.ts';
import type { Severity } from '../rules/types.ts';
import { UsageError } from './io.ts';

/** `--rule a,b --rule c` → ['a', 'b', 'c'] */
export const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
/** `--compose a.yml --compose b.yml` → ['a.yml', 'b.yml'] */
export const repeat = (v: string, prev: string[] = []) => [...prev, v];

export const SEVERITIES = ['error', 'warning', 'info'];
/** the formats of the findings of check and fix */
export const FINDING_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
/** the formats of the doctor's report and the rules list */
export const REPORT_FORMATS = ['text', 'json'] as const;

/** `--lang` (else LC_ALL / LANG) as a usage error (exit 2) when it names no language. */
export function langOf(v: string | undefined, env: NodeJS.ProcessEnv): Lang {
  try {
    return parseLang(v, env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** What commander parsed for the options declared above (absent when not given and without default). */
export interface ParsedOptions {
  format?: string;
  lang?: string;
  color?: boolean;
  verbose?: boolean;
  showSecrets?: boolean;
  failOn?: string;
  minSeverity?: string;
  rule?: string[];
  ignore?: string[];
  wvp?: string;
  profile?: string[];
  wvpVersion?: string;
  hosts?: string;
  compose?: string[];
  backupDir?: string;
}

/** The options shared by every command that reads config.ini and reports findings (check, fix, later snapshot and apply). */
export interface LintInputOptions {
  format: string;
  failOn: Severity;
  minSeverity: Severity | undefined;
  verbose: boolean;
  rule: string[];
  ignore: string[];
  lang: Lang;
  color: boolean | undefined;
  showSecrets: boolean;
  wvp: string | undefined;
  profile: string[];
  wvpVersion: string | undefined;
  hosts: string | undefined;
  compose: string[];
  backupDir: string | undefined;
}

/** The one mapper from parsed options to the shared part of the run*() option objects. */
export function lintInputs(o: ParsedOptions, env: NodeJS.ProcessEnv): LintInputOptions {
  return {
    format: o.format ?? 'text',
    failOn: (o.failOn ?? 'error') as Severity,
    minSeverity: o.minSeverity as Severity | undefined,
    verbose: o.verbose ?? false,
    rule: o.rule ?? [],
    ignore: o.ignore ?? [],
    lang: langOf(o.lang, env),
    color: o.color,
    showSecrets: o.showSecrets ?? false,
    wvp: o.wvp,
    profile: o.profile ?? [],
    wvpVersion: o.wvpVersion,
    hosts: o.hosts,
    compose: o.compose ?? [],
    backupDir: o.backupDir,
  };
}
