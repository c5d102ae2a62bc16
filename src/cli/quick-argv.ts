/**
 * The quick path of `zlm-doctor check`: the plainest command lines of the most-run command, parsed without loading
 * commander (its code is a good part of the start-up budget). It gives exactly what commander gives for the same
 * argv (test/cli/quick-argv.test.ts compares the two, option by option); for anything else (help, an unknown or
 * clustered flag, a value that is missing, starts with '-' or is not among the choices, `--`, another command) it
 * answers undefined and commander parses the line, with its own help and errors.
 *
 * Keep CHECK in step with the `check` command of main.ts: a flag of check missing here only sends its command lines
 * to commander, but a default or parser that differs would be a bug (the test catches both).
 */
import { FINDING_FORMATS, list, repeat, SEVERITIES, type ParsedOptions } from './option-values.ts';

/** What commander's `check` action receives as its options. */
export interface CheckArgs extends ParsedOptions {
  fix: boolean;
  fixDryRun: boolean;
  explain: boolean;
  stateDir?: string;
}

type Kind = 'on' | 'off' | 'value' | 'list' | 'repeat' | readonly string[];

/** check's flags: the option's attribute name and how its value is read (a list of strings: the choices) */
const CHECK: Readonly<Record<string, readonly [keyof CheckArgs, Kind]>> = {
  '-f': ['format', FINDING_FORMATS],
  '--format': ['format', FINDING_FORMATS],
  '--fail-on': ['failOn', SEVERITIES],
  '--min-severity': ['minSeverity', SEVERITIES],
  '-v': ['verbose', 'on'],
  '--verbose': ['verbose', 'on'],
  '--rule': ['rule', 'list'],
  '--ignore': ['ignore', 'list'],
  '--fix': ['fix', 'on'],
  '--fix-dry-run': ['fixDryRun', 'on'],
  '--backup-dir': ['backupDir', 'value'],
  '--state-dir': ['stateDir', 'value'],
  '--lang': ['lang', 'value'],
  '--color': ['color', 'on'],
  '--no-color': ['color', 'off'],
  '--show-secrets': ['showSecrets', 'on'],
  '--wvp': ['wvp', 'value'],
  '--profile': ['profile', 'list'],
  '--wvp-version': ['wvpVersion', 'value'],
  '--hosts': ['hosts', 'value'],
  '--explain': ['explain', 'on'],
  '--compose': ['compose', 'repeat'],
};

/** check's defaults, as declared in main.ts and options.ts */
const DEFAULTS = { format: 'text', failOn: 'error', verbose: false, fix: false, fixDryRun: false, showSecrets: false, explain: false } as const;

/** `check …` parsed as commander would parse it, or undefined when commander must do it. */
export function quickCheckArgs(argv: readonly string[]): { files: string[]; options: CheckArgs } | undefined {
  if (argv[0] !== 'check') return undefined;
  const o: Record<string, unknown> = { ...DEFAULTS };
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    // an operand (a lone '-' is one: standard input)
    if (arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = CHECK[flag];
    if (!spec) return undefined;
    const [name, kind] = spec;
    if (kind === 'on' || kind === 'off') {
      if (eq > 0) return undefined;
      o[name] = kind === 'on';
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
    }
    if (kind === 'list') o[name] = list(value, o[name] as string[] | undefined);
    else if (kind === 'repeat') o[name] = repeat(value, o[name] as string[] | undefined);
    else if (kind === 'value') o[name] = value;
    else if (kind.includes(value)) o[name] = value;
    else return undefined;
  }
  return { files, options: o as unknown as CheckArgs };
}
