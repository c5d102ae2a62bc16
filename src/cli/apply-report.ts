/**
 * How an executed `apply` (or `rollback`) is reported: each step with its time, the changes, what was
 * verified (and, after a rollback, what verified the rollback), the history revisions, the reason.
 * JSON: {"version":1,"result":"applied|rolled-back|refused","reload":"none|live|sighup|restart",
 * "changes":[…],"verified":[…],"reason",…}. Values of secrets appear only as fingerprint tokens.
 */
import type { ApplyOutcome, ApplyPlan, VerifyOutcome } from '../change/apply/index.ts';
import type { Lang } from '../i18n/index.ts';
import { changeLine, planJson } from './apply.ts';
import { pushAll } from '../util/arrays.ts';

const T = {
  head: { en: (t: string, d: string) => `apply: ${t} ← ${d}`, zh: (t: string, d: string) => `apply：${t} ← ${d}` },
  steps: { en: 'steps:', zh: '步骤：' },
  changes: { en: 'changes:', zh: '改动：' },
  none: { en: '  (none)', zh: '  （无）' },
  verified: { en: 'verified:', zh: '验证：' },
  rollbackVerified: { en: 'rollback verified:', zh: '回滚验证：' },
  refused: { en: 'refused:', zh: '拒绝：' },
  result: {
    applied: { en: 'applied', zh: '已应用' },
    'rolled-back': { en: 'ROLLED BACK', zh: '已回滚' },
    refused: { en: 'refused', zh: '已拒绝' },
  },
  down: { en: 'the server is DOWN', zh: '服务已停止' },
  history: { en: (b: string, a: string) => `history: before ${b}, after ${a}`, zh: (b: string, a: string) => `历史：之前 ${b}，之后 ${a}` },
};

const STEP: Record<string, { en: string; zh: string }> = {
  validate: { en: 'validate', zh: '校验' },
  discover: { en: 'discover', zh: '发现' },
  snapshot: { en: 'snapshot', zh: '快照' },
  write: { en: 'write', zh: '写入' },
  reload: { en: 'reload', zh: '重新加载' },
  restart: { en: 'restart', zh: '重启' },
  verify: { en: 'verify', zh: '验证' },
  rollback: { en: 'rollback', zh: '回滚' },
  'verify-rollback': { en: 'verify rollback', zh: '验证回滚' },
  record: { en: 'record', zh: '记录' },
};

const OPTIONAL = {
  lazy: { en: 'binds on first use', zh: '首次使用时才绑定' },
  feature: { en: 'only in builds with it', zh: '仅部分编译版本具备' },
  advisory: { en: 'seen from here, through any port mapping', zh: '从本机检查，中间可能有端口映射' },
};

function verifyText(v: VerifyOutcome, L: Lang): string {
  // an optional listener that is down is normal (onvif binds lazily; rtc/srt only in some builds): '·', not a warning
  const mark = v.ok ? '✓' : v.optional ? (v.optional === 'advisory' ? '!' : '·') : '✗';
  let what: string;
  switch (v.check) {
    case 'api':
      what = L === 'zh' ? 'API 有应答' : 'the API answers';
      break;
    case 'config':
      what = L === 'zh' ? `getServerConfig 显示目标值：${v.keys?.join('、')}` : `getServerConfig shows the intended value of: ${v.keys?.join(', ')}`;
      break;
    case 'listener':
      what = L === 'zh' ? `监听：${v.key} ${v.port}/${v.transport}${v.optional ? `（${OPTIONAL[v.optional].zh}）` : ''}` : `listening: ${v.key} ${v.port}/${v.transport}${v.optional ? ` (${OPTIONAL[v.optional].en})` : ''}`;
      if (!v.ok && v.optional && v.optional !== 'advisory') return `  ${mark} ${what}: ${L === 'zh' ? '未监听' : 'not up'}`;
      break;
    case 'port-free':
      what = L === 'zh' ? `已释放：${v.port}（原 ${v.key}）` : `free: ${v.port} (the old ${v.key})`;
      break;
    case 'hook-keepalive':
      what = L === 'zh' ? 'hook 链路：on_server_keepalive 送达接收方' : 'the hook chain: on_server_keepalive reaches its receiver';
      break;
    case 'rollback-config':
      what = L === 'zh' ? '配置文件与之前逐字节相同' : 'the file is byte-identical to before';
      break;
  }
  return `  ${mark} ${what}${!v.ok && v.detail ? ` — ${v.detail[L]}` : ''}`;
}

const short = (r: string | null | undefined) => (r ? r.slice(0, 12) : '-');

export function outcomeText(r: ApplyOutcome, plan: ApplyPlan, L: Lang, target: string, desiredName: string, refusedLines: string[]): string {
  const out = [T.head[L](target, desiredName)];
  out.push(T.steps[L]);
  for (const s of r.steps) out.push(`  ${s.ok ? '✓' : '✗'} ${STEP[s.step]![L]} (${s.ms} ms): ${s.message[L]}`);
  if (refusedLines.length) pushAll(out, [T.refused[L], ...refusedLines]);
  out.push(T.changes[L]);
  pushAll(out, plan.changes.length ? plan.changes.map((c) => changeLine(c, L)) : [T.none[L]]);
  if (r.verified.length) pushAll(out, [T.verified[L], ...r.verified.map((v) => verifyText(v, L))]);
  if (r.rollbackVerified?.length) pushAll(out, [T.rollbackVerified[L], ...r.rollbackVerified.map((v) => verifyText(v, L))]);
  for (const n of r.notes) out.push(`! ${n[L]}`);
  if (r.history.before !== undefined || r.history.after !== undefined) out.push(T.history[L](short(r.history.before), short(r.history.after)));
  const mark = r.result === 'applied' ? '✓' : '✗';
  out.push(`${mark} ${T.result[r.result][L]} (${r.reload}, ${r.ms} ms): ${r.reason[L]}${r.serverDown ? ` — ${T.down[L]}` : ''}`);
  return out.join('\n') + '\n';
}

export function outcomeJson(r: ApplyOutcome, plan: ApplyPlan, L: Lang, extra: Record<string, unknown>): Record<string, unknown> {
  const base = planJson(plan, L, extra);
  const v = (x: VerifyOutcome) => ({ ...x, ...(x.detail ? { detail: x.detail[L] } : {}) });
  return {
    ...base,
    result: r.result,
    reload: r.reload,
    verified: r.verified.map(v),
    reason: r.reason[L],
    ...(r.rollbackVerified ? { rollbackVerified: r.rollbackVerified.map(v) } : {}),
    steps: r.steps.map((s) => ({ step: s.step, ok: s.ok, ms: s.ms, message: s.message[L] })),
    notes: r.notes.map((n) => n[L]),
    ...(r.backup ? { backup: r.backup } : {}),
    history: { before: r.history.before ?? null, after: r.history.after ?? null, ...(r.history.dir ? { dir: r.history.dir } : {}) },
    serverDown: r.serverDown,
    ms: r.ms,
  };
}
