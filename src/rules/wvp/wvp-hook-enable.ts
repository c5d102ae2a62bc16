import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';
import { readBool } from '../../zlm/value.ts';

/** WVP cannot work with hooks off: no keepalive, no stream events, no publish auth. */
export const rule: Rule = {
  meta: {
    id: 'wvp-hook-enable',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    rootCauseWeight: 89,
    requires: ['zlm', 'wvp'],
    title: { en: 'Hooks disabled under WVP', zh: 'WVP 场景下 hook 被关闭' },
  },
  messages: {
    off: {
      message: { en: 'hook.enable={value} reads as off, but WVP depends on hooks', zh: 'hook.enable={value} 被读作关闭，但 WVP 依赖 hook' },
      why: {
        en: 'With hooks off ZLM sends no keepalive (WVP marks it offline), no on_stream_changed (every play ends in 收流超时) and publishing is not authenticated. WVP turns hooks on when ZLM comes online, but the keepalive timer only starts when ZLM starts with hooks enabled, and a read-only config loses the change at the next start.',
        zh: 'hook 关闭时 ZLM 不发心跳（WVP 判定离线）、不发 on_stream_changed（每次播放都 收流超时），推流也不鉴权。WVP 在 ZLM 上线时会打开 hook，但心跳定时器只在 ZLM 以开启状态启动时创建，只读配置在下次启动时也会丢失该修改。',
      },
      fix: { en: 'Set hook.enable=1 in config.ini and restart ZLM', zh: '在 config.ini 中设置 hook.enable=1 并重启 ZLM' },
    },
  },
  check(ctx) {
    const eff = effective(ctx.doc, 'hook.enable');
    if (readBool(eff.raw).value) return;
    const at = eff.line ?? sectionLine(ctx.doc, 'hook');
    // no [hook] section at all: a minimal, WVP-managed config.ini. WVP pushes hook.enable=1 and every
    // hook URL when ZLM comes online and ZLM writes them back; only the first start lacks the keepalive timer
    const noSection = eff.source === 'default' && !at;
    ctx.report({
      ...(noSection ? { severity: 'info' as const } : {}),
      messageId: 'off',
      ...(eff.source === 'default' ? { absent: true as const } : {}),
      key: 'hook.enable',
      ...(at ? { line: at } : {}),
      data: { value: eff.source === 'file' ? eff.raw : { en: '(missing, default 0)', zh: '（未设置，默认 0）' } },
      edits: [ctx.doc.editSet('hook.enable', '1')],
    });
  },
};
