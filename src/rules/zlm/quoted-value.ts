import type { Rule } from '../types.ts';
import { quotedValue } from '../util.ts';

/** mINI never strips quotes: `on_play="http://..."` makes the quote part of the URL. */
export const rule: Rule = {
  meta: {
    id: 'quoted-value',
    severity: 'error',
    category: 'syntax',
    fixable: true,
    rootCauseWeight: 75,
    title: { en: 'Value wrapped in quotes', zh: '值被引号包裹' },
  },
  messages: {
    quoted: {
      message: { en: '{key} is wrapped in quotes ({quote}…{quote}); ZLM keeps the quotes in the value', zh: '{key} 的值被引号包裹（{quote}…{quote}），ZLM 会把引号当作值的一部分' },
      why: {
        en: 'mINI does not strip quotes. The value starts with {quote}, so a URL gets the scheme "{quote}http" (ZLM: 非法的http url), a number reads as 0 and a path points nowhere.',
        zh: 'mINI 不会去掉引号。值以 {quote} 开头：URL 的协议变成 "{quote}http"（ZLM 报 非法的http url），数字读成 0，路径指向不存在的位置。',
      },
      fix: { en: 'Remove the quotes: {key}={inner}', zh: '去掉引号：{key}={inner}' },
    },
  },
  check(ctx) {
    // indexed: for-of allocates an iterator result per line before the JIT warms up
    for (let li = 0; li < ctx.doc.lines.length; li++) {
      const line = ctx.doc.lines[li]!;
      if (line.kind !== 'entry' || !line.value) continue;
      const q = quotedValue(line.value);
      if (!q) continue;
      ctx.report({
        messageId: 'quoted',
        key: line.key!,
        line,
        data: { key: line.key!, quote: q.quote, inner: q.inner },
        edits: [ctx.doc.editValue(line, q.inner)],
      });
    }
  },
};
