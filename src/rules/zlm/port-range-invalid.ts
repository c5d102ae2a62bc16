import type { Rule } from '../types.ts';
import type { MessageData } from '../../i18n/index.ts';
import { readPortRange } from '../../zlm/value.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { inlineComment, quotedValue } from '../util.ts';

const RANGE_KEYS = ['rtp_proxy.port_range', 'rtc.port_range'] as const;

/**
 * port_range is parsed with sscanf("%hu-%hu"): a bound that does not parse
 * keeps its compiled default, numbers wrap modulo 65536. `40000,40500` gives
 * 40000-35000 (min > max): every allocation fails.
 */
export const rule: Rule = {
  meta: {
    id: 'port-range-invalid',
    severity: 'error',
    category: 'ports',
    fixable: true,
    title: { en: 'Port range is not min-max', zh: '端口范围不是 min-max 格式' },
  },
  messages: {
    format: {
      message: {
        en: '{key}={value} is not min-max; ZLM reads it as {min}-{max}{effect}',
        zh: '{key}={value} 不是 min-max 格式；ZLM 把它读成 {min}-{max}{effect}',
      },
      why: {
        en: 'ZLM parses the range with sscanf("%hu-%hu"): it reads a number, expects "-" and another number, and a bound it cannot read keeps its compiled default ({defMin}/{defMax}). Nothing is logged.{detail}',
        zh: 'ZLM 用 sscanf("%hu-%hu") 解析范围：读一个数字，期望 "-" 再读一个数字，读不出的边界保留内置默认值（{defMin}/{defMax}）。不会输出任何日志。{detail}',
      },
      fix: { en: 'Write the range as two numbers joined by "-": {key}={suggested}', zh: '写成用 "-" 连接的两个数字：{key}={suggested}' },
    },
    bound: {
      message: {
        en: '{key}={value} has a bound above 65535; ZLM reads it as {min}-{max}{effect}',
        zh: '{key}={value} 的边界超过 65535；ZLM 把它读成 {min}-{max}{effect}',
      },
      why: {
        en: 'Ports are 16-bit: sscanf("%hu") wraps a larger number modulo 65536, so the range ZLM uses is not the one written.{detail}',
        zh: '端口是 16 位的：sscanf("%hu") 会把更大的数字按 65536 取模，ZLM 使用的范围并不是所写的范围。{detail}',
      },
      fix: { en: 'Keep both bounds within 1..65535, e.g. {key}={defMin}-{defMax}', zh: '两个边界都保持在 1..65535 内，例如 {key}={defMin}-{defMax}' },
    },
    order: {
      message: {
        en: '{key}={value} has min > max; no port can be allocated from it',
        zh: '{key}={value} 的最小值大于最大值；无法从中分配任何端口',
      },
      why: {
        en: 'The pool between min and max is empty.{detail}',
        zh: '最小值与最大值之间的端口池为空。{detail}',
      },
      fix: { en: 'Swap the bounds: {key}={suggested}', zh: '交换两个边界：{key}={suggested}' },
    },
    accidental: {
      message: {
        en: '{key}={value} is not min-max; it only works because the unread bound defaults to {defMax}',
        zh: '{key}={value} 不是 min-max 格式；只是因为读不出的边界默认为 {defMax} 才碰巧生效',
      },
      why: {
        en: 'ZLM parses the range with sscanf("%hu-%hu"); here the second bound is not read and the compiled default {defMax} happens to equal it. Changing the text later will not change the range.',
        zh: 'ZLM 用 sscanf("%hu-%hu") 解析范围；这里第二个边界没有被读出，碰巧与内置默认值 {defMax} 相同。以后修改该文字并不会改变范围。',
      },
      fix: { en: 'Write {key}={suggested}', zh: '写成 {key}={suggested}' },
    },
    empty: {
      message: {
        en: '{key} is empty; ZLM silently uses the default range {defMin}-{defMax}',
        zh: '{key} 为空；ZLM 静默使用默认范围 {defMin}-{defMax}',
      },
      why: {
        en: 'sscanf cannot read either bound, so both keep their compiled defaults. If your firewall or Docker mapping opens another range, allocations land on closed ports.',
        zh: 'sscanf 读不出任何边界，两者都保留内置默认值。如果防火墙或 Docker 映射开放的是其他范围，分配到的端口将无法访问。',
      },
      fix: { en: 'Write the range explicitly: {key}={defMin}-{defMax}', zh: '显式写出范围：{key}={defMin}-{defMax}' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    for (const key of RANGE_KEYS) {
      const line = doc.entry(key);
      if (!line) continue;
      const raw = line.value!;
      if (quotedValue(raw)) continue; // quoted-value reports it
      const ic = inlineComment(raw);
      const text = ic?.clean ?? raw;
      const [defMin, defMax] = (defaultOf(key) ?? '0-0').split('-').map(Number) as [number, number];
      const r = readPortRange(raw, defMin, defMax);
      const effectEn = r.min > r.max ? ' (min > max: every allocation fails)' : r.defaulted.min && r.defaulted.max ? ' (silently the default range)' : '';
      const effectZh = r.min > r.max ? '（最小值大于最大值：所有分配都会失败）' : r.defaulted.min && r.defaulted.max ? '（静默使用默认范围）' : '';
      const detailEn =
        key === 'rtp_proxy.port_range'
          ? r.min > r.max
            ? ' With min > max every openRtpServer (port=0) and every RTSP-over-UDP session fails with -400 "Assertion failed: (s_max_port >= s_min_port + 36 - 1)".'
            : ''
          : r.min > r.max
            ? ' With min > max no TURN relay port can be allocated.'
            : '';
      const detailZh =
        key === 'rtp_proxy.port_range'
          ? r.min > r.max
            ? '最小值大于最大值时，所有 openRtpServer(port=0) 和 RTSP UDP 会话都会以 -400 "Assertion failed: (s_max_port >= s_min_port + 36 - 1)" 失败。'
            : ''
          : r.min > r.max
            ? '最小值大于最大值时无法分配任何 TURN 中继端口。'
            : '';
      const data: MessageData = { key, value: raw, min: r.min, max: r.max, defMin, defMax, effect: { en: effectEn, zh: effectZh }, detail: { en: detailEn, zh: detailZh }, suggested: `${defMin}-${defMax}` };
      const strict = /^(\d+)-(\d+)$/.exec(text);
      if (strict) {
        const a = Number(strict[1]);
        const b = Number(strict[2]);
        if (a > 65535 || b > 65535) ctx.report({ messageId: 'bound', key, line, data });
        else if (a > b) ctx.report({ messageId: 'order', key, line, data: { ...data, suggested: `${b}-${a}` } });
        continue;
      }
      if (text === '') {
        ctx.report({ messageId: 'empty', severity: 'warning', key, line, data });
        continue;
      }
      // `a,b` / `a b` / `a:b` / `a - b`: the intent is plain
      const sep = /^(\d{1,5})\s*(?:[,:]|\s|-)\s*(\d{1,5})$/.exec(text);
      const a = sep ? Number(sep[1]) : NaN;
      const b = sep ? Number(sep[2]) : NaN;
      const intended = sep !== null && a < b && b <= 65535;
      if (intended) data.suggested = `${a}-${b}`;
      if (intended && r.min === a && r.max === b) {
        ctx.report({ messageId: 'accidental', severity: 'warning', key, line, data, ...(ic ? {} : { edits: [doc.editValue(line, `${a}-${b}`)] }) });
        continue;
      }
      ctx.report({
        messageId: 'format',
        key,
        line,
        data,
        ...(intended && !ic
          ? { edits: [doc.editValue(line, `${a}-${b}`)] }
          : { suggestion: { en: `${key}=${data.suggested}`, zh: `${key}=${data.suggested}` } }),
      });
    }
  },
};
