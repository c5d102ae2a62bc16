/**
 * What a repair changed, key by key, and what each change needs to take
 * effect: ZLM reloads `live` and `new` keys on SIGHUP or setServerConfig
 * (`new`: only streams and sessions created afterwards), `start` keys need a
 * restart; WVP reads application.yml at start-up only.
 * Pure: two texts in, a list out.
 */
import type { IniDocument } from '../ini/document.ts';
import { keyDef } from '../zlm/catalogue.ts';
import type { ReloadClass } from '../zlm/catalogue-types.ts';
import type { Lang } from '../i18n/index.ts';

/** live/new/start from the catalogue; `none`: a key no ZLM code reads; `wvp-restart`: WVP's yml. */
export type ChangeReload = ReloadClass | 'none' | 'wvp-restart';

export interface Change {
  file: string;
  /** ZLM `section.key`, or WVP's dotted path */
  key: string;
  /** undefined: the key was not set before (added) */
  old?: string;
  /** undefined: the key is gone (removed or renamed) */
  new?: string;
  reload: ChangeReload;
}

/** Every key whose effective value (the last occurrence) differs between the two documents. */
export function iniChanges(file: string, before: IniDocument, after: IniDocument): Change[] {
  const a = before.toMap();
  const b = after.toMap();
  const out: Change[] = [];
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  for (const key of keys) {
    const o = a.get(key);
    const n = b.get(key);
    if (o === n) continue;
    const def = keyDef(key);
    out.push({ file, key, ...(o !== undefined ? { old: o } : {}), ...(n !== undefined ? { new: n } : {}), reload: def ? def.reload : 'none' });
  }
  return out;
}

/** The dotted YAML path of the mapping key on line `index` (by indentation; plain block YAML). */
function yamlPath(lines: readonly string[], index: number): string | undefined {
  const m = /^(\s*)(?:- )?([^\s#:][^:#]*?)\s*:(?:\s|$)/.exec(lines[index]!);
  if (!m) return undefined;
  const parts = [m[2]!.replace(/^["']|["']$/g, '')];
  let indent = m[1]!.length;
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const p = /^(\s*)([^\s#:-][^:#]*?)\s*:(?:\s|$)/.exec(lines[i]!);
    if (!p || p[1]!.length >= indent) continue;
    parts.unshift(p[2]!.replace(/^["']|["']$/g, ''));
    indent = p[1]!.length;
  }
  return parts.join('.');
}

function yamlValue(line: string): string {
  const v = line.replace(/^[^:]*:\s?/, '');
  return v.replace(/\s+#.*$/, '').trim();
}

/** Changed lines of a yml file as path, old and new value (the repairs edit scalars in place). */
export function ymlChanges(file: string, before: string, after: string): Change[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  if (a.length !== b.length) return [{ file, key: '', reload: 'wvp-restart' }];
  const out: Change[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    out.push({ file, key: yamlPath(b, i) ?? `line ${i + 1}`, old: yamlValue(a[i]!), new: yamlValue(b[i]!), reload: 'wvp-restart' });
  }
  return out;
}

const TAKE_EFFECT: Record<ChangeReload, { en: string; zh: string }> = {
  live: { en: 'reload ZLM (kill -HUP <pid>, or setServerConfig) to apply', zh: '重新加载 ZLM（kill -HUP <pid> 或 setServerConfig）即可生效' },
  new: { en: 'reload ZLM (kill -HUP <pid>, or setServerConfig); applies to streams and sessions created afterwards', zh: '重新加载 ZLM（kill -HUP <pid> 或 setServerConfig）；对之后新建的流和会话生效' },
  start: { en: 'restart ZLM to apply (read at start-up only)', zh: '需重启 ZLM 才能生效（仅在启动时读取）' },
  none: { en: 'no ZLM code reads it: nothing to reload', zh: 'ZLM 不读取该项：无需重新加载' },
  'wvp-restart': { en: 'restart WVP to apply (application.yml is read at start-up)', zh: '需重启 WVP 才能生效（application.yml 仅在启动时读取）' },
};

const ORDER: ChangeReload[] = ['start', 'wvp-restart', 'new', 'live', 'none'];

/** One line per reload class: what to do, and for which keys. */
export function takeEffectLines(changes: readonly Change[], lang: Lang): string[] {
  const out: string[] = [];
  for (const r of ORDER) {
    const keys = [...new Set(changes.filter((c) => c.reload === r).map((c) => c.key || c.file))];
    if (keys.length) out.push(`${TAKE_EFFECT[r][lang]}: ${keys.join(', ')}`);
  }
  return out;
}
