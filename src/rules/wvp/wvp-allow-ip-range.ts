import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';
import { allowed, allowList } from '../zlm/allow-ip-range-invalid.ts';
import { isLoopback, WVP_HOOKS, wvpCaller } from '../../wvp/link.ts';
import { parseHookUrl } from '../../zlm/hook-urls.ts';

/**
 * http.allow_ip_range against the controller: ZLM answers every secret-protected
 * API call from an address outside the list with -100 "Your ip is not allowed to
 * access the service." (zlm-reference §3.3). WVP's address is taken from the yml
 * (media.ip loopback, sip.ip), --hosts wvp=IP, never from a placeholder default.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-allow-ip-range',
    severity: 'error',
    category: 'wvp',
    fixable: false,
    title: { en: 'IP whitelist locks out the controller', zh: 'IP 白名单把控制端挡在外面' },
  },
  messages: {
    wvp: {
      message: {
        en: 'http.allow_ip_range does not let WVP ({ip}) call the API; it covers only {covers}',
        zh: 'http.allow_ip_range 不允许 WVP（{ip}）调用 API；它只包含 {covers}',
      },
      why: {
        en: 'WVP calls ZLM\'s API from {ip} ({basis}). ZLM checks every secret-protected call against this list and answers -100 "Your ip is not allowed to access the service.": WVP cannot bring ZLM online, open RTP ports or read streams, although the secret is right.',
        zh: 'WVP 从 {ip} 调用 ZLM 的 API（{basis}）。ZLM 对每个受 secret 保护的调用检查该名单，并返回 -100 "Your ip is not allowed to access the service."：即使 secret 正确，WVP 也无法让 ZLM 上线、开启 RTP 端口或查询流。',
      },
      fix: { en: 'Add {ip} (or its network as a start-end range) to http.allow_ip_range', zh: '把 {ip}（或其网段的 起始-结束 范围）加入 http.allow_ip_range' },
    },
    loopback: {
      message: {
        en: 'http.allow_ip_range excludes 127.0.0.1 and ::1 while {hook} calls a receiver on this host; it covers only {covers}',
        zh: 'http.allow_ip_range 不含 127.0.0.1 和 ::1，而 {hook} 调用的是本机上的接收端；名单只包含 {covers}',
      },
      why: {
        en: 'A hook receiver on ZLM\'s own host (WVP or a script) usually calls the API back on 127.0.0.1; so does `zlm-doctor doctor`. ZLM answers each such call with -100 "Your ip is not allowed to access the service.".',
        zh: 'ZLM 本机上的 hook 接收端（WVP 或脚本）通常通过 127.0.0.1 回调 API，`zlm-doctor doctor` 也是如此。ZLM 对这些调用一律返回 -100 "Your ip is not allowed to access the service."。',
      },
      fix: { en: 'Put ::1,127.0.0.1 at the front of http.allow_ip_range', zh: '在 http.allow_ip_range 开头加上 ::1,127.0.0.1' },
    },
    local: {
      message: {
        en: 'http.allow_ip_range excludes 127.0.0.1 and ::1: API calls from this host (zlm-doctor doctor, local scripts) get -100; it covers only {covers}',
        zh: 'http.allow_ip_range 不含 127.0.0.1 和 ::1：本机发起的 API 调用（zlm-doctor doctor、本地脚本）会收到 -100；名单只包含 {covers}',
      },
      why: {
        en: 'ZLM checks every secret-protected API call against this list, loopback included.',
        zh: 'ZLM 对每个受 secret 保护的 API 调用都检查该名单，回环地址也不例外。',
      },
      fix: { en: 'Put ::1,127.0.0.1 at the front of http.allow_ip_range unless local access is meant to be refused', zh: '除非有意拒绝本机访问，否则在 http.allow_ip_range 开头加上 ::1,127.0.0.1' },
    },
  },
  check(ctx) {
    const eff = effective(ctx.doc, 'http.allow_ip_range');
    // an excerpt without the key says nothing about the list the server runs with
    if (eff.source === 'default' && (!ctx.hasZlm || ctx.shape?.complete === false)) return;
    const list = allowList(eff.raw);
    if (list.length === 0) return; // no restriction (allow-ip-range-invalid explains a list that ends up empty)
    const covers = list.map((e) => e.text).join(', ');
    const at = eff.line ?? sectionLine(ctx.doc, 'http');
    const where = at ? { line: at } : {};
    const caller = ctx.wvp || ctx.options.hosts?.wvp ? wvpCaller(ctx) : undefined;
    if (caller?.ip && allowed(list, caller.ip) === false) {
      ctx.report({
        messageId: 'wvp',
        key: 'http.allow_ip_range',
        ...where,
        data: { ip: caller.ip, covers, basis: { en: caller.basis_en, zh: caller.basis_zh } },
        suggestion: { en: `http.allow_ip_range=${eff.raw ? `${eff.raw},` : ''}${caller.ip}`, zh: `http.allow_ip_range=${eff.raw ? `${eff.raw},` : ''}${caller.ip}` },
      });
      return;
    }
    if (allowed(list, '127.0.0.1') !== false || allowed(list, '::1') !== false) return;
    if (caller?.ip && isLoopback(caller.ip)) return; // reported above if excluded
    const localHook = WVP_HOOKS.map((n) => `hook.${n}`)
      .concat(['hook.on_flow_report', 'hook.on_http_access', 'hook.on_record_ts', 'hook.on_rtsp_auth', 'hook.on_rtsp_realm', 'hook.on_shell_login', 'hook.on_server_exited'])
      .find((k) => {
        const u = parseHookUrl(ctx.doc.entry(k)?.value ?? '');
        return !!u && isLoopback(u.host);
      });
    if (localHook) ctx.report({ messageId: 'loopback', key: 'http.allow_ip_range', ...where, data: { hook: localHook, covers } });
    else ctx.report({ messageId: 'local', key: 'http.allow_ip_range', ...where, severity: 'info', data: { covers } });
  },
};
