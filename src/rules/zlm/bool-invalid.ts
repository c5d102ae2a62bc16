import type { Rule } from '../types.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { readBool } from '../../zlm/value.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { inlineComment, quotedValue } from '../util.ts';

const MEANS_TRUE = /^(yes|on|enable|enabled)$/i;
const MEANS_FALSE = /^(no|off|disable|disabled)$/i;
/** `0`, `1`, `true` or `false` in any case (ASCII: no other character lower-cases to these letters) */
function canonical(text: string): boolean {
  if (text === '0' || text === '1') return true;
  const lower = text.length === 4 || text.length === 5 ? text.toLowerCase() : '';
  return lower === 'true' || lower === 'false';
}

/**
 * Booleans are read with stringstream: "true"/"false" in any case, otherwise
 * an integer that must be exactly 0 or 1. `yes`, `on`, `2` and an empty value
 * all read as false, without a warning.
 */
export const rule: Rule = {
  meta: {
    id: 'bool-invalid',
    severity: 'error',
    category: 'values',
    fixable: true,
    title: { en: 'Boolean value ZLM does not understand', zh: 'ZLM 无法识别的布尔值' },
  },
  messages: {
    hookEnable: {
      message: {
        en: 'hook.enable={value} is not a boolean ZLM understands; it reads as false, so no hook is ever sent and publish/play auth is off',
        zh: 'hook.enable={value} 不是 ZLM 能识别的布尔值；会被读成 false，所有 hook 都不会发送，推流/播放鉴权也随之关闭',
      },
      why: {
        en: 'ZLM only understands 0/1 and true/false (any case); "{value}" falls back to false. hook.enable is the master switch: with it off every on_publish/on_play check is skipped (anyone may push and play), and no notification (on_stream_changed, on_server_keepalive, ...) is sent, although every URL is set. getServerConfig still shows "{value}".',
        zh: 'ZLM 只认 0/1 和 true/false（不区分大小写）；"{value}" 会回退为 false。hook.enable 是总开关：关闭后所有 on_publish/on_play 鉴权都被跳过（任何人都能推流和播放），也不会发送任何通知（on_stream_changed、on_server_keepalive 等），即使 URL 都已配置。getServerConfig 仍显示 "{value}"。',
      },
      fix: { en: 'Write hook.enable=1 to turn hooks on (or 0 to turn them off explicitly)', zh: '写成 hook.enable=1 以启用 hook（或明确写 0 关闭）' },
    },
    invalid: {
      message: {
        en: '{key}={value} is not a boolean ZLM understands; it reads as false',
        zh: '{key}={value} 不是 ZLM 能识别的布尔值；会被读成 false',
      },
      why: {
        en: 'ZLM converts booleans with stringstream: only 0/1 and true/false (any case) are understood. "{value}" (like yes, on or 2) fails the conversion and falls back to false without a warning; getServerConfig still shows "{value}".',
        zh: 'ZLM 用 stringstream 转换布尔值：只认 0/1 和 true/false（不区分大小写）。"{value}"（与 yes、on、2 一样）转换失败，静默回退为 false；getServerConfig 仍显示 "{value}"。',
      },
      fix: { en: 'Write {key}=1 (on) or {key}=0 (off)', zh: '写成 {key}=1（开启）或 {key}=0（关闭）' },
    },
    commentBreaks: {
      message: {
        en: '{key}={value}: the text after "{clean}" makes ZLM read it as false',
        zh: '{key}={value}："{clean}" 后面的文字使 ZLM 把它读成 false',
      },
      why: {
        en: 'mINI has no inline comments, so the value is the whole text "{value}". true/false are only recognised when they are the entire value; anything else that does not start with a digit reads as false.',
        zh: 'mINI 没有行内注释，值是完整文本 "{value}"。true/false 只有在作为完整值时才会被识别；其他不以数字开头的文本都读成 false。',
      },
      fix: { en: 'Move the comment to its own line: {key}={clean}', zh: '把注释移到单独一行：{key}={clean}' },
    },
    nonCanonical: {
      message: {
        en: '{key}={value} is not 0/1/true/false; ZLM happens to read it as {read}',
        zh: '{key}={value} 不是 0/1/true/false；ZLM 碰巧把它读成 {read}',
      },
      why: {
        en: 'The integer reader takes a leading 0 or 1 and ignores the rest, so this works by accident; getServerConfig shows "{value}" and a controller comparing values may disagree.',
        zh: '整数读取只取开头的 0 或 1 并忽略其余部分，所以只是碰巧生效；getServerConfig 显示 "{value}"，比对配置的控制端可能得出不同结论。',
      },
      fix: { en: 'Write {key}={canonical}', zh: '写成 {key}={canonical}' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // indexed: for-of allocates an iterator result per line before the JIT warms up
    for (let li = 0; li < doc.lines.length; li++) {
      const line = doc.lines[li]!;
      if (line.kind !== 'entry' || !line.hasEquals) continue;
      const key = line.key!;
      if (keyDef(key)?.type !== 'bool' || doc.entry(key) !== line) continue;
      const raw = line.value!;
      if (quotedValue(raw)) continue; // quoted-value reports it
      const ic = inlineComment(raw);
      const text = ic?.clean ?? raw;
      const r = readBool(raw);
      if (canonical(text)) {
        // `1 # note` still reads true (inline-comment warns); `true # note` reads false
        if (!ic || readBool(text).value === r.value) continue;
        ctx.report({
          messageId: 'commentBreaks',
          key,
          line,
          data: { key, value: raw, clean: text },
          edits: [doc.editValue(line, text)],
        });
        continue;
      }
      const data = { key, value: raw, read: String(r.value), canonical: r.value ? '1' : '0' };
      if (!r.fellBack) {
        ctx.report({ messageId: 'nonCanonical', severity: 'warning', key, line, data, suggestion: { en: `${key}=${data.canonical}`, zh: `${key}=${data.canonical}` } });
        continue;
      }
      const target = ic ? undefined : MEANS_TRUE.test(text) ? '1' : MEANS_FALSE.test(text) ? '0' : undefined;
      ctx.report({
        messageId: key === 'hook.enable' ? 'hookEnable' : 'invalid',
        // empty reads false: the same as a default of 0 (info), else a feature silently off (warning)
        ...(text === '' ? { severity: readBool(defaultOf(key) ?? '0').value ? ('warning' as const) : ('info' as const) } : {}),
        key,
        line,
        data,
        ...(target !== undefined
          ? { edits: [doc.editValue(line, target)] }
          : { suggestion: { en: `${key}=1 (on) or ${key}=0 (off)`, zh: `${key}=1（开启）或 ${key}=0（关闭）` } }),
      });
    }
  },
};
