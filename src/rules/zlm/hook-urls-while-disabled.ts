import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { hookEntries, hookName, isSampleHookUrl } from '../../zlm/hook-urls.ts';
import { sectionLine, shownDefault } from '../util.ts';
import { readBool } from '../../zlm/value.ts';


const AUTH = new Set(['on_publish', 'on_play']);

/** hook.enable cleanly off while hook URLs are configured: none of them is ever called. */
export const rule: Rule = {
  meta: {
    id: 'hook-urls-while-disabled',
    severity: 'warning',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hook URLs set while hooks are disabled', zh: '已设置 hook 地址但 hook 未启用' },
  },
  messages: {
    auth: {
      message: {
        en: 'hook.enable={value} but hook URLs are set ({hooks}): none is called, publish and play are not authenticated',
        zh: 'hook.enable={value}，但已设置 hook 地址（{hooks}）：都不会被调用，推流和播放不做鉴权',
      },
      why: {
        en: 'hook.enable is the master switch. While it is off ZLM skips every hook and applies its defaults: every publish and play is allowed, no notification is sent. The configured URLs only take effect once hook.enable=1.',
        zh: 'hook.enable 是总开关。关闭时 ZLM 跳过所有 hook 并采用默认行为：允许所有推流和播放，不发送任何通知。配置的地址只有在 hook.enable=1 后才生效。',
      },
      fix: {
        en: 'Set hook.enable=1 if the hooks are meant to work (restart ZLM for on_server_keepalive), or clear the URLs.',
        zh: '如果希望 hook 生效，设置 hook.enable=1（on_server_keepalive 需重启 ZLM 才生效）；否则清空这些地址。',
      },
    },
    notify: {
      message: {
        en: 'hook.enable={value} but hook URLs are set ({hooks}): none of these events is sent',
        zh: 'hook.enable={value}，但已设置 hook 地址（{hooks}）：这些事件都不会发送',
      },
      why: {
        en: 'hook.enable is the master switch. While it is off ZLM skips every hook: the configured receivers never get an event.',
        zh: 'hook.enable 是总开关。关闭时 ZLM 跳过所有 hook，配置的接收方收不到任何事件。',
      },
      fix: {
        en: 'Set hook.enable=1 if the hooks are meant to work (restart ZLM for on_server_keepalive), or clear the URLs.',
        zh: '如果希望 hook 生效，设置 hook.enable=1（on_server_keepalive 需重启 ZLM 才生效）；否则清空这些地址。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const eff = effective(doc, 'hook.enable');
    const b = readBool(eff.raw);
    if (!b.clean || b.value) return; // not a clean false: bool-invalid reports it
    const all = hookEntries(doc);
    if (all.length === 0) return;
    // the untouched sample URLs are the shipped state, not a configured receiver: info when they are all there is
    const configured = all.filter((e) => !isSampleHookUrl(e.key, e.value));
    const set = configured.length > 0 ? configured : all;
    const names = set.map((e) => hookName(e.key));
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} +${names.length - 6}` : names.join(', ');
    ctx.report({
      messageId: names.some((n) => AUTH.has(n)) ? 'auth' : 'notify',
      ...(configured.length === 0 ? { severity: 'info' as const } : {}),
      key: 'hook.enable',
      ...(eff.source === 'default' ? { absent: true as const } : {}),
      line: eff.line ?? sectionLine(doc, 'hook'),
      data: { value: eff.source === 'file' ? eff.raw : shownDefault(eff.raw), count: names.length, hooks: shown },
    });
  },
};
