/**
 * A restart result for people (one line per phase, timed) and for programs
 * (`--format json`, version 1). Messages in English or 简体中文.
 */
import { tr, type Lang, type Localized } from '../../i18n/index.ts';
import type { RestartResult } from './types.ts';

const VERDICT: Record<RestartResult['result'], Localized> = {
  restarted: { en: 'Restarted', zh: '已重启' },
  started: { en: 'Started', zh: '已启动' },
  'dry-run': { en: 'Plan (dry run, nothing done)', zh: '计划（试运行，未执行任何操作）' },
  refused: { en: 'Not restarted (nothing was changed)', zh: '未重启（未做任何改动）' },
  manual: { en: 'Not restarted from here', zh: '未从此处重启' },
  failed: { en: 'Restart failed', zh: '重启失败' },
};

const PHASE: Record<string, Localized> = {
  discover: { en: 'discover', zh: '发现' },
  lock: { en: 'lock', zh: '加锁' },
  preflight: { en: 'preflight', zh: '预检' },
  stop: { en: 'stop', zh: '停止' },
  ports: { en: 'ports free', zh: '端口释放' },
  recheck: { en: 'recheck', zh: '复查' },
  start: { en: 'start', zh: '启动' },
  ready: { en: 'ready', zh: '就绪' },
};

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function restartText(r: RestartResult, lang: Lang, verbose = false): string {
  const out: string[] = [];
  const pids = r.before && r.after ? ` (pid ${r.before.pids.join('+')} → ${r.after.pids.join('+')})` : '';
  const mark = r.result === 'restarted' || r.result === 'started' || r.result === 'dry-run' ? '✓' : '✗';
  out.push(`${mark} ${tr(VERDICT[r.result], lang)}${r.mode ? ` [${r.mode}${r.unit ? ` ${r.unit}` : ''}]` : ''}${pids} ${lang === 'zh' ? '用时' : 'in'} ${secs(r.ms)}`);
  if (r.reason) out.push(`  ${tr(r.reason, lang)}`);
  if (r.serverDown && r.result === 'failed') out.push(`  ${lang === 'zh' ? '‼ 服务当前未运行' : '‼ the server is NOT running now'}`);
  for (const p of r.phases) {
    out.push(`  ${p.ok ? '✓' : '✗'} ${tr(PHASE[p.phase] ?? { en: p.phase, zh: p.phase }, lang).padEnd(10)} ${secs(p.ms).padStart(8)}  ${tr(p.message, lang)}`);
    if (verbose || !p.ok) for (const d of p.details ?? []) out.push(`      ${d}`);
  }
  if (r.plan?.length) {
    out.push(lang === 'zh' ? '  步骤：' : '  Steps:');
    r.plan.forEach((s, i) => out.push(`    ${i + 1}. ${tr(s, lang)}`));
  }
  for (const n of r.notes) out.push(`  ! ${tr(n, lang)}`);
  if (r.command && r.result !== 'manual') out.push(`  $ ${r.command}`);
  return out.join('\n') + '\n';
}

export function restartJson(r: RestartResult, lang: Lang): object {
  return {
    version: 1,
    result: r.result,
    ...(r.mode ? { mode: r.mode } : {}),
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.containerId ? { containerId: r.containerId } : {}),
    ...(r.before ? { before: r.before } : {}),
    ...(r.after ? { after: r.after } : {}),
    sigkill: r.sigkill,
    serverDown: r.serverDown,
    ms: r.ms,
    phases: r.phases.map((p) => ({ phase: p.phase, ok: p.ok, ms: p.ms, message: tr(p.message, lang), ...(p.details ? { details: p.details } : {}) })),
    ...(r.reason ? { reason: tr(r.reason, lang) } : {}),
    ...(r.command ? { command: r.command } : {}),
    ...(r.plan ? { plan: r.plan.map((s) => tr(s, lang)) } : {}),
    notes: r.notes.map((n) => tr(n, lang)),
  };
}
