/**
 * Process discovery for `zlm-doctor doctor`: which MediaServer processes run
 * on this machine (watchdog / worker / single), with which config, log
 * directory and certificate, as which user, since when, and whether in a
 * container.
 *
 * Everything is read from procfs (parsing in ../procfs.ts). Every function
 * takes an injectable `root` (default '/proc') so tests can point it at a
 * fixture tree. Nothing here throws on a process that vanished meanwhile or
 * an entry we may not read: such entries are skipped.
 */
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import {
  CAP_NET_BIND_SERVICE,
  hasCapability,
  parseCmdline,
  parsePasswd,
  parseStat,
  parseStatus,
  parseUptime,
} from '../procfs.ts';
import { parseMediaServerArgs, type MediaServerArgs } from '../../zlm/cmdline.ts';
import { parseCgroup, type CgroupFacts } from '../../zlm/run-mode.ts';
import { listPids, processComm, readBytes, readLink, readText, type ProcOptions } from './proc-read.ts';

const { basename, dirname, isAbsolute, join, resolve } = posix;

let cachedClkTck: number | undefined;

/** Clock ticks per second (`getconf CLK_TCK`, asked once per process); 100 when unavailable. */
export function clockTicks(): number {
  if (cachedClkTck !== undefined) return cachedClkTck;
  let v = 100;
  try {
    const out = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    const n = Number(out.trim());
    if (Number.isInteger(n) && n > 0) v = n;
  } catch {
    /* no getconf: Linux uses USER_HZ = 100 everywhere that matters */
  }
  cachedClkTck = v;
  return v;
}

export type ServerRole = 'watchdog' | 'worker' | 'single';

export interface MediaServerProcess {
  pid: number;
  ppid: number;
  /**
   * `-d`: the process that was started is the 'watchdog' and its forked child
   * the 'worker' (same argv). A `-d` process without a live child is still the
   * watchdog (its worker is between restarts). Without `-d`: 'single'.
   */
  role: ServerRole;
  /** how it was recognised as MediaServer */
  matchedBy: ('exe' | 'argv0' | 'comm')[];
  argv: string[];
  args: MediaServerArgs;
  /** /proc/<pid>/comm */
  comm: string;
  /** /proc/<pid>/exe target (without " (deleted)"); undefined when unreadable */
  exe?: string;
  /** the binary was replaced or removed after start (an upgrade the running process does not have) */
  exeDeleted: boolean;
  /** directory ZLM calls exeDir(): of /proc/<pid>/exe, else of argv[0] when it is a path */
  exeDir?: string;
  /** working directory; undefined when unreadable */
  cwd?: string;
  /** the config file it loads: -c resolved against cwd, else <exeDir>/config.ini; undefined when unknowable */
  configPath?: string;
  configSource: 'arg' | 'default';
  /** log directory: --log-dir resolved against cwd, else <exeDir>/log (no trailing slash) */
  logDir?: string;
  logDirSource: 'arg' | 'default';
  /** TLS certificate file or directory: -s resolved against cwd, else <exeDir>/default.pem */
  sslPath?: string;
  /** seconds since the process started; undefined when /proc/uptime is unreadable */
  uptimeSeconds?: number;
  /** the same in ms, to the clock tick (when the file was edited relative to the start matters to the second) */
  startedAgoMs?: number;
  /** start time, clock ticks after boot (/proc/<pid>/stat field 22) */
  startTicks: number;
  /** effective uid; undefined when /proc/<pid>/status is unreadable */
  uid?: number;
  /** effective gid; undefined when /proc/<pid>/status is unreadable */
  gid?: number;
  /** user name from /etc/passwd, else the uid as text, else '?' */
  user: string;
  /** holds CAP_NET_BIND_SERVICE (may bind ports < 1024 without being root) */
  canBindPrivileged: boolean;
  /** network namespace link (`net:[4026531840]`), when readable */
  netns?: string;
  /**
   * It runs in its own mount namespace (a container): exe, cwd, config, log
   * and certificate paths are the container's, read from the host through
   * `/proc/<pid>/root` (`hostRoot`). `containerPaths` keeps them as the
   * process itself sees them.
   */
  container: boolean;
  /** `/proc/<pid>/root` when `container` */
  hostRoot?: string;
  containerPaths?: { configPath?: string; logDir?: string; sslPath?: string };
  /** /proc/<pid>/cgroup read: the systemd unit or container it runs in (absent when unreadable) */
  cgroup?: CgroupFacts;
  /** watchdog: its current worker */
  workerPid?: number;
  /** worker: its watchdog */
  watchdogPid?: number;
  /** watchdog: seconds between the watchdog's start and its current worker's start */
  workerStartGapSeconds?: number;
  /**
   * Crash-loop hint, set on the watchdog: its worker started more than
   * RESTART_GAP_SECONDS after it, so the first worker died and was replaced.
   */
  restarted: boolean;
}

/** A worker younger than its watchdog by more than this was restarted (ZLM respawns after 3 s). */
export const RESTART_GAP_SECONDS = 10;

export interface FindOptions extends ProcOptions {
  /** passwd file for uid → name; default '/etc/passwd' */
  passwd?: string;
  /** clock ticks per second; default `getconf CLK_TCK` (100 when unavailable) */
  clkTck?: number;
  /** executable name; default 'MediaServer' */
  name?: string;
}

function resolveAgainst(cwd: string | undefined, p: string): string | undefined {
  if (isAbsolute(p)) return posix.normalize(p);
  return cwd === undefined ? undefined : resolve(cwd, p);
}

/**
 * Every process whose exe basename, argv[0] basename or comm is MediaServer
 * (a symlinked binary shows the link name in argv[0] and comm; a process that
 * rewrote its argv or was renamed by prctl still matches on the others).
 * Zombies are skipped. Sorted by pid.
 */
export function findMediaServers(opts: FindOptions = {}): MediaServerProcess[] {
  const root = opts.root ?? '/proc';
  const name = opts.name ?? 'MediaServer';
  const found: MediaServerProcess[] = [];
  let passwd: Map<number, string> | undefined;
  let uptime: number | null | undefined;
  let clk: number | undefined;
  let selfMnt: string | null | undefined;

  for (const pid of listPids(root)) {
    const dir = join(root, String(pid));
    const comm = processComm(pid, { root });
    if (comm === undefined) continue; // vanished
    const cmd = readBytes(join(dir, 'cmdline'));
    const argv = cmd ? parseCmdline(cmd) : [];
    const exeLink = readLink(join(dir, 'exe'));
    const exeDeleted = exeLink?.endsWith(' (deleted)') ?? false;
    const exe = exeLink === undefined ? undefined : exeDeleted ? exeLink.slice(0, -' (deleted)'.length) : exeLink;
    const matchedBy: MediaServerProcess['matchedBy'] = [];
    if (exe !== undefined && basename(exe) === name) matchedBy.push('exe');
    if (argv[0] !== undefined && basename(argv[0]) === name) matchedBy.push('argv0');
    if (comm === name) matchedBy.push('comm');
    if (matchedBy.length === 0) continue;

    const stat = parseStat(readText(join(dir, 'stat')) ?? '');
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue; // vanished or zombie
    const status = parseStatus(readText(join(dir, 'status')) ?? '');
    const cwd = readLink(join(dir, 'cwd'));
    const args = parseMediaServerArgs(argv);

    let exeDir: string | undefined;
    if (exe !== undefined) exeDir = dirname(exe);
    else if (argv[0]?.includes('/')) {
      const p = resolveAgainst(cwd, argv[0]);
      if (p) exeDir = dirname(p);
    }

    const inner = {
      configPath: args.config !== undefined ? resolveAgainst(cwd, args.config) : exeDir !== undefined ? join(exeDir, 'config.ini') : undefined,
      logDir: args.logDir !== undefined ? resolveAgainst(cwd, args.logDir) : exeDir !== undefined ? join(exeDir, 'log') : undefined,
      sslPath: args.sslCert !== undefined ? resolveAgainst(cwd, args.sslCert) : exeDir !== undefined ? join(exeDir, 'default.pem') : undefined,
    };
    // another mount namespace than ours: its paths exist only under /proc/<pid>/root
    selfMnt ??= readLink(join(root, 'self', 'ns', 'mnt')) ?? null;
    const mnt = readLink(join(dir, 'ns', 'mnt'));
    const container = selfMnt !== null && mnt !== undefined && mnt !== selfMnt;
    const hostRoot = container ? join(dir, 'root') : undefined;
    const onHost = (p: string | undefined): string | undefined => (p === undefined || hostRoot === undefined ? p : join(hostRoot, p));
    const configPath = onHost(inner.configPath);
    const logDir = onHost(inner.logDir);
    const sslPath = onHost(inner.sslPath);

    if (uptime === undefined) uptime = parseUptime(readText(join(root, 'uptime')) ?? '') ?? null;
    clk ??= opts.clkTck ?? clockTicks();
    const uptimeSeconds = uptime === null ? undefined : Math.max(0, Math.floor(uptime - stat.startTicks / clk));
    const startedAgoMs = uptime === null ? undefined : Math.max(0, Math.round((uptime - stat.startTicks / clk) * 1000));

    const uid = status.uid?.effective;
    let user = '?';
    if (uid !== undefined) {
      passwd ??= parsePasswd(readText(opts.passwd ?? '/etc/passwd') ?? '');
      user = passwd.get(uid) ?? String(uid);
    }
    const netns = readLink(join(dir, 'ns', 'net'));
    const cgroupText = readText(join(dir, 'cgroup'));

    found.push({
      pid,
      ppid: stat.ppid,
      role: 'single',
      matchedBy,
      argv,
      args,
      comm,
      ...(exe !== undefined ? { exe } : {}),
      exeDeleted,
      ...(exeDir !== undefined ? { exeDir } : {}),
      ...(cwd !== undefined ? { cwd } : {}),
      ...(configPath !== undefined ? { configPath } : {}),
      configSource: args.config !== undefined ? 'arg' : 'default',
      ...(logDir !== undefined ? { logDir } : {}),
      logDirSource: args.logDir !== undefined ? 'arg' : 'default',
      ...(sslPath !== undefined ? { sslPath } : {}),
      ...(uptimeSeconds !== undefined ? { uptimeSeconds } : {}),
      ...(startedAgoMs !== undefined ? { startedAgoMs } : {}),
      startTicks: stat.startTicks,
      ...(uid !== undefined ? { uid } : {}),
      ...(status.gid !== undefined ? { gid: status.gid.effective } : {}),
      user,
      canBindPrivileged: uid === 0 || hasCapability(status.capEff, CAP_NET_BIND_SERVICE),
      ...(netns !== undefined ? { netns } : {}),
      container,
      ...(cgroupText !== undefined ? { cgroup: parseCgroup(cgroupText) } : {}),
      ...(hostRoot !== undefined ? { hostRoot, containerPaths: Object.fromEntries(Object.entries(inner).filter(([, v]) => v !== undefined)) } : {}),
      restarted: false,
    });
  }

  // roles: a MediaServer whose parent is a MediaServer started with -d is that watchdog's worker
  const byPid = new Map(found.map((p) => [p.pid, p]));
  const tck = clk ?? opts.clkTck ?? 100;
  for (const p of found) {
    const parent = byPid.get(p.ppid);
    if (!parent || !parent.args.daemon) continue;
    p.role = 'worker';
    p.watchdogPid = parent.pid;
    parent.role = 'watchdog';
    const current = parent.workerPid === undefined ? undefined : byPid.get(parent.workerPid);
    if (!current || p.startTicks > current.startTicks) {
      parent.workerPid = p.pid;
      const gap = (p.startTicks - parent.startTicks) / tck;
      parent.workerStartGapSeconds = Math.round(gap * 100) / 100;
      parent.restarted = gap > RESTART_GAP_SECONDS;
    }
  }
  for (const p of found) if (p.role === 'single' && p.args.daemon) p.role = 'watchdog';
  return found;
}
