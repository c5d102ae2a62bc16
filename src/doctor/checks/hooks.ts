import type { DoctorCheck, CheckOutcome } from '../types.ts';
import type { ProbeResult } from '../probe.ts';
import { HOOK_BODIES } from '../../zlm/hook-bodies.ts';
import { expectedZlm } from '../../wvp/expected.ts';
import { HOOK_URL_KEYS } from '../../zlm/hook-urls.ts';
import { readBool, readNumber } from '../../zlm/value.ts';
import { defaultOf } from '../../zlm/effective.ts';

function authorityOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname.toLowerCase()}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return url;
  }
}

const HOOK_LOG_IDS = ['hook-rejected', 'hook-refused', 'hook-timeout', 'hook-network-error', 'hook-non-json', 'hook-bad-status', 'hook-code-not-int', 'hook-failed-other'];

/**
 * The hook chain end to end: for each hook URL the server holds, DNS, TCP
 * connect and (for on_server_keepalive, or every hook with --active) a real
 * request, timed by phase and compared with hook.timeoutSec and the RTSP/RTMP
 * handshake limit.
 */
/** What the doctor must have waited for silence to prove a hung receiver, when hook.timeoutSec is longer: no working receiver needs that long. */
const CONCLUSIVE_WAIT_MS = 2000;

export const check: DoctorCheck = {
  id: 'hooks',
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
    // never past the run's deadline: what the probe may wait is what its message will say
    const budget = Math.max(100, Math.min(ctx.facts.budget(), timeoutSec * 1000 + 500));

    // One probe per distinct URL, all at once. on_server_keepalive is safe to send for real (WVP
    // ignores an unknown id); the others get a bodiless GET unless --active: any HTTP answer
    // proves a live receiver, silence after the connect is a hung one.
    const byUrl = new Map<string, string[]>();
    for (const h of urls) byUrl.set(h.url, [...(byUrl.get(h.url) ?? []), h.key]);
    const authorities = new Set(urls.map((h) => authorityOf(h.url)));
    const probes: { keys: string[]; url: string; result: ProbeResult; sent: boolean }[] = await Promise.all(
      [...byUrl].map(async ([url, keys]) => {
        const real = ctx.options.active ? keys[0]! : keys.find((k) => k === 'hook.on_server_keepalive');
        const name = (real ?? keys[0]!).slice('hook.'.length);
        const result = await ctx.facts.sys.probe(url, { timeoutMs: budget, signal: ctx.signal, ...(real ? { body: HOOK_BODIES[name] ?? {}, expectCodeZero: true } : { liveness: true }) });
        return { keys, url, result, sent: real !== undefined };
      }),
    );

    // a hook URL on ZLM's own HTTP port reaches ZLM, which answers everything: it is no hook receiver
    const base = await ctx.facts.apiBase();
    const own = new Set<string>();
    const httpPort = get('http.port');
    if (httpPort) for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']) own.add(`${h}:${httpPort}`);
    if (base) own.add(authorityOf(base));
    const selfHooks = urls.filter((h) => own.has(authorityOf(h.url)));

    // --wvp: also knock on the keepalive endpoint WVP really serves, when ZLM points elsewhere
    const w = await ctx.facts.wvp();
    if (w?.ok) {
      const exp = expectedZlm(w.value).find((e) => e.zlmKey === 'hook.on_server_keepalive');
      if (exp?.value && !urls.some((u) => u.url === exp.value)) {
        const result = await ctx.facts.sys.probe(exp.value, { timeoutMs: budget, signal: ctx.signal, body: HOOK_BODIES.on_server_keepalive ?? {}, expectCodeZero: true });
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
    const failed = new Map<string, { title: { en: string; zh: string }; fix: { en: string; zh: string }; weight: number; keys: string[]; evidence: string[]; authority: string; r: ProbeResult; guess: boolean }>();
    for (const p of probes) {
      const r = p.result;
      const ph = r.phases;
      const timing = `dns ${ph.dnsMs ?? 0} ms, connect ${ph.connectMs ?? '-'} ms${ph.tlsMs !== undefined ? `, tls ${ph.tlsMs} ms` : ''}, answer ${ph.firstByteMs ?? '-'} ms, total ${ph.totalMs} ms of ${r.budgetMs} ms`;
      const u = new URL(r.url);
      const authority = u.host;
      const names = p.keys.map((k) => k.slice(5)).join(', ');
      const self = p.keys.some((k) => selfHooks.some((h) => h.key === k));
      // a hook on ZLM's own port answers, and is still a failure (counted with the self-hook diagnosis below)
      const zlm = r.server !== undefined && /^ZLMediaKit\b/i.test(r.server);
      const state = self || zlm ? `${self ? 'ZLM itself' : 'a ZLMediaKit server'} answers${r.status ? ` HTTP ${r.status}` : ''}: no hook receiver` : r.ok ? (p.sent ? 'ok' : `answers${r.status ? ` HTTP ${r.status}` : ''} (not asked for real; --active sends real requests)`) : `${r.failure} ${r.detail ?? ''}`.trim();
      details.push(`${names} → ${r.url}: ${state} (${timing})`);
      if (self) continue;
      // another ZLMediaKit (its Server header) answers: it answers every path, and is no hook receiver either
      if (zlm) {
        fails++;
        const group = `${authority}|zlm`;
        const g = failed.get(group);
        if (g) g.keys.push(...p.keys.filter((k) => !g.keys.includes(k)));
        else
          failed.set(group, {
            title: { en: 'Hooks point at another ZLMediaKit server ({authority}): it answers, but it is no hook receiver ({names})', zh: 'hook 指向另一台 ZLMediaKit 服务（{authority}）：它会应答，但不是 hook 接收方（{names}）' },
            fix: { en: 'Point the hooks at the receiver (WVP: its server.port and media.hook-ip), not at a ZLM http.port', zh: '把 hook 指向接收方（WVP：其 server.port 与 media.hook-ip），而不是某台 ZLM 的 http.port' },
            weight: 93,
            keys: [...p.keys],
            evidence: [`${r.url}: HTTP ${r.status ?? '?'}, Server: ${r.server}`],
            authority,
            r,
            guess: false,
          });
        continue;
      }
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
      let title: { en: string; zh: string };
      let fix: { en: string; zh: string };
      let weight = 100;
      let guess = false;
      switch (r.failure) {
        case 'refused':
          title = { en: 'Hooks cannot reach {authority}: nothing listens there ({names})', zh: 'Hook 无法到达 {authority}：该地址没有服务在监听（{names}）' };
          fix = { en: 'Point the hooks at the address and port where the receiver (WVP: server.port, media.hook-ip) really listens, or start it', zh: '把 hook 指向接收方（WVP：server.port、media.hook-ip）实际监听的地址和端口，或启动接收方' };
          break;
        case 'timeout':
          // Silence is a hung receiver only when the doctor waited as long as ZLM would (hook.timeoutSec), or 2 s,
          // which no working receiver needs; or when ZLM's log shows the same endpoint failing. A shorter wait (a
          // short --timeout, the run's deadline near) cannot tell a slow receiver from a hung one: a guess.
          if (r.budgetMs < Math.min(timeoutSec * 1000, CONCLUSIVE_WAIT_MS) && ev.length === 1) {
            guess = true;
            title = { en: 'Hook receiver {authority} did not answer within the {ms} ms the doctor could wait ({names}; ZLM waits hook.timeoutSec = {t} s): slow or hung', zh: 'hook 接收方 {authority} 在 doctor 能等待的 {ms} 毫秒内没有应答（{names}；ZLM 等待 hook.timeoutSec = {t} 秒）：可能只是慢，也可能已挂起' };
            fix = { en: 'Run the doctor again with --timeout {n}s to tell a slow receiver from a hung one', zh: '用 --timeout {n}s 再运行 doctor，以区分响应慢和已挂起的接收方' };
            weight = 60;
            break;
          }
          title =
            r.phase === 'response' || r.phase === 'request'
              ? { en: 'Hook receiver {authority} accepts connections but did not answer within {ms} ms ({names}; ZLM waits hook.timeoutSec = {t} s)', zh: 'hook 接收方 {authority} 接受连接但 {ms} 毫秒内没有应答（{names}；ZLM 等待 hook.timeoutSec = {t} 秒）' }
              : { en: 'Hook receiver {authority} could not be reached within {ms} ms ({phase}) ({names})', zh: 'hook 接收方 {authority} 在 {ms} 毫秒内无法到达（{phase}）（{names}）' };
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
      if (guess) warns++;
      else fails++;
      // one diagnosis per endpoint and failure, naming every key that points there
      const group = `${authority}|${r.failure}|${r.detail ?? ''}|${r.status ?? ''}|${r.phase ?? ''}|${guess}`;
      const g = failed.get(group);
      if (g) {
        g.keys.push(...p.keys.filter((k) => !g.keys.includes(k)));
        g.evidence.push(...ev.filter((e) => !g.evidence.includes(e)));
      } else failed.set(group, { title, fix, weight, keys: [...p.keys], evidence: ev, authority, r, guess });
    }
    for (const g of failed.values()) {
      const names = g.keys.map((k) => k.slice(5)).join(', ');
      const r = g.r;
      diagnoses.push({
        title: ctx.t(g.title, { authority: g.authority, names, t: timeoutSec, ms: r.budgetMs, phase: r.phase ?? '', status: r.status ? `HTTP ${r.status}` : (r.failure ?? ''), detail: r.detail ?? '' }),
        keys: g.keys,
        evidence: g.evidence,
        fix: ctx.t(g.fix, { h: handshake, n: Math.ceil(Math.min(timeoutSec * 1000, CONCLUSIVE_WAIT_MS) / 1000) + 2 }),
        weight: g.weight,
        ...(g.guess ? { guess: true } : {}),
      });
    }
    if (selfHooks.length) {
      fails++;
      const keys = selfHooks.map((h) => h.key);
      diagnoses.push({
        title: ctx.t({ en: 'Hooks point at ZLM\'s own HTTP port ({authority}): ZLM answers there, but it is no hook receiver ({names})', zh: 'hook 指向 ZLM 自己的 HTTP 端口（{authority}）：ZLM 会应答，但它不是 hook 接收方（{names}）' }, { authority: authorityOf(selfHooks[0]!.url), names: keys.map((k) => k.slice(5)).join(', ') }),
        keys,
        evidence: selfHooks.map((h) => `${h.key}=${h.url} (http.port=${httpPort ?? '?'}${base ? `, API ${base}` : ''})`),
        fix: ctx.t({ en: 'Point the hooks at the receiver (WVP: its server.port and media.hook-ip), not at ZLM\'s http.port', zh: '把 hook 指向接收方（WVP：其 server.port 与 media.hook-ip），而不是 ZLM 的 http.port' }),
        weight: 94,
      });
    }
    const status = fails ? 'fail' : warns ? 'warn' : 'ok';
    const unasked = probes.filter((p) => p.result.ok && !p.sent).length;
    return {
      status,
      message: ctx.t({ en: '{n} hook URL(s) on {e} endpoint(s): {f} failing{u}', zh: '{n} 个 hook 地址，{e} 个端点：{f} 个失败{u}' }, { n: urls.length, e: authorities.size, f: fails, u: unasked ? ctx.t({ en: ', {k} answering but not asked for real (--active)', zh: '，{k} 个有应答但未真实请求（--active）' }, { k: unasked }) : '' }),
      details,
      diagnoses,
    };
  },
};
