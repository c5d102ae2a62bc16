/**
 * Every message a user sees exists in English and Simplified Chinese.
 * The language comes from --lang, else LC_ALL / LC_MESSAGES / LANG.
 */
export type Lang = 'en' | 'zh';

export interface Localized {
  en: string;
  zh: string;
}

export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const v = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(v) ? 'zh' : 'en';
}

export function parseLang(v: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (!v) return detectLang(env);
  if (/^zh/i.test(v)) return 'zh';
  if (/^en/i.test(v)) return 'en';
  throw new Error(`unknown language "${v}" (use en or zh)`);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** Replace {name} placeholders. Missing names stay visible so a bug is noticed, not hidden. */
export function format(template: string, data: Record<string, string | number> = {}): string {
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (m, k: string) => (k in data ? String(data[k]) : m));
}

/**
 * Values a message is filled with: plain values, or a `Localized` pair when the value is itself a phrase (a note
 * from a knowledge table, a clause that depends on the finding); each language takes its own half.
 */
export type MessageData = Record<string, string | number | Localized>;

export function tr(text: Localized, lang: Lang, data?: MessageData): string {
  const t = text[lang];
  if (!data || !t.includes('{')) return format(t);
  // filled in place (every finding has three texts: no copy of its data per text)
  return t.replace(PLACEHOLDER, (m, k: string) => {
    if (!(k in data)) return m;
    const v = data[k]!;
    return typeof v === 'object' ? v[lang] : String(v);
  });
}
