import type { Rule } from '../types.ts';

/**
 * config.ini is not UTF-8 (GBK/GB18030, common with Chinese comments). ZLM reads
 * bytes, so it runs fine; we read it the same way and write repairs back in the
 * file's own encoding. One info, so the operator knows how the file was read.
 */
export const rule: Rule = {
  meta: {
    id: 'not-utf8',
    severity: 'info',
    category: 'syntax',
    fixable: false,
    title: { en: 'config.ini is not UTF-8', zh: 'config.ini 不是 UTF-8 编码' },
  },
  messages: {
    gbk: {
      message: {
        en: 'The file is encoded in GBK/GB18030, not UTF-8; read and repaired in its own encoding',
        zh: '文件编码为 GBK/GB18030，而不是 UTF-8；按原编码读取，修复时也按原编码写回',
      },
      why: {
        en: 'ZLM reads config.ini as bytes, so GBK comments and values work. Keys and values ZLM compares are ASCII; only text outside them (comments, a stream name or path in Chinese) depends on the encoding. Editors and tools that assume UTF-8 show such text garbled, and ZLM itself rewrites the file in the bytes it read.',
        zh: 'ZLM 按字节读取 config.ini，GBK 注释和取值都能正常工作。ZLM 比较的键和值都是 ASCII；只有其余文本（注释、中文流名或路径）与编码有关。按 UTF-8 打开的编辑器和工具会显示乱码，ZLM 重写文件时则保留原字节。',
      },
      fix: {
        en: 'Nothing is required. To avoid garbled comments in other tools, convert it once: iconv -f GB18030 -t UTF-8 config.ini > config.utf8.ini (check, then replace).',
        zh: '无需处理。若想避免其他工具显示乱码，可转换一次：iconv -f GB18030 -t UTF-8 config.ini > config.utf8.ini（检查无误后替换）。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!ctx.hasZlm || doc.encoding === 'utf-8') return;
    // point at the first line that holds a character outside ASCII: that is where the encoding matters
    const line = doc.lines.find((l) => /[^\x00-\x7f]/.test(l.raw)) ?? doc.lines[0];
    ctx.report({ messageId: 'gbk', key: '', ...(line ? { line, span: 'line' as const } : { loc: { line: 1, column: 1 } }) });
  },
};
