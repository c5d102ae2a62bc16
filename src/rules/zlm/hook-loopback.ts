import type { Rule } from '../types.ts';
import { hookEntries, hookHostKind, isSampleHookUrl, parseHookUrl } from '../../zlm/hook-urls.ts';
import { networkOwner, usesHostNetwork, zlmService } from '../../deploy/query.ts';

/**
 * A hook receiver on loopback. Fine when the receiver shares ZLM's host or
 * network namespace (same machine, host networking, one pod); wrong across a
 * Docker bridge, where 127.0.0.1 is ZLM's own container. Info: the file alone
 * cannot tell which.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-loopback',
    severity: 'info',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hook receiver on loopback', zh: 'hook 接收方在回环地址上' },
  },
  messages: {
    loopback: {
      message: {
        en: '{key} goes to {host}: only a receiver in ZLM\'s own host or network namespace gets it',
        zh: '{key} 发往 {host}：只有与 ZLM 处于同一主机或同一网络命名空间的接收方才能收到',
      },
      why: {
        en: 'Loopback is local to a network namespace. With ZLM and the receiver on one machine, with host networking or in one pod this works; with ZLM in a Docker bridge container 127.0.0.1 is that container, so the hook never leaves it.',
        zh: '回环地址只在一个网络命名空间内有效。ZLM 与接收方在同一台机器、使用 host 网络或在同一个 pod 中时可以工作；ZLM 运行在 Docker bridge 容器中时，127.0.0.1 就是这个容器本身，hook 永远出不去。',
      },
      fix: {
        en: 'Keep it if the receiver runs beside ZLM (same host or network namespace); otherwise use the receiver\'s address as ZLM reaches it (a compose service name, or the host\'s IP).',
        zh: '若接收方与 ZLM 在一起（同一主机或网络命名空间）可保持不变；否则改为 ZLM 能访问到的接收方地址（compose 服务名或宿主机 IP）。',
      },
    },
    bridged: {
      message: {
        en: '{key} goes to {host}, but ZLM (service {service}) runs on a container network: loopback is ZLM\'s own container, no receiver is there',
        zh: '{key} 发往 {host}，但 ZLM（服务 {service}）运行在容器网络中：回环地址就是 ZLM 自己的容器，那里没有接收方',
      },
      why: {
        en: 'The compose file runs ZLM without host networking and no other service shares its network namespace. 127.0.0.1 inside that container is the container itself, so every hook is refused (connection refused) and auth hooks reject publish and play.',
        zh: 'compose 文件中 ZLM 没有使用 host 网络，也没有其它服务共享它的网络命名空间。容器内的 127.0.0.1 就是容器自己，所以每个 hook 都会被拒绝连接，鉴权 hook 会拒绝推流和播放。',
      },
      fix: {
        en: 'Use the receiver\'s compose service name (e.g. http://wvp:18080/...) or run ZLM with network_mode: host.',
        zh: '改用接收方的 compose 服务名（例如 http://wvp:18080/...），或让 ZLM 使用 network_mode: host。',
      },
    },
  },
  check(ctx) {
    // with a compose context: ZLM on a bridge network, no other service in its namespace → the hook stays in ZLM's container
    const d = ctx.deploy;
    const zlm = zlmService(d);
    const owner = zlm ? networkOwner(d, zlm) : undefined;
    const isolated =
      zlm !== undefined && owner !== undefined && !usesHostNetwork(owner) &&
      !(d?.services ?? []).some((s) => s !== owner && s !== zlm && networkOwner(d, s) === owner);
    for (const { key, line, value } of hookEntries(ctx.doc)) {
      if (isSampleHookUrl(key, value)) continue;
      const url = parseHookUrl(value);
      if (!url || hookHostKind(url.host) !== 'loopback') continue;
      if (isolated) ctx.report({ messageId: 'bridged', severity: 'warning', key, line, data: { key, host: url.host, service: zlm.name } });
      else ctx.report({ messageId: 'loopback', key, line, data: { key, host: url.host } });
    }
  },
};
