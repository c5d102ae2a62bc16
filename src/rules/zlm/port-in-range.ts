import type { Rule } from '../types.ts';
import { readValue } from '../../zlm/value.ts';
import { effective, effRange, LISTENER_KEYS } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';



/**
 * A fixed listener port inside a port pool: the pool hands out ports
 * assuming they are free, and the listener holds one of them permanently.
 */
export const rule: Rule = {
  meta: {
    id: 'port-in-range',
    severity: 'warning',
    category: 'ports',
    fixable: false,
    title: { en: 'Listener port inside a port pool', zh: '监听端口位于端口池范围内' },
  },
  messages: {
    rtp: {
      message: {
        en: '{key}={port} lies inside rtp_proxy.port_range {min}-{max}',
        zh: '{key}={port} 位于 rtp_proxy.port_range {min}-{max} 范围内',
      },
      why: {
        en: 'The RTP port pool hands out even/odd pairs and binds each pair on both UDP and TCP (openRtpServer with port=0, RTSP over UDP, startSendRtp). {key} already holds {port}, so the pair containing it can never be allocated and allocations that hit it retry or fail with "address already in use".',
        zh: 'RTP 端口池按奇偶成对分配端口，并同时绑定 UDP 和 TCP（openRtpServer port=0、RTSP UDP 传输、startSendRtp）。{key} 已占用 {port}，包含它的端口对永远无法分配，分配到它时会重试或以 "address already in use" 失败。',
      },
      fix: {
        en: 'Move {key} outside {min}-{max}, or shrink/move rtp_proxy.port_range so it does not contain {port}',
        zh: '把 {key} 移到 {min}-{max} 之外，或调整 rtp_proxy.port_range 使其不包含 {port}',
      },
    },
    rtc: {
      message: {
        en: '{key}={port} (UDP) lies inside rtc.port_range {min}-{max}',
        zh: '{key}={port}（UDP）位于 rtc.port_range {min}-{max} 范围内',
      },
      why: {
        en: 'rtc.port_range is the UDP pool for TURN relay allocations. {key} already holds UDP {port}, so relay allocations that pick it fail.',
        zh: 'rtc.port_range 是 TURN 中继分配使用的 UDP 端口池。{key} 已占用 UDP {port}，中继分配到该端口时会失败。',
      },
      fix: {
        en: 'Move {key} outside {min}-{max}, or change rtc.port_range so it does not contain {port}',
        zh: '把 {key} 移到 {min}-{max} 之外，或调整 rtc.port_range 使其不包含 {port}',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const rtp = effRange(doc, 'rtp_proxy.port_range');
    const rtc = effRange(doc, 'rtc.port_range');
    for (const def of LISTENER_KEYS) {
      const port = Number(readValue('uint16', effective(doc, def.key).raw).value);
      if (port === 0) continue;
      const line = lineFor(doc, def.key);
      const absent = !doc.has(def.key) ? { absent: true as const } : {};
      if (rtp.min <= rtp.max && port >= rtp.min && port <= rtp.max) {
        ctx.report({ messageId: 'rtp', key: def.key, line, ...(doc.has('rtp_proxy.port_range') ? absent : { absent: true as const }), data: { key: def.key, port, min: rtp.min, max: rtp.max } });
      }
      if (def.transport !== 'tcp' && rtc.min <= rtc.max && port >= rtc.min && port <= rtc.max) {
        ctx.report({ messageId: 'rtc', key: def.key, line, ...(doc.has('rtc.port_range') ? absent : { absent: true as const }), data: { key: def.key, port, min: rtc.min, max: rtc.max } });
      }
    }
  },
};
