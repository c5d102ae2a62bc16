import type { DoctorCheck, CheckOutcome } from '../types.ts';
import { probeUrl, type ProbeResult } from '../probe.ts';
import { HOOK_BODIES } from '../../zlm/hook-bodies.ts';
import { expectedZlm } from '../../wvp/expected.ts';
import { HOOK_URL_KEYS } from '../../rules/util.ts';
import { readBool, readNumber } from '../../zlm/value.ts';
import { defaultOf } from '../../rules/util.ts';

const HOOK_LOG_IDS = ['hook-refused', 'hook-timeout', 'hook-network-error', 'hook-non-json', 'hook-bad-status', 'hook-code-not-int', 'hook-failed-other'];

/**
 * The hook chain end to end: for each hook URL the server holds, DNS, TCP
 * connect and (for on_server_keepalive, or every hook with --active) a real
 * request, timed by phase and compared with hook.timeoutSec and the RTSP/RTMP
 * handshake limit.
 */
export const check: DoctorCheck = {
  id: 'hooks',
  order: 70,
  title: { en: 'Hook chain', zh: 'Hook 链路' },
  async run(ctx) {
    const live = await ctx.facts.live();
    const c = await ctx.facts.config();
    // the values the server holds win; the file is the fallback when the API is down
    const get = (k: string): string | undefined => (live?.ok ? live.data[k] : undefined) ?? (c?.ok ? c.value.doc.get(k) : undefined) ?? defaultOf(k);
    if (!live?.ok && !c?.ok) return { status: 'skip', message: { en: 'needs the running config or the file', zh: '需要运行配置或配置文件' } };
    if (!readBool(get('hook.enable') ?? '0').value) return { status: 'skip', message: { en: 'hooks are disabled (hook.enable)', zh: 'hook 已关闭（hook.enable）' } };
    const urls = HOOK_URL_KEYS.map((k) => ({ key: k, url: get(k) ?? '' })).filter((h) => h.url !== '');
    if (urls.length === 0) return { status: 'skip', message: { en: 'no hook URL is set', zh: '没有设置 hook 地址' } };
    const timeoutSec = readNumber('float', get('hook.timeoutSec') ?? '10');
    const handshake = Math.min(readNumber('uint32', get('rtsp.handshakeSecond') ?? '15'), readNumber('uint32', get('rtmp.handshakeSecond') ?? '15'));
    const budget = Math.max(200, Math.min(ctx.options.probeTimeoutMs, timeoutSec * 1000 + 500));

    // one probe per distinct endpoint; on_server_keepalive is safe to send for real
    const byAuthority = new Map<string, { key: string; url: string }[]>();
    for (const h of urls) {
      let a: string;
      try {
        const u = new URL(h.url);
        a = `${u.protocol}//${u.host}`;
      } catch {
        a = h.url;
      }
      byAuthority.set(a, [...(byAuthority.get(a) ?? []), h]);
    }
    const probes: { keys: string[]; url: string; result: ProbeResult; sent: boolean }[] = [];
    await Promise.all(
      [...byAuthority].map(async ([, hooks]) => {
        const ka = hooks.find((h) => h.key === 'hook.on_server_keepalive');
        const targets = ctx.options.active ? hooks : [ka ?? hooks[0]!];
        for (const t of targets) {
          const name = t.key.slice('hook.'.length);
          const send = ctx.options.active || t.key === 'hook.on_server_keepalive';
          const result = await probeUrl(t.url, { timeoutMs: budget, signal: ctx.signal, ...(send ? { body: HOOK_BODIES[name] ?? {}, expectCodeZero: true } : {}) });
          probes.push({ keys: send ? [t.key] : hooks.map((h) => h.key), url: t.url, result, sent: send });
        }
      }),
    );

    // --wvp: also knock on the keepalive endpoint WVP really serves, when ZLM points elsewhere
    const w = await ctx.facts.wvp();
    if (w?.ok) {
      const exp = expectedZlm(w.value).find((e) => e.zlmKey === 'hook.on_server_keepalive');
      if (exp?.value && !urls.some((u) => u.url === exp.value)) {
        const result = await probeUrl(exp.value, { timeoutMs: budget, signal: ctx.signal, body: HOOK_BODIES.on_server_keepalive ?? {}, expectCodeZero: true });
        probes.push({ keys: ['media.hook-ip', 'server.port'], url: exp.value, result, sent: true });
      }
    }

    const logs = await ctx.facts.logs();
    const hookHits = logs?.ok ? logs.value.hits.filter((h) => HOOK_LOG_IDS.includes(h.id)) : [];
    const since = ctx.options.since ? ctx.t({ en: ' since {t}', zh: '（自 {t} 起）' }, { t: ctx.options.since.toISOString() }) : '';
    const logEvidence = (authority: string) =>
      hookHits
        .map((h) => ({ h, n: h.subjects.filter((s) => s.value.includes(authority)).reduce((a, s) => a + s.count, 0) }))
        .filter((x) => x.n > 0)
        .map((x) => ctx.t({ en: '{n} {id} failure(s) in the log{since}, last {last}: {sample}', zh: '日志中有 {n} 次 {id} 失败{since}，最近 {last}：{sample}' }, { n: x.n, id: x.h.id, since, last: x.h.lastText ?? '?', sample: x.h.sample }));

    const details: string[] = [];
    const diagnoses: NonNullable<CheckOutcome['diagnoses']> = [];
    let fails = 0;
    let warns = 0;
    for (const p of probes) {
      const r = p.result;
      const ph = r.phases;
      const timing = `dns ${ph.dnsMs ?? 0} ms, connect ${ph.connectMs ?? '-'} ms${p.sent ? `, answer ${ph.firstByteMs ?? '-'} ms` : ''}, total ${ph.totalMs} ms`;
      const u = new URL(r.url);
      const authority = u.host;
      const names = p.keys.map((k) => k.slice(5)).join(', ');
      details.push(`${names} → ${r.url}: ${r.ok ? 'ok' : `${r.failure} ${r.detail ?? ''}`.trim()} (${timing})`);
      const ev = [`${r.url}: ${r.failure ?? 'ok'} ${r.detail ?? ''} (${timing})`.replace(/\s+\(/, ' ('), ...logEvidence(authority)];
      if (r.ok) {
        if (p.sent && ph.totalMs > timeoutSec * 1000 * 0.8) {
          warns++;
          diagnoses.push({
            title: ctx.t({ en: 'Hook receiver {authority} is close to hook.timeoutSec ({ms} ms of {t} s)', zh: 'hook 接收方 {authority} 响应接近 hook.timeoutSec（{ms} 毫秒 / {t} 秒）' }, { authority, ms: ph.totalMs, t: timeoutSec }),
            keys: ['hook.timeoutSec', ...p.keys],
            evidence: ev,
            fix: ctx.t({ en: 'Make the receiver answer faster; slow auth hooks end as "illegal connection" after {h} s', zh: '让接收方更快应答；鉴权 hook 过慢会在 {h} 秒后以 "illegal connection" 结束' }, { h: handshake }),
            weight: 70,
          });
        }
        continue;
      }
      fails++;
      let title: { en: string; zh: string };
      let fix: { en: string; zh: string };
      let weight = 100;
      switch (r.failure) {
        case 'refused':
          title = { en: 'Hooks cannot reach {authority}: nothing listens there ({names})', zh: 'Hook 无法到达 {authority}：该地址没有服务在监听（{names}）' };
          fix = { en: 'Point the hooks at the address and port where the receiver (WVP: server.port, media.hook-ip) really listens, or start it', zh: '把 hook 指向接收方（WVP：server.port、media.hook-ip）实际监听的地址和端口，或启动接收方' };
          break;
        case 'timeout':
          title = { en: 'Hook receiver {authority} does not answer within hook.timeoutSec ({t} s) ({names})', zh: 'hook 接收方 {authority} 未在 hook.timeoutSec（{t} 秒）内应答（{names}）' };
          fix = { en: 'Fix the slow receiver; ZLM retries and publish/play wait up to timeoutSec·(retry+1)+retry_delay·retry, past the {h} s handshake ("illegal connection")', zh: '修复响应慢的接收方；ZLM 会重试，推流/播放最多等待 timeoutSec·(retry+1)+retry_delay·retry，超过 {h} 秒握手限制（"illegal connection"）' };
          weight = 95;
          break;
        case 'dns':
          title = { en: 'Hook host {authority} does not resolve ({names})', zh: 'hook 主机 {authority} 无法解析（{names}）' };
          fix = { en: 'Use an IP address or a name that resolves on the ZLM host', zh: '使用 IP 地址或在 ZLM 主机上可解析的域名' };
          weight = 97;
          break;
        case 'not-json':
        case 'http-status':
          title = { en: 'Hook receiver {authority} answers, but not as a hook endpoint ({status}) ({names})', zh: 'hook 接收方 {authority} 有应答，但不是 hook 接口（{status}）（{names}）' };
          fix = { en: 'Check the URL path and context path; ZLM needs HTTP 200 with a JSON body {"code":0}', zh: '检查 URL 路径和 context-path；ZLM 需要 HTTP 200 且 JSON 体为 {"code":0}' };
          weight = 92;
          break;
        case 'bad-code':
          title = { en: 'Hook receiver {authority} refuses: {detail} ({names})', zh: 'hook 接收方 {authority} 拒绝：{detail}（{names}）' };
          fix = { en: 'A non-zero code rejects the publish/play; check the receiver logs (WVP: unknown mediaServerId answers -1)', zh: '非 0 的 code 会拒绝推流/播放；查看接收方日志（WVP 对未知 mediaServerId 返回 -1）' };
          weight = 88;
          break;
        default:
          title = { en: 'Hook receiver {authority} fails: {detail} ({names})', zh: 'hook 接收方 {authority} 失败：{detail}（{names}）' };
          fix = { en: 'Check the network path from ZLM to the receiver', zh: '检查 ZLM 到接收方的网络' };
          weight = 90;
      }
      diagnoses.push({
        title: ctx.t(title, { authority, names, t: timeoutSec, status: r.status ? `HTTP ${r.status}` : (r.failure ?? ''), detail: r.detail ?? '' }),
        keys: p.keys,
        evidence: ev,
        fix: ctx.t(fix, { h: handshake }),
        weight,
      });
    }
    const status = fails ? 'fail' : warns ? 'warn' : 'ok';
    return {
      status,
      message: ctx.t({ en: '{n} hook URL(s) on {e} endpoint(s): {f} failing', zh: '{n} 个 hook 地址，{e} 个端点：{f} 个失败' }, { n: urls.length, e: byAuthority.size, f: fails }),
      details,
      diagnoses,
    };
  },
};
