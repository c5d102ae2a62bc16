import type { Rule } from '../types.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { VALUE_WORD } from '../util.ts';

/** What ZLM makes of an empty value of this key. */
function emptyMeans(key: string): string {
  const def = keyDef(key);
  if (!def || def.storage === 'string') return '""';
  return def.storage === 'bool' ? 'false' : '0';
}

/**
 * The last duplicate wins silently. Worse: a config rewrite (setServerConfig,
 * or the start-up secret replacement) keeps the first position and writes the
 * later one as an EMPTY value, so on the next start the key is empty.
 */
export const rule: Rule = {
  meta: {
    id: 'duplicate-key',
    severity: 'warning',
    category: 'syntax',
    fixable: true,
    title: { en: 'Key set more than once', zh: '配置项重复设置' },
  },
  messages: {
    port: {
      message: {
        en: '{key} is set again on line {lastLine}; that later value {winner} wins and this one is ignored',
        zh: '{key} 在第 {lastLine} 行再次设置；后面的值 {winner} 生效，这一行被忽略',
      },
      why: {
        en: 'mINI keeps the last occurrence without a warning. When ZLM rewrites the file (setServerConfig, or the start-up replacement of the sample/empty api.secret) it writes the value at the first position and the duplicate as an EMPTY value ("{name}="); on the next start the empty value wins, the port reads as 0 and this listener is not started (for http.port: no HTTP API at all).',
        zh: 'mINI 静默地保留最后一次出现的值。ZLM 重写配置文件时（setServerConfig，或启动时替换范例/空 api.secret），会把值写在第一次出现的位置，而把重复项写成空值（"{name}="）；下次启动时空值生效，端口被读成 0，该监听不会启动（若是 http.port：整个 HTTP API 都不可用）。',
      },
      fix: { en: 'Delete this line and keep only line {lastLine}', zh: '删除这一行，只保留第 {lastLine} 行' },
    },
    other: {
      message: {
        en: '{key} is set again on line {lastLine}; that later value {winner} wins and this one is ignored',
        zh: '{key} 在第 {lastLine} 行再次设置；后面的值 {winner} 生效，这一行被忽略',
      },
      why: {
        en: 'mINI keeps the last occurrence without a warning. When ZLM rewrites the file (setServerConfig, or the start-up replacement of the sample/empty api.secret) it writes the value at the first position and the duplicate as an EMPTY value ("{name}="); on the next start the empty value wins and {key} reads as {empty}.',
        zh: 'mINI 静默地保留最后一次出现的值。ZLM 重写配置文件时（setServerConfig，或启动时替换范例/空 api.secret），会把值写在第一次出现的位置，而把重复项写成空值（"{name}="）；下次启动时空值生效，{key} 被读成 {empty}。',
      },
      fix: { en: 'Delete this line and keep only line {lastLine}', zh: '删除这一行，只保留第 {lastLine} 行' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // forEach: no [key, lines] pair made per key, as for-of makes (this runs on every check)
    doc.occurrences.forEach((all, key) => {
      if (all.length < 2) return; // the common case, decided without a copy
      // `.key` belongs to key-outside-section; lines without '=' to malformed-line
      const lines = all.filter((l) => l.hasEquals);
      if (key.startsWith('.') || lines.length < 2) return;
      const last = lines[lines.length - 1]!;
      const secret = key === 'api.secret';
      for (const line of lines.slice(0, -1)) {
        ctx.report({
          messageId: keyDef(key)?.type === 'port' ? 'port' : 'other',
          key,
          line,
          span: 'key',
          data: {
            key,
            name: line.name!,
            lastLine: last.line,
            winner: secret ? VALUE_WORD.hidden : last.value === '' ? '""' : last.value!,
            empty: emptyMeans(key),
          },
          edits: [doc.editRemoveLine(line)],
        });
      }
    });
  },
};
