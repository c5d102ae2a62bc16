import type { Rule } from '../types.ts';
import { hookHost, hosts, wvpEdit, wvpLoc } from '../wvp-link.ts';

/** media.hook-ip on loopback / 0.0.0.0 while WVP and ZLM run on different hosts. */
export const rule: Rule = {
  meta: {
    id: 'wvp-hook-ip-unreachable',
    severity: 'error',
    category: 'wvp',
    fixable: true,
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
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const hh = hookHost(ctx);
    if (!hh.unreachable) return;
    const h = hosts(ctx);
    const v = wvp.get('media.hook-ip');
    const note =
      v.source === 'code-default'
        ? `media.hook-ip is not set; WVP ${wvp.generation} defaults it to ${hh.configured}.`
        : '';
    ctx.report({
      messageId: 'loopback',
      key: 'media.hook-ip',
      loc: wvpLoc(wvp, v),
      data: { hookIp: hh.configured || '(empty)', zlm: h.zlm ?? '?', wvp: h.wvp ?? '?', note: hh.ownAddress ? `${hh.configured} is media.ip, the ZLM host itself.` : note },
      ...(h.wvp ? { wvpEdits: wvpEdit(wvp, 'media.hook-ip', h.wvp) } : {}),
    });
  },
};
