import type { IniLine } from '../../ini/document.ts';
import type { Rule } from '../types.ts';
import { KEYS, SECTIONS, keyDef, legacyDef } from '../../zlm/catalogue.ts';
import { editDistance } from '../util.ts';
import { parseHookUrl } from '../../zlm/hook-urls.ts';
import { readValue } from '../../zlm/value.ts';
import { parseIp } from '../../util/ip.ts';

/**
 * Whether `value` is a clean value for the known key `key`. Renaming a dead key to the
 * live one it resembles makes ZLM read its value: that is only a safe repair when the
 * value is valid there (`apiDebug\v=\v=1` must not become `apiDebug=\v=1`).
 */
export function valueFits(key: string, value: string): boolean {
  const def = keyDef(key);
  if (!def) return false;
  // control characters (\v, \f, ...) and stray separators mean a mangled line, not a value
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value) || value !== value.trim()) return false;
  if (def.storage !== 'string') {
    const r = readValue(def.storage, value);
    if (!r.clean) return false;
    if (typeof r.value === 'number' && ((def.min !== undefined && r.value < def.min) || (def.max !== undefined && r.value > def.max))) return false;
  }
  if (def.enumValues && !def.enumValues.includes(value)) return false;
  if (value === '') return true;
  if (def.type === 'url') return /^https?:\/\/\S+$/i.test(value) && parseHookUrl(value) !== undefined;
  if (def.type === 'ip') return parseIp(value) !== undefined;
  if (def.type === 'iplist') return value.split(/[,;]/).every((p) => p.trim() === '' || parseIp(p.trim()) !== undefined);
  return true;
}

/** Known key names per section, made on first use: only an unknown key needs them (did-you-mean). */
let bySection: Map<string, string[]> | undefined;
function namesBySection(): ReadonlyMap<string, readonly string[]> {
  if (bySection) return bySection;
  bySection = new Map<string, string[]>();
  for (const k of KEYS) {
    const dot = k.key.indexOf('.');
    const section = k.key.slice(0, dot);
    const list = bySection.get(section) ?? [];
    list.push(k.key.slice(dot + 1));
    bySection.set(section, list);
  }
  return bySection;
}

interface Candidate {
  key: string;
  distance: number;
  sameSection: boolean;
}

/** Did-you-mean candidates for `name` written in `section`, closest first. */
function candidates(section: string, name: string): Candidate[] {
  const out: Candidate[] = [];
  for (const known of namesBySection().get(section) ?? []) {
    const d = editDistance(name, known);
    const caseOnly = name.toLowerCase() === known.toLowerCase();
    // a short name is "close" only when most of it survives: `bin` is not a typo of `log`
    // `logfile` for `log`: a known name extended by a short suffix
    const prefix = known.length >= 3 && name.startsWith(known) && name.length - known.length <= 4;
    if (caseOnly || prefix || (d <= 3 && d <= Math.ceil(Math.min(name.length, known.length) / 2))) {
      out.push({ key: `${section}.${known}`, distance: d, sameSection: true });
    }
  }
  for (const [other, names] of namesBySection()) {
    if (other === section) continue;
    for (const known of names) {
      if (known === name || known.toLowerCase() === name.toLowerCase()) out.push({ key: `${other}.${known}`, distance: editDistance(name, known), sameSection: false });
    }
  }
  return out.sort((a, b) => Number(b.sameSection) - Number(a.sameSection) || a.distance - b.distance || a.key.localeCompare(b.key));
}

/** Closest known section name (for a misspelt header such as [hooks]). */
function closeSection(section: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const s of SECTIONS) {
    const d = editDistance(section.toLowerCase(), s);
    if (d < bestD) [best, bestD] = [s, d];
  }
  return best;
}

/**
 * A key ZLM does not know is kept ("unknow config: ..." at start-up) but
 * nothing reads it: the setting the operator meant keeps its old value.
 * Extra ffmpeg.* keys are legitimate (addFFmpegSource ffmpeg_cmd_key).
 */
export const rule: Rule = {
  meta: {
    id: 'unknown-key',
    severity: 'warning',
    category: 'keys',
    fixable: true,
    title: { en: 'Key ZLM does not know', zh: 'ZLM 不认识的配置项' },
  },
  messages: {
    typoAbsent: {
      message: {
        en: '{key} is not a ZLM key; did you mean {candidate}? (not set in this file)',
        zh: '{key} 不是 ZLM 的配置项；是否应为 {candidate}？（本文件未设置该项）',
      },
      why: {
        en: 'ZLM keeps unknown keys (it logs "unknow config: {key} = ..." at start-up) but nothing reads them. {candidate} is not in the file, so its compiled-in default applies and this line has no effect.',
        zh: 'ZLM 会保留未知配置项（启动时打印 "unknow config: {key} = ..."），但没有任何代码读取它。本文件没有 {candidate}，因此它使用内置默认值，这一行不起作用。',
      },
      fix: { en: 'Rename the key to {name}', zh: '把键名改为 {name}' },
    },
    typoEmpty: {
      message: {
        en: '{key} is not a ZLM key; did you mean {candidate}? ({candidate} is empty in this file)',
        zh: '{key} 不是 ZLM 的配置项；是否应为 {candidate}？（本文件中 {candidate} 为空）',
      },
      why: {
        en: 'ZLM keeps unknown keys (it logs "unknow config: {key} = ..." at start-up) but nothing reads them. {candidate} stays empty, so the setting meant here never takes effect (for a hook URL: the hook is never called).',
        zh: 'ZLM 会保留未知配置项（启动时打印 "unknow config: {key} = ..."），但没有任何代码读取它。{candidate} 仍为空，本意的设置从未生效（若是 hook 地址：该 hook 永远不会被调用）。',
      },
      fix: { en: 'Move the value to {candidate} and delete this line', zh: '把该值移到 {candidate} 并删除这一行' },
    },
    typoSet: {
      message: {
        en: '{key} is not a ZLM key; did you mean {candidate}? ({candidate} is also set in this file)',
        zh: '{key} 不是 ZLM 的配置项；是否应为 {candidate}？（本文件也设置了 {candidate}）',
      },
      why: {
        en: 'ZLM keeps unknown keys (it logs "unknow config: {key} = ...") but nothing reads them; the value of {candidate} on line {candidateLine} is what ZLM uses.',
        zh: 'ZLM 会保留未知配置项（启动时打印 "unknow config: {key} = ..."），但没有任何代码读取它；ZLM 使用的是第 {candidateLine} 行 {candidate} 的值。',
      },
      fix: { en: 'Keep the value you want in {candidate} and delete this line', zh: '把需要的值保留在 {candidate} 中，并删除这一行' },
    },
    ambiguous: {
      message: {
        en: '{key} is not a ZLM key; did you mean one of {candidates}?',
        zh: '{key} 不是 ZLM 的配置项；是否应为 {candidates} 之一？',
      },
      why: {
        en: 'ZLM keeps unknown keys (it logs "unknow config: {key} = ...") but nothing reads them, so this line has no effect.',
        zh: 'ZLM 会保留未知配置项（启动时打印 "unknow config: {key} = ..."），但没有任何代码读取它，这一行不起作用。',
      },
      fix: { en: 'Rename it to the key you meant, or delete it', zh: '改成本意的键名，或删除这一行' },
    },
    otherSection: {
      message: {
        en: '{key} is not a ZLM key; {candidates} exists in another section',
        zh: '{key} 不是 ZLM 的配置项；{candidates} 位于其他小节',
      },
      why: {
        en: 'ZLM stores every key as section.key; {name} under [{section}] is a different key that nothing reads (logged as "unknow config: {key} = ...").',
        zh: 'ZLM 以 小节.键名 保存配置；[{section}] 下的 {name} 是另一个键，没有任何代码读取（启动时打印 "unknow config: {key} = ..."）。',
      },
      fix: { en: 'Move the line under the right section header ({candidates})', zh: '把这一行移到正确的小节下（{candidates}）' },
    },
    ffmpegExtra: {
      message: {
        en: '{key} is not a ZLM key and not an ffmpeg command template; ZLM ignores it',
        zh: '{key} 不是 ZLM 的配置项，也不是 ffmpeg 命令模板；ZLM 会忽略它',
      },
      why: {
        en: 'Extra [ffmpeg] keys are only used as command templates (addFFmpegSource?ffmpeg_cmd_key={name}), and a template must start with %s. This value does not, so the key is kept ("unknow config: {key} = ...") but does nothing.',
        zh: '[ffmpeg] 下的额外键只会被当作命令模板使用（addFFmpegSource?ffmpeg_cmd_key={name}），而模板必须以 %s 开头。该值不是，所以该键会被保留（启动时打印 "unknow config: {key} = ..."）但不起作用。',
      },
      fix: { en: 'Delete the line, or check the key name (ffmpeg.bin, ffmpeg.cmd, ffmpeg.snap, ffmpeg.log, ffmpeg.restart_sec)', zh: '删除这一行，或核对键名（ffmpeg.bin、ffmpeg.cmd、ffmpeg.snap、ffmpeg.log、ffmpeg.restart_sec）' },
    },
    unknown: {
      message: { en: '{key} is not a ZLM key; ZLM ignores it', zh: '{key} 不是 ZLM 的配置项；ZLM 会忽略它' },
      why: {
        en: 'ZLM keeps unknown keys (it logs "unknow config: {key} = ..." at start-up, getServerConfig shows it and rewrites keep it) but no code reads it. It may belong to a newer or a patched build, or be left over from another tool.',
        zh: 'ZLM 会保留未知配置项（启动时打印 "unknow config: {key} = ..."，getServerConfig 会显示，重写配置也会保留），但没有任何代码读取它。它可能属于更新或修改过的版本，或是其他工具遗留的。',
      },
      fix: { en: 'Delete the line, or check the key name against the ZLM version you run', zh: '删除这一行，或对照所运行的 ZLM 版本核对键名' },
    },
    unknownSection: {
      message: {
        en: '{key}: [{section}] is not a ZLM section; ZLM ignores this key',
        zh: '{key}：[{section}] 不是 ZLM 的配置小节；ZLM 会忽略该键',
      },
      why: {
        en: 'ZLM stores every key as section.key and only reads the keys it registers; everything under [{section}] is kept ("unknow config: {key} = ...") but unused.',
        zh: 'ZLM 以 小节.键名 保存配置，只读取自己注册的键；[{section}] 下的内容都会被保留（启动时打印 "unknow config: {key} = ..."）但不会被使用。',
      },
      fix: { en: 'Move the key under the section it belongs to, or delete it', zh: '把该键移到所属的小节下，或删除它' },
    },
    unknownSectionMatch: {
      message: {
        en: '{key}: [{section}] is not a ZLM section; did you mean {candidates}?',
        zh: '{key}：[{section}] 不是 ZLM 的配置小节；是否应为 {candidates}？',
      },
      why: {
        en: 'ZLM stores every key as section.key and only reads the keys it registers; everything under [{section}] is kept ("unknow config: {key} = ...") but unused, so {candidates} keeps its current value.',
        zh: 'ZLM 以 小节.键名 保存配置，只读取自己注册的键；[{section}] 下的内容都会被保留（启动时打印 "unknow config: {key} = ..."）但不会被使用，{candidates} 保持原值。',
      },
      fix: { en: 'Fix the section header or move the key under [{target}]', zh: '修正小节名，或把该键移到 [{target}] 下' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    // forEach: no [key, lines] pair made per key, as for-of makes (this runs on every check)
    doc.occurrences.forEach((lines, key) => {
      const line: IniLine = lines[lines.length - 1]!;
      // `.key` (key-outside-section), lines without '=' / unclosed `[x` (malformed-line) are not ours
      if (key.startsWith('.') || !line.hasEquals || line.name!.startsWith('[')) return;
      if (keyDef(key) || legacyDef(key)) return;
      const section = line.section;
      const name = line.name!;
      // addFFmpegSource?ffmpeg_cmd_key=<any key> looks up extra ffmpeg.* keys as command
      // templates; only a value that cannot be such a template (it must start with %s) is suspicious
      if (section === 'ffmpeg' && line.value!.startsWith('%s')) return;
      const cands = candidates(section, name);
      const data: Record<string, string | number> = { key, section, name, candidates: cands.map((c) => c.key).join(', ') };
      if (!SECTIONS.includes(section)) {
        const target = closeSection(section);
        const matches = cands.filter((c) => !target || c.key.startsWith(`${target}.`));
        const list = (matches.length ? matches : cands).map((c) => c.key);
        if (list.length) {
          ctx.report({ messageId: 'unknownSectionMatch', key, line, span: 'key', data: { ...data, candidates: list.join(', '), target: list[0]!.split('.')[0]! } });
        } else {
          ctx.report({ messageId: 'unknownSection', key, line, span: 'key', data });
        }
        return;
      }
      const same = cands.filter((c) => c.sameSection);
      if (same.length === 0) {
        const messageId = cands.length ? 'otherSection' : section === 'ffmpeg' ? 'ffmpegExtra' : 'unknown';
        ctx.report({ messageId, key, line, span: 'key', data });
        return;
      }
      if (same.length > 1 && same[0]!.distance === same[1]!.distance) {
        ctx.report({ messageId: 'ambiguous', key, line, span: 'key', data: { ...data, candidates: same.map((c) => c.key).join(', ') } });
        return;
      }
      const cand = same[0]!;
      const candName = cand.key.slice(section.length + 1);
      const candLine = doc.entry(cand.key);
      // a rename is safe only when ZLM would accept the value under the new name; else it stays a suggestion
      const fixable = lines.length === 1 && same.filter((c) => c.distance <= 2).length === 1 && cand.distance <= 2 && valueFits(cand.key, line.value!);
      const d = { ...data, candidate: cand.key, name: candName, candidateLine: candLine?.line ?? 0 };
      if (!candLine) {
        ctx.report({ messageId: 'typoAbsent', key, line, span: 'key', data: d, ...(fixable ? { edits: [doc.editName(line, candName)] } : {}) });
      } else if (candLine.value === '') {
        const edits = fixable && (doc.occurrences.get(cand.key)?.length ?? 0) === 1 ? [doc.editValue(candLine, line.value!), doc.editRemoveLine(line)] : undefined;
        ctx.report({ messageId: 'typoEmpty', key, line, span: 'key', data: d, ...(edits ? { edits } : {}) });
      } else {
        ctx.report({ messageId: 'typoSet', key, line, span: 'key', data: d });
      }
    });
  },
};
