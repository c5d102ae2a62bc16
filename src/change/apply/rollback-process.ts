/**
 * Rolling a file target back after a failed reload, restart or verification: the backup's bytes back
 * (byte for byte), the server brought back to them (SIGHUP; a second restart; or a start when the failed
 * restart left it down), and the rollback verified: the API answers, the changed keys show their old
 * running values, the old config's listeners are up, the file is byte-identical to before.
 * A reload keeps keys the old file lacks at their new value: those are set back through setServerConfig
 * and the old bytes written again over ZLM's dump.
 */
import { readFileSync } from 'node:fs';
import type { Localized } from '../../i18n/index.ts';
import { createZlmApi } from '../../zlm/api.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { ConcurrentModificationError, SafeWriteError, restoreFromBackup, writeFileSafely } from '../safe-write.ts';
import { findServers, readsConfig } from '../restart/launch.ts';
import { configuredListeners } from '../restart/ports.ts';
import { restartServer, startServer } from '../restart/index.ts';
import { groupsOf, type ServerGroup } from '../restart/target.ts';
import type { RestartResult } from '../restart/types.ts';
import type { VerifyStep } from './plan.ts';
import { L, type Run } from './context.ts';
import { failed, verifySteps } from './verify.ts';

export async function rollbackProcess(
  run: Run,
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
  const { x, env, sys, st, deadline, plan, out, secretOf, fixedSecret } = run;
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
