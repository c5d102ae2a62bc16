import type { Rule } from '../types.ts';
import { effRange } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';


const KEY = 'rtp_proxy.port_range';
/** Linux default net.ipv4.ip_local_port_range. */
const EPHEMERAL = { min: 32768, max: 60999 };

/** rtp_proxy.port_range sharing ports with rtc.port_range or the OS ephemeral range. */
export const rule: Rule = {
  meta: {
    id: 'port-range-overlap',
    severity: 'warning',
    category: 'ports',
    fixable: false,
    title: { en: 'RTP port pool overlaps another port range', zh: 'RTP 端口池与其他端口范围重叠' },
  },
  messages: {
    rtc: {
      message: {
        en: 'rtp_proxy.port_range {min}-{max} overlaps rtc.port_range {rtcMin}-{rtcMax} on {from}-{to}',
        zh: 'rtp_proxy.port_range {min}-{max} 与 rtc.port_range {rtcMin}-{rtcMax} 在 {from}-{to} 重叠',
      },
      why: {
        en: 'The two pools are managed independently: a TURN relay allocation can take a port the RTP pool later hands out (or the other way round), and that allocation fails with "address already in use".',
        zh: '两个端口池各自独立管理：TURN 中继可能占用 RTP 端口池稍后要分配的端口（反之亦然），该次分配会以 "address already in use" 失败。',
      },
      fix: {
        en: 'Use disjoint ranges, e.g. keep rtp_proxy.port_range below {rtcMin}',
        zh: '使用互不重叠的范围，例如让 rtp_proxy.port_range 低于 {rtcMin}',
      },
    },
    ephemeral: {
      message: {
        en: 'rtp_proxy.port_range {min}-{max} overlaps the Linux ephemeral port range 32768-60999 on {from}-{to}',
        zh: 'rtp_proxy.port_range {min}-{max} 与 Linux 临时端口范围 32768-60999 在 {from}-{to} 重叠',
      },
      why: {
        en: 'Outgoing connections (hook calls, pull proxies, startSendRtp) get local ports from the kernel\'s ephemeral range (net.ipv4.ip_local_port_range, default 32768-60999). One of them can hold a pool port, and that allocation then fails with "address already in use" (the allocator retries 3 times). Rarely a problem on a lightly loaded host.',
        zh: '对外连接（hook 调用、拉流代理、startSendRtp）的本地端口来自内核临时端口范围（net.ipv4.ip_local_port_range，默认 32768-60999）。它们可能占用端口池中的端口，该次分配会以 "address already in use" 失败（分配器会重试 3 次）。负载较低时很少出问题。',
      },
      fix: {
        en: 'Move the pool below 32768 (e.g. rtp_proxy.port_range=20000-25000), or shrink the ephemeral range with sysctl net.ipv4.ip_local_port_range / reserve the pool with net.ipv4.ip_local_reserved_ports',
        zh: '把端口池移到 32768 以下（例如 rtp_proxy.port_range=20000-25000），或用 sysctl net.ipv4.ip_local_port_range 缩小临时端口范围 / 用 net.ipv4.ip_local_reserved_ports 保留端口池',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const rtp = effRange(doc, KEY);
    if (rtp.min > rtp.max) return; // port-range-invalid reports it
    const line = lineFor(doc, KEY);
    const rtc = effRange(doc, 'rtc.port_range');
    if (rtc.min <= rtc.max && rtp.min <= rtc.max && rtc.min <= rtp.max) {
      ctx.report({
        messageId: 'rtc',
        ...(!doc.has(KEY) || !doc.has('rtc.port_range') ? { absent: true as const } : {}),
        key: KEY,
        line,
        data: { min: rtp.min, max: rtp.max, rtcMin: rtc.min, rtcMax: rtc.max, from: Math.max(rtp.min, rtc.min), to: Math.min(rtp.max, rtc.max) },
      });
    }
    if (rtp.min <= EPHEMERAL.max && EPHEMERAL.min <= rtp.max) {
      ctx.report({
        messageId: 'ephemeral',
        ...(!doc.has(KEY) ? { absent: true as const } : {}),
        severity: 'info',
        key: KEY,
        line,
        data: { min: rtp.min, max: rtp.max, from: Math.max(rtp.min, EPHEMERAL.min), to: Math.min(rtp.max, EPHEMERAL.max) },
      });
    }
  },
};
