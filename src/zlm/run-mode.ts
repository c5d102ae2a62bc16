/**
 * How a MediaServer runs, from facts read elsewhere (pure: text in, data out):
 *  - /proc/<pid>/cgroup names the systemd unit (`…/zlm.service`) or the
 *    container (`…/docker-<id>.scope`, `/docker/<id>`, podman's `libpod-<id>`,
 *    containerd's `cri-containerd-<id>`) it runs in;
 *  - /proc/<pid>/environ is its environment (NUL-separated `K=V`);
 *  - the run mode is one of systemd, watchdog (`-d`: a parent MediaServer that
 *    restarts its forked worker), container, bare.
 *
 * ZLM facts (zlm-reference/cli.md): `-d` does not detach, the watchdog stays and
 * restarts a dying worker 3 s later; SIGTERM/SIGINT to the watchdog stops both;
 * there is no pid file and no stop command (`-s stop` starts a second server).
 */

export type RunMode = 'systemd' | 'watchdog' | 'container' | 'bare';

export interface CgroupFacts {
  /** the deepest `.service` of the process's cgroup path (`zlm.service`), when it is not a user manager */
  unit?: string;
  /** the unit belongs to a user's manager (`user@1000.service/…`): `systemctl --user` */
  userUnit?: boolean;
  /** uid of that user manager */
  userUid?: number;
  /** a login session or transient scope (`session-3.scope`, `run-r1.scope`): started by hand, not by a unit */
  scope?: string;
  /** a container id (64 hex, or what the runtime wrote) */
  containerId?: string;
  /** which runtime the container id came from */
  runtime?: 'docker' | 'podman' | 'containerd' | 'crio' | 'kubernetes' | 'lxc';
}

/** The cgroup paths of /proc/<pid>/cgroup (`hierarchy:controllers:path` lines): the v2 line first, then name=systemd. */
export function cgroupPaths(text: string): string[] {
  const v2: string[] = [];
  const named: string[] = [];
  const other: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, id, ctrl, path] = m;
    if (id === '0' && ctrl === '') v2.push(path!);
    else if (ctrl === 'name=systemd') named.push(path!);
    else other.push(path!);
  }
  return [...v2, ...named, ...other];
}

const CONTAINER_PATTERNS: readonly { re: RegExp; runtime: NonNullable<CgroupFacts['runtime']> }[] = [
  { re: /(?:^|\/)docker-([0-9a-f]{12,64})\.scope$/, runtime: 'docker' },
  { re: /(?:^|\/)docker\/([0-9a-f]{12,64})(?:\/|$)/, runtime: 'docker' },
  { re: /(?:^|\/)libpod-(?:conmon-)?([0-9a-f]{12,64})\.scope/, runtime: 'podman' },
  { re: /(?:^|\/)cri-containerd-([0-9a-f]{12,64})\.scope$/, runtime: 'containerd' },
  { re: /(?:^|\/)crio-([0-9a-f]{12,64})\.scope$/, runtime: 'crio' },
  { re: /(?:^|\/)kubepods[^/]*\/(?:.*\/)?([0-9a-f]{64})$/, runtime: 'kubernetes' },
  { re: /(?:^|\/)lxc(?:\.payload)?[./]([^/]+)/, runtime: 'lxc' },
];

/**
 * The unit and container a process belongs to, from /proc/<pid>/cgroup.
 * cgroup v2 (`0::/system.slice/zlm.service`) and v1 (`1:name=systemd:/…`) are
 * both read. A container with a private cgroup namespace shows `0::/`: no id
 * (the caller may find it another way, e.g. the container's hostname).
 */
export function parseCgroup(text: string): CgroupFacts {
  const out: CgroupFacts = {};
  for (const path of cgroupPaths(text)) {
    if (out.containerId === undefined) {
      for (const { re, runtime } of CONTAINER_PATTERNS) {
        const m = re.exec(path);
        if (m) {
          out.containerId = m[1]!;
          out.runtime = runtime;
          break;
        }
      }
    }
    if (out.unit !== undefined || out.scope !== undefined) continue;
    const parts = path.split('/').filter((p) => p !== '');
    // the deepest unit decides: `user@1000.service/app.slice/zlm.service` is zlm.service of user 1000
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!;
      if (p.endsWith('.scope')) {
        if (!/^(docker|libpod|cri-containerd|crio)-/.test(p)) out.scope = p;
        break;
      }
      if (p.endsWith('.service')) {
        const mgr = /^user@(\d+)\.service$/.exec(p);
        if (mgr) break; // the user manager itself, not a unit that runs MediaServer
        out.unit = p;
        const owner = parts.slice(0, i).map((q) => /^user@(\d+)\.service$/.exec(q)).find((m) => m);
        if (owner) {
          out.userUnit = true;
          out.userUid = Number(owner[1]);
        }
        break;
      }
    }
  }
  return out;
}

/** /proc/<pid>/environ → ordered entries; a malformed entry (no `=`) is kept as a key with an empty value. */
export function parseEnviron(buf: Buffer | Uint8Array | string): Record<string, string> {
  const text = typeof buf === 'string' ? buf : Buffer.from(buf).toString('utf8');
  const env: Record<string, string> = {};
  for (const item of text.split('\0')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq === -1) env[item] = '';
    else if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

export interface RunModeFacts {
  /** `-d` on its command line (the top process of the pair) */
  daemon: boolean;
  /** runs in another mount namespace than ours */
  container: boolean;
  cgroup: CgroupFacts;
  /**
   * systemd's MainPID of `cgroup.unit` (systemctl show -p MainPID), when asked;
   * the unit restarts this server only when its main process is the server.
   */
  unitMainPid?: number;
  /** the top process of the server (watchdog, else the single process) */
  topPid: number;
}

export interface RunModeInfo {
  mode: RunMode;
  unit?: string;
  userUnit?: boolean;
  containerId?: string;
  /** why this mode: cgroup path, -d, namespaces */
  why: { en: string; zh: string };
  /** it runs inside a unit it is not the main process of (started by hand from a service's shell): a note */
  strayUnit?: string;
}

/**
 * The run mode. A unit counts only when its MainPID is the server's top
 * process (a MediaServer started by hand inside some other service's cgroup
 * is not restarted by restarting that service); when MainPID is unknown the
 * unit is trusted if it is named like the server (`*zlm*`, `*media*`). A
 * container id in the cgroup wins; a unit decides before a mount namespace of
 * its own (PrivateTmp= gives a unit one).
 */
export function classifyRunMode(f: RunModeFacts): RunModeInfo {
  const container: RunModeInfo = {
    mode: 'container',
    ...(f.cgroup.containerId !== undefined ? { containerId: f.cgroup.containerId } : {}),
    why: { en: 'it runs in its own mount namespace (a container)', zh: '它运行在独立的挂载命名空间中（容器）' },
  };
  if (f.cgroup.containerId !== undefined) return container;
  // a unit with PrivateTmp=, ProtectSystem= … has its own mount namespace too: the unit decides first
  const unit = f.cgroup.unit;
  if (unit !== undefined) {
    const owns = f.unitMainPid !== undefined ? f.unitMainPid === f.topPid : /zlm|media|streaming/i.test(unit);
    if (owns) {
      return {
        mode: 'systemd',
        unit,
        ...(f.cgroup.userUnit ? { userUnit: true } : {}),
        why: { en: `its cgroup is systemd unit ${unit}`, zh: `它的 cgroup 属于 systemd 单元 ${unit}` },
      };
    }
  }
  if (f.container) return container;
  const stray = unit !== undefined ? { strayUnit: unit } : {};
  if (f.daemon) return { mode: 'watchdog', ...stray, why: { en: 'started with -d: a watchdog parent supervises the worker', zh: '以 -d 启动：守护父进程监管工作进程' } };
  return { mode: 'bare', ...stray, why: { en: 'a plain process (no unit, no -d, no container)', zh: '普通进程（无 systemd 单元、无 -d、非容器）' } };
}
