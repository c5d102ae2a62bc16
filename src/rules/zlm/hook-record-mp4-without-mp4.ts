import type { Rule } from '../types.ts';
import { effBool, effective } from '../../zlm/effective.ts';
import { shownDefault, VALUE_WORD } from '../util.ts';

/** on_record_mp4 with MP4 recording off by default (controllers may still enable it per stream). */
export const rule: Rule = {
  meta: {
    id: 'hook-record-mp4-without-mp4',
    severity: 'info',
    category: 'dependencies',
    fixable: false,
    title: { en: 'on_record_mp4 set but MP4 recording is off by default', zh: '设置了 on_record_mp4 但默认未开启 MP4 录制' },
  },
  messages: {
    off: {
      message: {
        en: 'hook.on_record_mp4 is set but protocol.enable_mp4={mp4}: only streams that enable MP4 themselves produce the event',
        zh: '设置了 hook.on_record_mp4，但 protocol.enable_mp4={mp4}：只有自行开启 MP4 录制的流才会产生该事件',
      },
      why: {
        en: 'on_record_mp4 fires when an MP4 segment is finished. With protocol.enable_mp4=0, recording happens only for streams whose on_publish reply sets enable_mp4 (WVP does this per stream), or after the startRecord API. If neither is used, no MP4 file and no event is ever produced.',
        zh: 'on_record_mp4 在 MP4 分段完成时触发。protocol.enable_mp4=0 时，只有 on_publish 回复中设置了 enable_mp4 的流（WVP 按流设置）或调用了 startRecord 接口的流才会录制。两者都没有时，不会生成 MP4 文件，也不会有该事件。',
      },
      fix: {
        en: 'If every stream should be recorded set protocol.enable_mp4=1; otherwise enable MP4 per stream in the on_publish reply.',
        zh: '如果所有流都要录制，设置 protocol.enable_mp4=1；否则在 on_publish 回复中按流开启 MP4。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('hook.on_record_mp4');
    if (!line || !line.value) return;
    if (!effBool(doc, 'hook.enable')) return;
    if (effBool(doc, 'protocol.enable_mp4')) return;
    const eff = effective(doc, 'protocol.enable_mp4');
    ctx.report({
      messageId: 'off',
      ...(eff.source === 'default' ? { absent: true as const } : {}),
      key: 'hook.on_record_mp4',
      line,
      data: { mp4: eff.source === 'file' ? eff.raw || VALUE_WORD.empty : shownDefault(eff.raw) },
    });
  },
};
