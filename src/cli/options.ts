/**
 * Every command-line option, declared once: one factory per option, each
 * returning a fresh commander `Option` with its one help text, so `check`,
 * `fix`, `doctor`, `rules` (and later `snapshot`, `apply`, `serve`) share the
 * same flag, argument name, choices and words. `lintInputs` maps what
 * commander parsed onto the option objects the run*() functions take.
 */
import { Option } from 'commander';
import { FINDING_FORMATS, list, repeat, SEVERITIES } from './option-values.ts';

// what needs no commander lives in option-values.ts (the `check` quick path of quick-argv.ts uses it without commander)
export { FINDING_FORMATS, REPORT_FORMATS, langOf, lintInputs } from './option-values.ts';
export type { LintInputOptions, ParsedOptions } from './option-values.ts';

// ---- output -------------------------------------------------------------

export const formatOption = (choices: readonly string[] = FINDING_FORMATS) => new Option('-f, --format <format>', 'output format').choices(choices).default('text');
export const langOption = () => new Option('--lang <lang>', 'en or zh (default from LC_ALL / LANG)');
export const colorOption = () => new Option('--color', 'force colour');
export const noColorOption = () => new Option('--no-color', 'no colour (NO_COLOR is honoured too)');
export const verboseOption = () => new Option('-v, --verbose', 'show every detail (info findings in full, not only their count)').default(false);
export const showSecretsOption = () => new Option('--show-secrets', 'print secrets (a generated one included) instead of fingerprints').default(false);

// ---- which findings -----------------------------------------------------

export const failOnOption = () => new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(SEVERITIES).default('error');
export const minSeverityOption = () => new Option('--min-severity <severity>', 'report only findings at or above this severity').choices(SEVERITIES);
export const ruleOption = () => new Option('--rule <ids>', 'only run these rules or categories (comma-separated, repeatable)').argParser(list);
export const ignoreOption = () => new Option('--ignore <ids>', 'skip these rules or categories (comma-separated, repeatable; for severities use --min-severity)').argParser(list);

// ---- the deployment -----------------------------------------------------

export const wvpOption = () => new Option('--wvp <application.yml>', "cross-check (fix: repair) the link to WVP-GB28181-pro's configuration");
export const profileOption = () => new Option('--profile <names>', 'Spring profiles to overlay (default: spring.profiles.active)').argParser(list);
export const wvpVersionOption = () => new Option('--wvp-version <version>', 'WVP generation: 2.6, 2.7.0, 2.7.1 or 2.7.4 (default: detected from the keys)');
export const hostsOption = () => new Option('--hosts <wvp=IP,zlm=IP>', 'where WVP and ZLM run, when the files cannot tell');
export const composeOption = () => new Option('--compose <file>', 'docker-compose file of the deployment, .env beside it (repeatable; merged like -f a -f b)').argParser(repeat);

// ---- a running server ---------------------------------------------------

export const configOption = () => new Option('--config <config.ini>', 'config file (default: the -c of the running MediaServer)');
export const apiOption = () => new Option('--api <url>', 'HTTP API address, e.g. http://127.0.0.1:80 (default: 127.0.0.1 and http.port)');
export const secretOption = () => new Option('--secret <secret>', 'API secret (default: ZLM_SECRET, then api.secret of the config)');
export const logDirOption = () => new Option('--log-dir <dir>', 'ZLM log directory (default: the --log-dir of the process, or log/ beside the config)');
export const timeoutOption = () => new Option('--timeout <duration>', 'bound for the whole process, start-up included; no peer can hold it longer').default('10s');
export const probeTimeoutOption = () => new Option('--probe-timeout <duration>', 'bound for one probe (default: min(5s, --timeout))');

// ---- profiles (render, apply --env, diff --env) ---------------------------

export const envOption = () => new Option('--env <name>', 'the environment: its overlay is <profiles>/<name>.ini (dev, test, prod …)');
export const profilesOption = () => new Option('--profiles <dir>', 'the profile directory (base.ini and one overlay per environment)').default('profiles');
export const envFileOption = () => new Option('--env-file <file>', 'also read the ${VAR}s of the profile from this .env file (the environment wins)');

// ---- writing ------------------------------------------------------------

export const backupDirOption = () => new Option('--backup-dir <dir>', 'where fix and check --fix keep the backups (default: beside each file)');

// ---- history ------------------------------------------------------------

export const stateDirOption = () => new Option('--state-dir <dir>', 'history store (default: $XDG_STATE_HOME/zlm-doctor, else ~/.local/state/zlm-doctor)');

/** The output options every command has, in their usual order. */
export const outputOptions = (formats: readonly string[] = FINDING_FORMATS) => [formatOption(formats), langOption(), colorOption(), noColorOption()];
