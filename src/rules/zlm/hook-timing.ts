import type { Rule } from '../types.ts';
import { effBool, effNumber } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';


function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * Worst case until an auth hook gives up, T·(R+1)+D·R, against the RTSP/RTMP
 * handshake limit that kills sessions which have not started publishing or
 * playing ("illegal connection").
 */
export const rule: Rule = {
  meta: {
    id: 'hook-timing',
    severity: 'warning',
    category: 'timing',
    fixable: false,
    title: { en: 'Slow auth hooks reach the RTSP/RTMP handshake limit', zh: '鉴权 hook 的最长耗时达到或超过 RTSP/RTMP 握手时限' },
  },
  messages: {
    slow: {
      message: {
        en: 'hook.timeoutSec={t} with retry={r} and retry_delay={d}: a slow auth hook takes up to {worst} s, {reaches} the {handshake} s handshake limit',
        zh: 'hook.timeoutSec={t}、retry={r}、retry_delay={d}：慢速鉴权 hook 最长耗时 {worst} 秒，{reaches} {handshake} 秒的握手时限',
      },
      why: {
        en: 'ZLM waits for on_publish/on_play before a session starts publishing or playing, up to timeoutSec·(retry+1)+retry_delay·retry = {t}·{r1}+{d}·{r} = {worst} s when the hook server hangs. RTSP and RTMP sessions that have not started within handshakeSecond ({handshake} s, counted from TCP accept) are closed as "illegal connection", so a slow hook server shows up as that misleading error instead of a hook timeout.{note}',
        zh: '会话开始推流或播放前，ZLM 要等待 on_publish/on_play 的结果；hook 服务无响应时最长要等 timeoutSec·(retry+1)+retry_delay·retry = {t}·{r1}+{d}·{r} = {worst} 秒。RTSP/RTMP 会话若在 handshakeSecond（{handshake} 秒，从 TCP 建连开始计算）内没有开始推流或播放，就会以 "illegal connection" 被关闭，因此 hook 服务变慢时看到的是这个误导性的错误，而不是 hook 超时。{note}',
      },
      fix: {
        en: 'Keep timeoutSec·(retry+1)+retry_delay·retry below {handshake} s, e.g. timeoutSec=4, retry=1, retry_delay=2 (10 s), and make the hook server answer fast.',
        zh: '让 timeoutSec·(retry+1)+retry_delay·retry 小于 {handshake} 秒，例如 timeoutSec=4、retry=1、retry_delay=2（10 秒），并确保 hook 服务快速响应。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!effBool(doc, 'hook.enable')) return;
    const auth = ['hook.on_publish', 'hook.on_play'].some((k) => (doc.get(k) ?? '') !== '');
    if (!auth) return;
    const t = effNumber(doc, 'hook.timeoutSec');
    const r = effNumber(doc, 'hook.retry');
    const d = Math.max(0, effNumber(doc, 'hook.retry_delay'));
    const handshake = Math.min(effNumber(doc, 'rtsp.handshakeSecond'), effNumber(doc, 'rtmp.handshakeSecond'));
    if (!(t > 0) || !(handshake > 0)) return;
    const worst = t * (r + 1) + d * r;
    if (worst < handshake) return;
    // ZLM's own defaults (23 s) and what WVP pushes (timeoutSec=30 → 63 s) hit this on every correct setup
    const stock = r === 1 && d === 3 && (t === 10 || t === 30);
    ctx.report({
      messageId: 'slow',
      key: 'hook.timeoutSec',
      line: doc.entry('hook.timeoutSec') ?? sectionLine(doc, 'hook'),
      severity: stock ? 'info' : 'warning',
      ...(['hook.timeoutSec', 'hook.retry', 'hook.retry_delay', 'rtsp.handshakeSecond', 'rtmp.handshakeSecond'].some((k) => !doc.has(k)) ? { absent: true as const } : {}),
      data: {
        t: fmt(t),
        r: fmt(r),
        r1: fmt(r + 1),
        d: fmt(d),
        worst: fmt(worst),
        handshake: fmt(handshake),
        // reported from worst = handshake on: "not below" covers both; Chinese says which (an issue asked for 超过, not 不低于)
        reaches: { en: 'not below', zh: worst > handshake ? '超过' : '达到' },
        note: { en: stock ? ' These are ZLM\'s defaults or the values WVP pushes; it only matters when the hook server is slow or unreachable.' : '', zh: stock ? '这些是 ZLM 的默认值或 WVP 下发的值；只有在 hook 服务变慢或不可达时才有影响。' : '' },
      },
    });
  },
};
