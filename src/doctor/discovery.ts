/**
 * Process and port discovery for `zlm-doctor doctor`: which MediaServer
 * processes run on this machine (watchdog / worker / single), with which
 * config and log directory, and who holds each configured listener port.
 *
 * Everything is read from procfs. Every function takes an injectable `root`
 * (default '/proc') so tests can point it at a fixture tree. Nothing here
 * throws on a process that vanished meanwhile or an entry we may not read:
 * such entries are skipped (and reported as `partial` where it matters).
 * The parsing itself lives in procfs.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';
import type { IniDocument } from '../ini/document.ts';
import { effective, LISTENER_KEYS } from '../zlm/effective.ts';
import { readValue } from '../zlm/value.ts';
import {
  CAP_NET_BIND_SERVICE,
  hasCapability,
  parseCmdline,
  parseMediaServerArgs,
  parseNetTable,
  parsePasswd,
  parseStat,
  parseStatus,
  parseUptime,
  socketInode,
  type MediaServerArgs,
  type NetSocket,
  type NetTable,
} from './procfs.ts';

const { basename, dirname, isAbsolute, join, resolve } = posix;

export interface ProcOptions {
  /** procfs mount point; default '/proc' */
  root?: string;
}

// ---------------------------------------------------------------------------
// small I/O helpers that never throw
// ---------------------------------------------------------------------------

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Numeric entries of the procfs root: the visible processes (thread ids are not listed). */
function listPids(root: string): number[] {
  try {
    return readdirSync(root)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** /proc/<pid>/comm without its newline, or undefined when the process is gone. */
export function processComm(pid: number, opts: ProcOptions = {}): string | undefined {
  const t = readText(join(opts.root ?? '/proc', String(pid), 'comm'));
  return t === undefined ? undefined : t.replace(/\n$/, '');
}

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

// ---------------------------------------------------------------------------
// MediaServer processes
// ---------------------------------------------------------------------------

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
      user,
      canBindPrivileged: uid === 0 || hasCapability(status.capEff, CAP_NET_BIND_SERVICE),
      ...(netns !== undefined ? { netns } : {}),
      container,
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

// ---------------------------------------------------------------------------
// listening sockets
// ---------------------------------------------------------------------------

export interface ListeningSocket extends NetSocket {
  /** processes holding the socket (fd links `socket:[inode]`), ascending */
  pids: number[];
  /** false when no holder was found and some processes' fds could not be read */
  ownersKnown: boolean;
  /** network namespace the table was read from, when it is not the doctor's own */
  netns?: string;
}

export interface SocketScan {
  /** TCP LISTEN and bound (unconnected, port ≠ 0) UDP sockets of tcp, tcp6, udp, udp6 */
  sockets: ListeningSocket[];
  /** some holders may be missing: a table or some /proc/<pid>/fd could not be read */
  partial: boolean;
  /** processes whose fd directory was unreadable (permission) */
  unreadablePids: number[];
  /** tables that exist but could not be read */
  unreadableTables: NetTable[];
}

export interface SocketOptions extends ProcOptions {
  /**
   * Also read the socket tables of these processes' network namespaces when
   * they differ from ours (e.g. MediaServer in a Docker bridge network, whose
   * listeners are invisible in the host's /proc/net). Pass the MediaServer pids.
   */
  netnsOf?: readonly number[];
}

const TABLES: readonly NetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/**
 * All listening TCP and bound UDP sockets, each with the pids that hold it.
 * Holders are found by scanning every /proc/<pid>/fd; processes we may not
 * read are skipped and make the result `partial`.
 */
export function listeningSockets(opts: SocketOptions = {}): SocketScan {
  const root = opts.root ?? '/proc';
  const sockets: ListeningSocket[] = [];
  const unreadableTables: NetTable[] = [];
  let partial = false;

  const readTables = (dir: string, netns: string | undefined): void => {
    for (const table of TABLES) {
      let text: string;
      try {
        text = readFileSync(join(dir, table), 'utf8');
      } catch (e) {
        // no tcp6/udp6 when IPv6 is disabled: nothing to see, not a gap
        if (errCode(e) !== 'ENOENT') {
          partial = true;
          if (!unreadableTables.includes(table)) unreadableTables.push(table);
        }
        continue;
      }
      for (const s of parseNetTable(text, table)) {
        if (!s.listening) continue;
        sockets.push({ ...s, pids: [], ownersKnown: true, ...(netns !== undefined ? { netns } : {}) });
      }
    }
  };

  readTables(join(root, 'net'), undefined);
  if (opts.netnsOf?.length) {
    const seen = new Set<string>();
    const own = readLink(join(root, 'self', 'ns', 'net'));
    if (own !== undefined) seen.add(own);
    for (const pid of opts.netnsOf) {
      const ns = readLink(join(root, String(pid), 'ns', 'net'));
      if (ns === undefined || seen.has(ns)) continue;
      seen.add(ns);
      readTables(join(root, String(pid), 'net'), ns);
    }
  }

  const byInode = new Map<number, ListeningSocket[]>();
  for (const s of sockets) {
    if (s.inode === 0) continue;
    const list = byInode.get(s.inode);
    if (list) list.push(s);
    else byInode.set(s.inode, [s]);
  }

  const unreadablePids: number[] = [];
  if (byInode.size > 0) {
    for (const pid of listPids(root)) {
      const fdDir = join(root, String(pid), 'fd');
      let fds: string[];
      try {
        fds = readdirSync(fdDir);
      } catch (e) {
        const code = errCode(e);
        if (code === 'EACCES' || code === 'EPERM') unreadablePids.push(pid);
        continue; // ENOENT: vanished (or a kernel thread without fds)
      }
      for (const fd of fds) {
        const link = readLink(join(fdDir, fd));
        if (link === undefined) continue;
        const inode = socketInode(link);
        if (inode === undefined) continue;
        for (const s of byInode.get(inode) ?? []) if (!s.pids.includes(pid)) s.pids.push(pid);
      }
    }
  }
  if (unreadablePids.length) partial = true;
  for (const s of sockets) {
    s.pids.sort((a, b) => a - b);
    s.ownersKnown = s.pids.length > 0 || !partial;
  }
  return { sockets, partial, unreadablePids, unreadableTables };
}

// ---------------------------------------------------------------------------
// configured listener ports vs. who holds them
// ---------------------------------------------------------------------------

export type PortState = 'ours' | 'other' | 'free' | 'unknown';

/** Processes that hold a port on behalf of a container (published ports) or proxy it: not the server. */
export const PORT_FORWARDERS = /^(docker-proxy|rootlessport|rootlesskit|slirp4netns|pasta|conmon|containerd-shim.*|nginx|haproxy|envoy|caddy|traefik|socat|sshd?)$/;

export interface PortOwner {
  pid: number;
  /** /proc/<pid>/comm, '?' when gone */
  comm: string;
  /** one of serverPids */
  ours: boolean;
}

export interface PortOwnership {
  /** the listener key, e.g. 'http.port' */
  key: string;
  port: number;
  /** one row per transport: a 'both' key (rtp_proxy.port) gives a tcp row and a udp row */
  transport: 'tcp' | 'udp';
  /** where the value comes from */
  source: 'file' | 'default';
  /**
   * ours: a MediaServer pid holds it; other: another process (or, with no
   * holder found in a complete scan, the kernel); free: nobody listens, the
   * listener is not up; unknown: something listens but its holder is unreadable.
   */
  state: PortState;
  /** ours: the MediaServer holder; other: the first foreign holder (absent for kernel sockets) */
  owner?: PortOwner;
  /** every holder found */
  owners: PortOwner[];
  /** local addresses bound on that port and transport */
  addresses: string[];
  /**
   * The port is below net.ipv4.ip_unprivileged_port_start (1024 by default)
   * and the MediaServer user is known and neither root nor holds
   * CAP_NET_BIND_SERVICE: binding it fails with "permission denied".
   */
  privileged: boolean;
  /** the port is below ip_unprivileged_port_start, whoever runs the server */
  privilegedPort: boolean;
  /**
   * Why 'free' may be normal: 'lazy' (onvif.port binds on first use);
   * 'feature' (rtc.* and srt.* only exist in builds with WebRTC / SRT).
   */
  optional?: 'lazy' | 'feature';
}

export interface OwnershipOptions extends ProcOptions {
  /** effective uid of the MediaServer user; default: read from the first readable serverPid */
  serverUid?: number;
  /** whether that user may bind low ports anyway (CAP_NET_BIND_SERVICE); default: read with the uid */
  serverCanBindPrivileged?: boolean;
  /** default: <root>/sys/net/ipv4/ip_unprivileged_port_start, else 1024 */
  unprivilegedPortStart?: number;
}

function optionalKind(key: string): PortOwnership['optional'] {
  if (key === 'onvif.port') return 'lazy';
  if (key.startsWith('rtc.') || key.startsWith('srt.')) return 'feature';
  return undefined;
}

/**
 * For every configured listener (LISTENER_KEYS, effective value, non-zero)
 * and each of its transports: who holds the port. Ordered as LISTENER_KEYS,
 * tcp before udp.
 */
export function portOwnership(
  doc: IniDocument,
  sockets: readonly ListeningSocket[],
  serverPids: readonly number[],
  opts: OwnershipOptions = {},
): PortOwnership[] {
  const root = opts.root ?? '/proc';
  const ours = new Set(serverPids);

  let start = opts.unprivilegedPortStart;
  if (start === undefined) {
    const text = readText(join(root, 'sys', 'net', 'ipv4', 'ip_unprivileged_port_start'));
    const n = text === undefined ? NaN : Number(text.trim());
    start = text !== undefined && text.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : 1024;
  }

  let uid = opts.serverUid;
  let canBind = opts.serverCanBindPrivileged;
  if (uid === undefined) {
    for (const pid of serverPids) {
      const st = parseStatus(readText(join(root, String(pid), 'status')) ?? '');
      if (st.uid) {
        uid = st.uid.effective;
        canBind ??= hasCapability(st.capEff, CAP_NET_BIND_SERVICE);
        break;
      }
    }
  }
  const userMayNotBind = uid !== undefined && uid !== 0 && !canBind;

  const comms = new Map<number, string>();
  const ownerOf = (pid: number): PortOwner => {
    let comm = comms.get(pid);
    if (comm === undefined) {
      comm = processComm(pid, { root }) ?? '?';
      comms.set(pid, comm);
    }
    return { pid, comm, ours: ours.has(pid) };
  };

  const out: PortOwnership[] = [];
  for (const def of LISTENER_KEYS) {
    const eff = effective(doc, def.key);
    const v = readValue('uint16', eff.raw).value;
    const port = typeof v === 'number' ? v : 0;
    if (port === 0) continue;
    const transports: ('tcp' | 'udp')[] = def.transport === 'both' ? ['tcp', 'udp'] : [def.transport === 'udp' ? 'udp' : 'tcp'];
    for (const transport of transports) {
      const held = sockets.filter((s) => s.transport === transport && s.port === port);
      const pids = [...new Set(held.flatMap((s) => s.pids))].sort((a, b) => a - b);
      const owners = pids.map(ownerOf);
      let state: PortState;
      let owner: PortOwner | undefined;
      if (held.length === 0) state = 'free';
      else if ((owner = owners.find((o) => o.ours))) state = 'ours';
      else if ((owner = owners.find((o) => !o.ours))) state = 'other';
      else state = held.some((s) => !s.ownersKnown) ? 'unknown' : 'other';
      const optional = optionalKind(def.key);
      out.push({
        key: def.key,
        port,
        transport,
        source: eff.source,
        state,
        ...(owner ? { owner } : {}),
        owners,
        addresses: [...new Set(held.map((s) => s.address))],
        privileged: port < start && userMayNotBind,
        privilegedPort: port < start,
        ...(optional ? { optional } : {}),
      });
    }
  }
  return out;
}
