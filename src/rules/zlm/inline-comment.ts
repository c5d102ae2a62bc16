import type { Rule } from '../types.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { inlineComment } from '../util.ts';

/**
 * mINI has no inline comments: `key=value  # note` keeps "# note" in the
 * value. Numeric readers stop at the blank, so numbers still work (warning);
 * strings and URLs carry the junk to their consumer (error).
 */
export const rule: Rule = {
  meta: {
    id: 'inline-comment',
    severity: 'error',
    category: 'syntax',
    fixable: true,
    rootCauseWeight: 75,
    title: { en: 'Inline comment inside a value', zh: '值中包含行内注释' },
  },
  messages: {
    text: {
      message: {
        en: '{key} carries an inline comment "{comment}"; ZLM keeps it as part of the value',
        zh: '{key} 的值带有行内注释 "{comment}"，ZLM 会把它当作值的一部分',
      },
      why: {
        en: 'mINI only treats a line as a comment when it starts with ";" or "#". The value ZLM uses is "{value}", so this setting is corrupted (a hook URL gets a mangled path and fails).',
        zh: 'mINI 只把以 ";" 或 "#" 开头的整行当作注释。ZLM 实际使用的值是 "{value}"，该配置已被破坏（hook 地址的路径被污染，回调失败）。',
      },
      fix: { en: 'Move the comment to its own line above: {key}={clean}', zh: '把注释移到上一行单独书写：{key}={clean}' },
    },
    number: {
      message: {
        en: '{key} carries an inline comment "{comment}"; it only works because the number reader stops at the blank',
        zh: '{key} 的值带有行内注释 "{comment}"，只是因为数字解析在空格处停止才碰巧生效',
      },
      why: {
        en: 'ZLM stores the whole text "{value}": getServerConfig shows it, setServerConfig and config rewrites keep it, and any string consumer of the key gets the junk.',
        zh: 'ZLM 保存的是完整文本 "{value}"：getServerConfig 会显示它，setServerConfig 和配置重写都会保留它，按字符串读取时会带上这些内容。',
      },
      fix: { en: 'Move the comment to its own line above: {key}={clean}', zh: '把注释移到上一行单独书写：{key}={clean}' },
    },
  },
  check(ctx) {
    // indexed: for-of allocates an iterator result per line before the JIT warms up
    for (let li = 0; li < ctx.doc.lines.length; li++) {
      const line = ctx.doc.lines[li]!;
      if (line.kind !== 'entry' || !line.value) continue;
      const ic = inlineComment(line.value);
      if (!ic) continue;
      const def = keyDef(line.key!);
      const numeric = def !== undefined && def.storage !== 'string';
      ctx.report({
        messageId: numeric ? 'number' : 'text',
        severity: numeric ? 'warning' : 'error',
        key: line.key!,
        line,
        data: { key: line.key!, comment: ic.comment, value: line.value, clean: ic.clean },
        // the comment moves to its own line above, as the message says: nothing the operator wrote is lost
        edits: [{ start: line.offset, end: line.offset, text: `${ic.comment}${line.eol || ctx.doc.eol}` }, ctx.doc.editValue(line, ic.clean)],
      });
    }
  },
};
