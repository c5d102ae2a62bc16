/**
 * Which running MediaServer a restart is about, and how to start it again:
 * the server "group" (a `-d` watchdog with its worker, or one process), picked
 * by pid, config path or API port; its argv, cwd, environment and user.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Localized } from '../../i18n/index.ts';
import { listeningSockets, readEnvironBytes, type MediaServerProcess } from '../../doctor/index.ts';
import { parseEnviron } from '../../zlm/run-mode.ts';
import type { RestartTarget, RestartSys, StartSpec } from './types.ts';

export interface ServerGroup {
  /** the process that was started: the watchdog under -d, else the single process */
  top: MediaServerProcess;
  /** the watchdog's worker(s) */
  workers: MediaServerProcess[];
}

export type GroupPick = { ok: true; group: ServerGroup } | { ok: false; reason: Localized };

export function groupsOf(servers: readonly MediaServerProcess[]): ServerGroup[] {
  return servers.filter((s) => s.role !== 'worker').map((top) => ({ top, workers: servers.filter((s) => s.role === 'worker' && s.watchdogPid === top.pid) }));
}

export function groupPids(g: ServerGroup): number[] {
  return [g.top.pid, ...g.workers.map((w) => w.pid)];
}

function describe(g: ServerGroup): string {
  return `pid ${groupPids(g).join('+')}${g.top.configPath ? ` (-c ${g.top.configPath})` : ''}`;
}

function samePath(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The port of an --api URL when it points at this machine, else undefined. */
export function localApiPort(api: string): number | undefined {
  let u: URL;
  try {
    u = new URL(api);
  } catch {
    return undefined;
  }
  const h = u.hostname.replace(/^\[|\]$/g, '');
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(h)) return undefined;
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

/** Pick the server group the target names; refuse when none or several fit. */
export function pickGroup(servers: readonly MediaServerProcess[], target: RestartTarget, sys: Pick<RestartSys, 'procRoot'>): GroupPick {
  const groups = groupsOf(servers);
  let fit: ServerGroup[];
  let what: string;
  if (target.pid !== undefined) {
    what = `pid ${target.pid}`;
    fit = groups.filter((g) => groupPids(g).includes(target.pid!));
  } else if (target.config !== undefined) {
    const want = resolve(target.config);
    what = `config ${want}`;
    fit = groups.filter((g) => samePath(g.top.configPath, want) || g.top.containerPaths?.configPath === want);
  } else if (target.api !== undefined) {
    what = `API ${target.api}`;
    const port = localApiPort(target.api);
    if (port === undefined) {
      return {
        ok: false,
        reason: {
          en: `${target.api} is not on this machine: a restart needs the process here (give --pid or --config, or run zlm-doctor on the server)`,
          zh: `${target.api} 不在本机：重启需要本机上的进程（请给出 --pid 或 --config，或在服务器上运行 zlm-doctor）`,
        },
      };
    }
    const { sockets } = listeningSockets({ root: sys.procRoot, netnsOf: servers.map((s) => s.pid) });
    const holders = new Set(sockets.filter((s) => s.transport === 'tcp' && s.port === port).flatMap((s) => s.pids));
    fit = groups.filter((g) => groupPids(g).some((p) => holders.has(p)));
  } else {
    what = '';
    fit = groups;
  }
  if (fit.length === 1) return { ok: true, group: fit[0]! };
  if (fit.length === 0) {
    return what
      ? { ok: false, reason: { en: `no running MediaServer matches ${what}`, zh: `没有与 ${what} 匹配的运行中 MediaServer` } }
      : { ok: false, reason: { en: 'no MediaServer runs on this machine: nothing to restart', zh: '本机没有运行 MediaServer：无可重启的对象' } };
  }
  const list = fit.map(describe).join('; ');
  return what
    ? { ok: false, reason: { en: `${fit.length} MediaServers match ${what} (${list}): that is already two instances on one config; stop the extra one first`, zh: `有 ${fit.length} 个 MediaServer 与 ${what} 匹配（${list}）：同一配置已有两个实例；请先停掉多余的那个` } }
    : { ok: false, reason: { en: `${fit.length} MediaServers run here (${list}): say which with --pid, --config or --api`, zh: `本机运行着 ${fit.length} 个 MediaServer（${list}）：请用 --pid、--config 或 --api 指明` } };
}

export type SpecResult = { ok: true; spec: StartSpec; notes: Localized[] } | { ok: false; reason: Localized };

/**
 * How to start the server again: the same argv (argv[0] included), cwd and
 * environment, as the same user. The file executed is argv[0] when it still
 * leads to the binary that runs (or to its replacement, when the running one
 * was upgraded on disk), else /proc/<pid>/exe.
 */
export function startSpecOf(top: MediaServerProcess, sys: Pick<RestartSys, 'procRoot' | 'uid'>): SpecResult {
  const notes: Localized[] = [];
  if (top.cwd === undefined) return { ok: false, reason: { en: `cannot read the working directory of pid ${top.pid} (run as its user or root)`, zh: `无法读取 pid ${top.pid} 的工作目录（请以其用户或 root 运行）` } };
  if (top.argv.length === 0) return { ok: false, reason: { en: `cannot read the command line of pid ${top.pid}`, zh: `无法读取 pid ${top.pid} 的命令行` } };
  const envBytes = readEnvironBytes(top.pid, { root: sys.procRoot });
  if (envBytes === undefined) return { ok: false, reason: { en: `cannot read the environment of pid ${top.pid} (run as its user or root): it would start with another environment`, zh: `无法读取 pid ${top.pid} 的环境变量（请以其用户或 root 运行）：否则会以不同的环境启动` } };
  const env = parseEnviron(envBytes);

  const argv0 = top.argv[0]!;
  let command: string | undefined;
  if (argv0.includes('/')) {
    const p = isAbsolute(argv0) ? argv0 : resolve(top.cwd, argv0);
    if (existsSync(p)) command = p;
  } else {
    for (const dir of (env.PATH ?? '').split(':').filter((d) => d !== '')) {
      const p = join(isAbsolute(dir) ? dir : resolve(top.cwd, dir), argv0);
      if (existsSync(p)) {
        command = p;
        break;
      }
    }
  }
  if (command !== undefined && top.exe !== undefined && !top.exeDeleted) {
    // argv[0] leads elsewhere than the running binary (a symlink re-pointed meanwhile): run what runs
    let real: string | undefined;
    try {
      real = realpathSync(command);
    } catch {
      real = undefined;
    }
    if (real !== top.exe) command = top.exe;
  }
  if (command === undefined) {
    if (top.exe !== undefined && !top.exeDeleted && existsSync(top.exe)) command = top.exe;
    else return { ok: false, reason: { en: `the binary of pid ${top.pid} (${top.exe ?? argv0}) no longer exists: nothing to start again`, zh: `pid ${top.pid} 的可执行文件（${top.exe ?? argv0}）已不存在：无法再次启动` } };
  }
  if (top.exeDeleted) notes.push({ en: `the binary was replaced on disk since pid ${top.pid} started: the new one (${command}) will start`, zh: `pid ${top.pid} 启动后可执行文件已在磁盘上被替换：将启动新的（${command}）` });

  const spec: StartSpec = { command, argv: [...top.argv], cwd: top.cwd, env, output: '/dev/null' };
  // resource limits are inherited from us, not from the old process: say so when they differ
  const theirs = maxOpenFiles(join(sys.procRoot, String(top.pid), 'limits'));
  const mine = maxOpenFiles(join(sys.procRoot, 'self', 'limits'));
  if (theirs !== undefined && mine !== undefined && theirs !== mine) {
    notes.push({ en: `pid ${top.pid} may open ${theirs} files, the new process ${mine} (limits come from whoever starts it; a systemd unit sets LimitNOFILE)`, zh: `pid ${top.pid} 可打开 ${theirs} 个文件，新进程为 ${mine}（资源限制继承自启动者；systemd 单元可用 LimitNOFILE 设置）` });
  }
  if (top.uid !== undefined && top.uid !== sys.uid) {
    if (sys.uid !== 0) return { ok: false, reason: { en: `pid ${top.pid} runs as ${top.user} (uid ${top.uid}); restart it as that user or as root`, zh: `pid ${top.pid} 以 ${top.user}（uid ${top.uid}）运行；请以该用户或 root 重启` } };
    spec.uid = top.uid;
    if (top.gid !== undefined) spec.gid = top.gid;
    notes.push({ en: `it will start as ${top.user} (uid ${top.uid}), as before`, zh: `将与之前一样以 ${top.user}（uid ${top.uid}）启动` });
  }
  return { ok: true, spec, notes };
}

/** The soft "Max open files" of a /proc/<pid>/limits file ('unlimited' as is), or undefined when unreadable. */
function maxOpenFiles(path: string): string | undefined {
  try {
    const m = /^Max open files\s+(\S+)/m.exec(readFileSync(path, 'utf8'));
    return m?.[1];
  } catch {
    return undefined;
  }
}
