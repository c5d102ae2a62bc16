import type { Rule } from '../types.ts';
import type { Localized } from '../../i18n/index.ts';

/** `[name]`; before the first header, the empty section (which no key ZLM reads lives in). */
function sectionName(section: string | undefined): string | Localized {
  return section ? `[${section}]` : { en: '[(none)]', zh: '空小节' };
}

/** A line that is neither a comment, a [section] nor key=value. */
export const rule: Rule = {
  meta: {
    id: 'malformed-line',
    severity: 'warning',
    category: 'syntax',
    fixable: false,
    title: { en: 'Line that is not a comment, section or key=value', zh: '既非注释、小节也非 key=value 的行' },
  },
  messages: {
    noEquals: {
      message: {
        en: 'Line {lineNo} has no "="; ZLM stores it as key "{key}" with an empty value',
        zh: '第 {lineNo} 行没有 "="；ZLM 把它保存为空值的键 "{key}"',
      },
      why: {
        en: 'mINI treats every non-comment line as key=value; without "=" the whole text becomes a key with an empty value ("unknow config: {key} = " at start-up). It is kept by every rewrite. If it was meant as a comment, it needs ";" or "#" as its first character.',
        zh: 'mINI 把每个非注释行都当作 key=value；没有 "=" 时整行文字变成一个空值的键（启动时打印 "unknow config: {key} = "），并在每次重写时被保留。若本意是注释，首字符必须是 ";" 或 "#"。',
      },
      fix: { en: 'Start the line with ";" to make it a comment, add the missing "=value", or delete it', zh: '在行首加 ";" 使其成为注释，补上缺失的 "=值"，或删除这一行' },
    },
    section: {
      message: {
        en: 'Line {lineNo} "{text}" is not a section header; the keys after it stay in {section}',
        zh: '第 {lineNo} 行 "{text}" 不是小节标题；其后的键仍属于 {section}',
      },
      why: {
        en: 'mINI only opens a section when the whole trimmed line is "[name]" (no closing bracket, or text after it such as an inline comment, does not count). This line is stored as key "{key}", and the keys that follow are read as {section} keys, so the section they were meant for keeps its defaults.',
        zh: 'mINI 只有在整行（去掉首尾空白后）恰好是 "[名称]" 时才开启小节（缺少右括号，或右括号后还有行内注释等文字都不算）。这一行被保存为键 "{key}"，其后的键被当作 {section} 的键读取，本应所属的小节仍使用默认值。',
      },
      fix: { en: 'Write the header alone on its line as [name]; put any comment on its own line', zh: '把小节标题单独写成 [名称]；注释另起一行' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // indexed: for-of allocates an iterator result per line before the JIT warms up
    for (let li = 0; li < doc.lines.length; li++) {
      const line = doc.lines[li]!;
      if (line.kind !== 'entry') continue;
      if (line.index === 0 && doc.hasBom) continue; // utf8-bom explains the first line
      const name = line.name!;
      const messageId = name.startsWith('[') ? 'section' : !line.hasEquals ? 'noEquals' : undefined;
      // the message data only for a line that is reported
      if (messageId) ctx.report({ messageId, key: line.key!, line, span: 'line', data: { lineNo: line.line, key: line.key!, text: name, section: sectionName(line.section) } });
    }
  },
};
