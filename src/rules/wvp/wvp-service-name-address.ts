import type { Rule } from '../types.ts';
import { wvpLoc } from '../../wvp/link.ts';
import { isServiceName, wvpService } from '../../deploy/index.ts';

/**
 * A docker-compose service name resolves only inside the compose network
 * (Docker's embedded DNS). `hook-ip: wvp` and `media.ip: zlm` are fine there,
 * but media.sdp-ip goes to cameras (in the INVITE SDP) and media.stream-ip to
 * browsers (in play URLs): neither can resolve the name.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-service-name-address',
    severity: 'error',
    category: 'wvp',
    fixable: false,
    requires: ['wvp'],
    wvpKeys: ['media.sdp-ip', 'media.stream-ip'],
    title: { en: 'Compose service name given to cameras or browsers', zh: '把 compose 服务名交给摄像头或浏览器' },
  },
  messages: {
    sdp: {
      message: {
        en: '{path} {value} is a docker-compose service name: cameras cannot resolve it{via}',
        zh: '{path} {value} 是 docker-compose 服务名：摄像头无法解析它{via}',
      },
      why: {
        en: 'WVP writes this address into the c= line of every INVITE and the camera sends RTP there. Only containers of the compose network can resolve "{value}" (Docker\'s embedded DNS); a camera cannot, so no RTP arrives and WVP reports 收流超时.',
        zh: 'WVP 把该地址写入每个 INVITE 的 c= 行，摄像头向它发送 RTP。只有 compose 网络内的容器能解析 "{value}"（Docker 内置 DNS），摄像头不能，因此收不到 RTP，WVP 报 收流超时。',
      },
      fix: {
        en: 'Set media.sdp-ip to the IP address of the Docker host that the cameras can reach (and publish the RTP ports there).',
        zh: '把 media.sdp-ip 设为摄像头能访问到的 Docker 宿主机 IP（并在宿主机上发布 RTP 端口）。',
      },
    },
    stream: {
      message: {
        en: '{path} {value} is a docker-compose service name: browsers cannot resolve it{via}',
        zh: '{path} {value} 是 docker-compose 服务名：浏览器无法解析它{via}',
      },
      why: {
        en: 'WVP builds the play URLs (FLV, HLS, WebRTC, RTSP) it hands to players from this address. "{value}" resolves only inside the compose network, so players elsewhere cannot open them.',
        zh: 'WVP 用该地址生成交给播放器的播放地址（FLV、HLS、WebRTC、RTSP）。"{value}" 只在 compose 网络内可解析，其他地方的播放器打不开。',
      },
      fix: {
        en: 'Set media.stream-ip to the address (IP or DNS name) players use to reach the Docker host.',
        zh: '把 media.stream-ip 设为播放器访问 Docker 宿主机所用的地址（IP 或域名）。',
      },
    },
  },
  check(ctx) {
    const d = ctx.deploy;
    if (!d) return;
    const wvp = ctx.wvp!;
    // a WVP on the host network is not inside the compose network either; the names still mean nothing to peers
    for (const [path, messageId, severity] of [
      ['media.sdp-ip', 'sdp', 'error'],
      ['media.stream-ip', 'stream', 'warning'],
    ] as const) {
      const v = wvp.get(path);
      if (v.unresolved?.length || !v.value) continue;
      const names = v.value.split(',').map((s) => s.trim()).filter((h) => isServiceName(d, h));
      if (names.length === 0) continue;
      // where the value comes from: the key itself, else the fallback (wan_ip, media.ip) that supplied it
      const chain = [path, 'media.wan_ip', 'media.ip'].map((p) => wvp.get(p));
      const winner = chain.find((c) => c.value === v.value && c.loc) ?? v;
      const env = (winner as { envVar?: string }).envVar;
      const via_en = winner.path !== path ? ` (${path} is not set, so WVP uses ${winner.path})` : env ? ` (set by ${env} in the environment of "${wvpService(d)?.name ?? 'wvp'}")` : '';
      const via_zh = winner.path !== path ? `（未设置 ${path}，WVP 使用 ${winner.path}）` : env ? `（由 "${wvpService(d)?.name ?? 'wvp'}" 环境变量 ${env} 设置）` : '';
      ctx.report({
        messageId,
        severity,
        key: winner.path,
        loc: wvpLoc(wvp, winner),
        data: { path: winner.path, value: names[0]!, via: { en: via_en, zh: via_zh } },
        suggestion: { en: `${path}: <IP of the Docker host>`, zh: `${path}: <Docker 宿主机 IP>` },
      });
    }
  },
};
