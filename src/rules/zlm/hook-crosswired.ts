import type { Rule } from '../types.ts';
import { HOOK_URL_KEYS, hookEntries, hookName, parseHookUrl } from '../../zlm/hook-urls.ts';

const HOOK_NAMES = new Set(HOOK_URL_KEYS.map(hookName));

/** The last non-empty path segment of a raw URL and how to rebuild the URL with another one. */
function lastSegment(value: string): { segment: string; replace: (s: string) => string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(.*)$/i.exec(value);
  if (!m) return undefined;
  const [, head, path, tail] = m as unknown as [string, string, string, string];
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  if (end === 0) return undefined;
  const start = path.lastIndexOf('/', end - 1) + 1;
  const segment = path.slice(start, end);
  return { segment, replace: (s) => `${head}${path.slice(0, start)}${s}${path.slice(end)}${tail}` };
}

/** A hook whose URL ends in another hook's name: on_play → .../on_publish. */
export const rule: Rule = {
  meta: {
    id: 'hook-crosswired',
    severity: 'error',
    category: 'hooks',
    fixable: true,
    title: { en: 'Hook URL ends in the name of another hook', zh: 'hook 地址以另一个 hook 的名字结尾' },
  },
  messages: {
    crossed: {
      message: {
        en: '{key} points to the {other} endpoint ({value}): {hook} events go to the {other} handler',
        zh: '{key} 指向 {other} 的接口（{value}）：{hook} 事件会被发到 {other} 的处理程序',
      },
      why: {
        en: 'ZLM posts the {hook} body to whatever URL is configured. The {other} handler expects other fields and answers with the wrong semantics: auth hooks then reject or wrongly allow, notification hooks are misread or dropped. This is usually a copy-paste slip.',
        zh: 'ZLM 会把 {hook} 的请求体发送到配置的地址。{other} 的处理程序需要的字段不同、返回的语义也不同：鉴权类 hook 会错误地拒绝或放行，通知类 hook 会被误读或丢弃。通常是复制粘贴时的疏忽。',
      },
      fix: { en: 'Point it at its own endpoint: {key}={fixed}', zh: '改为指向它自己的接口：{key}={fixed}' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    for (const { key, line, value } of hookEntries(doc)) {
      if (!parseHookUrl(value)) continue;
      const last = lastSegment(value);
      if (!last) continue;
      const own = hookName(key);
      if (last.segment === own || !HOOK_NAMES.has(last.segment)) continue;
      const fixed = last.replace(own);
      ctx.report({
        messageId: 'crossed',
        key,
        line,
        data: { key, value, hook: own, other: last.segment, fixed },
        edits: [doc.editValue(line, fixed)],
      });
    }
  },
};
