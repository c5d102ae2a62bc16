import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { hookEntries, isSampleHookUrl, parseHookUrl, selfTarget } from '../../zlm/hook-urls.ts';
import { readBool } from '../../zlm/value.ts';

/**
 * A hook URL that leads back to ZLM's own HTTP server: a loopback or
 * unspecified host (or general.listen_ip itself) on http.port or http.sslport
 * (the scheme's default port counts). ZLM then posts the event to itself; its
 * HTTP server has no /index/hook/ API and answers 404, so every auth hook
 * fails and publish/play are refused. The untouched sample URLs are left to
 * hook-sample-url.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-targets-zlm',
    severity: 'error',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hook URL points back at ZLM itself', zh: 'hook 地址指回 ZLM 自己' },
  },
  messages: {
    self: {
      message: {
        en: '{key} points at ZLM itself ({target} is its own {portKey}={port}): the hook receiver is ZLM, not your controller',
        zh: '{key} 指向 ZLM 自己（{target} 就是它自己的 {portKey}={port}）：接收 hook 的是 ZLM，而不是你的控制端',
      },
      why: {
        en: "ZLM posts the event to its own HTTP server, which has no hook endpoint and answers 404 (or a TLS error on the plain port). Every attempt fails and is retried: auth hooks (on_publish, on_play, ...) then refuse the session, notification hooks are lost. {enabled}",
        zh: 'ZLM 把事件发给了自己的 HTTP 服务，那里没有 hook 接口，只会返回 404（或在明文端口上出现 TLS 错误）。每次尝试都失败并重试：鉴权类 hook（on_publish、on_play 等）因此拒绝会话，通知类 hook 丢失。{enabled}',
      },
      fix: {
        en: 'Point {key} at the host and port of the hook receiver (for WVP: its hook-ip and server.port), as ZLM reaches it.',
        zh: '把 {key} 改为 ZLM 能访问到的 hook 接收方的地址和端口（对于 WVP：它的 hook-ip 和 server.port）。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const excerpt = ctx.shape?.complete === false;
    const enabled = readBool(effective(doc, 'hook.enable').raw).value;
    for (const { key, line, value } of hookEntries(doc)) {
      if (isSampleHookUrl(key, value)) continue;
      const url = parseHookUrl(value);
      const hit = url ? selfTarget(doc, url, excerpt) : undefined;
      if (!url || !hit) continue;
      ctx.report({
        messageId: 'self',
        key,
        line,
        ...(enabled ? {} : { severity: 'warning' as const }),
        data: {
          key,
          target: `${url.host}:${url.port}`,
          portKey: hit.portKey,
          port: hit.port,
          enabled: enabled ? '' : { en: 'hook.enable is off today, so nothing is sent yet; it breaks the moment hooks are switched on.', zh: '目前 hook.enable 为关闭，所以还没有发送；一旦开启 hook 就会出问题。' },
        },
      });
    }
  },
};
