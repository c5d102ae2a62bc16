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
import { ConcurrentModificationError, SafeWriteError, writeFileSafely } from '../safe-write.ts';
import { configFacts, findServers, readsConfig } from '../restart/launch.ts';
import { probeHost } from '../restart/ports.ts';
import { restartServer } from '../restart/index.ts';
import { groupPids, groupsOf, type ServerGroup } from '../restart/target.ts';
import type { RestartResult } from '../restart/types.ts';
import { apiMode } from './api-mode.ts';
import { alive, L, makeRun, readRunning, type ApplyOutcome, type ExecuteInput, type Run } from './context.ts';
import { rollbackProcess } from './rollback-process.ts';
import { failed, verifySteps } from './verify.ts';

export type { ApplyOutcome, ApplyResultKind, ApplyStep, ApplyStepName, ExecuteInput } from './context.ts';

export async function executeApply(x: ExecuteInput): Promise<ApplyOutcome> {
  const run = makeRun(x);
  const { plan, st } = run;
  // ---- 1. validate ---------------------------------------------------------------------------------
  if (plan.result === 'refused') {
    st.add('validate', false, plan.reason);
    return run.done('refused', 1, plan.reason);
  }
  st.add('validate', true, L(`${plan.changes.length} change(s); no error finding blocks them`, `${plan.changes.length} 处改动；没有阻止应用的错误`));
  return x.mode === 'api' ? apiMode(run) : processMode(run);
}

// ══════════════════════════════════════ file + process ══════════════════════════════════════
export async function processMode(run: Run): Promise<ApplyOutcome> {
  const { x, env, sys, st, deadline, plan, out, notes, done, record, secretOf, fixedSecret } = run;
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
    const live = await readRunning(apiBase, secretOf(curMap), deadline);
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
  const back = await rollbackProcess(run, file, cur.bytes, want, sameBytes, group, restarted, runningBefore, apiBase, host, pids);
  await record('rolled back', { file });
  return done('rolled-back', 1, L(`${why!.en}. ${back.en}`, `${why!.zh}。${back.zh}`));
}
