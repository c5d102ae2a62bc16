import type { Rule } from '../types.ts';
import { hookEntries, hookHostKind, parseHookUrl, selfTarget } from '../../zlm/hook-urls.ts';

/**
 * A hook URL whose host is 0.0.0.0 or ::, a listen address. On Linux a
 * connection to it lands on the local host, so it works only where a
 * loopback URL would; usually it is an unset WVP hook-ip (or a sip.ip of
 * 0.0.0.0 copied into the hooks).
 */
export const rule: Rule = {
  meta: {
    id: 'hook-target-unspecified',
    severity: 'warning',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hook URL host is 0.0.0.0 or ::', zh: 'hook 地址的主机是 0.0.0.0 或 ::' },
  },
  messages: {
    unspecified: {
      message: {
        en: '{key} sends to {host}, a listen address, not a destination: it only reaches a receiver on ZLM\'s own host',
        zh: '{key} 发往 {host}，这是监听地址而不是目的地址：只能到达与 ZLM 在同一主机上的接收方',
      },
      why: {
        en: '0.0.0.0 and :: mean "every interface" when binding. As a destination Linux quietly connects them to the local host (other systems refuse them), so the hook works only where http://127.0.0.1 would: never across a Docker bridge or to another machine. It usually means the controller\'s address was never set (WVP: media.hook-ip defaulting to sip.ip 0.0.0.0).',
        zh: '0.0.0.0 和 :: 在绑定时表示"所有网卡"。作为目的地址时，Linux 会悄悄连到本机（其他系统直接拒绝），因此只在 http://127.0.0.1 也能工作的情况下才可用：跨 Docker bridge 或到其他机器都不行。通常意味着控制端地址从未设置（WVP：media.hook-ip 缺省取 sip.ip 的 0.0.0.0）。',
      },
      fix: {
        en: 'Use the address at which ZLM reaches the hook receiver (for WVP set media.hook-ip to WVP\'s address as seen from ZLM).',
        zh: '改为 ZLM 访问 hook 接收方时使用的地址（对于 WVP：把 media.hook-ip 设置为从 ZLM 看到的 WVP 地址）。',
      },
    },
  },
  check(ctx) {
    for (const { key, line, value } of hookEntries(ctx.doc)) {
      const url = parseHookUrl(value);
      if (!url || hookHostKind(url.host) !== 'unspecified') continue;
      if (selfTarget(ctx.doc, url, ctx.shape?.kind === 'excerpt')) continue; // hook-targets-zlm reports it
      ctx.report({ messageId: 'unspecified', key, line, data: { key, host: url.host } });
    }
  },
};
