import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { hookEntries, isSampleHookUrl } from '../../zlm/hook-urls.ts';
import { readBool } from '../../zlm/value.ts';

/**
 * The untouched sample hook URLs (https://127.0.0.1/index/hook/<name>) with
 * hooks switched on. As shipped (hook.enable=0) they are inert: no finding.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-sample-url',
    severity: 'warning',
    category: 'hooks',
    fixable: false,
    title: { en: 'Sample hook URL left in place', zh: '保留了范例 hook 地址' },
  },
  messages: {
    sample: {
      message: {
        en: '{key} is still the sample URL {value} while hooks are on: the event goes to ZLM\'s own HTTPS port, not to a controller',
        zh: '{key} 仍是范例地址 {value}，而 hook 已开启：事件被发到 ZLM 自己的 HTTPS 端口，而不是控制端',
      },
      why: {
        en: 'conf/config.ini ships every hook as https://127.0.0.1/index/hook/<name> with hook.enable=0. Switched on, ZLM posts to itself (port 443; nothing if http.sslport is 0), which has no hook endpoint: auth hooks fail and publish/play are refused until a controller such as WVP rewrites the URLs through setServerConfig.',
        zh: 'conf/config.ini 中每个 hook 都是 https://127.0.0.1/index/hook/<name>，且 hook.enable=0。开启后 ZLM 会发给自己（443 端口；http.sslport 为 0 时无人监听），那里没有 hook 接口：鉴权 hook 失败，推流和播放被拒绝，直到 WVP 之类的控制端通过 setServerConfig 改写这些地址。',
      },
      fix: {
        en: 'Set {key} to your hook receiver (for WVP: http://<hook-ip>:<server.port>/index/hook/{hook}), or clear it.',
        zh: '把 {key} 设置为你的 hook 接收方（对于 WVP：http://<hook-ip>:<server.port>/index/hook/{hook}），或者清空。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!readBool(effective(doc, 'hook.enable').raw).value) return;
    for (const { key, line, value } of hookEntries(doc)) {
      if (!isSampleHookUrl(key, value)) continue;
      ctx.report({ messageId: 'sample', key, line, data: { key, value, hook: key.slice('hook.'.length) } });
    }
  },
};
