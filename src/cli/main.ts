/**
 * zlm-doctor command line. Exit codes: 0 clean/healthy, 1 problems found,
 * 2 usage or I/O error (one line on stderr, never a stack trace).
 */
import { Command, CommanderError, Option } from 'commander';
import { processIo, UsageError, type Io } from './io.ts';
import { redactingIo, showSecretsRequested } from './redact-io.ts';
import { InputError } from '../io/read-config.ts';
import { ConcurrentModificationError, SafeWriteError } from '../change/safe-write.ts';
import { parseLang } from '../i18n/index.ts';
import type { Severity } from '../rules/types.ts';
import pkg from '../../package.json' with { type: 'json' };

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export async function main(argv: string[], rawIo: Io = processIo): Promise<number> {
  // every byte written passes through the redactor, unless --show-secrets
  const io = showSecretsRequested(argv) ? rawIo : redactingIo(rawIo, rawIo.redactor);
  let code = 0;
  const program = new Command()
    .name('zlm-doctor')
    .description('Find, explain and repair ZLMediaKit (and WVP-GB28181-pro) configuration faults')
    .version(pkg.version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);

  program
    .command('check')
    .description('statically check config.ini the way ZLMediaKit reads it')
    .argument('[config...]', 'config.ini files (- reads standard input), or one deployment directory (config.ini, application*.yml, compose files, .env)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info']).default('error'))
    .addOption(new Option('--min-severity <severity>', 'report only findings at or above this severity').choices(['error', 'warning', 'info']))
    .option('-v, --verbose', 'show info findings in full (otherwise only their count)', false)
    .option('--rule <ids>', 'only run these rules or categories (comma-separated, repeatable)', list)
    .option('--ignore <ids>', 'skip these rules or categories (comma-separated, repeatable; for severities use --min-severity)', list)
    .option('--fix', 'apply safe fixes in place (backup kept next to the file)', false)
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing', false)
    .option('--backup-dir <dir>', 'with --fix: keep the backup in this directory (default: beside the file)')
    .option('--lang <lang>', 'en or zh (default from LC_ALL / LANG)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .option('--show-secrets', 'do not redact secrets in the output', false)
    .option('--wvp <application.yml>', "cross-check against WVP-GB28181-pro's configuration")
    .option('--profile <names>', 'Spring profiles to overlay (default: spring.profiles.active)', list)
    .option('--wvp-version <version>', 'WVP generation: 2.6, 2.7.0, 2.7.1 or 2.7.4 (default: detected from the keys)')
    .option('--hosts <wvp=IP,zlm=IP>', 'where WVP and ZLM run, when the files cannot tell')
    .option('--explain', 'draw the ZLM ↔ WVP link: every hook, id, secret, port and RTP range', false)
    .option('--compose <file>', 'docker-compose file of the deployment, .env beside it (repeatable; merged like -f a -f b)', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (files: string[], o) => {
      const { runCheck } = await import('./check.ts');
      code = await runCheck(
        files,
        {
          format: o.format,
          failOn: o.failOn as Severity,
          minSeverity: o.minSeverity as Severity | undefined,
          verbose: o.verbose,
          rule: o.rule ?? [],
          ignore: o.ignore ?? [],
          fix: o.fix,
          fixDryRun: o.fixDryRun,
          backupDir: o.backupDir,
          lang: parseLangOrUsage(o.lang, io.env),
          color: o.color,
          showSecrets: o.showSecrets,
          wvp: o.wvp,
          profile: o.profile ?? [],
          wvpVersion: o.wvpVersion,
          hosts: o.hosts,
          explain: o.explain,
          compose: o.compose ?? [],
        },
        io,
        pkg.version,
      );
    });

  program
    .command('fix')
    .description('apply every safe repair to config.ini (and application.yml), with backups')
    .argument('<config>', 'config.ini, or one deployment directory (config.ini, application*.yml, compose files, .env)')
    .option('--wvp <application.yml>', "repair the link to WVP-GB28181-pro's configuration")
    .option('--compose <file>', 'docker-compose file of the deployment, .env beside it (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(new Option('--side <side>', 'which side a two-sided mismatch (id, secret, RTP range) is repaired on').choices(['zlm', 'wvp']).default('zlm'))
    .option('--dry-run', 'print the changes as unified diffs; write nothing', false)
    .option('--backup-dir <dir>', 'keep the backups in this directory (default: beside each file)')
    .option('--show-secrets', 'print secrets (a generated one included) instead of fingerprints', false)
    .addOption(new Option('-f, --format <format>', 'format of the remaining findings').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a remaining finding is at or above this severity').choices(['error', 'warning', 'info']).default('error'))
    .addOption(new Option('--min-severity <severity>', 'report only remaining findings at or above this severity').choices(['error', 'warning', 'info']))
    .option('-v, --verbose', 'show remaining info findings in full', false)
    .option('--rule <ids>', 'only these rules or categories', list)
    .option('--ignore <ids>', 'skip these rules or categories (for severities use --min-severity)', list)
    .option('--profile <names>', 'Spring profiles to overlay', list)
    .option('--wvp-version <version>', 'WVP generation: 2.6, 2.7.0, 2.7.1 or 2.7.4')
    .option('--hosts <wvp=IP,zlm=IP>', 'where WVP and ZLM run')
    .option('--lang <lang>', 'en or zh (default from LC_ALL / LANG)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .action(async (file: string, o) => {
      const { runFix } = await import('./fix.ts');
      code = await runFix(
        file,
        {
          wvp: o.wvp,
          side: o.side,
          dryRun: o.dryRun,
          backupDir: o.backupDir,
          compose: o.compose ?? [],
          showSecrets: o.showSecrets,
          lang: parseLangOrUsage(o.lang, io.env),
          format: o.format,
          failOn: o.failOn as Severity,
          color: o.color,
          hosts: o.hosts,
          wvpVersion: o.wvpVersion,
          profile: o.profile ?? [],
          rule: o.rule ?? [],
          ignore: o.ignore ?? [],
          minSeverity: o.minSeverity as Severity | undefined,
          verbose: o.verbose,
        },
        io,
        pkg.version,
      );
    });

  program
    .command('doctor')
    .description('diagnose a running ZLMediaKit: process, ports, API, live config, hook chain, logs')
    .option('--config <config.ini>', 'config file (default: the -c of the running MediaServer)')
    .option('--api <url>', 'HTTP API address, e.g. http://127.0.0.1:80 (default: 127.0.0.1 and http.port)')
    .option('--secret <secret>', 'API secret (default: ZLM_SECRET, then api.secret of the config)')
    .option('--log-dir <dir>', 'ZLM log directory (default: the --log-dir of the process, or log/ beside the config)')
    .option('--since <when>', 'only log lines newer than this: 1h, 30m, or a date', '1h')
    .option('--wvp <application.yml>', "also check against WVP-GB28181-pro's configuration")
    .option('--hosts <wvp=IP,zlm=IP>', 'where WVP and ZLM run')
    .option('--compose <file>', 'docker-compose file of the deployment: tells a published port (8080:80) from a missed restart (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--active', 'also POST recorded bodies to every hook (default: a real on_server_keepalive, a bodiless GET to the others)', false)
    .option('--timeout <duration>', 'bound for the whole process, start-up included; no peer can hold it longer', '10s')
    .option('--probe-timeout <duration>', 'bound for one probe (default: min(5s, --timeout))')
    .option('-v, --verbose', 'every detail', false)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--lang <lang>', 'en or zh (default from LC_ALL / LANG)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .action(async (o) => {
      const { runDoctorCli } = await import('./doctor.ts');
      code = await runDoctorCli({ ...o, lang: parseLangOrUsage(o.lang, io.env) }, io);
    });

  program
    .command('rules')
    .description('list the rules: id, severity, category, fixable, title')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--lang <lang>', 'en or zh (default from LC_ALL / LANG)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .action(async (o) => {
      const { runRules } = await import('./rules.ts');
      const { useColor } = await import('../lint/formats/color.ts');
      code = runRules({ format: o.format, lang: parseLangOrUsage(o.lang, io.env), color: o.color ?? useColor(io.stdout, io.env) }, io);
    });

  program
    .command('explain')
    .description("print a rule's page (what it checks, why it matters, how to fix it), offline")
    .argument('<rule-id>', 'a rule id, as in the output of check or zlm-doctor rules')
    .option('--lang <lang>', 'en or zh (default from LC_ALL / LANG)')
    .action(async (id: string, o) => {
      const { runExplain } = await import('./rules.ts');
      code = runExplain(id, { lang: parseLangOrUsage(o.lang, io.env) }, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help / --version exit 0; everything else is a usage error (message already printed)
      return e.exitCode === 0 ? 0 : 2;
    }
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

function parseLangOrUsage(v: string | undefined, env: NodeJS.ProcessEnv) {
  try {
    return parseLang(v, env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
