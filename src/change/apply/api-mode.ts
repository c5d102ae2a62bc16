/**
 * An API-only target (`apply --api URL` without the file): setServerConfig for the live keys (ZLM rewrites
 * its own config file in its dump format), getServerConfig to verify, and the old values set back through
 * the API when verification fails. Keys read at start-up only are never applied here: the plan names them.
 */
import type { Localized } from '../../i18n/index.ts';
import { createZlmApi } from '../../zlm/api.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { L, type ApplyOutcome, type Run } from './context.ts';
import { failed, verifySteps } from './verify.ts';

export async function apiMode(run: Run): Promise<ApplyOutcome> {
  const { x, st, deadline, plan, out, done, record, secretOf } = run;
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
