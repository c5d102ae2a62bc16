import type { Rule } from '../types.ts';
import { hosts, isLocalOnly, isLoopback, wvpAddress, wvpEdit, wvpLoc } from '../../wvp/link.ts';
import { isServiceName } from '../../deploy/index.ts';

/**
 * media.sdp-ip goes into the INVITE SDP: the address cameras send RTP to.
 * stream-ip goes into play URLs. Falls back to wan_ip, then media.ip.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-sdp-ip',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    requires: ['wvp'],
    wvpKeys: ['media.ip', 'media.sdp-ip', 'media.stream-ip', 'media.wan_ip'],
    title: { en: 'SDP or stream address on loopback', zh: 'SDP 或播放地址为回环地址' },
  },
  messages: {
    sdp: {
      message: { en: '{path} {value} is the address cameras are told to send RTP to{via}', zh: '{path} {value} 被作为摄像头发送 RTP 的目标地址{via}' },
      why: {
        en: 'WVP writes it into the c= line of every INVITE. A camera is another device: sending to {value} reaches the camera itself, RTP never arrives, ZLM fires on_rtp_server_timeout and WVP reports 收流超时.',
        zh: 'WVP 把它写入每个 INVITE 的 c= 行。摄像头是另一台设备：发往 {value} 等于发给它自己，RTP 永远到不了，ZLM 触发 on_rtp_server_timeout，WVP 报 收流超时。',
      },
      fix: { en: 'Set media.sdp-ip to an address of the ZLM host that the cameras can reach (the public IP for remote sites){hint}', zh: '把 media.sdp-ip 设为摄像头能访问到的 ZLM 主机地址（远程站点用公网 IP）{hint}' },
    },
    stream: {
      message: { en: '{path} {value} goes into the play URLs WVP hands to browsers{via}', zh: '{path} {value} 会写入 WVP 返回给浏览器的播放地址{via}' },
      why: {
        en: 'Players on other machines resolve {value} to themselves and cannot play.',
        zh: '其他机器上的播放器会把 {value} 解析为自己，无法播放。',
      },
      fix: { en: 'Set media.stream-ip to the address players use to reach ZLM{hint}', zh: '把 media.stream-ip 设为播放器访问 ZLM 的地址{hint}' },
    },
    wvpHost: {
      message: { en: '{path} {value} is WVP\'s own address ({basis}), but ZLM is at media.ip {mediaIp}', zh: '{path} {value} 是 WVP 自己的地址（{basis}），而 ZLM 位于 media.ip {mediaIp}' },
      why: {
        en: 'sdp-ip is where cameras send RTP, which ZLM must receive; WVP does not receive media. Unless a NAT or port forward on {value} leads to ZLM, cameras send RTP to the WVP host and every play ends in 收流超时.',
        zh: 'sdp-ip 是摄像头发送 RTP 的目标，必须由 ZLM 接收；WVP 并不收流。除非 {value} 上有 NAT/端口转发到 ZLM，摄像头会把 RTP 发到 WVP 主机，每次点播都 收流超时。',
      },
      fix: { en: 'Set media.sdp-ip to an address of the ZLM host that cameras reach (media.ip {mediaIp} when they are on its network)', zh: '把 media.sdp-ip 设为摄像头能访问的 ZLM 主机地址（摄像头与其同网时即 media.ip {mediaIp}）' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    for (const [path, messageId, severity] of [
      ['media.sdp-ip', 'sdp', 'error'],
      ['media.stream-ip', 'stream', 'warning'],
    ] as const) {
      // the first of path, wan_ip, media.ip that is set decides
      const resolved = wvp.get(path).value;
      if (resolved === undefined) continue;
      if (!isLocalOnly(resolved)) {
        if (path === 'media.sdp-ip') checkWvpHost(ctx, resolved);
        continue;
      }
      // report where the value comes from: the key itself, else the fallback that supplied it
      const chain = [path, 'media.wan_ip', 'media.ip'].map((p) => wvp.get(p));
      const winner = chain.find((v) => v.value === resolved && v.loc) ?? chain[0]!;
      const via_en = winner.path === path ? '' : ` (${path} is not set, so WVP uses ${winner.path})`;
      const via_zh = winner.path === path ? '' : `（未设置 ${path}，WVP 使用 ${winner.path}）`;
      // the ZLM host's own routable address is the repair: media.ip when it is one, else (same host) WVP's
      const h = hosts(ctx);
      // cameras and browsers need an address they can resolve: not a compose service name, not a bare
      // single-label name (docker DNS only); an IP or a dotted host name
      const reachable = (a: string | undefined): string | undefined => {
        if (!a || isLocalOnly(a) || isServiceName(ctx.deploy, a)) return undefined;
        return a.includes('.') || a.includes(':') ? a : undefined;
      };
      const zlmAddr = reachable(!isLocalOnly(h.zlm) ? h.zlm : h.same ? h.wvp : undefined);
      const hint_en = zlmAddr ? `; the ZLM host is ${zlmAddr}` : '';
      const hint_zh = zlmAddr ? `；ZLM 主机地址为 ${zlmAddr}` : '';
      const edits = zlmAddr && wvp.get(path).loc ? wvpEdit(wvp, path, zlmAddr) : undefined;
      // loopback set by the deployment's environment (a compose .env shipped for a one-host demo):
      // works for a camera or player on ZLM's own host only; a warning, not a certainty
      const fromEnv = winner.source === 'env' && isLoopback(resolved);
      ctx.report({
        messageId,
        severity: fromEnv ? 'warning' : severity,
        key: winner.path,
        loc: wvpLoc(wvp, winner),
        data: { path: winner.path, value: winner.value!, via: { en: via_en, zh: via_zh }, hint: { en: hint_en, zh: hint_zh } },
        ...(edits ? { wvpEdits: edits } : { suggestion: { en: `media.sdp-ip / media.stream-ip: ${zlmAddr ?? '<ZLM address>'}`, zh: `media.sdp-ip / media.stream-ip: ${zlmAddr ?? '<ZLM 地址>'}` } }),
      });
    }
  },
};

/** sdp-ip that equals WVP's own host while media.ip (where ZLM is) differs. */
function checkWvpHost(ctx: Parameters<Rule['check']>[0], sdp: string): void {
  const wvp = ctx.wvp!;
  const where = wvpAddress(ctx);
  const v = wvp.get('media.sdp-ip');
  const mediaIp = wvp.get('media.ip');
  // only with facts: sdp-ip written (not a fallback), a literal media.ip, WVP's address known from sip.ip / --hosts
  if (v.source === 'code-default' || v.source === 'placeholder-default' || mediaIp.source === 'placeholder-default') return;
  if (!where.host || where.basis === 'media.hook-ip' || sdp !== where.host) return;
  if (ctx.options.hosts?.zlm === sdp || hosts(ctx).same === true) return;
  const m = mediaIp.value;
  if (!m || m === sdp || isLocalOnly(m) || !/^[\d.:a-fA-F]+$/.test(m) || isServiceName(ctx.deploy, m)) return;
  // a compose deployment runs both on one machine: the host address reaches ZLM's published ports
  if (ctx.deploy && ctx.deploy.services.length > 0) return;
  ctx.report({ messageId: 'wvpHost', severity: 'warning', key: 'media.sdp-ip', loc: wvpLoc(wvp, v), data: { path: 'media.sdp-ip', value: sdp, basis: where.basis, mediaIp: m } });
}
