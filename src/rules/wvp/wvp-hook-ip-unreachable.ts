import type { Rule, Severity } from '../types.ts';
import { hookHost, hookHostCertainty, hosts, isLoopback, isLocalOnly, isUnspecified, net24, wvpAddress, wvpEdit, wvpLoc, zlmHookHosts } from '../../wvp/link.ts';
import { VALUE_WORD } from '../util.ts';

/**
 * media.hook-ip is where ZLM must reach WVP. Flags loopback while WVP and ZLM
 * run on different hosts, 0.0.0.0 (a listen address), an empty value (2.7.4+
 * then pushes `http://:18080/...`), ZLM's own address, and (info) a hook-ip on
 * another network than both media.ip and WVP's own address.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-hook-ip-unreachable',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    rootCauseWeight: 93,
    requires: ['wvp'],
    wvpKeys: ['media.hook-ip', 'media.ip', 'sip.ip'],
    title: { en: 'media.hook-ip is not reachable from ZLM', zh: 'ZLM 无法访问 media.hook-ip' },
  },
  messages: {
    loopback: {
      message: { en: 'media.hook-ip is {hookIp}, but ZLM ({zlm}) runs on another host than WVP ({wvp})', zh: 'media.hook-ip 为 {hookIp}，但 ZLM（{zlm}）与 WVP（{wvp}）不在同一主机' },
      why: { en: 'WVP writes every hook URL into ZLM with this host. From ZLM, {hookIp} is ZLM itself: every hook is refused, every GB28181 publish is denied and WVP reports 心跳超时 / 收流超时. {note}', zh: 'WVP 用这个地址生成写入 ZLM 的所有 hook。对 ZLM 来说 {hookIp} 是它自己：所有 hook 连接被拒，国标推流全部被拒绝，WVP 报 心跳超时/收流超时。{note}' },
      fix: { en: 'Set media.hook-ip: {wvp} (an address of the WVP host that ZLM can reach) and restart WVP', zh: '设置 media.hook-ip: {wvp}（ZLM 能访问到的 WVP 主机地址），然后重启 WVP' },
    },
    unspecified: {
      message: { en: 'media.hook-ip is {hookIp}, a listen address, not an address ZLM can call WVP at', zh: 'media.hook-ip 为 {hookIp}，这是监听地址，不是 ZLM 能用来调用 WVP 的地址' },
      why: {
        en: 'WVP writes every hook URL into ZLM with this host (http://{hookIp}:port/...). On Linux a connection to {hookIp} lands on ZLM\'s own host, so the hooks reach WVP only if WVP shares ZLM\'s host and network namespace; otherwise every hook is refused, publishes are denied and WVP reports 心跳超时 / 收流超时. {note}',
        zh: 'WVP 用这个地址生成写入 ZLM 的所有 hook（http://{hookIp}:端口/...）。在 Linux 上连接 {hookIp} 会落到 ZLM 所在主机，只有 WVP 与 ZLM 共用主机和网络命名空间时 hook 才能到达；否则所有 hook 连接被拒，推流被拒绝，WVP 报 心跳超时/收流超时。{note}',
      },
      fix: { en: 'Set media.hook-ip to an address of the WVP host that ZLM can reach{hint} and restart WVP', zh: '把 media.hook-ip 设为 ZLM 能访问到的 WVP 主机地址{hint}，然后重启 WVP' },
    },
    empty: {
      message: { en: 'media.hook-ip is present but empty: WVP {gen} pushes hook URLs without a host (http://:{port}/index/hook/...)', zh: 'media.hook-ip 存在但为空：WVP {gen} 下发的 hook 地址没有主机（http://:{port}/index/hook/...）' },
      why: {
        en: 'An empty key is not an absent one: since 2024-06 (2.7.4) an absent hook-ip defaults to 127.0.0.1, but `hook-ip:` with no value binds an empty string. ZLM cannot call a URL without a host: no keepalive, no stream event and no publish authorisation reaches WVP. {note}',
        zh: '空键不等于没有该键：自 2024-06（2.7.4）起未设置 hook-ip 时默认为 127.0.0.1，但写了 `hook-ip:` 却没有值时绑定的是空字符串。ZLM 无法调用没有主机的地址：心跳、流事件和推流鉴权都到不了 WVP。{note}',
      },
      fix: { en: 'Set media.hook-ip to an address of the WVP host that ZLM can reach{hint}, or remove the empty key, and restart WVP', zh: '把 media.hook-ip 设为 ZLM 能访问到的 WVP 主机地址{hint}，或删除该空键，然后重启 WVP' },
    },
    ownAddress: {
      message: { en: 'media.hook-ip {hookIp} is media.ip, the ZLM host itself, while WVP runs at {wvp}', zh: 'media.hook-ip {hookIp} 就是 media.ip（ZLM 主机本身），而 WVP 运行在 {wvp}' },
      why: { en: 'WVP writes every hook URL into ZLM with this host, so ZLM calls itself: every hook fails, publishes are denied and WVP reports 心跳超时 / 收流超时 (wvp#1022).', zh: 'WVP 用这个地址生成写入 ZLM 的所有 hook，于是 ZLM 调用的是它自己：所有 hook 失败，推流被拒绝，WVP 报 心跳超时/收流超时（wvp#1022）。' },
      fix: { en: 'Set media.hook-ip: {wvp} and restart WVP', zh: '设置 media.hook-ip: {wvp} 并重启 WVP' },
    },
    otherNetwork: {
      message: { en: 'media.hook-ip {hookIp} is on another network than both media.ip {zlm} and WVP ({wvp})', zh: 'media.hook-ip {hookIp} 与 media.ip {zlm} 和 WVP（{wvp}）都不在同一网段' },
      why: {
        en: 'ZLM must reach WVP at hook-ip. An address outside both the ZLM and the WVP networks works only through routing or NAT; it is often a copied sample or an old address.',
        zh: 'ZLM 必须能通过 hook-ip 访问 WVP。与 ZLM、WVP 都不在同一网段的地址只能经路由或 NAT 访问，常见于照抄的示例或旧地址。',
      },
      fix: { en: 'Check that ZLM reaches WVP at {hookIp}; otherwise set media.hook-ip: {wvp}', zh: '确认 ZLM 能通过 {hookIp} 访问 WVP；否则设置 media.hook-ip: {wvp}' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const v = wvp.get('media.hook-ip');
    if (v.value === undefined) return;
    const hh = hookHost(ctx);
    const h = hosts(ctx);
    const where = wvpAddress(ctx);
    const certainty = hookHostCertainty(ctx);
    const configured = hh.configured ?? '';
    // a generation-dependent default (or empty value) is a fact only when the generation is
    // known, or when config.ini shows ZLM already holds hooks with that host
    const confirmed = zlmHookHosts(ctx).some((x) => x === configured.toLowerCase());
    const sev: Severity | undefined = certainty.known || confirmed ? undefined : 'warning';
    const genNote_en =
      v.source === 'code-default'
        ? `media.hook-ip is not set; WVP ${wvp.generation} defaults it to ${configured || '(empty)'}${wvp.generationKnown ? '' : ' (generation assumed: pass --wvp-version)'}.`
        : !wvp.generationKnown && configured === '' ? 'The WVP generation is only assumed: 2.6.x-2.7.1 would use sip.ip instead (pass --wvp-version).' : '';
    const genNote_zh =
      v.source === 'code-default'
        ? `未设置 media.hook-ip；WVP ${wvp.generation} 的默认值为 ${configured || '（空）'}${wvp.generationKnown ? '' : '（版本为推测：请用 --wvp-version 指定）'}。`
        : !wvp.generationKnown && configured === '' ? 'WVP 版本只是推测：2.6.x-2.7.1 会改用 sip.ip（请用 --wvp-version 指定）。' : '';
    const hint_en = where.host ? ` (WVP: ${where.host})` : '';
    const hint_zh = where.host ? `（WVP：${where.host}）` : '';
    const edits = where.host ? wvpEdit(wvp, 'media.hook-ip', where.host) : undefined;
    const base = { key: 'media.hook-ip', loc: wvpLoc(wvp, v), ...(sev ? { severity: sev } : {}) };
    const data = { hookIp: configured || VALUE_WORD.empty, zlm: h.zlm ?? '?', wvp: where.host ?? h.wvp ?? '?', note: { en: genNote_en, zh: genNote_zh }, hint: { en: hint_en, zh: hint_zh }, gen: wvp.generation, port: wvp.get('server.port').value ?? '?' };

    if (configured === '' && v.source !== 'code-default' && wvp.generation === '2.7.4+') {
      ctx.report({ ...base, messageId: 'empty', data, ...(edits && !sev ? { wvpEdits: edits } : {}) });
      return;
    }
    if (isUnspecified(configured)) {
      ctx.report({ ...base, messageId: 'unspecified', data, ...(edits && !sev ? { wvpEdits: edits } : {}) });
      return;
    }
    if (hh.ownAddress) {
      ctx.report({ ...base, messageId: 'ownAddress', data, ...(edits && !sev ? { wvpEdits: edits } : {}) });
      return;
    }
    if (hh.unreachable && isLocalOnly(configured) && h.same === false) {
      // the hosts are known to differ (media.ip vs sip.ip / --hosts): loopback reaches ZLM itself
      ctx.report({ ...base, messageId: 'loopback', data, ...(h.wvp && !sev ? { wvpEdits: wvpEdit(wvp, 'media.hook-ip', h.wvp) } : {}) });
      return;
    }
    // another network than both ends (info): only with three IPv4 literals
    const hookNet = net24(configured);
    const zNet = net24(h.zlm);
    const wNet = net24(where.host);
    if (certainty.known && hookNet && zNet && wNet && where.basis !== 'media.hook-ip' && !isLoopback(configured) && hookNet !== zNet && hookNet !== wNet) {
      ctx.report({ key: 'media.hook-ip', loc: wvpLoc(wvp, v), severity: 'info', messageId: 'otherNetwork', data });
    }
  },
};
