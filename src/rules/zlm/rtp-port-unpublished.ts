import type { Rule, RuleContext, Severity } from '../types.ts';
import { effNumber, effRange } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';
import { unpublished, zlmServiceFor, type Proto } from '../../deploy/index.ts';

/**
 * GB28181 media comes from the cameras to ZLM: to rtp_proxy.port_range (WVP's
 * multi-port mode, media.rtp.enable=true) or to rtp_proxy.port (single-port
 * mode). When ZLM runs in a container without host networking, those ports
 * must be published, for UDP and for TCP, or the RTP never arrives.
 */

type Need = 'range' | 'port';

/** Which ports cameras send to, and how sure we are: WVP's rtp.enable decides, else both (info). */
function needs(ctx: RuleContext): { need: Need[]; severity: Severity; basis: string } {
  const enable = ctx.wvp?.get('media.rtp.enable');
  if (!ctx.wvp || !enable) return { need: ['range', 'port'], severity: 'info', basis: 'no-wvp' };
  if (enable.unresolved?.length || enable.value === undefined) return { need: ['range', 'port'], severity: 'info', basis: 'unknown' };
  const on = enable.value === 'true';
  // a value that is only a placeholder's default is a guess: lower it
  const severity: Severity = enable.source === 'placeholder-default' ? 'warning' : 'error';
  return { need: [on ? 'range' : 'port'], severity, basis: on ? 'multi' : 'single' };
}

function fmt(gaps: [number, number][]): string {
  const shown = gaps.slice(0, 3).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
  return gaps.length > 3 ? `${shown}, …` : shown;
}

export const rule: Rule = {
  meta: {
    id: 'rtp-port-unpublished',
    severity: 'error',
    category: 'ports',
    fixable: false,
    title: { en: 'RTP port for cameras not published by docker-compose', zh: 'docker-compose 未发布摄像头推流用的 RTP 端口' },
  },
  messages: {
    unpublished: {
      message: {
        en: '{key} {ports}/{proto} is not published by compose service "{service}": cameras cannot send RTP to it',
        zh: '{key} {ports}/{proto} 未被 compose 服务 "{service}" 发布：摄像头无法向其发送 RTP',
      },
      why: {
        en: 'ZLM runs in a container without host networking, so only the ports listed under `ports:` are reachable from outside. {basis} {protoNote} The camera sends into nothing, ZLM fires on_rtp_server_timeout and WVP reports 收流超时.',
        zh: 'ZLM 运行在未使用 host 网络的容器中，外部只能访问 `ports:` 中列出的端口。{basis}{protoNote}摄像头的数据发往空处，ZLM 触发 on_rtp_server_timeout，WVP 报 收流超时。',
      },
      fix: {
        en: 'Publish the same numbers on the host for {proto}, e.g. "{example}" under ports: of "{service}" in {file}, or run ZLM with network_mode: host.',
        zh: '在 {file} 中服务 "{service}" 的 ports: 下按相同端口号发布 {proto}，例如 "{example}"；或让 ZLM 使用 network_mode: host。',
      },
    },
  },
  check(ctx) {
    const d = ctx.deploy;
    const svc = zlmServiceFor(d, ctx.file);
    if (!d || !svc) return;
    const { need, severity, basis } = needs(ctx);
    const basis_en = {
      'no-wvp': 'WVP\'s configuration was not given, so whether cameras use this port is not known (GB28181 devices do).',
      unknown: 'WVP\'s media.rtp.enable is not known (unresolved placeholder), so which of the two ports cameras use is not known.',
      multi: 'WVP runs in multi-port mode (media.rtp.enable=true): every INVITE asks the camera to send to a port of rtp_proxy.port_range.',
      single: 'WVP runs in single-port mode (media.rtp.enable=false): every camera sends to rtp_proxy.port.',
    }[basis]!;
    const basis_zh = {
      'no-wvp': '未提供 WVP 配置，无法确定摄像头是否使用该端口（GB28181 设备会使用）。',
      unknown: 'WVP 的 media.rtp.enable 未知（占位符未解析），无法确定摄像头使用哪个端口。',
      multi: 'WVP 为多端口模式（media.rtp.enable=true）：每个 INVITE 都让摄像头发往 rtp_proxy.port_range 中的端口。',
      single: 'WVP 为单端口模式（media.rtp.enable=false）：所有摄像头都发往 rtp_proxy.port。',
    }[basis]!;
    for (const n of need) {
      const key = n === 'range' ? 'rtp_proxy.port_range' : 'rtp_proxy.port';
      let lo: number;
      let hi: number;
      if (n === 'range') {
        const r = effRange(ctx.doc, key);
        if (r.min > r.max || r.min <= 0) continue;
        lo = r.min;
        hi = r.max;
      } else {
        lo = hi = effNumber(ctx.doc, key);
        if (!(lo > 0 && lo <= 65535)) continue; // 0: the single port is off
      }
      for (const proto of ['udp', 'tcp'] as Proto[]) {
        const gaps = unpublished(d, svc, lo, hi, proto);
        if (!gaps || gaps.length === 0) continue;
        const example = lo === hi ? `${lo}:${lo}/${proto}` : `${lo}-${hi}:${lo}-${hi}/${proto}`;
        ctx.report({
          messageId: 'unpublished',
          severity,
          key,
          ...(!ctx.doc.has(key) ? { absent: true as const } : {}),
          line: lineFor(ctx.doc, key),
          data: {
            key,
            ports: fmt(gaps),
            proto,
            service: svc.name,
            file: svc.loc.file.split('/').pop()!,
            example,
            basis: { en: basis_en, zh: basis_zh },
            protoNote: { en: proto === 'udp' ? 'UDP is how GB28181 cameras send by default.' : 'TCP carries the stream when the device is set to TCP transport (passive or active).', zh: proto === 'udp' ? 'GB28181 摄像头默认用 UDP 发送。' : '设备使用 TCP 传输（被动或主动）时走 TCP。' },
          },
        });
      }
    }
  },
};
