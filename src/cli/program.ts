/**
 * The whole command line of zlm-doctor, declared with commander, for every line the quick path of main.ts does not
 * take (src/cli/quick-argv.ts): help, every command but the plainest `check`, and every usage error.
 */
import type { Io } from './io.ts';
import type { CheckArgs } from './quick-argv.ts';
import pkg from '../../package.json' with { type: 'json' };

/** The `check` command's action (main.ts: the same for the quick path). */
export type CheckAction = (files: string[], o: CheckArgs, io: Io) => Promise<number>;

/** The command line parsed by commander, and the command it names run. */
export async function parse(argv: string[], io: Io, check: CheckAction): Promise<number> {
  const { Command, CommanderError, Option } = await import('commander');
  const opt = await import('./options.ts');
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
    .addOption(opt.formatOption())
    .addOption(opt.failOnOption())
    .addOption(opt.minSeverityOption())
    .addOption(opt.verboseOption())
    .addOption(opt.ruleOption())
    .addOption(opt.ignoreOption())
    .option('--fix', 'apply safe fixes in place (backup kept next to the file)', false)
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing', false)
    .addOption(opt.backupDirOption())
    .addOption(opt.stateDirOption())
    .addOption(opt.langOption())
    .addOption(opt.colorOption())
    .addOption(opt.noColorOption())
    .addOption(opt.showSecretsOption())
    .addOption(opt.wvpOption())
    .addOption(opt.profileOption())
    .addOption(opt.wvpVersionOption())
    .addOption(opt.hostsOption())
    .option('--explain', 'draw the ZLM ↔ WVP link: every hook, id, secret, port and RTP range', false)
    .addOption(opt.composeOption())
    .action(async (files: string[], o: CheckArgs) => {
      code = await check(files, o, io);
    });

  program
    .command('fix')
    .description('apply every safe repair to config.ini (and application.yml), with backups')
    .argument('<config>', 'config.ini (- reads standard input, with --dry-run), or one deployment directory (config.ini, application*.yml, compose files, .env)')
    .addOption(opt.wvpOption())
    .addOption(opt.composeOption())
    .addOption(new Option('--side <side>', 'which side a two-sided mismatch (id, secret, RTP range) is repaired on').choices(['zlm', 'wvp']).default('zlm'))
    .option('--dry-run', 'print the changes as unified diffs; write nothing', false)
    .addOption(opt.backupDirOption())
    .addOption(opt.stateDirOption())
    .addOption(opt.showSecretsOption())
    .addOption(opt.formatOption())
    .addOption(opt.failOnOption())
    .addOption(opt.minSeverityOption())
    .addOption(opt.verboseOption())
    .addOption(opt.ruleOption())
    .addOption(opt.ignoreOption())
    .addOption(opt.profileOption())
    .addOption(opt.wvpVersionOption())
    .addOption(opt.hostsOption())
    .addOption(opt.langOption())
    .addOption(opt.colorOption())
    .addOption(opt.noColorOption())
    .action(async (file: string, o) => {
      const { runFix } = await import('./fix.ts');
      code = await runFix(file, { ...opt.lintInputs(o, io.env), side: o.side, dryRun: o.dryRun, stateDir: o.stateDir }, io, pkg.version);
    });

  program
    .command('doctor')
    .description('diagnose a running ZLMediaKit: process, ports, API, live config, hook chain, logs')
    .addOption(opt.configOption())
    .addOption(opt.apiOption())
    .addOption(opt.secretOption())
    .addOption(opt.logDirOption())
    .option('--since <when>', 'only log lines newer than this: 1h, 30m, or a date', '1h')
    .addOption(opt.wvpOption())
    .addOption(opt.hostsOption())
    .addOption(opt.composeOption())
    .option('--active', 'also POST recorded bodies to every hook (default: a real on_server_keepalive, a bodiless GET to the others)', false)
    .addOption(opt.timeoutOption())
    .addOption(opt.probeTimeoutOption())
    .addOption(opt.verboseOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .addOption(opt.colorOption())
    .addOption(opt.noColorOption())
    .action(async (o) => {
      const { runDoctorCli } = await import('./doctor.ts');
      code = await runDoctorCli({ ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('diff')
    .description('semantic diff of two ZLM configs (files, or a file and the live API): key level, risky keys first, reload class per change')
    .argument('[sides...]', 'two config.ini files (- reads standard input), or one and --api URL; <node>@<rev> or @<rev> is a revision of the history')
    .addOption(new Option('--api <url>', 'one side is the live getServerConfig of this API, e.g. http://127.0.0.1:80'))
    .addOption(opt.secretOption())
    .addOption(opt.formatOption(['text', 'json', 'unified']))
    .option('--exit-code', 'exit 1 when there are changes, 0 when none (2 on error)', false)
    .addOption(opt.timeoutOption())
    .addOption(opt.langOption())
    .addOption(opt.stateDirOption())
    .addOption(new Option('--env <name>', 'one side is the profile rendered for this environment (base.ini + <name>.ini + ${VAR}s): diff --env prod --api URL shows what production lacks'))
    .addOption(opt.profilesOption())
    .addOption(opt.envFileOption())
    .action(async (sides: string[], o) => {
      const { runDiff, registerDiffSide } = await import('./diff.ts');
      const lang = opt.langOf(o.lang, io.env);
      // <node>@<rev> sides: the history store's revisions, every side fingerprinted with its key
      const { historyDiffSide } = await import('./history-diff.ts');
      const h = await historyDiffSide(sides, o.stateDir, io, lang);
      if (h) registerDiffSide(h.resolver);
      code = await runDiff(sides, { ...o, lang, ...(h ? { fingerprint: h.fingerprint } : {}) }, io);
    });

  program
    .command('restart')
    .description('restart a running MediaServer the way it runs (systemd unit, -d watchdog, bare process), wait until it serves again')
    .option('--pid <pid>', 'a running MediaServer: its watchdog or worker pid')
    .addOption(opt.configOption())
    .addOption(opt.apiOption())
    .addOption(opt.secretOption())
    .option('--timeout <duration>', 'bound for the whole restart, stop to ready (seconds, or 500ms, 1m)', '30s')
    .option('--stop-timeout <duration>', 'how long a clean stop (SIGTERM) may take before SIGKILL', '10s')
    .option('--dry-run', 'print the plan; signal and start nothing', false)
    .addOption(opt.verboseOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (o) => {
      const { runRestartCli } = await import('./restart.ts');
      code = await runRestartCli({ ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('systemd-unit')
    .description('print a systemd unit for this MediaServer (no -d, KillSignal=SIGINT, ExecReload=kill -HUP, Restart=on-failure)')
    .addOption(opt.configOption())
    .option('--pid <pid>', 'a running MediaServer: its watchdog or worker pid')
    .option('--user <user>', 'User= of the unit (default: the user it runs as now)')
    .option('--exe <path>', 'the MediaServer binary (default: the running one, or MediaServer beside the config)')
    .option('--workdir <dir>', 'WorkingDirectory= (default: the running one\'s, or the binary\'s directory)')
    .addOption(opt.langOption())
    .action(async (o) => {
      const { runSystemdUnit } = await import('./systemd-unit.ts');
      code = runSystemdUnit({ ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('rules')
    .description('list the rules: id, severity, category, fixable, title')
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .addOption(opt.colorOption())
    .addOption(opt.noColorOption())
    .action(async (o) => {
      const { runRules } = await import('./rules.ts');
      const { useColor } = await import('../output/color.ts');
      code = runRules({ format: o.format, lang: opt.langOf(o.lang, io.env), color: o.color ?? useColor(io.stdout, io.env) }, io);
    });

  program
    .command('explain')
    .description("print a rule's page (what it checks, why it matters, how to fix it), offline")
    .argument('<rule-id>', 'a rule id, as in the output of check or zlm-doctor rules')
    .addOption(opt.langOption())
    .action(async (id: string, o) => {
      const { runExplain } = await import('./rules.ts');
      code = runExplain(id, { lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('render')
    .description('render a profile (base.ini + <env>.ini overlay + ${VAR}s from the environment) into one config.ini')
    .addOption(opt.envOption().makeOptionMandatory())
    .addOption(opt.profilesOption())
    .option('-o, --output <file>', 'write the config here (atomically; a backup of an existing file is kept)')
    .option('--stdout', 'print the config (secrets as fingerprints unless --show-secrets)', false)
    .addOption(opt.envFileOption())
    .option('--force', 'write even when the rendered config has error findings', false)
    .addOption(opt.backupDirOption())
    .addOption(opt.showSecretsOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (o) => {
      const { runRender } = await import('./render.ts');
      code = await runRender({ ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('apply')
    .description('change a running ZLMediaKit\'s config safely: validate, snapshot, write, reload or restart, verify, roll back on failure')
    .argument('[new-config]', 'the desired config.ini (or use --set, or --env)')
    .addOption(opt.configOption())
    .addOption(opt.apiOption())
    .addOption(opt.secretOption())
    // no .default([]): commander would print '(default: [])' in the help; none given is [] in the action
    .addOption(new Option('--set <key=value>', 'set section.key to value (repeatable)').argParser((v: string, prev: string[] = []) => [...prev, v]))
    .addOption(opt.envOption())
    .addOption(opt.profilesOption())
    .addOption(opt.envFileOption())
    .option('--dry-run', 'print the plan: the changes, reload or restart and why, what will be verified; change nothing', false)
    .option('--force', 'go on despite error findings in the desired config (never with an unresolved ${VAR})', false)
    .option('--timeout <duration>', 'bound for the apply (restart and rollback included), and for waiting on another apply of the same file', '60s')
    .addOption(opt.stateDirOption())
    .addOption(opt.backupDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (newIni: string | undefined, o) => {
      const { runApply } = await import('./apply.ts');
      code = await runApply(newIni, { ...o, set: o.set ?? [], lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('rollback')
    .description('put config.ini back to a revision of the history through the apply pipeline (secrets from the current file, never from the history)')
    .argument('<rev>', 'a revision (zlm-doctor history <node> lists them)')
    .addOption(opt.configOption())
    .addOption(opt.apiOption())
    .addOption(opt.secretOption())
    .option('--dry-run', 'print the plan; change nothing', false)
    .option('--force', 'go on despite error findings, or with a revision of another node', false)
    .option('--timeout <duration>', 'bound for the rollback (restart included), and for waiting on an apply of the same file', '60s')
    .addOption(opt.stateDirOption())
    .addOption(opt.backupDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (rev: string, o) => {
      const { runRollback } = await import('./rollback.ts');
      code = await runRollback(rev, { ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('snapshot')
    .description('record config.ini (or a live server) in the history, when something significant changed')
    .argument('[config]', 'config.ini (or use --api)')
    .addOption(opt.apiOption())
    .addOption(opt.secretOption())
    .option('--reason <text>', 'why: kept with the revision')
    .addOption(opt.stateDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (config: string | undefined, o) => {
      const { runSnapshot } = await import('./history.ts');
      code = await runSnapshot(config, { ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('watch')
    .description('record every significant change of config.ini files in the history as it happens (until Ctrl-C)')
    .argument('<config...>', 'config.ini files to watch')
    .option('--debounce <ms>', 'quiet time before a change is recorded (default 500)')
    .option('--reason <text>', 'kept with every revision recorded')
    .addOption(opt.stateDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (files: string[], o) => {
      const { runWatch } = await import('./watch.ts');
      code = await runWatch(files, { ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('history')
    .description('when, how and by whom the config of a node changed, newest first')
    .argument('<node>', 'node name, config.ini path or API address')
    .option('--key <section.key>', 'only revisions that changed this key')
    .option('--since <when>', 'only revisions newer than this: 1h, 7d, or a date')
    .addOption(opt.stateDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (node: string, o) => {
      const { runHistory } = await import('./history.ts');
      code = await runHistory(node, { ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('blame')
    .description('for each key of a node, the revision that last set it (and who)')
    .argument('<node>', 'node name, config.ini path or API address')
    .addOption(opt.stateDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (node: string, o) => {
      const { runBlame } = await import('./history.ts');
      code = await runBlame(node, { ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('show')
    .description("a revision: who, when, why, and its key-level changes (secrets as fingerprints)")
    .argument('<rev>', 'revision id (at least 4 hex digits)')
    .addOption(opt.stateDirOption())
    .addOption(opt.formatOption(opt.REPORT_FORMATS))
    .addOption(opt.langOption())
    .action(async (rev: string, o) => {
      const { runShow } = await import('./history.ts');
      code = await runShow(rev, { ...o, lang: opt.langOf(o.lang, io.env) }, io);
    });

  program
    .command('serve')
    .description('fleet monitor of ZLMediaKit nodes: readiness, drift, alerts, /metrics (--check-config validates zlm-doctor.yml)')
    .option('-c, --config <file|dir>', 'zlm-doctor.yml, or a directory of *.yml merged (default: ./zlm-doctor.yml)')
    .option('--check-config', 'validate the config and print a summary or every error as file:line:col reason; exit 0/1/2', false)
    .option('--listen <host:port>', 'where /metrics and /healthz are served (default: listen: of the config, else 127.0.0.1:9797)')
    .option('--state-dir <dir>', 'SQLite store, fingerprint key (default: state-dir: of the config, else .zlm-doctor beside it)')
    .option('--shard <i/n>', 'monitor only this stable share of the nodes (several instances split a fleet)')
    .option('--demo', 'monitor a simulated fleet (clearly labelled DEMO) instead of real servers', false)
    .option('--token <token>', 'bearer token of the REST API and /metrics, required to listen beyond 127.0.0.1 (prefer ZLM_DOCTOR_TOKEN: a command line is visible to other users)')
    .addOption(opt.langOption())
    .action(async (o) => {
      const { runServe } = await import('./serve.ts');
      code = await runServe({ config: o.config, checkConfig: o.checkConfig, lang: opt.langOf(o.lang, io.env), listen: o.listen, stateDir: o.stateDir, shard: o.shard, demo: o.demo, token: o.token }, io);
    });

  program
    .command('alert')
    .description('alert channels of zlm-doctor.yml')
    .command('test')
    .description('send a test message through one channel of the config and report the result')
    .argument('<channel>', 'the channel name (alerts.channels[].name)')
    .option('-c, --config <file|dir>', 'zlm-doctor.yml, or a directory of *.yml merged (default: ./zlm-doctor.yml)')
    .addOption(opt.langOption())
    .action(async (channel: string, o) => {
      const { runAlertTest } = await import('./alert.ts');
      code = await runAlertTest(channel, { config: o.config, lang: opt.langOf(o.lang, io.env) }, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help / --version exit 0; everything else is a usage error (message already printed)
      return e.exitCode === 0 ? 0 : 2;
    }
    throw e;
  }
}
