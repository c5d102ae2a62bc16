import type { Rule } from '../types.ts';
import { hookName } from '../../zlm/hook-urls.ts';
import { wvpLayoutHooks } from '../util.ts';

/**
 * Hooks in WVP's /index/hook/<name> layout while no application.yml was
 * given: WVP rewrites them on connect, so the file's values are not what ZLM
 * will use. Info, pointing at --wvp.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-wvp-layout',
    severity: 'info',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hooks in WVP\'s layout, checked without WVP', zh: 'hook 为 WVP 的布局，但未提供 WVP 配置' },
  },
  messages: {
    layout: {
      message: {
        en: '{key} follows WVP\'s /index/hook/{hook} layout: WVP rewrites it when it connects; check with --wvp application.yml',
        zh: '{key} 符合 WVP 的 /index/hook/{hook} 布局：WVP 连接时会改写它；请用 --wvp application.yml 一起检查',
      },
      why: {
        en: 'When WVP connects to ZLM it sets every hook through setServerConfig to http(s)://<media.hook-ip>:<server.port><context-path>/index/hook/<name>, choosing the scheme from its own server.ssl, and ZLM saves that into config.ini. The value here is what ZLM uses only until then; whether it will be right depends on WVP\'s application.yml.',
        zh: 'WVP 连接 ZLM 时会通过 setServerConfig 把每个 hook 设置为 http(s)://<media.hook-ip>:<server.port><context-path>/index/hook/<name>，协议由它自己的 server.ssl 决定，ZLM 会把它写回 config.ini。这里的值只在那之前有效；最终是否正确取决于 WVP 的 application.yml。',
      },
      fix: {
        en: 'Run the check with --wvp application.yml (and --hosts or --compose) to compare the hooks with what WVP will set.',
        zh: '加上 --wvp application.yml（以及 --hosts 或 --compose）再检查，对比 WVP 将要设置的 hook。',
      },
    },
  },
  check(ctx) {
    if (ctx.wvp) return;
    for (const { key, line } of wvpLayoutHooks(ctx.doc)) {
      const hook = hookName(key);
      ctx.report({ messageId: 'layout', key, line, data: { key, hook } });
    }
  },
};
