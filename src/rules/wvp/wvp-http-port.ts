import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { readValue } from '../../zlm/value.ts';
import { wvpEdit, wvpLoc } from '../../wvp/link.ts';
import { hostPortFor, isServiceName, usesHostNetwork, wvpService, zlmService } from '../../deploy/index.ts';

/**
 * WVP reaches ZLM's API at media.ip:media.http-port. That is ZLM's http.port
 * itself, unless ZLM runs in a container: a WVP that reaches it through a
 * published port (`8080:80`) uses the host port, one that reaches it through
 * the compose network (media.ip = the service name) uses the container port.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-http-port',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    rootCauseWeight: 92,
    requires: ['zlm', 'wvp'],
    wvpKeys: ['media.http-port'],
    title: { en: "media.http-port is not ZLM's http.port", zh: 'media.http-port 与 ZLM 的 http.port 不一致' },
  },
  messages: {
    mismatch: {
      message: { en: "media.http-port {wvpPort} is not ZLM's http.port {zlmPort}", zh: 'media.http-port {wvpPort} 与 ZLM 的 http.port {zlmPort} 不一致' },
      why: {
        en: 'WVP calls http://{ip}:{wvpPort}/index/api/... for every API request and builds play URLs with it; ZLM listens on {zlmPort}, so WVP logs [ZLM-尝试连接]失败 and the node never comes online. The port a running ZLM listens on is the fact: http.port only changes with a ZLM restart.',
        zh: 'WVP 通过 http://{ip}:{wvpPort}/index/api/... 调用所有接口并生成播放地址；ZLM 实际监听 {zlmPort}，WVP 日志出现 [ZLM-尝试连接]失败，节点永远不上线。以运行中 ZLM 的监听端口为准：http.port 只有重启 ZLM 才会变。',
      },
      fix: { en: 'Set media.http-port: {zlmPort} in application.yml and restart WVP', zh: '在 application.yml 中设置 media.http-port: {zlmPort} 并重启 WVP' },
    },
    mapped: {
      message: {
        en: 'media.http-port {wvpPort} is not {want}, the port under which WVP reaches ZLM\'s http.port {zlmPort} ({how})',
        zh: 'media.http-port {wvpPort} 不是 {want}，而 WVP 要通过 {want} 才能访问 ZLM 的 http.port {zlmPort}（{how}）',
      },
      why: {
        en: 'WVP calls http://{ip}:{wvpPort}/index/api/... for every API request. {how}: nothing answers on {wvpPort} there, so WVP logs [ZLM-尝试连接]失败 and the node never comes online.',
        zh: 'WVP 的每个 API 请求都调用 http://{ip}:{wvpPort}/index/api/...。{how}：那里的 {wvpPort} 端口无人应答，WVP 日志出现 [ZLM-尝试连接]失败，节点永远不上线。',
      },
      fix: { en: 'Set media.http-port: {want} in application.yml and restart WVP', zh: '在 application.yml 中设置 media.http-port: {want} 并重启 WVP' },
    },
    maybeMapped: {
      message: {
        en: "media.http-port {wvpPort} is not ZLM's http.port 80: right only if ZLM runs in a container published as {wvpPort}:80",
        zh: 'media.http-port {wvpPort} 与 ZLM 的 http.port 80 不同：只有 ZLM 运行在容器中并以 {wvpPort}:80 发布时才正确',
      },
      why: {
        en: 'ZLM\'s Docker image listens on 80 and is commonly published under another host port; WVP outside the container then calls that host port. Without the compose file zlm-doctor cannot tell a mapping from a wrong port. If there is no such mapping, WVP logs [ZLM-尝试连接]失败 and the node never comes online.',
        zh: 'ZLM 的 Docker 镜像监听 80，常被发布为宿主机的其他端口，容器外的 WVP 此时调用的是宿主机端口。没有 compose 文件时 zlm-doctor 无法区分端口映射与端口写错。若并无这样的映射，WVP 日志会出现 [ZLM-尝试连接]失败，节点永远不上线。',
      },
      fix: {
        en: 'Pass the compose file (--compose) to check the mapping; without a mapping set media.http-port: 80',
        zh: '传入 compose 文件（--compose）以核对端口映射；若无映射，设置 media.http-port: 80',
      },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const wp = wvp.get('media.http-port');
    if (wp.value === undefined) return;
    const zlmNum = readValue('uint16', effective(ctx.doc, 'http.port').raw).value as number;
    const zlmPort = String(zlmNum);
    const have = String(Number(wp.value));
    const mediaIp = wvp.get('media.ip').value ?? '';
    const data = { wvpPort: wp.value, zlmPort, ip: mediaIp || '?' };
    const loc = wvpLoc(wvp, wp);

    // deployment context: which port WVP must use to reach ZLM's http.port
    const zs = zlmService(ctx.deploy);
    if (ctx.deploy && zs && !usesHostNetwork(zs) && zlmNum > 0) {
      const ws = wvpService(ctx.deploy);
      const viaNetwork = mediaIp !== '' && isServiceName(ctx.deploy, mediaIp) && !(ws && usesHostNetwork(ws));
      const hostPort = hostPortFor(zs, zlmNum, 'tcp');
      let want: string | undefined;
      let how_en = '';
      let how_zh = '';
      if (viaNetwork) {
        want = zlmPort;
        how_en = `media.ip ${mediaIp} is the compose service: WVP reaches ZLM through the compose network, on the container port`;
        how_zh = `media.ip ${mediaIp} 是 compose 服务名：WVP 经 compose 网络访问 ZLM，使用容器端口`;
      } else if (hostPort !== undefined) {
        want = String(hostPort);
        how_en = `ZLM's ${zlmPort} is published as host port ${hostPort} (${zs.name}); WVP at ${mediaIp || 'media.ip'} reaches it through that published port`;
        how_zh = `ZLM 的 ${zlmPort} 被发布为宿主机端口 ${hostPort}（${zs.name}）；WVP 经 ${mediaIp || 'media.ip'} 通过该发布端口访问`;
      }
      if (want !== undefined) {
        if (have === want) return;
        ctx.report({ messageId: 'mapped', key: 'media.http-port', loc, data: { ...data, want, how: { en: how_en, zh: how_zh } }, wvpEdits: wvpEdit(wvp, 'media.http-port', want) });
        return;
      }
    }
    if (have === zlmPort) return;
    // no context: ZLM's image listens on 80 and is usually published elsewhere; a guess either way
    if (!ctx.deploy && zlmPort === '80' && Number(have) > 0 && Number(have) <= 65535) {
      ctx.report({
        messageId: 'maybeMapped',
        severity: 'warning',
        key: 'media.http-port',
        loc,
        data,
        suggestion: { en: `with a ${have}:80 mapping nothing to change; otherwise media.http-port: 80`, zh: `若有 ${have}:80 映射则无需修改；否则设置 media.http-port: 80` },
      });
      return;
    }
    ctx.report({
      messageId: 'mismatch',
      key: 'media.http-port',
      loc,
      data,
      ...(zlmPort !== '0' ? { wvpEdits: wvpEdit(wvp, 'media.http-port', zlmPort) } : {}),
    });
  },
};
