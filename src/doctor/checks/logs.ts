import type { DoctorCheck, CheckOutcome } from '../types.ts';
import { SIGNATURE_INDEX } from '../../zlm/log-signatures.ts';

/** How strongly a log signature points at a root cause, and the keys it implicates. */
const CAUSE: Record<string, { weight: number; keys: string[] }> = {
  'rtp-port-range-too-small': { weight: 93, keys: ['rtp_proxy.port_range'] },
  'port-in-use': { weight: 91, keys: [] },
  'bind-permission-denied': { weight: 91, keys: [] },
  'start-server-failed': { weight: 89, keys: [] },
  'secret-replaced': { weight: 86, keys: ['api.secret'] },
  'ip-not-allowed': { weight: 85, keys: ['http.allow_ip_range'] },
  'api-auth-failed': { weight: 80, keys: ['api.secret'] },
  'port-pool-exhausted': { weight: 80, keys: ['rtp_proxy.port_range'] },
  'stream-rejected-by-hook': { weight: 72, keys: ['hook.on_publish'] },
  'illegal-connection': { weight: 66, keys: ['hook.timeoutSec'] },
  'rtp-server-timeout': { weight: 60, keys: ['rtp_proxy.timeoutSec'] },
  'ssrc-mismatch': { weight: 50, keys: [] },
};

export const check: DoctorCheck = {
  id: 'logs',
  order: 80,
  title: { en: 'Logs', zh: '日志' },
  async run(ctx) {
    const r = await ctx.facts.logs();
    if (!r) return { status: 'skip', message: { en: 'no log directory found (give --log-dir)', zh: '未找到日志目录（用 --log-dir 指定）' } };
    if (!r.ok) return { status: 'warn', message: r.error };
    const hits = r.value.hits;
    const files = r.value.files.filter((f) => !f.skipped).length;
    const window = ctx.options.since ? ctx.t({ en: ' since {t}', zh: '（自 {t} 起）' }, { t: ctx.options.since.toISOString() }) : '';
    if (hits.length === 0) return { status: 'ok', message: ctx.t({ en: '{files} file(s) read{window}: no known fault', zh: '已读取 {files} 个文件{window}：没有已知故障' }, { files, window }) };
    const details = hits.map((h) => `${h.id} ×${h.count} (${h.firstText ?? '?'} … ${h.lastText ?? '?'})${h.subjects.length ? ` [${h.subjects.slice(0, 3).map((s) => `${s.value} ×${s.count}`).join(', ')}]` : ''}\n      ${h.sample}`);
    const diagnoses: NonNullable<CheckOutcome['diagnoses']> = [];
    for (const h of hits) {
      const sig = SIGNATURE_INDEX.get(h.id);
      const cause = CAUSE[h.id] ?? (h.id.startsWith('hook-') ? { weight: 50, keys: [] } : undefined);
      if (!sig || !cause) continue;
      diagnoses.push({
        title: ctx.t({ en: '{title}: {n} time(s) in the log{window}', zh: '{title}：日志中出现 {n} 次{window}' }, { title: ctx.t(sig.title), n: h.count, window }),
        keys: cause.keys,
        evidence: [`${h.firstText ?? '?'} … ${h.lastText ?? '?'}: ${h.sample}`, ...h.subjects.slice(0, 5).map((s) => `${s.value} ×${s.count}`)],
        fix: ctx.t(sig.fix),
        weight: cause.weight,
      });
    }
    const errors = hits.filter((h) => h.severity === 'error').length;
    return {
      status: errors ? 'fail' : 'warn',
      message: ctx.t({ en: '{files} file(s) read{window}: {n} kind(s) of fault, {c} line(s)', zh: '已读取 {files} 个文件{window}：{n} 类故障，共 {c} 行' }, { files, window, n: hits.length, c: hits.reduce((a, h) => a + h.count, 0) }),
      details,
      diagnoses,
    };
  },
};
