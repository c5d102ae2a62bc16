import type { Rule } from '../types.ts';
import { zlmTrim } from '../../ini/document.ts';

/** mINI does not strip a UTF-8 BOM: it sticks to the first line. */
export const rule: Rule = {
  meta: {
    id: 'utf8-bom',
    severity: 'error',
    category: 'syntax',
    fixable: true,
    title: { en: 'File starts with a UTF-8 BOM', zh: '文件以 UTF-8 BOM 开头' },
  },
  messages: {
    section: {
      message: {
        en: 'The file starts with a UTF-8 BOM, so [{section}] is not read as a section header; its {count} key(s) are ignored',
        zh: '文件以 UTF-8 BOM 开头，[{section}] 不会被识别为小节标题；其下 {count} 个键全部被忽略',
      },
      why: {
        en: 'mINI does not strip the BOM (U+FEFF). The first line "\\uFEFF[{section}]" does not start with "[", so it becomes a key, and every key of that first section lands in the empty section ({examples}) where nothing reads it: [{section}] runs on compiled-in defaults.',
        zh: 'mINI 不会去掉 BOM（U+FEFF）。第一行 "\\uFEFF[{section}]" 不再以 "[" 开头，被当作一个键，而第一个小节的所有键都落入空小节（{examples}），没有任何代码读取：[{section}] 全部使用内置默认值。',
      },
      fix: { en: 'Remove the BOM (save the file as UTF-8 without BOM)', zh: '删除 BOM（以无 BOM 的 UTF-8 保存文件）' },
    },
    comment: {
      message: {
        en: 'The file starts with a UTF-8 BOM; the first line (a comment) becomes a junk key',
        zh: '文件以 UTF-8 BOM 开头；第一行（注释）变成了一个无用的键',
      },
      why: {
        en: 'mINI does not strip the BOM (U+FEFF): the first line no longer starts with ";" or "#", so it is stored as a key of the empty section ("unknow config" at start-up) and kept by every rewrite.',
        zh: 'mINI 不会去掉 BOM（U+FEFF）：第一行不再以 ";" 或 "#" 开头，被保存为空小节下的一个键（启动时打印 "unknow config"），并在每次重写时被保留。',
      },
      fix: { en: 'Remove the BOM (save the file as UTF-8 without BOM)', zh: '删除 BOM（以无 BOM 的 UTF-8 保存文件）' },
    },
    other: {
      message: {
        en: 'The file starts with a UTF-8 BOM; ZLM keeps it as part of the first line',
        zh: '文件以 UTF-8 BOM 开头；ZLM 会把它当作第一行内容的一部分',
      },
      why: {
        en: 'mINI does not strip the BOM (U+FEFF): the first line is read with an invisible character in front, so its key name does not match anything ZLM reads.',
        zh: 'mINI 不会去掉 BOM（U+FEFF）：第一行前面多了一个不可见字符，其键名无法与 ZLM 读取的任何键匹配。',
      },
      fix: { en: 'Remove the BOM (save the file as UTF-8 without BOM)', zh: '删除 BOM（以无 BOM 的 UTF-8 保存文件）' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!doc.hasBom) return;
    const line = doc.lines[0]!;
    const first = zlmTrim(line.raw.slice(1));
    const edits = [{ start: 0, end: 1, text: '' }];
    if (first.length >= 3 && first.startsWith('[') && first.endsWith(']')) {
      const section = zlmTrim(first.slice(1, -1));
      const keys: string[] = [];
      for (let i = 1; i < doc.lines.length && doc.lines[i]!.kind !== 'section'; i++) {
        const l = doc.lines[i]!;
        if (l.kind === 'entry') keys.push(l.key!);
      }
      const examples = keys.slice(0, 3).join(', ') + (keys.length > 3 ? ', ...' : '');
      ctx.report({ messageId: 'section', key: '', line, span: 'line', data: { section, count: keys.length, examples: examples || '-' }, edits });
    } else if (first.startsWith(';') || first.startsWith('#')) {
      ctx.report({ messageId: 'comment', key: '', line, span: 'line', edits });
    } else {
      ctx.report({ messageId: 'other', key: '', line, span: 'line', edits });
    }
  },
};
