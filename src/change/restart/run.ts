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
import type { Localized } from '../../i18n/index.ts';
import { listeningSockets, processComm } from '../../doctor/index.ts';
import { readConfigFile } from '../../io/read-config.ts';
import type { IniDocument } from '../../ini/document.ts';
import { classifyRunMode, type RunModeInfo } from '../../zlm/run-mode.ts';
import { configFacts, DEFAULT_TIMEOUT_MS, findServers, launch, readsConfig, readyEnd, Recorder, shellLine, startLine } from './launch.ts';
import { acquireRestartLock } from './lock.ts';
import { holders, label, type Listener } from './ports.ts';
import { waitReady } from './ready.ts';
import { stopGroup } from './stop.ts';
import { systemRestartSys } from './sys.ts';
import { groupPids, pickGroup, startSpecOf, type ServerGroup } from './target.ts';
import type { RestartOptions, RestartResult, RestartSys, RestartTarget, StartSpec } from './types.ts';

export { shellLine } from './launch.ts';

const DEFAULT_STOP_MS = 10_000;

const SIGKILL_COST: Localized = {
  en: 'SIGKILL skips the clean stop: on_server_exited was not sent and MP4 recordings in progress may be left unfinished (unplayable)',
  zh: 'SIGKILL 跳过了正常退出：未发送 on_server_exited，正在录制的 MP4 可能未写完（无法播放）',
};

async function unitMainPid(sys: RestartSys, unit: string): Promise<number | undefined> {
  const r = await sys.run('systemctl', ['show', '-p', 'MainPID', '--value', unit], 5000);
  if (r.code !== 0) return undefined;
  const n = Number(r.stdout.trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export async function restartServer(target: RestartTarget, opts: RestartOptions = {}): Promise<RestartResult> {
  const sys = systemRestartSys(opts.sys);
  const env = opts.env ?? process.env;
  const rec = new Recorder(opts.onPhase);
  const res = rec.res;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = rec.t0 + timeoutMs;

  // ---- discover -------------------------------------------------------------------------------
  const servers = findServers(sys);
  const pick = pickGroup(servers, target, sys);
  if (!pick.ok) return rec.refuse('discover', pick.reason);
  const g = pick.group;
  const top = g.top;
  const before = groupPids(g);
  let mainPid: number | undefined;
  if (top.cgroup?.unit !== undefined && !top.cgroup.userUnit && top.cgroup.containerId === undefined) mainPid = await unitMainPid(sys, top.cgroup.unit);
  const mode: RunModeInfo = classifyRunMode({ daemon: top.args.daemon, container: top.container, cgroup: top.cgroup ?? {}, ...(mainPid !== undefined ? { unitMainPid: mainPid } : {}), topPid: top.pid });
  res.mode = mode.mode;
  if (mode.unit) res.unit = mode.unit;
  if (mode.containerId) res.containerId = mode.containerId;
  res.before = { pids: before, ...(top.configPath ? { configPath: top.configPath } : {}) };
  if (mode.strayUnit) {
    res.notes.push({ en: `it runs inside ${mode.strayUnit} but is not that unit's main process: restarted as a ${mode.mode} process`, zh: `它运行在 ${mode.strayUnit} 内但不是该单元的主进程：按${mode.mode === 'watchdog' ? ' -d 守护' : '普通'}进程重启` });
  }
  const pidText = g.workers.length ? `watchdog ${top.pid}, worker ${g.workers.map((w) => w.pid).join(', ')}` : `pid ${top.pid}`;
  rec.phase('discover', true, { en: `MediaServer ${pidText}: ${mode.mode} (${mode.why.en})`, zh: `MediaServer ${pidText}：${mode.mode}（${mode.why.zh}）` }, [
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
      try {
        hint = readFileSync(`${sys.procRoot}/${top.pid}/root/etc/hostname`, 'utf8').trim();
      } catch {
        hint = '';
      }
    }
    const id = mode.containerId ? mode.containerId.slice(0, 12) : hint || '<container>';
    res.command = `${tool} restart ${id}`;
    const guess = !mode.containerId && hint ? { en: ` (${hint} is the container's hostname, Docker's default is its short id: check with \`${tool} ps\`)`, zh: `（${hint} 是容器的主机名，Docker 默认为其短 id：请用 \`${tool} ps\` 确认）` } : { en: '', zh: '' };
    return rec.finish('manual', {
      en: `it runs in a container: restart the container, not the process inside it: ${res.command}${guess.en}`,
      zh: `它运行在容器中：请重启容器，而不是其中的进程：${res.command}${guess.zh}`,
    });
  }

  // ---- what the config asks for --------------------------------------------------------------------
  const configPath = top.configPath;
  if (configPath === undefined) return rec.refuse('preflight', { en: `cannot tell which config pid ${top.pid} reads: its ports cannot be checked`, zh: `无法确定 pid ${top.pid} 读取的配置：无法检查其端口` });
  let doc: IniDocument;
  try {
    doc = readConfigFile(configPath).doc;
  } catch (e) {
    return rec.refuse('preflight', { en: `cannot read ${configPath}: ${(e as Error).message}`, zh: `无法读取 ${configPath}：${(e as Error).message}` });
  }
  const facts = configFacts(configPath, doc, target, env);
  if (top.containerPaths?.configPath) facts.innerConfigPath = top.containerPaths.configPath;
  if (facts.apiBase) res.before.apiBase = facts.apiBase;

  let spec: StartSpec | undefined;
  if (mode.mode !== 'systemd') {
    const s = startSpecOf(top, sys);
    if (!s.ok) return rec.refuse('preflight', s.reason);
    spec = s.spec;
    res.startSpec = spec;
    res.notes.push(...s.notes);
  }

  // ---- preflight: a port another process holds would make the new start fail ----------------------
  const groupSet = new Set(before);
  const h0 = holders(facts.listeners, listeningSockets({ root: sys.procRoot, netnsOf: before }).sockets);
  const wasUp = new Set<Listener>(facts.listeners.filter((l) => h0.get(l)!.pids.some((p) => groupSet.has(p))));
  // what must be up afterwards: every listener the config asks for, optional ones (onvif binds lazily) only when they were up
  facts.required = facts.listeners.filter((l) => !l.optional || wasUp.has(l));
  const foreign: string[] = [];
  for (const l of facts.required) {
    const others = h0.get(l)!.pids.filter((p) => !groupSet.has(p));
    if (others.length) foreign.push(`${label(l)}: ${others.map((p) => `${processComm(p, { root: sys.procRoot }) ?? '?'} (pid ${p})`).join(', ')}`);
  }
  if (foreign.length) {
    return rec.refuse('preflight', { en: `a configured port is held by another process, so the server could not start again; nothing was stopped: ${foreign.join('; ')}`, zh: `配置的端口被其他进程占用，服务将无法再次启动；未停止任何进程：${foreign.join('；')}` }, foreign);
  }
  const required = facts.required;
  rec.phase('preflight', true, { en: `${required.length} listener(s) to bring back: ${required.map(label).join(', ') || 'none'}`, zh: `需恢复 ${required.length} 个监听：${required.map(label).join('、') || '无'}` });

  // ---- dry run: the plan ----------------------------------------------------------------------------
  const stopS = (opts.stopTimeoutMs ?? DEFAULT_STOP_MS) / 1000;
  const stopHow: Localized =
    mode.mode === 'systemd'
      ? { en: `systemctl restart ${mode.unit}`, zh: `systemctl restart ${mode.unit}` }
      : mode.mode === 'watchdog'
        ? { en: `SIGTERM to the watchdog ${top.pid} (not the worker: the watchdog would start another), wait up to ${stopS} s for it and its worker; SIGKILL only after that`, zh: `向守护进程 ${top.pid} 发送 SIGTERM（而不是工作进程：守护进程会再拉起一个），最多等待 ${stopS} 秒让它和工作进程退出；超时才 SIGKILL` }
        : { en: `SIGTERM to pid ${top.pid}, wait up to ${stopS} s; SIGKILL only after that`, zh: `向 pid ${top.pid} 发送 SIGTERM，最多等待 ${stopS} 秒；超时才 SIGKILL` };
  if (opts.dryRun) {
    res.plan = [
      stopHow,
      ...(spec
        ? [
            { en: `wait until every configured port is free: ${required.map(label).join(', ') || 'none'}`, zh: `等待所有配置的端口空闲：${required.map(label).join('、') || '无'}` },
            { en: `start again, detached, with the same argv, cwd and environment: ${startLine(spec)}`, zh: `以相同的参数、工作目录和环境变量在后台重新启动：${startLine(spec)}` },
          ]
        : []),
      { en: `ready when ${facts.apiBase ? `the API (${facts.apiBase}) answers getServerConfig and ` : ''}every listener accepts, within ${timeoutMs / 1000} s`, zh: `就绪条件：${facts.apiBase ? `API（${facts.apiBase}）响应 getServerConfig 且` : ''}所有监听可连接，时限 ${timeoutMs / 1000} 秒` },
    ];
    if (mode.mode === 'systemd') res.command = `systemctl restart ${mode.unit}`;
    return rec.finish('dry-run');
  }

  // ---- lock -------------------------------------------------------------------------------------------
  const lock = acquireRestartLock(configPath, opts.stateDir);
  if (!lock.ok) {
    return rec.refuse(
      'lock',
      lock.holder !== undefined
        ? { en: `another restart of this server is running (pid ${lock.holder}, lock ${lock.path})`, zh: `此服务的另一个重启正在进行（pid ${lock.holder}，锁文件 ${lock.path}）` }
        : { en: `cannot take the restart lock ${lock.path}: ${lock.error}`, zh: `无法获取重启锁 ${lock.path}：${lock.error}` },
    );
  }
  rec.phase('lock', true, { en: `lock ${lock.path}`, zh: `锁 ${lock.path}` });
  try {
    return await restartLocked();
  } finally {
    lock.release();
  }

  async function restartLocked(): Promise<RestartResult> {
    const logDir = top.logDir;
    if (mode.mode === 'systemd') {
      const r = await sys.run('systemctl', ['restart', mode.unit!], Math.max(1000, deadline - performance.now()));
      if (r.code !== 0) {
        const why = r.error ?? (r.timedOut ? 'timed out' : (r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`));
        res.serverDown = !findServers(sys).some((s) => readsConfig(s, facts.configPath, facts.innerConfigPath));
        rec.phase('stop', false, { en: `systemctl restart ${mode.unit} failed: ${why}`, zh: `systemctl restart ${mode.unit} 失败：${why}` });
        return rec.finish('failed', { en: `systemctl restart ${mode.unit} failed: ${why}; see \`journalctl -u ${mode.unit}\``, zh: `systemctl restart ${mode.unit} 失败：${why}；请查看 \`journalctl -u ${mode.unit}\`` });
      }
      rec.phase('stop', true, { en: `systemctl restart ${mode.unit}`, zh: `systemctl restart ${mode.unit}` });
      const isNew = (x: ServerGroup): boolean => readsConfig(x.top, facts.configPath, facts.innerConfigPath) && !(x.top.pid === top.pid && x.top.startTicks === top.startTicks);
      const ready = await waitReady({ isNew, needWorker: top.args.daemon, ...(facts.apiBase ? { apiBase: facts.apiBase } : {}), secret: facts.secret, listeners: required, host: facts.host, deadline }, sys);
      return readyEnd(ready, { facts, timeoutMs, ...(logDir ? { logDir } : {}) }, rec, 'restarted');
    }

    // ---- stop ---------------------------------------------------------------------------------------
    const graceMs = Math.max(200, Math.min(opts.stopTimeoutMs ?? DEFAULT_STOP_MS, deadline - performance.now()));
    const stop = await stopGroup(g, sys, graceMs);
    res.sigkill = stop.killed.length > 0;
    const stopDetails = [stopHow.en, ...(stop.killed.length ? [`SIGKILL: ${stop.killed.join(', ')}`] : [])];
    if (!stop.ok) {
      rec.phase('stop', false, { en: `pid ${stop.left.join(', ')} still alive after SIGTERM and SIGKILL`, zh: `SIGTERM 和 SIGKILL 之后 pid ${stop.left.join('、')} 仍然存在` }, stopDetails);
      return rec.finish('failed', { en: `could not stop pid ${stop.left.join(', ')} (uninterruptible?); nothing was started`, zh: `无法停止 pid ${stop.left.join('、')}（不可中断状态？）；未启动任何进程` });
    }
    if (res.sigkill) {
      res.notes.push(SIGKILL_COST);
      const s = Math.round(graceMs / 100) / 10;
      rec.phase('stop', true, { en: `did not stop within ${s} s of SIGTERM: SIGKILL sent to ${stop.killed.join(', ')}. ${SIGKILL_COST.en}`, zh: `SIGTERM 后 ${s} 秒内未退出：已向 ${stop.killed.join('、')} 发送 SIGKILL。${SIGKILL_COST.zh}` }, stopDetails);
    } else {
      rec.phase('stop', true, { en: `stopped cleanly (SIGTERM): ${before.join(', ')} exited`, zh: `已正常停止（SIGTERM）：${before.join('、')} 已退出` }, stopDetails);
    }
    return launch({ sys, spec: spec!, facts, deadline, timeoutMs, watchdog: mode.mode === 'watchdog', ...(logDir ? { logDir } : {}) }, rec);
  }
}
