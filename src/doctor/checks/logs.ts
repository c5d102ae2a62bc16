import { readdirSync } from 'node:fs';
import type { DoctorCheck, CheckOutcome, DoctorContext } from '../types.ts';
import { assumedNote } from '../select-server.ts';
import { SIGNATURE_INDEX } from '../../zlm/log-signatures.ts';
import { keysForLoggedUrl, SESSION_AUTH_HOOKS } from '../hook-keys.ts';

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
  'stream-rejected-by-hook': { weight: 72, keys: [] },
  'illegal-connection': { weight: 66, keys: ['hook.timeoutSec'] },
  'rtp-server-timeout': { weight: 60, keys: ['rtp_proxy.timeoutSec'] },
  'ssrc-mismatch': { weight: 50, keys: [] },
};

export const check: DoctorCheck = {
  id: 'logs',
  title: { en: 'Logs', zh: '日志' },
  async run(ctx) {
    const out = await scan(ctx);
    // the log directory of a server assumed to be this config's (the only one here): say so
    const choice = await ctx.facts.choice();
    const n = assumedNote(choice, ctx.options.config !== undefined);
    if (!n || out.status === 'skip' || ctx.options.logDir || (await ctx.facts.logDir()) !== choice.server?.logDir) return out;
    return { ...out, message: ctx.t({ en: '{msg} (the log directory of pid {pid}: {note})', zh: '{msg}（pid {pid} 的日志目录：{note}）' }, { msg: ctx.t(out.message), pid: choice.server!.pid, note: ctx.t(n.text, n.data) }) };
  },
};

async function scan(ctx: DoctorContext): Promise<CheckOutcome> {
  const r = await ctx.facts.logs();
  if (!r) return { status: 'skip', message: { en: 'no log directory found (give --log-dir)', zh: '未找到日志目录（用 --log-dir 指定）' } };
  if (!r.ok) return { status: 'warn', message: r.error };
  const hits = r.value.hits;
  const files = r.value.files.filter((f) => !f.skipped).length;
  const window = ctx.options.since ? ctx.t({ en: ' since {t}', zh: '（自 {t} 起）' }, { t: ctx.options.since.toISOString() }) : '';
  if (files === 0) {
    // nothing read is no evidence of health: say what the directory holds instead
    const dir = (await ctx.facts.logDir()) ?? '';
    let others: string[] = [];
    try {
      others = readdirSync(dir).filter((n) => !/\.log$/i.test(n));
    } catch {
      others = [];
    }
    const skipped = r.value.files.length;
    const message = skipped
      ? ctx.t({ en: '{dir}: no log file read: all {n} *.log file(s) lie outside the window{window}', zh: '{dir}：没有读取任何日志：{n} 个 *.log 文件都不在时间窗口内{window}' }, { dir, n: skipped, window })
      : others.length
        ? ctx.t({ en: '{dir}: no log file read: none of its {n} file(s) is named like a MediaServer log (YYYY-MM-DD_NN.log): {names}', zh: '{dir}：没有读取任何日志：其中 {n} 个文件都不是 MediaServer 日志的命名（YYYY-MM-DD_NN.log）：{names}' }, { dir, n: others.length, names: others.slice(0, 5).join(', ') + (others.length > 5 ? ', …' : '') })
        : ctx.t({ en: '{dir}: the directory holds no log file (is this the --log-dir MediaServer writes to?)', zh: '{dir}：目录中没有日志文件（这是 MediaServer 写入的 --log-dir 吗？）' }, { dir });
    return { status: 'warn', message, fix: { en: 'Point --log-dir at the directory MediaServer writes (default <exe dir>/log), or widen --since', zh: '用 --log-dir 指向 MediaServer 实际写入的目录（默认 <程序目录>/log），或放宽 --since' } };
  }
  if (hits.length === 0) return { status: 'ok', message: ctx.t({ en: '{files} file(s) read{window}: no known fault', zh: '已读取 {files} 个文件{window}：没有已知故障' }, { files, window }) };
  const details = hits.map((h) => `${h.id} ×${h.count} (${h.firstText ?? '?'} … ${h.lastText ?? '?'})${h.subjects.length ? ` [${h.subjects.slice(0, 3).map((s) => `${s.value} ×${s.count}`).join(', ')}]` : ''}\n      ${h.sample}`);
  const diagnoses: NonNullable<CheckOutcome['diagnoses']> = [];
  // a hook failure names its URL: name the keys that hold it (even when the receiver has recovered since)
  const hookUrls = await ctx.facts.hookUrls();
  const keysOf = (h: (typeof hits)[number]): string[] => [...new Set(h.subjects.flatMap((s) => keysForLoggedUrl(s.value, hookUrls)))];
  const failedHookKeys = [...new Set(hits.filter((h) => h.subjectKind === 'hook-url').flatMap(keysOf))];
  for (const h of hits) {
    const sig = SIGNATURE_INDEX.get(h.id);
    const cause = CAUSE[h.id] ?? (h.id.startsWith('hook-') ? { weight: 50, keys: [] } : undefined);
    if (!sig || !cause) continue;
    let keys = cause.keys;
    if (h.subjectKind === 'hook-url') keys = keysOf(h);
    else if (h.id === 'stream-rejected-by-hook') {
      // ZLM's own label (播放器/推流器) is not reliable: a rejected pusher is logged as "播放器".
      // The hook failures logged with it name the hook that rejected the session.
      const auth = failedHookKeys.filter((k) => (SESSION_AUTH_HOOKS as readonly string[]).includes(k));
      keys = auth.length ? auth : ['hook.on_publish', 'hook.on_play'];
    }
    const urls = h.subjectKind === 'hook-url' ? h.subjects.slice(0, 3).map((s) => s.value).join(', ') : '';
    diagnoses.push({
      title: urls
        ? ctx.t({ en: '{title} ({keys} → {urls}): {n} time(s) in the log{window}', zh: '{title}（{keys} → {urls}）：日志中出现 {n} 次{window}' }, { title: ctx.t(sig.title), keys: keys.join(', ') || '?', urls, n: h.count, window })
        : ctx.t({ en: '{title}: {n} time(s) in the log{window}', zh: '{title}：日志中出现 {n} 次{window}' }, { title: ctx.t(sig.title), n: h.count, window }),
      keys,
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
}
