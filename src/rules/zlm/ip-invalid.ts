import { parseIp } from '../../util/ip.ts';
import type { Rule } from '../types.ts';
import { defaultOf, effective } from '../../zlm/effective.ts';
import { inlineComment, quotedValue, lineFor } from '../util.ts';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}


/**
 * general.listen_ip is the bind address of almost every listener;
 * multicast.addrMin/addrMax bound the groups handed to RTSP multicast players.
 */
export const rule: Rule = {
  meta: {
    id: 'ip-invalid',
    severity: 'error',
    category: 'values',
    fixable: false,
    title: { en: 'Invalid IP address', zh: 'IP 地址无效' },
  },
  messages: {
    listenIp: {
      message: {
        en: 'general.listen_ip={value} is not an IP address; ZLM ignores it and binds every interface',
        zh: 'general.listen_ip={value} 不是 IP 地址；ZLM 会忽略它并绑定所有网卡',
      },
      why: {
        en: 'listen_ip is the bind address of the rtsp/rtmp/http(s)/shell/rtp_proxy/rtc/srt listeners. ZLToolKit binds a value that inet_pton cannot parse (a host name, a typo) to the wildcard address instead, logging only "inet_pton to ipv6 address failed": the restriction you meant is silently not applied and every listener is reachable on all interfaces. (An empty value means all interfaces too, and is not reported.)',
        zh: 'listen_ip 是 rtsp/rtmp/http(s)/shell/rtp_proxy/rtc/srt 等监听的绑定地址。inet_pton 无法解析的值（主机名、笔误）会被 ZLToolKit 改为绑定通配地址，只在日志里记录 "inet_pton to ipv6 address failed"：你想要的限制悄悄失效，所有监听在全部网卡上都可访问。（空值同样表示所有网卡，不会报告。）',
      },
      fix: {
        en: 'Use :: (dual stack), 0.0.0.0 (IPv4 only, for kernels without IPv6) or one local address: general.listen_ip=::',
        zh: '使用 ::（双栈）、0.0.0.0（仅 IPv4，适用于无 IPv6 的内核）或本机某个地址：general.listen_ip=::',
      },
    },
    multicastInvalid: {
      message: {
        en: '{key}={value} is not an IPv4 address',
        zh: '{key}={value} 不是 IPv4 地址',
      },
      why: {
        en: 'The multicast group range is an IPv4 range; a value that is not a dotted IPv4 address gives RTSP multicast sessions (rtpTransportType=2 or SETUP with multicast) no usable group address.',
        zh: '组播地址范围是 IPv4 范围；不是点分 IPv4 地址的值会使 RTSP 组播会话（rtpTransportType=2 或 SETUP 请求组播）得不到可用的组播地址。',
      },
      fix: { en: 'Use an IPv4 multicast address, e.g. {key}={default}', zh: '使用 IPv4 组播地址，例如 {key}={default}' },
    },
    multicastOrder: {
      message: {
        en: 'multicast.addrMin={min} is above multicast.addrMax={max}',
        zh: 'multicast.addrMin={min} 大于 multicast.addrMax={max}',
      },
      why: {
        en: 'The allocator hands out groups from addrMin up to addrMax; with min above max the range is empty and RTSP multicast sessions get no group address.',
        zh: '组播地址分配器从 addrMin 到 addrMax 依次分配；min 大于 max 时范围为空，RTSP 组播会话分配不到组播地址。',
      },
      fix: { en: 'Swap the two values: multicast.addrMin={max}, multicast.addrMax={min}', zh: '交换两个值：multicast.addrMin={max}，multicast.addrMax={min}' },
    },
    notMulticast: {
      message: {
        en: '{key}={value} is outside the multicast range 224.0.0.0/4',
        zh: '{key}={value} 不在组播地址范围 224.0.0.0/4 内',
      },
      why: {
        en: 'Groups handed to RTSP multicast players come from addrMin..addrMax; an address outside 224.0.0.0-239.255.255.255 is not a multicast group, so RTSP multicast players are given an address they cannot join and receive nothing.',
        zh: 'RTSP 组播播放器使用的组播地址来自 addrMin..addrMax；224.0.0.0-239.255.255.255 以外的地址不是组播地址，RTSP 组播播放器拿到的地址无法加入，收不到数据。',
      },
      fix: { en: 'Use an address in 239.0.0.0/8 (administratively scoped), e.g. {key}={default}', zh: '使用 239.0.0.0/8（管理范围组播）内的地址，例如 {key}={default}' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const listen = doc.entry('general.listen_ip');
    if (listen) {
      const v = listen.value!;
      // quoted-value and inline-comment report those values as errors already
      // empty = the wildcard address, like ::; a non-address also binds the wildcard (ZLToolKit bind_sock), so start-up works
      if (v !== '' && !quotedValue(v) && !inlineComment(v) && parseIp(v) === undefined) {
        ctx.report({ messageId: 'listenIp', severity: 'warning', key: 'general.listen_ip', line: listen, data: { value: v } });
      }
    }
    const ok: Record<string, number> = {};
    for (const key of ['multicast.addrMin', 'multicast.addrMax']) {
      const eff = effective(doc, key);
      const v = eff.raw;
      if (eff.line && (quotedValue(v) || inlineComment(v))) continue;
      if (parseIp(v)?.family !== 4) {
        // empty: only RTSP multicast (rarely used) loses its group range; a warning, not a broken file
        if (eff.line) ctx.report({ messageId: 'multicastInvalid', ...(v === '' ? { severity: 'warning' as const } : {}), key, line: eff.line, data: { key, value: v, default: defaultOf(key) ?? '' } });
        continue;
      }
      const n = ipv4ToInt(v);
      ok[key] = n;
      if (eff.line && (n < ipv4ToInt('224.0.0.0') || n > ipv4ToInt('239.255.255.255'))) {
        ctx.report({ messageId: 'notMulticast', severity: 'warning', key, line: eff.line, data: { key, value: v, default: defaultOf(key) ?? '' } });
      }
    }
    const lo = ok['multicast.addrMin'];
    const hi = ok['multicast.addrMax'];
    if (lo !== undefined && hi !== undefined && lo > hi) {
      ctx.report({
        messageId: 'multicastOrder',
        key: 'multicast.addrMin',
        line: lineFor(doc, 'multicast.addrMin'),
        data: { min: effective(doc, 'multicast.addrMin').raw, max: effective(doc, 'multicast.addrMax').raw },
      });
    }
  },
};
