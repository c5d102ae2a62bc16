import type { Rule } from '../types.ts';
import { KEYS } from '../../zlm/catalogue.ts';
import { zlmTrim } from '../../ini/document.ts';

/** A key=value line before the first [section]: ZLM stores it as ".key" and nothing reads it. */
export const rule: Rule = {
  meta: {
    id: 'key-outside-section',
    severity: 'error',
    category: 'syntax',
    fixable: false,
    title: { en: 'Key before the first section header', zh: '键位于第一个小节标题之前' },
  },
  messages: {
    known: {
      message: {
        en: '{name} is before any [section]; ZLM stores it as "{key}" and ignores it',
        zh: '{name} 位于任何 [小节] 之前；ZLM 把它保存为 "{key}" 并忽略',
      },
      why: {
        en: 'mINI prefixes every key with its section; without one the key becomes "{key}" ("unknow config: {key} = ..." at start-up), so {candidates} keeps its own value.',
        zh: 'mINI 用所在小节作为键名前缀；没有小节时键名变成 "{key}"（启动时打印 "unknow config: {key} = ..."），{candidates} 保持原值。',
      },
      fix: { en: 'Move the line under its section header: {candidates}', zh: '把这一行移到所属小节下：{candidates}' },
    },
    unknown: {
      message: {
        en: '{name} is before any [section]; ZLM stores it as "{key}" and ignores it',
        zh: '{name} 位于任何 [小节] 之前；ZLM 把它保存为 "{key}" 并忽略',
      },
      why: {
        en: 'mINI prefixes every key with its section; without one the key becomes "{key}" ("unknow config: {key} = ..." at start-up) and no code reads it.',
        zh: 'mINI 用所在小节作为键名前缀；没有小节时键名变成 "{key}"（启动时打印 "unknow config: {key} = ..."），没有任何代码读取它。',
      },
      fix: { en: 'Move the line under the section it belongs to, or delete it', zh: '把这一行移到所属小节下，或删除它' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    let i = 0;
    if (doc.hasBom) {
      // utf8-bom explains the first line; when it was meant as a header, the keys after it are its keys
      const first = zlmTrim((doc.lines[0]?.raw ?? '').slice(1));
      i = 1;
      if (first.length >= 3 && first.startsWith('[') && first.endsWith(']')) {
        while (i < doc.lines.length && doc.lines[i]!.kind !== 'section') i++;
      }
    }
    for (; i < doc.lines.length; i++) {
      const line = doc.lines[i]!;
      if (line.kind === 'section') break;
      if (line.kind !== 'entry' || !line.hasEquals) continue; // no '=': malformed-line
      if (line.section !== '') continue; // an excerpt's key placed in its section by name (src/zlm/shape.ts)
      const name = line.name!;
      const candidates = KEYS.filter((k) => k.key.slice(k.key.indexOf('.') + 1) === name).map((k) => k.key);
      ctx.report({
        messageId: candidates.length ? 'known' : 'unknown',
        key: line.key!,
        line,
        span: 'key',
        absent: true, // the header is what is absent: in an excerpt the key may well sit under one in the real file
        data: { name, key: line.key!, candidates: candidates.join(', ') },
      });
    }
  },
};
