import type { Rule } from '../types.ts';
import { effBool, effective } from '../../zlm/effective.ts';
import { shownDefault, VALUE_WORD } from '../util.ts';

/** on_record_ts is only sent when hls.broadcastRecordTs=1. */
export const rule: Rule = {
  meta: {
    id: 'hook-record-ts-without-broadcast',
    severity: 'warning',
    category: 'dependencies',
    fixable: false,
    title: { en: 'on_record_ts set but HLS segment broadcast is off', zh: '设置了 on_record_ts 但未开启 HLS 切片广播' },
  },
  messages: {
    off: {
      message: {
        en: 'hook.on_record_ts is set but hls.broadcastRecordTs={broadcast}: the hook is never sent',
        zh: '设置了 hook.on_record_ts，但 hls.broadcastRecordTs={broadcast}：该 hook 永远不会被调用',
      },
      why: {
        en: 'ZLM only announces finished HLS segments (and so calls on_record_ts) when hls.broadcastRecordTs is 1. With the current value the receiver never gets a segment event.',
        zh: '只有 hls.broadcastRecordTs 为 1 时，ZLM 才会广播 HLS 切片完成事件（并调用 on_record_ts）。当前取值下接收方永远收不到切片事件。',
      },
      fix: {
        en: 'Set hls.broadcastRecordTs=1, or clear hook.on_record_ts if the events are not needed.',
        zh: '设置 hls.broadcastRecordTs=1；如果不需要这些事件，清空 hook.on_record_ts。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('hook.on_record_ts');
    if (!line || !line.value) return;
    if (!effBool(doc, 'hook.enable')) return; // hook-urls-while-disabled covers that
    if (effBool(doc, 'hls.broadcastRecordTs')) return;
    const eff = effective(doc, 'hls.broadcastRecordTs');
    ctx.report({
      messageId: 'off',
      ...(eff.source === 'default' ? { absent: true as const } : {}),
      key: 'hook.on_record_ts',
      line,
      data: { broadcast: eff.source === 'file' ? eff.raw || VALUE_WORD.empty : shownDefault(eff.raw) },
    });
  },
};
