/**
 * Which local MediaServer the doctor examines. Several may run on one machine
 * (two ZLM instances, test suites each with its own copy), and another one's
 * listeners, uptime or logs say nothing about the server asked about. In order:
 *
 *  1. with --config: the one whose -c path (or its container path, or the same
 *     file through a bind mount) is that file;
 *  2. the one that holds the config's own http.port on a loopback or any-address
 *     socket, then (with a local --api) the one that holds the API port;
 *  3. the only one running here (a -d watchdog and its worker count as one),
 *     said to be an assumption, unless what is seen contradicts it: another
 *     process (not a port forwarder) holds that http.port or API port, or it
 *     listens, but on none of the ports this config configures;
 *  4. none, with the reason, so no check reports ok for a stranger.
 *
 * Without --config and --api there is nothing to match: the only one is it,
 * several are none. A remote --api matches by the config only (rules 1 and 2).
 * Pure: processes and sockets in, the choice out.
 */
import type { Localized } from '../i18n/index.ts';
import type { MediaServerProcess } from './discovery/processes.ts';
import type { ListeningSocket } from './discovery/sockets.ts';

export type ChoiceHow = 'config' | 'http-port' | 'api-port' | 'only' | 'assumed';

/** Why no running MediaServer was taken. */
export type NoChoice = 'several' | 'held-by-other' | 'serves-other-ports' | 'remote-api';

export interface ServerChoice {
  /** the process examined: the worker under a -d watchdog, else the single process */
  server?: MediaServerProcess;
  /**
   * config: it reads --config; http-port / api-port: it holds that port; only:
   * no --config or --api and it is the only one; assumed: the only one, nothing
   * ties it to --config / --api (the report must say so)
   */
  how?: ChoiceHow;
  /** one per MediaServer running here (a -d watchdog and its worker count once): its preferred process */
  groups: MediaServerProcess[];
  /** no server: why the running ones were not taken (absent when none runs) */
  why?: NoChoice;
  /** held-by-other: the port and the processes (not MediaServer) that hold it */
  heldBy?: { port: number; key: 'http.port' | 'api'; pids: number[] };
  /** serves-other-ports: the ports the only MediaServer listens on */
  otherPorts?: number[];
  /** the examined config's http.port, when --config is readable and sets a non-zero port */
  httpPort?: number;
  /** the local --api port */
  apiPort?: number;
}

export interface ChoiceInput {
  /** every MediaServer process here (findMediaServers order: by pid) */
  servers: readonly MediaServerProcess[];
  /** listening sockets (only read when a rule needs them) */
  sockets: () => readonly ListeningSocket[];
  /** --config: whether a process reads it, and its ports when it is readable */
  config?: {
    reads: (s: MediaServerProcess) => boolean;
    httpPort?: number;
    /** every configured listener (non-zero) */
    ports?: readonly { port: number; transport: 'tcp' | 'udp' }[];
  };
  /** --api: its port and whether it is on this machine */
  api?: { port: number; local: boolean };
  /**
   * Holds the port for the server, is no rival: for http.port a container's port publisher
   * (docker-proxy & co.); for the API port also a proxy in front of ZLM (nginx & co.).
   */
  isForwarder: (pid: number, key: 'http.port' | 'api') => boolean;
}

/** 127.x, ::1, 0.0.0.0, :: (also IPv4-mapped): a socket that http://127.0.0.1:<port> reaches. */
export function reachableOnLoopback(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '0.0.0.0' || a === '::' || a === '::1' || /^127\./.test(a);
}

/** The process that does the work: the worker under a -d watchdog, else the single process, else the watchdog. */
function preferred(members: readonly MediaServerProcess[]): MediaServerProcess {
  return members.find((s) => s.role === 'worker') ?? members.find((s) => s.role === 'single') ?? members[0]!;
}

/** A -d watchdog and its worker(s) are one server. */
function groupKey(s: MediaServerProcess): number {
  return s.role === 'worker' && s.watchdogPid !== undefined ? s.watchdogPid : s.pid;
}

export function chooseServer(inp: ChoiceInput): ServerChoice {
  const byKey = new Map<number, MediaServerProcess[]>();
  for (const s of inp.servers) {
    const k = groupKey(s);
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }
  const groups = [...byKey.values()];
  const base: ServerChoice = {
    groups: groups.map(preferred),
    ...(inp.config?.httpPort ? { httpPort: inp.config.httpPort } : {}),
    ...(inp.api?.local ? { apiPort: inp.api.port } : {}),
  };
  if (groups.length === 0) return base;
  const take = (members: readonly MediaServerProcess[], how: ChoiceHow): ServerChoice => ({ ...base, server: preferred(members), how });

  let socks: readonly ListeningSocket[] | undefined;
  const sockets = (): readonly ListeningSocket[] => (socks ??= inp.sockets());
  const holders = (port: number): number[] => [...new Set(sockets().filter((so) => so.transport === 'tcp' && so.port === port && reachableOnLoopback(so.address)).flatMap((so) => so.pids))];
  const holding = (gs: readonly MediaServerProcess[][], pids: readonly number[]) => gs.filter((g) => g.some((s) => pids.includes(s.pid)));
  // the ports that tie a server to what is examined, strongest first
  const ports: { port: number; key: 'http.port' | 'api' }[] = [
    ...(inp.config?.httpPort ? [{ port: inp.config.httpPort, key: 'http.port' as const }] : []),
    ...(inp.api?.local ? [{ port: inp.api.port, key: 'api' as const }] : []),
  ];

  // 1. the one that reads the file (two reading it: the one that holds its http.port)
  if (inp.config) {
    const mine = groups.filter((g) => g.some(inp.config!.reads));
    if (mine.length === 1) return take(mine[0]!, 'config');
    if (mine.length > 1) {
      const http = inp.config.httpPort ? holding(mine, holders(inp.config.httpPort)) : [];
      return take(http[0] ?? mine[0]!, 'config');
    }
  }
  // 2. the one that holds the config's http.port, then the API port
  for (const p of ports) {
    const g = holding(groups, holders(p.port));
    if (g.length) return take(g[0]!, p.key === 'api' ? 'api-port' : 'http-port');
  }
  // 3. the only one
  if (!inp.config && !inp.api) return groups.length === 1 ? take(groups[0]!, 'only') : { ...base, why: 'several' };
  if (inp.api && !inp.api.local) return { ...base, why: 'remote-api' };
  if (groups.length > 1) return { ...base, why: 'several' };
  const only = groups[0]!;
  const ours = (pid: number) => only.some((s) => s.pid === pid);
  for (const p of ports) {
    const others = holders(p.port).filter((pid) => !ours(pid) && !inp.isForwarder(pid, p.key));
    if (others.length) return { ...base, why: 'held-by-other', heldBy: { ...p, pids: others } };
  }
  const cfgPorts = inp.config?.ports;
  if (cfgPorts) {
    const held = sockets().filter((so) => so.pids.some(ours));
    if (held.length && !held.some((so) => cfgPorts.some((c) => c.port === so.port && c.transport === so.transport))) {
      return { ...base, why: 'serves-other-ports', otherPorts: [...new Set(held.map((so) => so.port))].sort((a, b) => a - b) };
    }
  }
  return take(only, 'assumed');
}

/** `pid 12 (/opt/a/config.ini), pid 34 (/opt/b/config.ini)`: the running servers and the files they read. */
export function describeGroups(c: ServerChoice): string {
  return c.groups.map((s) => `pid ${s.pid}${s.configPath ? ` (${s.containerPaths?.configPath ?? s.configPath})` : ''}`).join(', ');
}

/** The line every report of an assumed server carries (`withConfig`: --config was given, else only --api). */
export function assumedNote(c: ServerChoice, withConfig: boolean): { text: Localized; data: Record<string, string | number> } | undefined {
  const s = c.server;
  if (c.how !== 'assumed' || !s) return undefined;
  const reads = s.containerPaths?.configPath ?? s.configPath;
  if (!withConfig) {
    return {
      text: { en: 'the only MediaServer running here (pid {pid}) is assumed to be the server behind the API (it does not hold the API port {port})', zh: '假定本机唯一运行的 MediaServer（pid {pid}）就是 API 背后的服务（它并未占用 API 端口 {port}）' },
      data: { pid: s.pid, port: c.apiPort ?? '?' },
    };
  }
  return {
    text: reads
      ? { en: 'the only MediaServer running here (pid {pid}) is assumed to be the one this config belongs to (it reads {reads})', zh: '假定本机唯一运行的 MediaServer（pid {pid}）就是此配置对应的服务（它读取的是 {reads}）' }
      : { en: 'the only MediaServer running here (pid {pid}) is assumed to be the one this config belongs to', zh: '假定本机唯一运行的 MediaServer（pid {pid}）就是此配置对应的服务' },
    data: { pid: s.pid, ...(reads ? { reads } : {}) },
  };
}

/**
 * The file the server examined reads, when --config names another one: it was tied to the run by a port, or assumed
 * (choice 'config' means it reads --config itself). Its listeners and running values follow that file, not --config.
 */
export function readsOtherFile(c: ServerChoice, config: string | undefined): string | undefined {
  const s = c.server;
  return s && config !== undefined && c.how !== 'config' ? (s.containerPaths?.configPath ?? s.configPath) : undefined;
}
