import type { Rule } from '../types.ts';
import type { IniDocument } from '../../ini/document.ts';
import { effNumber, effective } from '../../zlm/effective.ts';

/** WebRTC is optional at build time: only talk about it when the file configures [rtc]. */
function usesRtc(doc: IniDocument): boolean {
  return doc.lines.some((l) => (l.kind === 'section' && l.name === 'rtc') || (l.kind === 'entry' && l.key!.startsWith('rtc.')));
}

export const rule: Rule = {
  meta: {
    id: 'rtc-extern-ip-empty',
    severity: 'info',
    category: 'values',
    fixable: false,
    title: { en: 'WebRTC advertises an auto-detected IP', zh: 'WebRTC 使用自动探测的 IP' },
  },
  messages: {
    empty: {
      message: {
        en: 'rtc.externIP is empty: WebRTC SDP advertises the auto-detected NIC address (rtc.port={port})',
        zh: 'rtc.externIP 为空：WebRTC 的 SDP 使用自动探测到的网卡地址（rtc.port={port}）',
      },
      why: {
        en: 'ICE candidates carry the IPs in rtc.externIP; when it is empty ZLM uses the local interface address. Behind NAT, in Docker bridge mode or on a cloud host with an elastic IP that address is unreachable for browsers, so WebRTC play/push times out although LAN tests work.',
        zh: 'ICE 候选地址取自 rtc.externIP；为空时 ZLM 使用本机网卡地址。在 NAT 后、Docker 桥接模式或使用弹性公网 IP 的云主机上，浏览器无法访问该地址，WebRTC 播放/推流会超时，尽管局域网测试正常。',
      },
      fix: {
        en: 'Set rtc.externIP to the address(es) clients use, comma-separated (e.g. public IP and LAN IP), and map UDP {port} 1:1.',
        zh: '把 rtc.externIP 设置为客户端访问的地址（可用逗号分隔多个，如公网 IP 和局域网 IP），并把 UDP {port} 端口 1:1 映射。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!usesRtc(doc)) return;
    const port = effNumber(doc, 'rtc.port');
    if (port === 0) return;
    const ext = effective(doc, 'rtc.externIP');
    if (ext.raw !== '') return;
    ctx.report({
      messageId: 'empty',
      ...(ext.source === 'default' || !doc.has('rtc.port') ? { absent: true as const } : {}),
      key: 'rtc.externIP',
      line: ext.line ?? doc.sectionHeaders().find((h) => h.name === 'rtc') ?? doc.lines[0],
      data: { port },
    });
  },
};
