/**
 * The second half of a restart, also usable alone (`startServer`, e.g. by
 * `apply` to start the old config again after a failed restart stopped the
 * server): every configured port free (bounded wait), no MediaServer on this
 * config alive (never a second instance), start detached with the given argv,
 * cwd, environment and user, and wait until the API answers and every
 * listener accepts. Plus the phase recorder both halves report through.
 */
import { resolve as resolvePath } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Localized } from '../../i18n/index.ts';
import { findMediaServers, listeningSockets, processComm, type MediaServerProcess } from '../../doctor/index.ts';
import { IniDocument } from '../../ini/document.ts';
import { readConfigFile } from '../../io/read-config.ts';
import { parseMediaServerArgs } from '../../zlm/cmdline.ts';
import { effective } from '../../zlm/effective.ts';
import { readValue } from '../../zlm/value.ts';
import { acquireRestartLock } from './lock.ts';
import { configuredListeners, holders, label, probeHost, type Listener } from './ports.ts';
import { waitReady, type ReadyOutcome } from './ready.ts';
import { systemRestartSys } from './sys.ts';
import { groupPids } from './target.ts';
import type { PhaseName, PhaseReport, RestartOptions, RestartResult, RestartSys, StartSpec } from './types.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** A shell-quoted command line, for a message the operator may copy. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The command that starts the server by hand, as the restart would. */
export function startLine(spec: StartSpec): string {
  const cmd = spec.command === spec.argv[0] ? spec.argv : [spec.command, ...spec.argv.slice(1)];
  return `cd ${shellLine([spec.cwd])} && setsid ${shellLine(cmd)} >/dev/null 2>&1 &`;
}

export function findServers(sys: RestartSys): MediaServerProcess[] {
  try {
    return findMediaServers({ root: sys.procRoot, passwd: sys.passwd, ...(sys.clkTck ? { clkTck: sys.clkTck } : {}) });
  } catch {
    return [];
  }
}

export function samePath(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && resolvePath(a) === resolvePath(b);
}

/**
 * The process reads this config. A process in its own mount namespace (a unit
 * with PrivateTmp=, a container) has its paths under /proc/<pid>/root, which
 * differ per pid: its path as it sees it (`inner`) is compared too.
 */
export function readsConfig(s: MediaServerProcess, configPath: string, inner?: string): boolean {
  return samePath(s.configPath, configPath) || (inner !== undefined && s.containerPaths?.configPath !== undefined && samePath(s.containerPaths.configPath, inner));
}

/** Phases, timings and the outcome of one restart or start. */
export class Recorder {
  readonly t0 = performance.now();
  private clock = this.t0;
  readonly res: RestartResult = { version: 1, result: 'refused', sigkill: false, serverDown: false, phases: [], notes: [], ms: 0 };
  constructor(private readonly onPhase?: (p: PhaseReport) => void) {}

  phase(name: PhaseName, ok: boolean, message: Localized, details?: string[]): void {
    const now = performance.now();
    const p: PhaseReport = { phase: name, ok, ms: Math.round(now - this.clock), message, ...(details?.length ? { details } : {}) };
    this.clock = now;
    this.res.phases.push(p);
    this.onPhase?.(p);
  }

  finish(result: RestartResult['result'], reason?: Localized): RestartResult {
    this.res.result = result;
    if (reason) this.res.reason = reason;
    this.res.ms = Math.round(performance.now() - this.t0);
    return this.res;
  }

  refuse(name: PhaseName, reason: Localized, details?: string[]): RestartResult {
    this.phase(name, false, reason, details);
    return this.finish('refused', reason);
  }
}

/** What a start needs to know about the config it starts on. */
export interface ConfigFacts {
  configPath: string;
  /** the path as the server sees it, when it runs in its own mount namespace */
  innerConfigPath?: string;
  /** the listeners that must be up (optional ones only when they were up before) */
  required: Listener[];
  /** every configured listener */
  listeners: Listener[];
  host: string;
  apiBase?: string;
  secret: () => string | undefined;
}

export function configFacts(configPath: string, doc: IniDocument, target: { api?: string; secret?: string }, env: NodeJS.ProcessEnv): ConfigFacts {
  const listeners = configuredListeners(doc);
  const httpPort = readValue('uint16', effective(doc, 'http.port').raw).value;
  const host = probeHost(doc);
  const apiBase = target.api?.replace(/\/+$/, '') ?? (typeof httpPort === 'number' && httpPort > 0 ? `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}` : undefined);
  const fixed = target.secret ?? env.ZLM_SECRET;
  // re-read each time: ZLM replaces a sample or empty secret at start-up and rewrites the file
  const secret = (): string | undefined => {
    if (fixed) return fixed;
    try {
      return IniDocument.parse(readFileSync(configPath, 'utf8')).get('api.secret');
    } catch {
      return doc.get('api.secret');
    }
  };
  return { configPath, listeners, required: listeners.filter((l) => !l.optional), host, ...(apiBase ? { apiBase } : {}), secret };
}

export interface LaunchInput {
  sys: RestartSys;
  spec: StartSpec;
  facts: ConfigFacts;
  deadline: number;
  timeoutMs: number;
  /** started with -d: the worker must come up too */
  watchdog: boolean;
  logDir?: string;
}

/** ports free → recheck → start → ready. The server is down when this is called. */
export async function launch(x: LaunchInput, rec: Recorder): Promise<RestartResult> {
  const { sys, spec, facts, deadline } = x;
  const res = rec.res;
  res.serverDown = true;
  const recover: Localized = { en: `start it by hand: ${startLine(spec)}`, zh: `请手动启动：${startLine(spec)}` };

  // ---- ports free ---------------------------------------------------------------------------------
  let busy: string[] = [];
  for (;;) {
    const { sockets } = listeningSockets({ root: sys.procRoot });
    const h = holders(facts.required, sockets);
    busy = facts.required.filter((l) => h.get(l)!.held).map((l) => `${label(l)}: ${h.get(l)!.pids.map((p) => `${processComm(p, { root: sys.procRoot }) ?? '?'} (pid ${p})`).join(', ') || '?'}`);
    if (busy.length === 0 || performance.now() >= deadline) break;
    await sys.sleep(100);
  }
  if (busy.length) {
    rec.phase('ports', false, { en: `still held: ${busy.join('; ')}`, zh: `仍被占用：${busy.join('；')}` }, busy);
    return rec.finish('failed', { en: `the server is stopped but a configured port is held, so it was not started: ${busy.join('; ')}. Free it, then ${recover.en}`, zh: `服务已停止，但配置的端口被占用，因此未启动：${busy.join('；')}。释放后${recover.zh}` });
  }
  rec.phase('ports', true, { en: `all ${facts.required.length} configured port(s) free`, zh: `全部 ${facts.required.length} 个配置端口空闲` });

  // ---- recheck: never a second instance --------------------------------------------------------------
  const again = findServers(sys).filter((s) => readsConfig(s, facts.configPath, facts.innerConfigPath));
  if (again.length) {
    res.serverDown = false;
    const who = again.map((s) => `pid ${s.pid}`).join(', ');
    rec.phase('recheck', false, { en: `a MediaServer on this config is running (${who})`, zh: `此配置的 MediaServer 正在运行（${who}）` });
    return rec.finish('failed', { en: `a MediaServer on ${facts.configPath} is running (${who}), started by someone else meanwhile: not starting a second instance`, zh: `已有使用 ${facts.configPath} 的 MediaServer 在运行（${who}，期间由他人启动）：不会再启动第二个实例` });
  }
  rec.phase('recheck', true, { en: 'no MediaServer on this config is running', zh: '没有使用此配置的 MediaServer 在运行' });

  // ---- start ----------------------------------------------------------------------------------------
  let spawned;
  try {
    spawned = await sys.spawn(spec);
  } catch (e) {
    rec.phase('start', false, { en: `could not start ${spec.command}: ${(e as Error).message}`, zh: `无法启动 ${spec.command}：${(e as Error).message}` });
    return rec.finish('failed', { en: `the server is stopped and could not be started: ${(e as Error).message}. ${recover.en}`, zh: `服务已停止且无法启动：${(e as Error).message}。${recover.zh}` });
  }
  rec.phase('start', true, { en: `started pid ${spawned.pid}, detached: ${shellLine(spec.argv)}`, zh: `已在后台启动 pid ${spawned.pid}：${shellLine(spec.argv)}` }, [`cwd: ${spec.cwd}`, `command: ${spec.command}`]);
  const pid = spawned.pid;
  const ready = await waitReady({ isNew: (g) => g.top.pid === pid, needWorker: x.watchdog, spawned, ...(facts.apiBase ? { apiBase: facts.apiBase } : {}), secret: facts.secret, listeners: facts.required, host: facts.host, deadline }, sys);
  return readyEnd(ready, x, rec, 'restarted');
}

export function readyEnd(ready: ReadyOutcome, x: Pick<LaunchInput, 'facts' | 'timeoutMs' | 'logDir'>, rec: Recorder, success: RestartResult['result']): RestartResult {
  const res = rec.res;
  const { facts } = x;
  if (ready.group) res.after = { pids: groupPids(ready.group), configPath: facts.configPath, ...(facts.apiBase ? { apiBase: facts.apiBase } : {}) };
  if (!ready.ok) {
    res.serverDown = ready.exited !== undefined || !ready.group;
    const seconds = Math.round(x.timeoutMs / 100) / 10;
    const log = x.logDir ? ` (${x.logDir})` : '';
    const why: Localized =
      ready.exited !== undefined
        ? { en: `it exited (status ${ready.exited}) before it was ready: see its log${log}; a port taken meanwhile is the usual cause`, zh: `它在就绪前退出（状态 ${ready.exited}）：请查看其日志${log}；常见原因是端口在此期间被占用` }
        : { en: `not ready within ${seconds} s: ${ready.missing.join(', ')}`, zh: `${seconds} 秒内未就绪：${ready.missing.join('、')}` };
    rec.phase('ready', false, why, ready.missing);
    return rec.finish('failed', why);
  }
  res.serverDown = false;
  const apiNote: Localized =
    ready.api === 'ok'
      ? { en: 'API answers', zh: 'API 已响应' }
      : ready.api === 'refused'
        ? { en: 'API answers but refuses our secret or address', zh: 'API 有响应但拒绝了我们的密钥或地址' }
        : { en: 'API not checked (http.port is 0)', zh: '未检查 API（http.port 为 0）' };
  rec.phase('ready', true, { en: `${apiNote.en}; ${facts.required.length} listener(s) accept; new pid ${res.after!.pids.join(', ')}`, zh: `${apiNote.zh}；${facts.required.length} 个监听可连接；新 pid ${res.after!.pids.join('、')}` });
  return rec.finish(success);
}

/**
 * Start a MediaServer that is not running, from a StartSpec (a failed
 * restart's `startSpec`): config read from the spec's `-c` (or `configPath`),
 * lock, ports free, no instance on this config, start, ready. Result
 * 'started', or 'refused' / 'failed' with the reason.
 */
export async function startServer(spec: StartSpec, opts: RestartOptions & { configPath: string; api?: string; secret?: string; logDir?: string }): Promise<RestartResult> {
  const sys = systemRestartSys(opts.sys);
  const rec = new Recorder(opts.onPhase);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = rec.t0 + timeoutMs;
  const watchdog = parseMediaServerArgs(spec.argv).daemon;
  rec.res.mode = watchdog ? 'watchdog' : 'bare';
  rec.res.startSpec = spec;
  let doc: IniDocument;
  try {
    doc = readConfigFile(opts.configPath).doc;
  } catch (e) {
    return rec.refuse('preflight', { en: `cannot read ${opts.configPath}: ${(e as Error).message}`, zh: `无法读取 ${opts.configPath}：${(e as Error).message}` });
  }
  const facts = configFacts(opts.configPath, doc, opts, opts.env ?? process.env);
  const running = findServers(sys).filter((s) => samePath(s.configPath, opts.configPath));
  if (running.length) {
    const who = running.map((s) => `pid ${s.pid}`).join(', ');
    return rec.refuse('recheck', { en: `a MediaServer on ${opts.configPath} is running (${who}): not starting a second instance`, zh: `已有使用 ${opts.configPath} 的 MediaServer 在运行（${who}）：不会再启动第二个实例` });
  }
  if (opts.dryRun) {
    rec.res.plan = [{ en: `start, detached: ${startLine(spec)}`, zh: `在后台启动：${startLine(spec)}` }];
    return rec.finish('dry-run');
  }
  const lock = acquireRestartLock(opts.configPath, opts.stateDir);
  if (!lock.ok) {
    return rec.refuse('lock', lock.holder !== undefined ? { en: `a restart of this server is running (pid ${lock.holder}, lock ${lock.path})`, zh: `此服务的重启正在进行（pid ${lock.holder}，锁文件 ${lock.path}）` } : { en: `cannot take the lock ${lock.path}: ${lock.error}`, zh: `无法获取锁 ${lock.path}：${lock.error}` });
  }
  rec.phase('lock', true, { en: `lock ${lock.path}`, zh: `锁 ${lock.path}` });
  try {
    const r = await launch({ sys, spec, facts, deadline, timeoutMs, watchdog, ...(opts.logDir ? { logDir: opts.logDir } : {}) }, rec);
    return r.result === 'restarted' ? rec.finish('started') : r;
  } finally {
    lock.release();
  }
}
