import type { Rule } from '../types.ts';
import { portPairs } from '../../zlm/value.ts';
import { effRange } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';


const KEY = 'rtp_proxy.port_range';
const MIN_PAIRS = 50;

/**
 * PortManager asserts max >= min + 35 (also in release builds): a smaller
 * rtp_proxy.port_range makes every allocation fail. Each GB28181 stream and
 * each RTSP/UDP track takes one even/odd pair.
 */
export const rule: Rule = {
  meta: {
    id: 'rtp-port-range-size',
    severity: 'error',
    category: 'ports',
    fixable: false,
    title: { en: 'RTP port pool too small', zh: 'RTP 端口池过小' },
  },
  messages: {
    tooSmall: {
      message: {
        en: 'rtp_proxy.port_range {min}-{max} spans {count} ports, fewer than the 36 the pool requires; every allocation fails',
        zh: 'rtp_proxy.port_range {min}-{max} 只有 {count} 个端口，少于端口池要求的 36 个；所有分配都会失败',
      },
      why: {
        en: 'PortManager asserts max >= min + 35, and ZLM\'s assert throws in release builds too: every openRtpServer with port=0 answers -400 "Assertion failed: (s_max_port >= s_min_port + 36 - 1) ..." and RTSP players asking for RTP over UDP fail the same way. Start-up itself looks fine.',
        zh: 'PortManager 断言 max >= min + 35，ZLM 的断言在 release 版本中同样会抛出：所有 port=0 的 openRtpServer 都返回 -400 "Assertion failed: (s_max_port >= s_min_port + 36 - 1) ..."，请求 RTP over UDP 的 RTSP 播放器同样失败。启动本身看起来一切正常。',
      },
      fix: {
        en: 'Widen the range to at least 36 ports, better 100+ (two per stream), e.g. rtp_proxy.port_range={min}-{suggestedMax}, and open it in the firewall for UDP and TCP',
        zh: '把范围扩大到至少 36 个端口，最好 100 个以上（每路流占两个），例如 rtp_proxy.port_range={min}-{suggestedMax}，并在防火墙中同时开放 UDP 和 TCP',
      },
    },
    few: {
      message: {
        en: 'rtp_proxy.port_range {min}-{max} gives only {pairs} port pairs',
        zh: 'rtp_proxy.port_range {min}-{max} 只能提供 {pairs} 个端口对',
      },
      why: {
        en: 'The pool hands out even/odd pairs; each GB28181 receive stream (openRtpServer port=0), each RTSP-over-UDP track and each startSendRtp takes one. With {pairs} pairs, a busy moment answers -400 "none reserved port in pool".',
        zh: '端口池按奇偶对分配；每路 GB28181 收流（openRtpServer port=0）、每个 RTSP UDP 轨道和每个 startSendRtp 都占用一对。只有 {pairs} 对时，高峰期会返回 -400 "none reserved port in pool"。',
      },
      fix: {
        en: 'Size the range for the expected streams plus RTSP/UDP tracks, e.g. rtp_proxy.port_range={min}-{suggestedMax}',
        zh: '按预期的流数量加上 RTSP/UDP 轨道数规划范围，例如 rtp_proxy.port_range={min}-{suggestedMax}',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const r = effRange(doc, KEY);
    if (r.min > r.max) return; // port-range-invalid reports it
    const count = r.max - r.min + 1;
    const suggestedMax = Math.min(65535, r.min + 999);
    const data = { min: r.min, max: r.max, count, pairs: portPairs(r), suggestedMax };
    if (r.max < r.min + 35) {
      ctx.report({ messageId: 'tooSmall', key: KEY, line: lineFor(doc, KEY), data });
    } else if (portPairs(r) < MIN_PAIRS) {
      ctx.report({ messageId: 'few', severity: 'warning', key: KEY, line: lineFor(doc, KEY), data });
    }
  },
};
