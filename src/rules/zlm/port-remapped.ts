import type { Rule, Severity } from '../types.ts';
import { effNumber, effRange } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';
import { usesHostNetwork, zlmServiceFor, type PortMapping, type Proto } from '../../deploy/index.ts';

/**
 * A compose mapping that publishes a ZLM media port under another number
 * (`10000:8000/udp`, `30000-30500:40000-40500`): ZLM announces the port it
 * listens on (the container port) in the SDP, in ICE candidates and, through
 * WVP, in play URLs, so peers outside connect to a number nobody publishes.
 */

interface Listener {
  key: string;
  lo: number;
  hi: number;
  protos: Proto[];
  severity: Severity;
  kind: 'rtp' | 'rtc' | 'rtsp';
}

function listeners(doc: Parameters<Rule['check']>[0]['doc']): Listener[] {
  const out: Listener[] = [];
  const single = (key: string, protos: Proto[], severity: Severity, kind: Listener['kind']) => {
    const p = effNumber(doc, key);
    if (p > 0 && p <= 65535) out.push({ key, lo: p, hi: p, protos, severity, kind });
  };
  const range = (key: string, protos: Proto[], severity: Severity, kind: Listener['kind']) => {
    const r = effRange(doc, key);
    if (r.min > 0 && r.min <= r.max) out.push({ key, lo: r.min, hi: r.max, protos, severity, kind });
  };
  single('rtp_proxy.port', ['udp', 'tcp'], 'error', 'rtp');
  range('rtp_proxy.port_range', ['udp', 'tcp'], 'error', 'rtp');
  single('rtc.port', ['udp'], 'error', 'rtc');
  single('rtc.tcpPort', ['tcp'], 'error', 'rtc');
  range('rtc.port_range', ['udp'], 'error', 'rtc');
  single('rtsp.port', ['tcp'], 'warning', 'rtsp');
  return out;
}

function show(a: number, b: number | undefined): string {
  return b === undefined || b === a ? `${a}` : `${a}-${b}`;
}

export const rule: Rule = {
  meta: {
    id: 'port-remapped',
    severity: 'error',
    category: 'ports',
    fixable: false,
    title: { en: 'Media port published under another number', zh: '媒体端口以不同端口号发布' },
  },
  messages: {
    remapped: {
      message: {
        en: '{key} {ports} is published as host port {host}/{proto} ("{raw}"): peers are told {ports}',
        zh: '{key} {ports} 以宿主机端口 {host}/{proto} 发布（"{raw}"）：对端拿到的却是 {ports}',
      },
      why: {
        en: '{why} Docker only forwards {host} on the host; nothing answers on {ports} there.',
        zh: '{why}Docker 只在宿主机上转发 {host}；宿主机的 {ports} 上没有任何服务。',
      },
      fix: {
        en: 'Publish the same number on both sides ("{same}"), or change {key} in config.ini to the host port and publish it 1:1, or use network_mode: host.',
        zh: '两侧使用相同端口号（"{same}"），或把 config.ini 中的 {key} 改为宿主机端口并 1:1 发布，或使用 network_mode: host。',
      },
    },
    random: {
      message: {
        en: '{key} {ports}/{proto} is published on a random host port ("{raw}"): peers are told {ports}',
        zh: '{key} {ports}/{proto} 被发布到随机宿主机端口（"{raw}"）：对端拿到的却是 {ports}',
      },
      why: {
        en: '{why} A port listed without a host part is published on a port Docker chooses, different at every start.',
        zh: '{why}未写宿主机端口时，Docker 每次启动都会选择不同的随机端口。',
      },
      fix: {
        en: 'Write the mapping with the same number on both sides ("{same}"), or use network_mode: host.',
        zh: '映射两侧写相同端口号（"{same}"），或使用 network_mode: host。',
      },
    },
  },
  check(ctx) {
    const svc = zlmServiceFor(ctx.deploy, ctx.file);
    if (!svc || usesHostNetwork(svc)) return;
    const why_en = {
      rtp: 'ZLM returns the port it listens on from openRtpServer and WVP writes it into the INVITE SDP: cameras send RTP to that number on the host.',
      rtc: 'ZLM puts the port it listens on into its WebRTC ICE candidates: browsers connect to that number and the WebRTC session never gets media.',
      rtsp: 'WVP reads rtsp.port from ZLM and builds the RTSP play URLs it hands out with it; RTSP over UDP also announces container ports.',
    };
    const why_zh = {
      rtp: 'ZLM 通过 openRtpServer 返回其监听端口，WVP 把它写入 INVITE 的 SDP：摄像头会向宿主机的这个端口发送 RTP。',
      rtc: 'ZLM 把其监听端口写入 WebRTC 的 ICE candidate：浏览器连接这个端口，WebRTC 会话收不到媒体。',
      rtsp: 'WVP 从 ZLM 读取 rtsp.port 并用它生成返回的 RTSP 播放地址；RTSP over UDP 也会通告容器端口。',
    };
    const seen = new Set<PortMapping>();
    for (const l of listeners(ctx.doc)) {
      for (const m of svc.ports) {
        if (seen.has(m) || !l.protos.includes(m.protocol)) continue;
        if (m.containerPortEnd < l.lo || m.containerPort > l.hi) continue;
        if (m.hostPort === m.containerPort && (m.hostPortEnd ?? m.hostPort) === m.containerPortEnd) continue;
        seen.add(m);
        // RTSP play URLs with the container port are WVP's doing; a plain RTSP client over TCP is fine with any mapping
        const severity: Severity = l.kind === 'rtsp' && !ctx.wvp ? 'info' : l.severity;
        const from = Math.max(l.lo, m.containerPort);
        const to = Math.min(l.hi, m.containerPortEnd);
        const ports = show(from, to);
        // the host ports the overlapping part lands on (a host range maps 1:1 by offset)
        const single = m.hostPort !== undefined && (m.hostPortEnd ?? m.hostPort) === m.hostPort && m.containerPort !== m.containerPortEnd ? undefined : m.hostPort;
        const host = single === undefined ? show(m.hostPort ?? 0, m.hostPortEnd) : show(single + (from - m.containerPort), single + (to - m.containerPort));
        const same = `${show(m.containerPort, m.containerPortEnd)}:${show(m.containerPort, m.containerPortEnd)}/${m.protocol}`;
        const data = { key: l.key, ports, proto: m.protocol, raw: m.raw, same, why: { en: why_en[l.kind], zh: why_zh[l.kind] } };
        const loc = m.loc ? { loc: { file: m.loc.file, line: m.loc.line, column: m.loc.column, endLine: m.loc.line, endColumn: m.loc.column + m.raw.length } } : { line: lineFor(ctx.doc, l.key) };
        if (m.hostPort === undefined) ctx.report({ messageId: 'random', severity, key: l.key, ...loc, data });
        else ctx.report({ messageId: 'remapped', severity, key: l.key, ...loc, data: { ...data, host } });
      }
    }
  },
};
