/**
 * zlm-doctor command line. Exit codes: 0 clean/healthy, 1 problems found,
 * 2 usage or I/O error (one line on stderr, never a stack trace).
 */
import { processIo, UsageError, type Io } from './io.ts';
import { redactingIo, showSecretsRequested } from './redact-io.ts';
import { InputError } from '../io/read-config.ts';
import { ConcurrentModificationError, SafeWriteError } from '../change/errors.ts';
import { parseLang } from '../i18n/index.ts';
import { lintInputs } from './option-values.ts';
import { quickCheckArgs, type CheckArgs } from './quick-argv.ts';
import pkg from '../../package.json' with { type: 'json' };

/**
 * Runs one command line. Commander and the program declared with it (program.ts, options.ts) are loaded on demand:
 * the plainest `check` lines, the most-run command, are parsed by quick-argv.ts exactly as commander would parse them.
 * `how.commander` makes commander parse every line (the tests compare the two).
 */
export async function main(argv: string[], rawIo: Io = processIo, how: { commander?: boolean } = {}): Promise<number> {
  // every byte written passes through the redactor, unless --show-secrets
  const io = showSecretsRequested(argv) ? rawIo : redactingIo(rawIo, rawIo.redactor);
  try {
    const quick = how.commander ? undefined : quickCheckArgs(argv);
    if (quick) return await check(quick.files, quick.options, io);
    const { parse } = await import('./program.ts');
    return await parse(argv, io, check);
  } catch (e) {
    return failure(e, argv, io);
  }
}

/** The `check` command's action, for commander and the quick path alike. */
async function check(files: string[], o: CheckArgs, io: Io): Promise<number> {
  const { runCheck } = await import('./check.ts');
  return runCheck(files, { ...lintInputs(o, io.env), fix: o.fix, fixDryRun: o.fixDryRun, explain: o.explain, stateDir: o.stateDir }, io, pkg.version);
}

/** The exit code of a run that threw, after one line on stderr (never a stack trace, unless ZLM_DOCTOR_DEBUG). */
function failure(e: unknown, argv: string[], io: Io): number {
  if (e instanceof ConcurrentModificationError || e instanceof SafeWriteError) {
    io.err(`zlm-doctor: ${wantsZh(argv, io.env) ? e.zh : e.message}\n`);
    return 2;
  }
  if (e instanceof InputError || e instanceof UsageError) {
    io.err(`zlm-doctor: ${e instanceof InputError && e.reasonZh && wantsZh(argv, io.env) ? `${e.file}: ${e.reasonZh}` : e.message}\n`);
    return 2;
  }
  // an OS error that escaped the typed ones is still the system's answer, not a bug
  const sys = e as NodeJS.ErrnoException;
  if (sys && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
    io.err(`zlm-doctor: ${sys.path ? `${sys.path}: ` : ''}${sys.syscall} failed: ${sys.code}; check the path and its permissions, then run again\n`);
    return 2;
  }
  io.err(`zlm-doctor: internal error: ${(e as Error).message}\n`);
  if (io.env.ZLM_DOCTOR_DEBUG) io.err(`${(e as Error).stack}\n`);
  return 2;
}

/** Whether messages printed after a failure should be Chinese (--lang, else LC_ALL / LANG). */
function wantsZh(argv: string[], env: NodeJS.ProcessEnv): boolean {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  try {
    return parseLang(v, env) === 'zh';
  } catch {
    return false;
  }
}
