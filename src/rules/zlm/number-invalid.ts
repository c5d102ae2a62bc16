import type { Rule } from '../types.ts';
import type { Localized, MessageData } from '../../i18n/index.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { keyDoc } from '../../zlm/key-docs.ts';
import type { KeyDef, Storage } from '../../zlm/catalogue-types.ts';
import { readValue } from '../../zlm/value.ts';
import { inlineComment, quotedValue } from '../util.ts';

const NUMERIC: readonly Storage[] = ['int32', 'uint32', 'uint64', 'float'];
const UNSIGNED_MAX: Partial<Record<Storage, bigint>> = { uint32: 0xffffffffn, uint64: 0xffffffffffffffffn };

function typeNames(s: Storage): { type: Localized; typeA: Localized } {
  if (s === 'float') return { type: { en: 'number', zh: '数值' }, typeA: { en: 'a number', zh: '数值' } };
  if (s === 'int32') return { type: { en: 'integer', zh: '整数' }, typeA: { en: 'an integer', zh: '整数' } };
  return { type: { en: 'unsigned integer', zh: '无符号整数' }, typeA: { en: 'an unsigned integer', zh: '无符号整数' } };
}

/** The value an unsigned reader produces for `-N` (libstdc++ wraps it), exact for uint64. */
function wrapped(storage: Storage, text: string): string | undefined {
  const max = UNSIGNED_MAX[storage];
  const m = /^-(\d+)/.exec(text);
  if (!max || !m) return undefined;
  const mag = BigInt(m[1]!);
  if (mag === 0n || mag > max) return undefined;
  return String(max + 1n - mag);
}

/**
 * What a message of this rule says about one line: made only for a line that is reported (the loop sees every line of
 * every check; a closure there would give every iteration a context of its own).
 */
function messageData(key: string, raw: string, read: number | boolean | string, def: KeyDef): MessageData {
  return {
    key,
    value: raw,
    read: String(read),
    ...typeNames(def.storage),
    unit: def.unit ? { en: ` (${def.unit})`, zh: `（单位 ${def.unit}）` } : '',
    default: def.builtin ?? def.shipped ?? '0',
    min: def.min ?? '',
    max: def.max ?? '',
    doc: keyDoc(def.key) ?? '',
  };
}

/**
 * Numbers are read with `stringstream >> T`: text that is not a number, an
 * empty value or an overflow falls back to 0; a leading number followed by
 * junk (`3s`, `10.5` for an integer) is read and the rest ignored.
 */
export const rule: Rule = {
  meta: {
    id: 'number-invalid',
    severity: 'error',
    category: 'values',
    fixable: false,
    title: { en: 'Numeric value ZLM cannot read as intended', zh: 'ZLM 无法按预期读取的数值' },
  },
  messages: {
    empty: {
      message: { en: '{key} is empty; ZLM reads it as 0', zh: '{key} 为空；ZLM 把它读成 0' },
      why: {
        en: '{key} is {typeA}{unit}. An empty value fails the conversion and falls back to 0 without a warning (the compiled-in default {default} does NOT apply, because the key is present). An empty value is also what a config rewrite leaves behind for a duplicated key.',
        zh: '{key} 是{type}{unit}。空值转换失败，静默回退为 0（由于该键存在，内置默认值 {default} 不会生效）。配置被重写时，重复的键也会留下这样的空值。',
      },
      fix: { en: 'Write a number, e.g. the default: {key}={default}', zh: '写上数值，例如默认值：{key}={default}' },
    },
    notNumber: {
      message: { en: '{key}={value} is not a number; ZLM reads it as 0', zh: '{key}={value} 不是数字；ZLM 把它读成 0' },
      why: {
        en: '{key} is {typeA}{unit} read with stringstream; text that does not start with a decimal number (hex such as 0x10 included) falls back to 0 without a warning, and getServerConfig still shows "{value}".',
        zh: '{key} 是{type}{unit}，用 stringstream 读取；不以十进制数字开头的文本（包括 0x10 这样的十六进制）会静默回退为 0，getServerConfig 仍显示 "{value}"。',
      },
      fix: { en: 'Write a plain decimal number, e.g. the default: {key}={default}', zh: '写成十进制数字，例如默认值：{key}={default}' },
    },
    overflow: {
      message: { en: '{key}={value} overflows {typeA}; ZLM reads it as 0', zh: '{key}={value} 超出{type}范围；ZLM 把它读成 0' },
      why: {
        en: 'A number too large for the type fails the conversion and falls back to 0 without a warning.',
        zh: '超出类型范围的数字转换失败，静默回退为 0。',
      },
      fix: { en: 'Write a smaller number, e.g. the default: {key}={default}', zh: '写成较小的数值，例如默认值：{key}={default}' },
    },
    negative: {
      message: { en: '{key}={value} is negative; ZLM reads it as {read}', zh: '{key}={value} 是负数；ZLM 把它读成 {read}' },
      why: {
        en: '{key} is unsigned: the reader wraps a negative number around, so -1 becomes the largest possible value.',
        zh: '{key} 是无符号数：读取时负数会回绕，-1 变成最大可能值。',
      },
      fix: { en: 'Write a non-negative number, e.g. the default: {key}={default}', zh: '写成非负数，例如默认值：{key}={default}' },
    },
    trailing: {
      message: {
        en: '{key}={value} is not a clean {type}; ZLM reads {read} and ignores the rest',
        zh: '{key}={value} 不是合法的{type}；ZLM 读取 {read}，忽略其余部分',
      },
      why: {
        en: 'stringstream stops at the first character that does not belong to {typeA}{unit}. The setting works as {read}, which may not be what was meant (units are never parsed: 3s is 3, 10.5 for an integer is 10); getServerConfig shows "{value}".',
        zh: 'stringstream 在第一个不属于{type}{unit}的字符处停止。实际生效值为 {read}，可能并非本意（单位不会被解析：3s 就是 3，整数写 10.5 就是 10）；getServerConfig 显示 "{value}"。',
      },
      fix: { en: 'Write the plain number: {key}={read}', zh: '只写数字：{key}={read}' },
    },
    range: {
      message: {
        en: '{key}={value} is outside the usable range {min}..{max}',
        zh: '{key}={value} 超出可用范围 {min}..{max}',
      },
      why: {
        en: 'ZLM reads the number as it is and does not validate it; outside {min}..{max} the setting does not do what it is meant to ({doc}).',
        zh: 'ZLM 直接读取该数值且不做校验；超出 {min}..{max} 时该配置无法按预期工作（{doc}）。',
      },
      fix: { en: 'Use a value between {min} and {max}, e.g. the default {default}', zh: '使用 {min} 到 {max} 之间的值，例如默认值 {default}' },
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
      if (!def || !NUMERIC.includes(def.storage) || def.type === 'port' || def.type === 'bool' || def.type === 'enum') continue;
      if (doc.entry(key) !== line) continue;
      const raw = line.value!;
      if (quotedValue(raw)) continue; // quoted-value reports it
      const text = inlineComment(raw)?.clean ?? raw; // inline-comment reports the comment itself
      const rc = readValue(def.storage, text);
      const r = text === raw ? rc : readValue(def.storage, raw);
      if (!rc.clean) {
        const w = wrapped(def.storage, text);
        // empty reads 0: the same as a default of 0 (info), otherwise a silent change of behaviour, not a broken file
        if (text === '') ctx.report({ messageId: 'empty', severity: Number(readValue(def.storage, def.builtin ?? def.shipped ?? '0').value) === 0 ? 'info' : 'warning', key, line, data: messageData(key, raw, r.value, def) });
        else if (w !== undefined) ctx.report({ messageId: 'negative', key, line, data: { ...messageData(key, raw, r.value, def), read: w } });
        else if (rc.fellBack && /^[+-]?\d+$/.test(text)) ctx.report({ messageId: 'overflow', key, line, data: messageData(key, raw, r.value, def) });
        else if (rc.fellBack || /^[+-]?0[xX]/.test(text)) ctx.report({ messageId: 'notNumber', key, line, data: messageData(key, raw, r.value, def) });
        else ctx.report({ messageId: 'trailing', severity: 'warning', key, line, data: messageData(key, raw, r.value, def) });
        continue;
      }
      const v = Number(r.value);
      if ((def.min !== undefined && v < def.min) || (def.max !== undefined && v > def.max)) {
        ctx.report({
          messageId: 'range',
          severity: 'warning',
          key,
          line,
          data: { ...messageData(key, raw, r.value, def), min: def.min ?? '-∞', max: def.max ?? '∞' },
        });
      }
    }
  },
};
