import type { Rule } from '../types.ts';
import { isDigits } from '../../util/chars.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { readValue } from '../../zlm/value.ts';
import { inlineComment, quotedValue } from '../util.ts';

/**
 * Listener ports are read with `stringstream >> uint16_t`: anything that is
 * not a number (an unrendered `${VAR}`, `abc`, empty) or that overflows
 * (`85540`) falls back to 0, and port 0 means "do not start this listener".
 * ZLM logs nothing about it.
 */
export const rule: Rule = {
  meta: {
    id: 'port-invalid',
    severity: 'error',
    category: 'ports',
    fixable: false,
    rootCauseWeight: 85,
    title: { en: 'Port value is not an integer 0..65535', zh: '端口值不是 0..65535 的整数' },
  },
  messages: {
    placeholder: {
      message: {
        en: '{key}={value} is an unrendered placeholder; ZLM reads it as port 0 and does not start this listener',
        zh: '{key}={value} 是未被替换的占位符；ZLM 把它读成端口 0，不会启动该监听',
      },
      why: {
        en: 'Ports are read with stringstream >> uint16 and fall back to 0 when the text is not a number; port 0 means "listener off". ZLM expands $VARS only in rtc.externIP and rtc.interfaces, never in ports, and logs no warning.',
        zh: '端口通过 stringstream >> uint16 读取，不是数字时回退为 0；端口 0 表示不启动该监听。ZLM 只在 rtc.externIP 和 rtc.interfaces 中展开 $变量，端口中从不展开，而且不会输出任何警告。',
      },
      fix: {
        en: 'Render the template before ZLM starts (e.g. envsubst in the entrypoint), or write the port number: {key}=<port>',
        zh: '在 ZLM 启动前渲染模板（例如在 entrypoint 中执行 envsubst），或直接写端口号：{key}=<端口>',
      },
    },
    empty: {
      message: {
        en: '{key} is empty; ZLM reads it as port 0 and does not start this listener',
        zh: '{key} 为空；ZLM 把它读成端口 0，不会启动该监听',
      },
      why: {
        en: 'An empty value fails the uint16 conversion and falls back to 0 ("listener off") without a warning. An empty port is also what a config rewrite leaves behind for a duplicated key.',
        zh: '空值无法转换为 uint16，会静默回退为 0（即不启动监听）。配置被重写时，重复的键也会留下这样的空值。',
      },
      fix: {
        en: 'Write the port number, or 0 if the listener is meant to be off: {key}=<port>',
        zh: '写上端口号；若确实要关闭该监听，请明确写 0：{key}=<端口>',
      },
    },
    overflow: {
      message: {
        en: '{key}={value} is above 65535; ZLM reads it as port 0 and does not start this listener',
        zh: '{key}={value} 超过 65535；ZLM 把它读成端口 0，不会启动该监听',
      },
      why: {
        en: 'Ports are uint16: a number that overflows fails the conversion and falls back to 0 ("listener off"). ZLM starts without any warning and nothing listens on the port you meant.',
        zh: '端口是 uint16 类型：溢出的数字转换失败并回退为 0（即不启动监听）。ZLM 启动时没有任何警告，期望的端口上也没有监听。',
      },
      fix: { en: 'Write the intended port (1..65535): {key}=<port>', zh: '写成期望的端口（1..65535）：{key}=<端口>' },
    },
    notNumber: {
      message: {
        en: '{key}={value} is not a number; ZLM reads it as port 0 and does not start this listener',
        zh: '{key}={value} 不是数字；ZLM 把它读成端口 0，不会启动该监听',
      },
      why: {
        en: 'Ports are read with stringstream >> uint16 and fall back to 0 when the text does not start with a decimal number (hex such as 0x50 reads as 0 as well); port 0 means "listener off" and no warning is logged.',
        zh: '端口通过 stringstream >> uint16 读取，文本不以十进制数字开头时回退为 0（0x50 这样的十六进制也读成 0）；端口 0 表示不启动监听，且不会输出警告。',
      },
      fix: { en: 'Write a plain decimal port: {key}=<port>', zh: '写成十进制端口号：{key}=<端口>' },
    },
    negative: {
      message: {
        en: '{key}={value} is negative; ZLM reads it as port {read}',
        zh: '{key}={value} 是负数；ZLM 把它读成端口 {read}',
      },
      why: {
        en: 'The unsigned reader wraps a negative number around (-1 becomes 65535), so the listener binds a port nobody expects, or fails to bind it.',
        zh: '无符号读取会把负数回绕（-1 变成 65535），监听会绑定到一个意料之外的端口，或绑定失败。',
      },
      fix: { en: 'Write the intended port, or 0 to turn the listener off: {key}=<port>', zh: '写成期望的端口；要关闭该监听请写 0：{key}=<端口>' },
    },
    trailing: {
      message: {
        en: '{key}={value} is not a clean integer; ZLM reads the leading number {read} and ignores the rest',
        zh: '{key}={value} 不是纯整数；ZLM 只读取开头的数字 {read}，忽略其余部分',
      },
      why: {
        en: 'stringstream >> uint16 stops at the first character that is not a digit. The listener starts on {read}, but getServerConfig shows "{value}" and any other reader of the value may disagree.',
        zh: 'stringstream >> uint16 在第一个非数字字符处停止。监听会在 {read} 上启动，但 getServerConfig 显示的是 "{value}"，其他读取方可能得到不同结果。',
      },
      fix: { en: 'Write the plain number: {key}={read}', zh: '只写数字：{key}={read}' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // indexed: for-of allocates an iterator result per line before the JIT warms up
    for (let li = 0; li < doc.lines.length; li++) {
      const line = doc.lines[li]!;
      if (line.kind !== 'entry' || !line.hasEquals) continue;
      const key = line.key!;
      if (keyDef(key)?.type !== 'port' || doc.entry(key) !== line) continue;
      const raw = line.value!;
      // quoted-value reports quotes; inline-comment reports `8080 # note` (the number still works)
      if (quotedValue(raw)) continue;
      const text = inlineComment(raw)?.clean ?? raw;
      if (isDigits(text) && Number(text) <= 65535) continue;
      const r = readValue('uint16', raw);
      const read = Number(r.value);
      const data = { key, value: raw, read };
      let messageId: string;
      let severity: 'error' | 'warning' | 'info' = 'error';
      if (/\$\{?[A-Za-z_]/.test(text) && read === 0) messageId = 'placeholder';
      else if (text === '') {
        messageId = 'empty';
        // empty = port 0 = this listener off: a choice for most listeners (info when off is the shipped value);
        // only an HTTP API that never starts breaks the server for every controller
        if (key !== 'http.port') severity = (keyDef(key)!.shipped ?? '0') === '0' ? 'info' : 'warning';
      }
      else if (/^\+?\d+$/.test(text) && r.fellBack) messageId = 'overflow';
      else if (/^\s*-\s*\d/.test(text) && read !== 0) messageId = 'negative';
      else if (r.fellBack || read === 0) messageId = 'notNumber';
      else {
        messageId = 'trailing';
        severity = 'warning';
      }
      ctx.report({ messageId, severity, key, line, data });
    }
  },
};
