import type { Rule } from '../types.ts';

/** A section header that appears again: ZLM merges the blocks. */
export const rule: Rule = {
  meta: {
    id: 'duplicate-section',
    severity: 'warning',
    category: 'syntax',
    fixable: false,
    title: { en: 'Section header appears more than once', zh: '小节标题重复出现' },
  },
  messages: {
    appended: {
      message: {
        en: '[{section}] appears again (first on line {first}); ZLM merges both blocks (no key is set twice)',
        zh: '[{section}] 再次出现（首次在第 {first} 行）；ZLM 会合并两个块（没有键被重复设置）',
      },
      why: {
        en: 'mINI stores keys as section.key, so both blocks fill the same section. No key of this block is set in an earlier one, so nothing is lost; ZLM\'s own rewrite (2025-12+) appends keys missing from the file in exactly this way. Only a key set in both blocks is a problem (see duplicate-key).',
        zh: 'mINI 以 小节.键名 保存配置，两个块写入同一个小节。这个块中的键都没有在前面的块中设置过，因此不会丢失任何设置；ZLM 自己（2025-12 起）重写配置时正是以这种方式追加文件中缺少的键。只有两个块都设置的键才有问题（见 duplicate-key）。',
      },
      fix: { en: 'Optional: move the keys into the first [{section}] block (line {first}) and delete this header', zh: '可选：把这些键移到第一个 [{section}] 块（第 {first} 行），并删除这个标题' },
    },
    duplicate: {
      message: {
        en: '[{section}] appears again (first on line {first}) and sets {keys} again; ZLM merges both blocks',
        zh: '[{section}] 再次出现（首次在第 {first} 行），并再次设置了 {keys}；ZLM 会合并两个块',
      },
      why: {
        en: 'mINI stores keys as section.key, so both blocks fill the same section and a key set in both is silently taken from the later block. A config rewrite (setServerConfig, start-up secret replacement) then writes such keys empty at their later position, and on the next start they read as empty/0.',
        zh: 'mINI 以 小节.键名 保存配置，两个块写入同一个小节，两处都设置的键会静默取后一个块中的值。之后重写配置（setServerConfig、启动时替换 secret）会把这类键在后面的位置写成空值，下次启动时读成空或 0。',
      },
      fix: { en: 'Move the keys of this block into the first [{section}] block (line {first}) and delete this header', zh: '把这个块中的键移到第一个 [{section}] 块（第 {first} 行），并删除这个标题' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const headers = doc.sectionHeaders();
    // most files name each section once: then there is nothing to compare, and no set of key names per block to make
    const sections = new Set<string>();
    for (const h of headers) sections.add(h.name!);
    if (sections.size === headers.length) return;
    const first = new Map<string, number>();
    /** section → key names set by the blocks seen so far */
    const seen = new Map<string, Set<string>>();
    for (const h of headers) {
      const name = h.name!;
      const names = new Set<string>();
      for (let i = h.index + 1; i < doc.lines.length && doc.lines[i]!.kind !== 'section'; i++) {
        const l = doc.lines[i]!;
        if (l.kind === 'entry' && l.hasEquals) names.add(l.name!);
      }
      const at = first.get(name);
      const before = seen.get(name);
      if (at === undefined || !before) {
        first.set(name, h.line);
        seen.set(name, names);
        continue;
      }
      const shared = [...names].filter((n) => before.has(n));
      for (const n of names) before.add(n);
      if (shared.length === 0) {
        ctx.report({ messageId: 'appended', severity: 'info', key: '', line: h, data: { section: name, first: at } });
      } else {
        ctx.report({ messageId: 'duplicate', key: '', line: h, data: { section: name, first: at, keys: shared.map((n) => `${name}.${n}`).join(', ') } });
      }
    }
  },
};
