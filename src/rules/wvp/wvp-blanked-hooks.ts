import type { Rule } from '../types.ts';
import { WVP_BLANKED_HOOKS } from '../../wvp/expected.ts';

/** WVP sets six hooks to "" when ZLM comes online: anything configured there is wiped. */
export const rule: Rule = {
  meta: {
    id: 'wvp-blanked-hooks',
    severity: 'info',
    category: 'wvp',
    fixable: false,
    requires: ['zlm', 'wvp'],
    title: { en: 'Hook that WVP will wipe', zh: '会被 WVP 清空的 hook' },
  },
  messages: {
    wiped: {
      message: { en: '{key} is set, but WVP empties it whenever ZLM comes online', zh: '{key} 已设置，但 ZLM 每次上线时 WVP 都会把它清空' },
      why: {
        en: 'WVP pushes {key}="" with setServerConfig and ZLM writes that into config.ini, so this hook works only until WVP next connects.',
        zh: 'WVP 通过 setServerConfig 下发 {key}=""，ZLM 会把它写回 config.ini，因此该 hook 只在 WVP 下次连接前有效。',
      },
      fix: { en: 'Do not rely on {key} under WVP, or serve that logic from WVP', zh: 'WVP 场景下不要依赖 {key}，或在 WVP 侧实现该逻辑' },
    },
  },
  check(ctx) {
    for (const name of WVP_BLANKED_HOOKS) {
      const key = `hook.${name}`;
      const line = ctx.doc.entry(key);
      if (line && line.value) ctx.report({ messageId: 'wiped', key, line, data: { key } });
    }
  },
};
