import type { Rule } from '../types.ts';
import { parseHookUrl } from '../../zlm/hook-urls.ts';
import { WVP_HOOKS, expected, isLocalOnly } from '../../wvp/link.ts';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Hooks hard-coded in config.ini to a LAN/public IP that already match what WVP pushes: WVP writes
 * its own hook URLs with setServerConfig whenever ZLM comes online, so the file's values are
 * overwritten. Info (a copied file with the author's address works only while it stays the same);
 * a value that differs is wvp-hook-mismatch's.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-hooks-pushed',
    severity: 'info',
    category: 'wvp',
    fixable: false,
    requires: ['zlm', 'wvp'],
    title: { en: 'Hook URL hard-coded although WVP pushes it', zh: 'hook 地址写死在文件中，而 WVP 会下发它' },
  },
  messages: {
    pushed: {
      message: {
        en: '{key} is hard-coded to {host}: WVP pushes its own hook URLs on connect; these values are overwritten',
        zh: '{key} 写死为 {host}：WVP 连接时会下发自己的 hook 地址，这些值会被覆盖',
      },
      why: {
        en: 'When WVP brings ZLM online it sets every hook with setServerConfig to http(s)://<media.hook-ip>:<server.port>/index/hook/<name>, and ZLM saves that into config.ini. An address written here by hand (often copied with someone else\'s LAN IP) is used only until then, and only while it still reaches WVP.',
        zh: 'WVP 让 ZLM 上线时会通过 setServerConfig 把每个 hook 设置为 http(s)://<media.hook-ip>:<server.port>/index/hook/<name>，ZLM 会写回 config.ini。这里手写的地址（常常是照抄别人的局域网 IP）只在那之前使用，且仅在它仍能到达 WVP 时有效。',
      },
      fix: {
        en: 'Nothing to change while it matches; set media.hook-ip in application.yml rather than editing the hooks here.',
        zh: '与 WVP 一致时无需修改；请在 application.yml 中设置 media.hook-ip，而不是在这里修改 hook。',
      },
    },
  },
  check(ctx) {
    for (const name of WVP_HOOKS) {
      const key = `hook.${name}`;
      const line = ctx.doc.entry(key);
      const value = line?.value ?? '';
      if (!line || value === '') continue;
      const got = parseHookUrl(value);
      if (!got || !IPV4.test(got.host) || isLocalOnly(got.host)) continue;
      // a value that differs from what WVP pushes is wvp-hook-mismatch's finding
      const exp = expected(ctx, key);
      if (exp?.value && exp.unresolved.length === 0) {
        const want = parseHookUrl(exp.value);
        if (!want || want.host !== got.host || want.port !== got.port || want.path !== got.path || want.scheme !== got.scheme) continue;
      }
      ctx.report({ messageId: 'pushed', key, line, data: { key, host: got.host } });
    }
  },
};
