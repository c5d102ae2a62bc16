import type { Rule } from '../types.ts';
import { legacyDef } from '../../zlm/catalogue.ts';
import { effective } from '../../zlm/effective.ts';

/**
 * Keys older ZLM builds read (or WVP wrote) that the current code ignores:
 * the value is dead, and the replacement key keeps its own value.
 */
export const rule: Rule = {
  meta: {
    id: 'legacy-key',
    severity: 'warning',
    category: 'keys',
    fixable: false,
    title: { en: 'Legacy key that current ZLM ignores', zh: '当前 ZLM 已忽略的旧配置项' },
  },
  messages: {
    renamedAbsent: {
      message: {
        en: '{key} was replaced by {newKey} ({since}); its value {old} is ignored and {newKey}={effective} (compiled-in default) is in effect',
        zh: '{key} 已被 {newKey} 取代（{since}）；其值 {old} 被忽略，实际生效的是 {newKey}={effective}（内置默认值）',
      },
      why: {
        en: 'Current ZLM does not read {key} (it logs "unknow config: {key} = ..." at start-up). {newKey} is not in this file, so its default {effective} applies, whatever this line says. {note}',
        zh: '当前 ZLM 不读取 {key}（启动时打印 "unknow config: {key} = ..."）。本文件没有 {newKey}，所以无论这一行写什么，都使用其默认值 {effective}。{note}',
      },
      fix: { en: 'Replace the line with {newKey}={old} (check that the value still means the same), then delete {key}', zh: '把这一行改为 {newKey}={old}（确认取值含义未变），并删除 {key}' },
    },
    renamedPresent: {
      message: {
        en: '{key} was replaced by {newKey} ({since}); ZLM ignores it and uses {newKey}={effective} from line {newLine}',
        zh: '{key} 已被 {newKey} 取代（{since}）；ZLM 忽略它，使用第 {newLine} 行的 {newKey}={effective}',
      },
      why: {
        en: 'Current ZLM does not read {key} (it logs "unknow config: {key} = ..." at start-up); only {newKey} counts. {note}',
        zh: '当前 ZLM 不读取 {key}（启动时打印 "unknow config: {key} = ..."）；只有 {newKey} 生效。{note}',
      },
      fix: { en: 'Keep the value you want in {newKey} and delete {key}', zh: '把需要的值保留在 {newKey} 中，并删除 {key}' },
    },
    removed: {
      message: {
        en: '{key} was removed from ZLM ({since}); it has no effect',
        zh: '{key} 已从 ZLM 删除（{since}）；不再起作用',
      },
      why: {
        en: 'Current ZLM does not read {key}; it is kept as an unknown key ("unknow config: {key} = ..." at start-up) and rewrites carry it along. {note}',
        zh: '当前 ZLM 不读取 {key}；它作为未知配置项被保留（启动时打印 "unknow config: {key} = ..."），重写配置时也会一直保留。{note}',
      },
      fix: { en: 'Delete the line', zh: '删除这一行' },
    },
    neverRead: {
      message: {
        en: '{key} was never a ZLM key; it has no effect',
        zh: '{key} 从来不是 ZLM 的配置项；不起任何作用',
      },
      why: {
        en: 'No ZLM build reads {key}; it is kept as an unknown key and rewrites carry it along. {note}',
        zh: '没有任何 ZLM 版本读取 {key}；它作为未知配置项被保留，重写配置时也会一直保留。{note}',
      },
      fix: { en: 'Delete the line', zh: '删除这一行' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // forEach: no [key, lines] pair made per key, as for-of makes (this runs on every check)
    doc.occurrences.forEach((lines, key) => {
      const def = legacyDef(key);
      if (!def) return;
      const line = lines[lines.length - 1]!;
      const old = line.value! === '' ? '""' : line.value!;
      const since = def.since === 'never' ? { en: 'never read by ZLM', zh: 'ZLM 从未读取' } : def.since;
      const base = { key, since, note: def.note };
      if (!def.replacedBy) {
        ctx.report({
          messageId: def.since === 'never' ? 'neverRead' : 'removed',
          // nothing to migrate: the line is dead weight, not a lost setting
          severity: 'info',
          key,
          line,
          span: 'key',
          data: base,
        });
        return;
      }
      const newKey = def.replacedBy;
      const eff = effective(doc, newKey);
      const data = { ...base, newKey, old, effective: eff.raw === '' ? '""' : eff.raw, newLine: eff.line?.line ?? 0 };
      ctx.report({
        messageId: eff.source === 'file' ? 'renamedPresent' : 'renamedAbsent',
        // a name ZLM never read (written by WVP's setServerConfig) is noise, not a lost setting
        ...(def.since === 'never' ? { severity: 'info' as const } : {}),
        key,
        line,
        span: 'key',
        data,
        suggestion: { en: `${newKey}=${old}`, zh: `${newKey}=${old}` },
      });
    });
  },
};
