/**
 * `restartServer(target, opts)`: restart one MediaServer the way it runs.
 *
 *   discover → lock → preflight → stop → ports free → recheck → start → ready
 *
 * - systemd unit: `systemctl restart <unit>`, then wait until ready;
 * - `-d` watchdog: SIGTERM to the watchdog (the worker follows), bounded wait;
 *   bare process: SIGTERM, bounded wait; SIGKILL only as a last resort, said;
 *   then every configured port free, no other MediaServer on this config,
 *   start with the same argv, cwd, environment and user, detached, and wait
 *   until the API answers and every listener accepts;
 * - container: never faked; the `docker restart` command is given.
 *
 * Never two instances: ports held by another process refuse the restart
 * before anything is stopped, and the start is skipped when any MediaServer
 * on this config (or any holder of its ports) is alive. One restart per
 * config at a time (lock.ts). Every wait is bounded by opts.timeoutMs.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Localized } from '../../i18n/index.ts';
import { findMediaServers, listeningSockets, processComm, type MediaServerProcess } from '../../doctor/index.ts';
import { readConfigFile } from '../../io/read-config.ts';
import { IniDocument } from '../../ini/document.ts';
import { effective } from '../../zlm/effective.ts';
import { readValue } from '../../zlm/value.ts';
import { classifyRunMode, type RunModeInfo } from '../../zlm/run-mode.ts';
import { acquireRestartLock } from './lock.ts';
import { configuredListeners, holders, label, probeHost, type Listener } from './ports.ts';
import { waitReady, type ReadyOutcome } from './ready.ts';
import { stopGroup } from './stop.ts';
import { systemRestartSys } from './sys.ts';
import { groupPids, pickGroup, startSpecOf, type ServerGroup } from './target.ts';
import type { PhaseName, PhaseReport, RestartOptions, RestartResult, RestartSys, RestartTarget, StartSpec } from './types.ts';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_MS = 10_000;

const SIGKILL_COST: Localized = {
  en: 'SIGKILL skips the clean stop: on_server_exited was not sent and MP4 recordings in progress may be left unfinished (unplayable)',
  zh: 'SIGKILL 跳过了正常退出：未发送 on_server_exited，正在录制的 MP4 可能未写完（无法播放）',
};

/** A shell-quoted command line, for a message the operator may copy. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function startLine(spec: StartSpec): string {
  const cmd = spec.command === spec.argv[0] ? spec.argv : [spec.command, ...spec.argv.slice(1)];
  return `cd ${shellLine([spec.cwd])} && setsid ${shellLine(cmd)} >/dev/null 2>&1 &`;
}

function find(sys: RestartSys): MediaServerProcess[] {
  try {
    return findMediaServers({ root: sys.procRoot, passwd: sys.passwd, ...(sys.clkTck ? { clkTck: sys.clkTck } : {}) });
  } catch {
    return [];
  }
}

async function unitMainPid(sys: RestartSys, unit: string): Promise<number | undefined> {
  const r = await sys.run('systemctl', ['show', '-p', 'MainPID', '--value', unit], 5000);
  if (r.code !== 0) return undefined;
  const n = Number(r.stdout.trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function samePathOrReal(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && resolvePath(a) === resolvePath(b);
}

function readyProblem(r: ReadyOutcome, seconds: number, logDir: string | undefined): Localized {
  if (r.exited !== undefined) {
    const log = logDir ? ` (${logDir})` : '';
    return {
      en: `it exited (status ${r.exited}) before it was ready: see its log${log}; a port taken meanwhile is the usual cause`,
      zh: `它在就绪前退出（状态 ${r.exited}）：请查看其日志${log}；常见原因是端口在此期间被占用`,
    };
  }
  const what = r.missing.join(', ');
  return { en: `not ready within ${seconds} s: ${what}`, zh: `${seconds} 秒内未就绪：${what}` };
}

export async function restartServer(target: RestartTarget, opts: RestartOptions = {}): Promise<RestartResult> {
  const sys = systemRestartSys(opts.sys);
  const env = opts.env ?? process.env;
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = t0 + timeoutMs;
  const phases: PhaseReport[] = [];
  const res: RestartResult = { version: 1, result: 'refused', sigkill: false, serverDown: false, phases, notes: [], ms: 0 };
  let clock = performance.now();
  const phase = (name: PhaseName, ok: boolean, message: Localized, details?: string[]): void => {
    const now = performance.now();
    const p: PhaseReport = { phase: name, ok, ms: Math.round(now - clock), message, ...(details?.length ? { details } : {}) };
    clock = now;
    phases.push(p);
    opts.onPhase?.(p);
  };
  const finish = (result: RestartResult['result'], reason?: Localized): RestartResult => {
    res.result = result;
    if (reason) res.reason = reason;
    res.ms = Math.round(performance.now() - t0);
    return res;
  };
  const refuse = (name: PhaseName, reason: Localized, details?: string[]): RestartResult => {
    phase(name, false, reason, details);
    return finish('refused', reason);
  };

  // ---- discover -------------------------------------------------------------------------------
  const servers = find(sys);
  const pick = pickGroup(servers, target, sys);
  if (!pick.ok) return refuse('discover', pick.reason);
  const g = pick.group;
  const top = g.top;
  const before = groupPids(g);
  let mainPid: number | undefined;
  if (top.cgroup?.unit !== undefined && !top.cgroup.userUnit && !top.container) mainPid = await unitMainPid(sys, top.cgroup.unit);
  const mode: RunModeInfo = classifyRunMode({ daemon: top.args.daemon, container: top.container, cgroup: top.cgroup ?? {}, ...(mainPid !== undefined ? { unitMainPid: mainPid } : {}), topPid: top.pid });
  res.mode = mode.mode;
  if (mode.unit) res.unit = mode.unit;
  if (mode.containerId) res.containerId = mode.containerId;
  res.before = { pids: before, ...(top.configPath ? { configPath: top.configPath } : {}) };
  if (mode.strayUnit) {
    res.notes.push({ en: `it runs inside ${mode.strayUnit} but is not that unit's main process: restarted as a ${mode.mode} process`, zh: `它运行在 ${mode.strayUnit} 内但不是该单元的主进程：按${mode.mode === 'watchdog' ? ' -d 守护' : '普通'}进程重启` });
  }
  const pidText = g.workers.length ? `watchdog ${top.pid}, worker ${g.workers.map((w) => w.pid).join(', ')}` : `pid ${top.pid}`;
  phase('discover', true, { en: `MediaServer ${pidText}: ${mode.mode} (${mode.why.en})`, zh: `MediaServer ${pidText}：${mode.mode}（${mode.why.zh}）` }, [
    `argv: ${shellLine(top.argv)}`,
    ...(top.cwd ? [`cwd: ${top.cwd}`] : []),
    ...(top.configPath ? [`config: ${top.configPath}`] : []),
    ...(mode.unit ? [`unit: ${mode.unit}${mainPid !== undefined ? ` (MainPID ${mainPid})` : ''}`] : []),
  ]);

  // ---- container: never faked --------------------------------------------------------------------
  if (mode.mode === 'container') {
    const tool = top.cgroup?.runtime === 'podman' ? 'podman' : 'docker';
    let hint = '';
    if (!mode.containerId) {
      const host = (() => {
        try {
          return readFileSync(`${sys.procRoot}/${top.pid}/root/etc/hostname`, 'utf8').trim();
        } catch {
          return '';
        }
      })();
      if (host) hint = host;
    }
    const id = mode.containerId ? mode.containerId.slice(0, 12) : hint || '<container>';
    res.command = `${tool} restart ${id}`;
    const guess = !mode.containerId && hint ? { en: ` (${hint} is the container's hostname, Docker's default is its short id: check with \`${tool} ps\`)`, zh: `（${hint} 是容器的主机名，Docker 默认为其短 id：请用 \`${tool} ps\` 确认）` } : { en: '', zh: '' };
    return finish('manual', {
      en: `it runs in a container: restart the container, not the process inside it: ${res.command}${guess.en}`,
      zh: `它运行在容器中：请重启容器，而不是其中的进程：${res.command}${guess.zh}`,
    });
  }

  // ---- what the config asks for --------------------------------------------------------------------
  const configPath = top.configPath;
  if (configPath === undefined) return refuse('preflight', { en: `cannot tell which config pid ${top.pid} reads: its ports cannot be checked`, zh: `无法确定 pid ${top.pid} 读取的配置：无法检查其端口` });
  let doc: IniDocument;
  try {
    doc = readConfigFile(configPath).doc;
  } catch (e) {
    return refuse('preflight', { en: `cannot read ${configPath}: ${(e as Error).message}`, zh: `无法读取 ${configPath}：${(e as Error).message}` });
  }
  const listeners = configuredListeners(doc);
  const httpPort = readValue('uint16', effective(doc, 'http.port').raw).value;
  const host = probeHost(doc);
  const apiBase = target.api?.replace(/\/+$/, '') ?? (typeof httpPort === 'number' && httpPort > 0 ? `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}` : undefined);
  if (apiBase) res.before.apiBase = apiBase;
  const fixedSecret = target.secret ?? env.ZLM_SECRET;
  const secret = (): string | undefined => {
    if (fixedSecret) return fixedSecret;
    try {
      return IniDocument.parse(readFileSync(configPath, 'utf8')).get('api.secret');
    } catch {
      return doc.get('api.secret');
    }
  };

  let spec: StartSpec | undefined;
  if (mode.mode !== 'systemd') {
    const s = startSpecOf(top, sys);
    if (!s.ok) return refuse('preflight', s.reason);
    spec = s.spec;
    res.notes.push(...s.notes);
  }

  // ---- preflight: a port another process holds would make the new start fail ----------------------
  const groupSet = new Set(before);
  const sockets0 = listeningSockets({ root: sys.procRoot, netnsOf: before });
  const h0 = holders(listeners, sockets0.sockets);
  const foreign: string[] = [];
  const wasUp = new Set<Listener>();
  for (const l of listeners) if (h0.get(l)!.pids.some((p) => groupSet.has(p))) wasUp.add(l);
  // what must be up afterwards: every listener the config asks for, optional ones (onvif binds lazily) only when they were up
  const required = listeners.filter((l) => !l.optional || wasUp.has(l));
  for (const l of required) {
    const x = h0.get(l)!;
    const others = x.pids.filter((p) => !groupSet.has(p));
    if (others.length) foreign.push(`${label(l)}: ${others.map((p) => `${processComm(p, { root: sys.procRoot }) ?? '?'} (pid ${p})`).join(', ')}`);
  }
  if (foreign.length) {
    return refuse('preflight', { en: `a configured port is held by another process, so the server could not start again; nothing was stopped: ${foreign.join('; ')}`, zh: `配置的端口被其他进程占用，服务将无法再次启动；未停止任何进程：${foreign.join('；')}` }, foreign);
  }
  phase('preflight', true, { en: `${required.length} listener(s) to bring back: ${required.map(label).join(', ') || 'none'}`, zh: `需恢复 ${required.length} 个监听：${required.map(label).join('、') || '无'}` });

  // ---- dry run: the plan ----------------------------------------------------------------------------
  const stopHow: Localized =
    mode.mode === 'systemd'
      ? { en: `systemctl restart ${mode.unit}`, zh: `systemctl restart ${mode.unit}` }
      : mode.mode === 'watchdog'
        ? { en: `SIGTERM to the watchdog ${top.pid} (not the worker: the watchdog would start another), wait up to ${(opts.stopTimeoutMs ?? DEFAULT_STOP_MS) / 1000} s for it and its worker; SIGKILL only after that`, zh: `向守护进程 ${top.pid} 发送 SIGTERM（而不是工作进程：守护进程会再拉起一个），最多等待 ${(opts.stopTimeoutMs ?? DEFAULT_STOP_MS) / 1000} 秒让它和工作进程退出；超时才 SIGKILL` }
        : { en: `SIGTERM to pid ${top.pid}, wait up to ${(opts.stopTimeoutMs ?? DEFAULT_STOP_MS) / 1000} s; SIGKILL only after that`, zh: `向 pid ${top.pid} 发送 SIGTERM，最多等待 ${(opts.stopTimeoutMs ?? DEFAULT_STOP_MS) / 1000} 秒；超时才 SIGKILL` };
  if (opts.dryRun) {
    res.plan = [
      stopHow,
      ...(spec
        ? [
            { en: `wait until every configured port is free: ${required.map(label).join(', ') || 'none'}`, zh: `等待所有配置的端口空闲：${required.map(label).join('、') || '无'}` },
            { en: `start again, detached, with the same argv, cwd and environment: ${startLine(spec)}`, zh: `以相同的参数、工作目录和环境变量在后台重新启动：${startLine(spec)}` },
          ]
        : []),
      { en: `ready when ${apiBase ? `the API (${apiBase}) answers getServerConfig and ` : ''}every listener accepts, within ${timeoutMs / 1000} s`, zh: `就绪条件：${apiBase ? `API（${apiBase}）响应 getServerConfig 且` : ''}所有监听可连接，时限 ${timeoutMs / 1000} 秒` },
    ];
    if (mode.mode === 'systemd') res.command = `systemctl restart ${mode.unit}`;
    return finish('dry-run');
  }

  // ---- lock -------------------------------------------------------------------------------------------
  const lock = acquireRestartLock(configPath, opts.stateDir);
  if (!lock.ok) {
    return refuse(
      'lock',
      lock.holder !== undefined
        ? { en: `another restart of this server is running (pid ${lock.holder}, lock ${lock.path})`, zh: `此服务的另一个重启正在进行（pid ${lock.holder}，锁文件 ${lock.path}）` }
        : { en: `cannot take the restart lock ${lock.path}: ${lock.error}`, zh: `无法获取重启锁 ${lock.path}：${lock.error}` },
    );
  }
  phase('lock', true, { en: `lock ${lock.path}`, zh: `锁 ${lock.path}` });
  try {
    return await restartLocked();
  } finally {
    lock.release();
  }

  async function restartLocked(): Promise<RestartResult> {
    const isNew = (x: ServerGroup): boolean => samePathOrReal(x.top.configPath, configPath) && !(x.top.pid === top.pid && x.top.startTicks === top.startTicks);
    const seconds = Math.round(timeoutMs / 100) / 10;

    if (mode.mode === 'systemd') {
      const r = await sys.run('systemctl', ['restart', mode.unit!], Math.max(1000, deadline - performance.now()));
      if (r.code !== 0) {
        const why = r.error ?? (r.timedOut ? 'timed out' : (r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`));
        res.serverDown = !find(sys).some((s) => samePathOrReal(s.configPath, configPath));
        phase('stop', false, { en: `systemctl restart ${mode.unit} failed: ${why}`, zh: `systemctl restart ${mode.unit} 失败：${why}` });
        return finish('failed', { en: `systemctl restart ${mode.unit} failed: ${why}; see \`journalctl -u ${mode.unit}\``, zh: `systemctl restart ${mode.unit} 失败：${why}；请查看 \`journalctl -u ${mode.unit}\`` });
      }
      phase('stop', true, { en: `systemctl restart ${mode.unit}`, zh: `systemctl restart ${mode.unit}` });
      const ready = await waitReady({ isNew, needWorker: top.args.daemon, ...(apiBase ? { apiBase } : {}), secret, listeners: required, host, deadline }, sys);
      return readyEnd(ready, seconds);
    }

    // ---- stop ---------------------------------------------------------------------------------------
    const graceMs = Math.max(200, Math.min(opts.stopTimeoutMs ?? DEFAULT_STOP_MS, deadline - performance.now()));
    const stop = await stopGroup(g, sys, graceMs);
    res.sigkill = stop.killed.length > 0;
    const stopDetails = [`${stopHow.en}`, ...(stop.killed.length ? [`SIGKILL: ${stop.killed.join(', ')}`] : [])];
    if (!stop.ok) {
      phase('stop', false, { en: `pid ${stop.left.join(', ')} still alive after SIGTERM and SIGKILL`, zh: `SIGTERM 和 SIGKILL 之后 pid ${stop.left.join('、')} 仍然存在` }, stopDetails);
      return finish('failed', { en: `could not stop pid ${stop.left.join(', ')} (uninterruptible?); nothing was started`, zh: `无法停止 pid ${stop.left.join('、')}（不可中断状态？）；未启动任何进程` });
    }
    if (res.sigkill) {
      res.notes.push(SIGKILL_COST);
      phase('stop', true, { en: `did not stop within ${Math.round(graceMs / 100) / 10} s of SIGTERM: SIGKILL sent to ${stop.killed.join(', ')}. ${SIGKILL_COST.en}`, zh: `SIGTERM 后 ${Math.round(graceMs / 100) / 10} 秒内未退出：已向 ${stop.killed.join('、')} 发送 SIGKILL。${SIGKILL_COST.zh}` }, stopDetails);
    } else {
      phase('stop', true, { en: `stopped cleanly (SIGTERM): ${before.join(', ')} exited`, zh: `已正常停止（SIGTERM）：${before.join('、')} 已退出` }, stopDetails);
    }
    res.serverDown = true;
    const recover: Localized = { en: `start it by hand: ${startLine(spec!)}`, zh: `请手动启动：${startLine(spec!)}` };

    // ---- ports free ---------------------------------------------------------------------------------
    let busy: string[] = [];
    for (;;) {
      const { sockets } = listeningSockets({ root: sys.procRoot });
      const h = holders(required, sockets);
      busy = required.filter((l) => h.get(l)!.held).map((l) => `${label(l)}: ${h.get(l)!.pids.map((p) => `${processComm(p, { root: sys.procRoot }) ?? '?'} (pid ${p})`).join(', ') || '?'}`);
      if (busy.length === 0 || performance.now() >= deadline) break;
      await sys.sleep(100);
    }
    if (busy.length) {
      phase('ports', false, { en: `still held: ${busy.join('; ')}`, zh: `仍被占用：${busy.join('；')}` }, busy);
      return finish('failed', { en: `the server is stopped but a configured port is still held, so it was not started again: ${busy.join('; ')}. Free it, then ${recover.en}`, zh: `服务已停止，但配置的端口仍被占用，因此未重新启动：${busy.join('；')}。释放后${recover.zh}` });
    }
    phase('ports', true, { en: `all ${required.length} configured port(s) free`, zh: `全部 ${required.length} 个配置端口空闲` });

    // ---- recheck: never a second instance --------------------------------------------------------------
    const again = find(sys).filter((s) => samePathOrReal(s.configPath, configPath));
    if (again.length) {
      res.serverDown = false;
      const who = again.map((s) => `pid ${s.pid}`).join(', ');
      phase('recheck', false, { en: `a MediaServer on this config is running again (${who})`, zh: `此配置的 MediaServer 又在运行了（${who}）` });
      return finish('failed', { en: `someone else started a MediaServer on ${configPath} meanwhile (${who}): not starting a second instance`, zh: `期间有人在 ${configPath} 上启动了 MediaServer（${who}）：不会再启动第二个实例` });
    }
    phase('recheck', true, { en: 'no MediaServer on this config is running', zh: '没有使用此配置的 MediaServer 在运行' });

    // ---- start ----------------------------------------------------------------------------------------
    let spawned;
    try {
      spawned = await sys.spawn(spec!);
    } catch (e) {
      phase('start', false, { en: `could not start ${spec!.command}: ${(e as Error).message}`, zh: `无法启动 ${spec!.command}：${(e as Error).message}` });
      return finish('failed', { en: `the server is stopped and could not be started: ${(e as Error).message}. ${recover.en}`, zh: `服务已停止且无法启动：${(e as Error).message}。${recover.zh}` });
    }
    phase('start', true, { en: `started pid ${spawned.pid}, detached: ${shellLine(spec!.argv)}`, zh: `已在后台启动 pid ${spawned.pid}：${shellLine(spec!.argv)}` }, [`cwd: ${spec!.cwd}`, `command: ${spec!.command}`]);
    const pid = spawned.pid;
    const ready = await waitReady({ isNew: (x) => x.top.pid === pid, needWorker: mode.mode === 'watchdog', spawned, ...(apiBase ? { apiBase } : {}), secret, listeners: required, host, deadline }, sys);
    return readyEnd(ready, seconds);
  }

  function readyEnd(ready: ReadyOutcome, seconds: number): RestartResult {
    if (ready.group) res.after = { pids: groupPids(ready.group), configPath: configPath!, ...(apiBase ? { apiBase } : {}) };
    if (!ready.ok) {
      res.serverDown = ready.exited !== undefined || !ready.group;
      const why = readyProblem(ready, seconds, top.logDir);
      phase('ready', false, why, ready.missing);
      return finish('failed', why);
    }
    res.serverDown = false;
    const apiNote: Localized =
      ready.api === 'ok'
        ? { en: 'API answers', zh: 'API 已响应' }
        : ready.api === 'refused'
          ? { en: 'API answers but refuses our secret or address', zh: 'API 有响应但拒绝了我们的密钥或地址' }
          : { en: 'API not checked (http.port is 0)', zh: '未检查 API（http.port 为 0）' };
    phase('ready', true, { en: `${apiNote.en}; ${required.length} listener(s) accept; new pid ${res.after!.pids.join(', ')}`, zh: `${apiNote.zh}；${required.length} 个监听可连接；新 pid ${res.after!.pids.join('、')}` });
    return finish('restarted');
  }
}
