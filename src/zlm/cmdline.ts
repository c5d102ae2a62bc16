/**
 * MediaServer's command line (server/main.cpp CMD_main, read by ZLToolKit's
 * CMD with getopt_long): which config file, log directory and certificate a
 * running MediaServer uses, whether it runs as a daemon (watchdog + worker).
 * Pure: argv in, options out.
 */

export interface MediaServerArgs {
  /** -d / --daemon: the process forks a worker and stays as its watchdog */
  daemon: boolean;
  /** -c / --config, as written (not resolved) */
  config?: string;
  /** --log-dir, as written */
  logDir?: string;
  /** -s / --ssl: the TLS certificate file or directory (not a command: `-s stop` is a certificate called "stop") */
  sslCert?: string;
  /** -l / --level as ZLM uses it: as<int>() (non-numeric → 0), clamped to 0..4 */
  level?: number;
  /** -t / --threads as<int>() (non-numeric → 0) */
  threads?: number;
  /** -m / --max_day */
  maxDay?: number;
  /** --affinity */
  affinity?: number;
  /** --log-slice */
  logSlice?: number;
  /** --log-size (MB) */
  logSize?: number;
  /** -h / --help (the process prints help and exits) */
  help: boolean;
  /** -v / --version */
  version: boolean;
  /** non-option arguments: getopt_long skips them, ZLM ignores them */
  positional: string[];
  /** options getopt_long would reject (unknown, ambiguous, missing or unexpected value) */
  unknown: string[];
}

type OptName = 'daemon' | 'level' | 'max_day' | 'config' | 'ssl' | 'threads' | 'affinity' | 'version' | 'log-slice' | 'log-size' | 'log-dir' | 'help';

/** server/main.cpp CMD_main plus the help option ZLToolKit's OptionParser adds. */
const OPTIONS: readonly { short?: string; long: OptName; arg: boolean }[] = [
  { short: 'h', long: 'help', arg: false },
  { short: 'd', long: 'daemon', arg: false },
  { short: 'l', long: 'level', arg: true },
  { short: 'm', long: 'max_day', arg: true },
  { short: 'c', long: 'config', arg: true },
  { short: 's', long: 'ssl', arg: true },
  { short: 't', long: 'threads', arg: true },
  { long: 'affinity', arg: true },
  { short: 'v', long: 'version', arg: false },
  { long: 'log-slice', arg: true },
  { long: 'log-size', arg: true },
  { long: 'log-dir', arg: true },
];

/** C++ `stringstream >> int`: optional space and sign, then digits; failure → 0. */
function asInt(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : 0;
}

/** getopt_long's long-option lookup: an exact name, else a unique prefix. */
function findLong(name: string): (typeof OPTIONS)[number] | undefined {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  const cands = OPTIONS.filter((o) => o.long.startsWith(name));
  return cands.length === 1 ? cands[0] : undefined;
}

/**
 * MediaServer's argv read the way getopt_long reads it: short options may be
 * clustered (`-dc path`, `-cpath`), long options take `--config path` or
 * `--config=path` and unique prefixes (`--conf=x`); non-options are skipped
 * wherever they are (GNU permutation); `--` ends the options. The last
 * occurrence of an option wins. argv[0] is the program and is not read.
 */
export function parseMediaServerArgs(argv: readonly string[]): MediaServerArgs {
  const r: MediaServerArgs = { daemon: false, help: false, version: false, positional: [], unknown: [] };
  const set = (name: OptName, value: string | undefined): void => {
    switch (name) {
      case 'daemon':
        r.daemon = true;
        break;
      case 'help':
        r.help = true;
        break;
      case 'version':
        r.version = true;
        break;
      case 'config':
        r.config = value!;
        break;
      case 'log-dir':
        r.logDir = value!;
        break;
      case 'ssl':
        r.sslCert = value!;
        break;
      case 'level':
        r.level = Math.min(4, Math.max(0, asInt(value!)));
        break;
      case 'threads':
        r.threads = asInt(value!);
        break;
      case 'max_day':
        r.maxDay = asInt(value!);
        break;
      case 'affinity':
        r.affinity = asInt(value!);
        break;
      case 'log-slice':
        r.logSlice = asInt(value!);
        break;
      case 'log-size':
        r.logSize = asInt(value!);
        break;
    }
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      r.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const inline = eq === -1 ? undefined : a.slice(eq + 1);
      const opt = findLong(name);
      if (!opt) {
        r.unknown.push(a);
        continue;
      }
      if (!opt.arg) {
        if (inline !== undefined) r.unknown.push(a);
        else set(opt.long, undefined);
        continue;
      }
      if (inline !== undefined) set(opt.long, inline);
      else if (i + 1 < argv.length) set(opt.long, argv[++i]!);
      else r.unknown.push(a);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const opt = OPTIONS.find((o) => o.short === c);
        if (!opt) {
          r.unknown.push(`-${c}`);
          continue;
        }
        if (!opt.arg) {
          set(opt.long, undefined);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest !== '') set(opt.long, rest);
        else if (i + 1 < argv.length) set(opt.long, argv[++i]!);
        else r.unknown.push(`-${c}`);
        break;
      }
      continue;
    }
    r.positional.push(a);
  }
  return r;
}
