/**
 * `executeApply`: the plan (plan.ts) carried out, step by step, each step timed and reported.
 *
 *   validate → discover → snapshot (before) → write → reload (SIGHUP | setServerConfig) or restart
 *   → verify → [roll back → verify the rollback] → snapshot (after / rolled back)
 *
 * A file target (`process`): config.ini is written atomically (backup, change detection; the caller
 * holds the apply lock), then SIGHUP to the worker (ZLM re-reads the file and does NOT rewrite it,
 * so the file stays byte-identical to what was written), or restartServer when a start-up-only key
 * changed. setServerConfig is never used on a file target: it rewrites the whole file in ZLM's dump format.
 * An API target (`api`): setServerConfig for the live keys; ZLM rewrites its own file (said in the notes).
 *
 * When verification fails, the backup is put back byte for byte and the server brought back to it
 * (SIGHUP, restart, or a start when a failed restart left it down), and that is verified too.
 * A reload keeps keys the old file lacks at their new value: those are set back through
 * setServerConfig and the old bytes written again over ZLM's dump.
 */
import { readFileSync } from 'node:fs';
import type { Localized } from '../../i18n/index.ts';
import type { IniDocument } from '../../ini/document.ts';
import { createZlmApi } from '../../zlm/api.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { ConcurrentModificationError, SafeWriteError, restoreFromBackup, writeFileSafely } from '../safe-write.ts';
import { configFacts, findServers, readsConfig } from '../restart/launch.ts';
import { configuredListeners, probeHost } from '../restart/ports.ts';
import { restartServer, startServer } from '../restart/index.ts';
import { systemRestartSys } from '../restart/sys.ts';
import { groupPids, groupsOf, type ServerGroup } from '../restart/target.ts';
import type { RestartResult, RestartSys } from '../restart/types.ts';
import type { ApplyPlan, PlanReload, VerifyStep } from './plan.ts';
import { failed, verifySteps, type VerifyOutcome } from './verify.ts';
import { recordSnapshot, type HistoryNote } from './record.ts';

export type ApplyStepName = 'validate' | 'discover' | 'snapshot' | 'write' | 'reload' | 'restart' | 'verify' | 'rollback' | 'verify-rollback' | 'record';

export interface ApplyStep {
  step: ApplyStepName;
  ok: boolean;
  ms: number;
  message: Localized;
  details?: string[];
}

export interface ExecuteInput {
  mode: 'process' | 'api';
  /** process: the config file ZLM runs on */
  configPath?: string;
  /** process: the file as read (under the apply lock) */
  current?: { bytes: Buffer; doc: IniDocument };
  /** the desired config: bytes to write (process) and its map */
  desired: { bytes?: Buffer; map: ReadonlyMap<string, string> };
  plan: ApplyPlan;
  /** --api; default: from the config (general.listen_ip / loopback and http.port) */
  api?: string;
  /** --secret; default ZLM_SECRET, else the config's api.secret */
  secret?: string;
  /** api: the running config as read before */
  running?: ReadonlyMap<string, string>;
  /** history store; undefined: nothing recorded (said in the notes) */
  stateDir?: string;
  /** what the history reasons start with: 'apply' (default) or 'rollback to <rev>' */
  label?: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  backupDir?: string;
  sys?: Partial<RestartSys>;
  onStep?: (s: ApplyStep) => void;
  /** tests: runs right after the file is written (e.g. to make the target unreachable) */
  afterWrite?: () => Promise<void> | void;
}

export type ApplyResultKind = 'applied' | 'rolled-back' | 'refused';

export interface ApplyOutcome {
  result: ApplyResultKind;
  reload: PlanReload;
  /** 0 applied, 1 refused or rolled back, 2 could not run (nothing changed) */
  exitCode: 0 | 1 | 2;
  steps: ApplyStep[];
  verified: VerifyOutcome[];
  rollbackVerified?: VerifyOutcome[];
  reason: Localized;
  notes: Localized[];
  backup?: string;
  history: HistoryNote;
  /** the server is down after this apply */
  serverDown: boolean;
  /** the restart's phases, when one ran */
  restart?: RestartResult[];
  ms: number;
}

const L = (en: string, zh: string): Localized => ({ en, zh });

class Steps {
  readonly t0 = performance.now();
  private clock = this.t0;
  readonly list: ApplyStep[] = [];
  constructor(private readonly on?: (s: ApplyStep) => void) {}
  add(step: ApplyStepName, ok: boolean, message: Localized, details?: string[]): void {
    const now = performance.now();
    const s: ApplyStep = { step, ok, ms: Math.round(now - this.clock), message, ...(details?.length ? { details } : {}) };
    this.clock = now;
    this.list.push(s);
    this.on?.(s);
  }
}

function alive(sys: RestartSys, pid: number): boolean {
  try {
    const st = readFileSync(`${sys.procRoot}/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(st);
  } catch {
    return false;
  }
}

export async function executeApply(x: ExecuteInput): Promise<ApplyOutcome> {
  const env = x.env ?? process.env;
  const sys = systemRestartSys(x.sys);
  const st = new Steps(x.onStep);
  const deadline = st.t0 + x.timeoutMs;
  const label = x.label ?? 'apply';
  const notes: Localized[] = [...x.plan.notes];
  const plan = x.plan;
  const out: ApplyOutcome = { result: 'refused', reload: plan.reload, exitCode: 1, steps: st.list, verified: [], reason: plan.reason, notes, history: {}, serverDown: false, ms: 0 };
  const done = (result: ApplyResultKind, exitCode: 0 | 1 | 2, reason: Localized): ApplyOutcome => {
    out.result = result;
    out.exitCode = exitCode;
    out.reason = reason;
    out.ms = Math.round(performance.now() - st.t0);
    return out;
  };

  // ---- 1. validate ---------------------------------------------------------------------------------
  if (plan.result === 'refused') {
    st.add('validate', false, plan.reason);
    return done('refused', 1, plan.reason);
  }
  st.add('validate', true, L(`${plan.changes.length} change(s); no error finding blocks them`, `${plan.changes.length} 处改动；没有阻止应用的错误`));

  const changed = plan.changes.map((c) => c.key);
  const changesSecret = changed.includes('api.secret');
  const fixedSecret = x.secret ?? env.ZLM_SECRET;
  const secretOf = (m: ReadonlyMap<string, string> | undefined): string | undefined => (changesSecret ? m?.get('api.secret') : (fixedSecret ?? m?.get('api.secret')));

  if (x.mode === 'api') return apiMode();
  return processMode();

  // ══════════════════════════════════════ file + process ══════════════════════════════════════
  async function processMode(): Promise<ApplyOutcome> {
    const file = x.configPath!;
    const cur = x.current!;
    const want = x.desired.bytes!;
    const curMap = cur.doc.toMap();
    const facts = configFacts(file, cur.doc, { ...(x.api ? { api: x.api } : {}) }, {});
    const apiBase = facts.apiBase;
    const host = probeHost(cur.doc);
    const sameBytes = want.equals(cur.bytes);

    // ---- 2. discover: the server on this file, answering --------------------------------------------
    let group: ServerGroup | undefined;
    let runningBefore: Record<string, string> | undefined;
    if (plan.reload !== 'none') {
      const groups = groupsOf(findServers(sys).filter((s) => readsConfig(s, file)));
      if (groups.length !== 1) {
        const why =
          groups.length === 0
            ? L(`no running MediaServer reads ${file}: there is nothing to reload (to change the file alone, edit it or use zlm-doctor render); nothing was changed`, `没有正在运行的 MediaServer 读取 ${file}：没有可重新加载的对象（只改文件请直接编辑或使用 zlm-doctor render）；未做任何修改`)
            : L(`${groups.length} MediaServer groups read ${file} (${groups.map((g) => groupPids(g).join('+')).join(', ')}): refusing to guess; nothing was changed`, `有 ${groups.length} 组 MediaServer 读取 ${file}（${groups.map((g) => groupPids(g).join('+')).join('、')}）：不做猜测；未做任何修改`);
        st.add('discover', false, why);
        return done('refused', 2, why);
      }
      group = groups[0]!;
      const live = await readRunning(apiBase, secretOf(curMap));
      if (!live.ok) {
        const why = L(`the API does not answer before anything changed (${live.why.en}); nothing was changed`, `在任何改动之前 API 就没有应答（${live.why.zh}）；未做任何修改`);
        st.add('discover', false, why);
        return done('refused', 2, why);
      }
      runningBefore = live.data;
      if (plan.reload === 'restart') {
        const dry = await restartServer({ config: file, ...(apiBase ? { api: apiBase } : {}), ...(fixedSecret ? { secret: fixedSecret } : {}) }, { dryRun: true, env, ...(x.sys ? { sys: x.sys } : {}) });
        if (dry.result !== 'dry-run') {
          const why = L(`a restart is needed (${plan.restartKeys.join(', ')}) but cannot be done from here: ${dry.reason?.en ?? dry.result}; nothing was changed`, `需要重启（${plan.restartKeys.join('、')}），但无法在此执行：${dry.reason?.zh ?? dry.result}；未做任何修改`);
          st.add('discover', false, why);
          return done('refused', dry.result === 'manual' ? 1 : 2, why);
        }
      }
      st.add('discover', true, L(`MediaServer ${groupPids(group).join('+')} on ${file}; API ${apiBase} answers`, `MediaServer ${groupPids(group).join('+')} 使用 ${file}；API ${apiBase} 有应答`));
    }

    // ---- 3. snapshot before ----------------------------------------------------------------------------
    await record('before', { file, text: cur.doc.text });

    // ---- 4. write ---------------------------------------------------------------------------------------
    if (sameBytes) {
      st.add('write', true, L(`${file} already holds these bytes: not written`, `${file} 已是这些内容：未写入`));
    } else {
      try {
        const w = writeFileSafely(file, want, { expected: cur.bytes, ...(x.backupDir ? { backupDir: x.backupDir } : {}) });
        out.backup = w.backupPath!;
        st.add('write', true, L(`wrote ${w.target} (${w.mode}); backup ${w.backupPath}`, `已写入 ${w.target}（${w.mode === 'atomic' ? '原子写入' : '原地写入'}）；备份 ${w.backupPath}`));
      } catch (e) {
        const why =
          e instanceof ConcurrentModificationError
            ? L(e.message, e.zh)
            : e instanceof SafeWriteError
              ? L(`${e.message}; nothing was changed`, `${e.zh}；未做任何修改`)
              : L(`${file}: ${(e as Error).message}`, `${file}：${(e as Error).message}`);
        st.add('write', false, why);
        return done('refused', e instanceof ConcurrentModificationError ? 1 : 2, why);
      }
    }
    await x.afterWrite?.();

    // ---- 5. reload or restart -------------------------------------------------------------------------
    let reloadOk = true;
    let why: Localized | undefined;
    let restarted: RestartResult | undefined;
    if (plan.reload === 'sighup') {
      const pid = group!.workers[0]?.pid ?? group!.top.pid;
      const sent = alive(sys, pid) && sys.kill(pid, 'SIGHUP');
      reloadOk = sent;
      if (sent) st.add('reload', true, L(`SIGHUP to ${group!.workers.length ? 'the worker' : 'MediaServer'} pid ${pid}: it re-reads ${file}`, `已向${group!.workers.length ? '工作进程' : ' MediaServer'} pid ${pid} 发送 SIGHUP：重新读取 ${file}`));
      else {
        why = L(`MediaServer pid ${pid} is gone: the target became unreachable during apply`, `MediaServer pid ${pid} 已不存在：目标在应用过程中变得不可达`);
        st.add('reload', false, why);
      }
    } else if (plan.reload === 'restart') {
      restarted = await restartServer(
        { config: file, ...(x.api ? { api: x.api } : {}), ...(secretOf(x.desired.map) ? { secret: secretOf(x.desired.map)! } : {}) },
        { timeoutMs: Math.max(5000, deadline - performance.now()), env, ...(x.sys ? { sys: x.sys } : {}) },
      );
      out.restart = [restarted];
      reloadOk = restarted.result === 'restarted';
      const phases = restarted.phases.map((p) => `${p.ok ? '✓' : '✗'} ${p.phase} ${p.ms} ms: ${p.message.en}`);
      if (reloadOk) st.add('restart', true, L(`restarted for ${plan.restartKeys.join(', ')} (read at start-up only): pid ${restarted.after?.pids.join('+')}`, `已因 ${plan.restartKeys.join('、')}（仅启动时读取）重启：pid ${restarted.after?.pids.join('+')}`), phases);
      else {
        why = L(`the restart ${restarted.result === 'refused' ? 'was refused' : 'failed'}: ${restarted.reason?.en ?? restarted.result}`, `重启${restarted.result === 'refused' ? '被拒绝' : '失败'}：${restarted.reason?.zh ?? restarted.result}`);
        st.add('restart', false, why, phases);
      }
    } else {
      st.add('reload', true, L(plan.changes.length ? 'nothing to reload: no ZLM code reads the changed keys' : 'nothing changes', plan.changes.length ? '无需重新加载：ZLM 不读取改动的配置项' : '没有任何改动'));
    }

    // ---- 6. verify ----------------------------------------------------------------------------------------
    const pids = (): number[] | undefined => {
      const g = groupsOf(findServers(sys).filter((s) => readsConfig(s, file)))[0];
      return g ? groupPids(g) : undefined;
    };
    if (reloadOk && plan.verified.length) {
      out.verified = await verifySteps(plan.verified, { apiBase, secret: secretOf(x.desired.map), expected: x.desired.map, host, pids, deadline: Math.min(deadline, performance.now() + 5000) });
      const bad = failed(out.verified);
      // SIGHUP leaves the file alone (ZLM dumps it only when it is missing): it must still be ours
      let fileNote: Localized | undefined;
      try {
        if (!sameBytes && !readFileSync(file).equals(want)) fileNote = L(`${file} changed after the reload: it no longer holds the bytes written`, `${file} 在重新加载后被改动：已不是写入的内容`);
      } catch {
        fileNote = L(`${file} is gone after the reload`, `${file} 在重新加载后不存在`);
      }
      if (fileNote) notes.push(fileNote);
      if (bad.length === 0) st.add('verify', true, L(`${out.verified.length} check(s) passed`, `${out.verified.length} 项验证通过`));
      else {
        why = L(`verification failed: ${bad.map((b) => b.detail?.en ?? b.check).join('; ')}`, `验证失败：${bad.map((b) => b.detail?.zh ?? b.check).join('；')}`);
        st.add('verify', false, why);
        reloadOk = false;
      }
    } else if (reloadOk) st.add('verify', true, L('nothing to verify', '无需验证'));

    if (reloadOk) {
      await record('after', { file });
      return done('applied', 0, plan.reason);
    }

    // ---- 7. roll back -------------------------------------------------------------------------------------
    const back = await rollbackProcess(file, cur.bytes, want, sameBytes, group, restarted, runningBefore, apiBase, host, pids);
    await record('rolled back', { file });
    return done('rolled-back', 1, L(`${why!.en}. ${back.en}`, `${why!.zh}。${back.zh}`));
  }

  async function rollbackProcess(
    file: string,
    oldBytes: Buffer,
    written: Buffer,
    sameBytes: boolean,
    group: ServerGroup | undefined,
    restarted: RestartResult | undefined,
    runningBefore: Record<string, string> | undefined,
    apiBase: string | undefined,
    host: string,
    pids: () => number[] | undefined,
  ): Promise<Localized> {
    // the file first: the backup's bytes back
    if (!sameBytes && out.backup) {
      try {
        restoreFromBackup(file, out.backup, written);
        st.add('rollback', true, L(`${file} restored from ${out.backup}, byte for byte`, `已用 ${out.backup} 逐字节恢复 ${file}`));
      } catch (e) {
        const m = e instanceof ConcurrentModificationError ? L(`${file} was changed by someone else meanwhile: not restored (the backup is ${out.backup})`, `${file} 期间被他人修改：未恢复（备份为 ${out.backup}）`) : L((e as Error).message, (e as SafeWriteError).zh ?? (e as Error).message);
        st.add('rollback', false, m);
        out.serverDown = !pids();
        return m;
      }
    }
    const oldDoc = x.current!.doc;
    const oldMap = oldDoc.toMap();
    const secret = secretOf(oldMap) ?? fixedSecret;
    // then the server
    if (plan.reload === 'sighup') {
      const g = groupsOf(findServers(sys).filter((s) => readsConfig(s, file)))[0];
      if (!g) {
        out.serverDown = true;
        const m = L(`the old config is back in ${file}, but no MediaServer runs on it any more: the server is down, start it again`, `旧配置已恢复到 ${file}，但已没有 MediaServer 在使用它：服务已停止，请重新启动`);
        st.add('rollback', false, m);
        return m;
      }
      const pid = g.workers[0]?.pid ?? g.top.pid;
      sys.kill(pid, 'SIGHUP');
      st.add('rollback', true, L(`SIGHUP to pid ${pid}: it re-reads the old config`, `已向 pid ${pid} 发送 SIGHUP：重新读取旧配置`));
    } else if (plan.reload === 'restart' && restarted) {
      let r: RestartResult | undefined;
      if (restarted.result === 'restarted' || (restarted.result === 'failed' && !restarted.serverDown && pids())) {
        r = await restartServer({ config: file, ...(apiBase ? { api: apiBase } : {}), ...(secret ? { secret } : {}) }, { timeoutMs: Math.max(10_000, deadline - performance.now()), env, ...(x.sys ? { sys: x.sys } : {}) });
      } else if (restarted.result === 'failed' && restarted.serverDown && restarted.startSpec) {
        r = await startServer(restarted.startSpec, { configPath: file, ...(apiBase ? { api: apiBase } : {}), ...(secret ? { secret } : {}), timeoutMs: Math.max(10_000, deadline - performance.now()), env, ...(x.sys ? { sys: x.sys } : {}) });
      }
      if (r) {
        out.restart!.push(r);
        const ok = r.result === 'restarted' || r.result === 'started';
        st.add('rollback', ok, ok ? L(`the server runs on the old config again: pid ${r.after?.pids.join('+')}`, `服务已重新以旧配置运行：pid ${r.after?.pids.join('+')}`) : L(`could not bring the server back on the old config: ${r.reason?.en ?? r.result}`, `无法让服务以旧配置恢复运行：${r.reason?.zh ?? r.result}`));
      } else if (restarted.result === 'refused') {
        st.add('rollback', true, L('the restart stopped nothing: the server still runs on the old config', '重启未停止任何进程：服务仍以旧配置运行'));
      }
    }

    // verify the rollback: the API answers, the changed keys show their old running values, the old listeners are up
    const expected = new Map(Object.entries(runningBefore ?? {}));
    const keys = plan.changes.map((c) => c.key).filter((k) => expected.has(k) || defaultOf(k) !== undefined);
    const steps: VerifyStep[] = [{ check: 'api' }, ...(keys.length ? [{ check: 'config' as const, keys }] : []), ...configuredListeners(oldDoc).filter((l) => !l.optional).map((l) => ({ check: 'listener' as const, key: l.key, port: l.port, transport: l.transport }))];
    const ctx = { apiBase, secret, expected, host, pids, deadline: Math.max(deadline, performance.now() + 3000) };
    let v = await verifySteps(steps, { ...ctx, deadline: Math.min(ctx.deadline, performance.now() + 10_000) });
    // a reload keeps keys the old file lacks at their new value: set them back, then the old bytes over ZLM's dump
    const stale = v.find((o) => o.check === 'config' && !o.ok) && v.find((o) => o.check === 'api')?.ok;
    if (stale && apiBase && plan.reload === 'sighup') {
      const api = createZlmApi({ base: apiBase, ...(secret ? { secret } : {}), timeoutMs: 3000 });
      const live = await api.getServerConfig();
      if (live.ok) {
        const fix: Record<string, string> = {};
        for (const k of keys) if ((live.data[k] ?? '') !== (expected.get(k) ?? '')) fix[k] = expected.get(k) ?? defaultOf(k) ?? '';
        const r = await api.setServerConfig(fix);
        try {
          const now = readFileSync(file);
          if (!now.equals(oldBytes)) writeFileSafely(file, oldBytes, { expected: now, backup: false });
        } catch {
          /* said by the check below */
        }
        st.add('rollback', r.ok, L(`the reload kept ${Object.keys(fix).join(', ')} at the new value: set back through setServerConfig, and the old bytes written again over ZLM's dump`, `重新加载保留了 ${Object.keys(fix).join('、')} 的新值：已通过 setServerConfig 改回，并在 ZLM 重写后再次写回旧内容`));
        v = await verifySteps(steps, { ...ctx, deadline: Math.min(ctx.deadline, performance.now() + 5000) });
      }
    }
    out.rollbackVerified = v;
    let same = true;
    try {
      same = readFileSync(file).equals(oldBytes);
    } catch {
      same = false;
    }
    v.push({ check: 'rollback-config', ok: same, ...(same ? {} : { detail: L(`${file} does not hold the old bytes`, `${file} 不是原来的内容`) }) });
    const bad = failed(v);
    out.serverDown = !pids();
    if (bad.length === 0) {
      st.add('verify-rollback', true, L(`rolled back: ${file} is byte-identical to before and the server serves on the old config`, `已回滚：${file} 与之前逐字节相同，服务以旧配置运行`));
      return L(`Rolled back: ${file} is byte-identical to before, the server serves on its old config`, `已回滚：${file} 与之前逐字节相同，服务以旧配置运行`);
    }
    const m = L(
      `the old config is back in ${file}${same ? ' (byte-identical)' : ''}, but the rollback did not verify: ${bad.map((b) => b.detail?.en ?? b.check).join('; ')}${out.serverDown ? '. The server is down: start it again' : ''}`,
      `旧配置已恢复到 ${file}${same ? '（逐字节相同）' : ''}，但回滚验证未通过：${bad.map((b) => b.detail?.zh ?? b.check).join('；')}${out.serverDown ? '。服务已停止：请重新启动' : ''}`,
    );
    st.add('verify-rollback', false, m);
    return m;
  }

  // ══════════════════════════════════════ API only ══════════════════════════════════════
  async function apiMode(): Promise<ApplyOutcome> {
    const base = x.api!;
    const running = x.running ?? new Map<string, string>();
    st.add('discover', true, L(`API ${base} answers (no file access: live keys only)`, `API ${base} 有应答（无文件访问：仅在线生效的配置项）`));
    await record('before', { api: base, ...(secretOf(running) ? { secret: secretOf(running)! } : {}) });
    const values: Record<string, string> = {};
    for (const c of plan.changes) if (c.via === 'setServerConfig') values[c.key] = x.desired.map.get(c.key) ?? '';
    if (Object.keys(values).length === 0) {
      st.add('reload', true, L('nothing to set through the API', '没有需要通过 API 修改的配置项'));
      return done('applied', 0, plan.reason);
    }
    const api = createZlmApi({ base, ...(secretOf(running) ? { secret: secretOf(running)! } : {}), timeoutMs: Math.max(1000, Math.min(5000, deadline - performance.now())) });
    const r = await api.setServerConfig(values);
    let why: Localized | undefined;
    if (r.ok) st.add('reload', true, L(`setServerConfig: ${Object.keys(values).join(', ')} (changed ${r.data.changed}); ZLM rewrote its config file in its own format`, `setServerConfig：${Object.keys(values).join('、')}（changed ${r.data.changed}）；ZLM 已按自己的格式重写其配置文件`));
    else {
      why = L(`setServerConfig failed: ${r.error.explain.en.split('\n')[0]}`, `setServerConfig 失败：${r.error.explain.zh.split('\n')[0]}`);
      st.add('reload', false, why);
    }
    const host = new URL(base).hostname.replace(/^\[|\]$/g, '');
    const after = new Map([...running, ...x.desired.map]);
    if (r.ok) {
      out.verified = await verifySteps(plan.verified, { apiBase: base, secret: secretOf(x.desired.map) ?? secretOf(running), expected: after, host, pids: () => undefined, advisoryListeners: true, deadline: Math.min(deadline, performance.now() + 5000) });
      const bad = failed(out.verified);
      if (bad.length === 0) {
        st.add('verify', true, L(`${out.verified.length} check(s) passed`, `${out.verified.length} 项验证通过`));
        await record('after', { api: base, ...(secretOf(after) ? { secret: secretOf(after)! } : {}) });
        return done('applied', 0, plan.reason);
      }
      why = L(`verification failed: ${bad.map((b) => b.detail?.en ?? b.check).join('; ')}`, `验证失败：${bad.map((b) => b.detail?.zh ?? b.check).join('；')}`);
      st.add('verify', false, why);
    }
    // roll back: the old running values through the API
    const old: Record<string, string> = {};
    for (const k of Object.keys(values)) old[k] = running.get(k) ?? defaultOf(k) ?? '';
    const secretNow = r.ok ? (secretOf(x.desired.map) ?? secretOf(running)) : secretOf(running);
    const back = await createZlmApi({ base, ...(secretNow ? { secret: secretNow } : {}), timeoutMs: 5000 }).setServerConfig(old);
    st.add('rollback', back.ok, back.ok ? L(`setServerConfig: ${Object.keys(old).join(', ')} set back to their old values`, `setServerConfig：已将 ${Object.keys(old).join('、')} 改回原值`) : L(`could not set the old values back: ${back.error.explain.en.split('\n')[0]}`, `无法改回原值：${back.error.explain.zh.split('\n')[0]}`));
    const v = await verifySteps([{ check: 'api' }, { check: 'config', keys: Object.keys(old) }], { apiBase: base, secret: secretOf(running), expected: new Map(Object.entries(old)), host, pids: () => undefined, deadline: Math.min(Math.max(deadline, performance.now() + 3000), performance.now() + 10_000) });
    out.rollbackVerified = v;
    const bad = failed(v);
    st.add('verify-rollback', bad.length === 0, bad.length === 0 ? L('the old values are live again', '原值已重新生效') : L(`the rollback did not verify: ${bad.map((b) => b.detail?.en ?? b.check).join('; ')}`, `回滚验证未通过：${bad.map((b) => b.detail?.zh ?? b.check).join('；')}`));
    await record('rolled back', { api: base, ...(secretOf(running) ? { secret: secretOf(running)! } : {}) });
    return done('rolled-back', 1, why!);
  }

  // ══════════════════════════════════════ helpers ══════════════════════════════════════
  async function readRunning(apiBase: string | undefined, secret: string | undefined): Promise<{ ok: true; data: Record<string, string> } | { ok: false; why: Localized }> {
    if (!apiBase) return { ok: false, why: L('http.port is 0 and no --api was given', 'http.port 为 0 且未给出 --api') };
    const api = createZlmApi({ base: apiBase, ...(secret ? { secret } : {}), timeoutMs: Math.max(500, Math.min(5000, deadline - performance.now())) });
    const r = await api.getServerConfig();
    return r.ok ? { ok: true, data: r.data } : { ok: false, why: L(`${apiBase}: ${r.error.explain.en.split('\n')[0]}`, `${apiBase}：${r.error.explain.zh.split('\n')[0]}`) };
  }

  async function record(when: 'before' | 'after' | 'rolled back', target: { file: string; text?: string } | { api: string; secret?: string }): Promise<void> {
    const r = await recordSnapshot({ stateDir: x.stateDir, when, label, target, env });
    if (when === 'before') out.history.before = r.rev;
    else out.history.after = r.rev;
    if (r.dir) out.history.dir = r.dir;
    if (r.error) out.history.error = r.error;
    st.add(when === 'before' ? 'snapshot' : 'record', !r.error, r.message);
  }
}
