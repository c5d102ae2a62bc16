import type { Rule } from '../types.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { keyDoc } from '../../zlm/key-docs.ts';
import { readValue } from '../../zlm/value.ts';
import { inlineComment, quotedValue } from '../util.ts';

/** Keys with a fixed set of values (protocol.modify_stamp, rtsp.rtpTransportType, rtc.iceTransportPolicy). */
export const rule: Rule = {
  meta: {
    id: 'enum-invalid',
    severity: 'error',
    category: 'values',
    fixable: false,
    title: { en: 'Value is not one of the allowed choices', zh: '值不在允许的取值范围内' },
  },
  messages: {
    invalid: {
      message: {
        en: '{key}={value} is not one of {allowed}; ZLM reads it as {read}',
        zh: '{key}={value} 不是 {allowed} 之一；ZLM 把它读成 {read}',
      },
      why: {
        en: 'ZLM reads the value with stringstream (text that is not a number becomes 0) and does not validate it: {read} is not a value the code knows, so the setting does not do what was meant. {doc}',
        zh: 'ZLM 用 stringstream 读取该值（非数字文本变成 0）且不做校验：{read} 不是代码认识的取值，配置无法按预期工作。{doc}',
      },
      fix: { en: 'Use one of {allowed}, e.g. the default: {key}={default}', zh: '使用 {allowed} 之一，例如默认值：{key}={default}' },
    },
    leading: {
      message: {
        en: '{key}={value} is not one of {allowed}; ZLM happens to read it as {read}',
        zh: '{key}={value} 不是 {allowed} 之一；ZLM 碰巧把它读成 {read}',
      },
      why: {
        en: 'stringstream takes the leading number and ignores the rest, so this works by accident; getServerConfig shows "{value}".',
        zh: 'stringstream 只取开头的数字并忽略其余部分，所以只是碰巧生效；getServerConfig 显示 "{value}"。',
      },
      fix: { en: 'Write {key}={read}', zh: '写成 {key}={read}' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // indexed: for-of allocates an iterator result per line before the JIT warms up
    for (let li = 0; li < doc.lines.length; li++) {
      const line = doc.lines[li]!;
      if (line.kind !== 'entry' || !line.hasEquals) continue;
      const key = line.key!;
      const def = keyDef(key);
      if (!def || def.type !== 'enum' || !def.enumValues || doc.entry(key) !== line) continue;
      const raw = line.value!;
      if (quotedValue(raw)) continue; // quoted-value reports it
      const text = inlineComment(raw)?.clean ?? raw; // inline-comment reports `2 # note`
      if (def.enumValues.includes(text)) continue;
      const r = readValue(def.storage, raw);
      const read = String(r.value);
      const data = {
        key,
        value: raw,
        read,
        allowed: def.enumValues.join('/'),
        default: def.builtin ?? def.shipped ?? def.enumValues[0]!,
        doc: keyDoc(key) ?? '',
      };
      if (!r.fellBack && def.enumValues.includes(read)) {
        ctx.report({ messageId: 'leading', severity: 'warning', key, line, data });
      } else if (text === '') {
        // empty reads 0 like any failed conversion: a change of behaviour only when the default is not 0
        const same = readValue(def.storage, data.default).value === r.value;
        ctx.report({ messageId: 'invalid', severity: same ? 'info' : 'warning', key, line, data });
      } else {
        ctx.report({ messageId: 'invalid', key, line, data });
      }
    }
  },
};
