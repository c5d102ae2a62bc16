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

/** Replace {name} placeholders. Missing names stay visible so a bug is noticed, not hidden. */
export function format(template: string, data: Record<string, string | number> = {}): string {
  return fill(template, (k) => (k in data ? String(data[k]) : undefined));
}

/** A word character of a placeholder's name (what \w matches: A-Z a-z 0-9 _). */
function wordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Full-width punctuation, beside which Chinese sets no space. */
const FULL_WIDTH = '（）【】「」『』《》〈〉“”‘’，。；：！？、';
const HAN = /\p{Script=Han}/u;
const cjk = (c: string) => c !== '' && (FULL_WIDTH.includes(c) || HAN.test(c));

/**
 * Whether the space between a zh phrase's edge character and the template's character on the other side of it goes.
 * The templates space a value off their Han text for a Latin value (`端口 {port}`); beside full-width punctuation, or
 * between two Han characters, Chinese sets none: `后面的值 {v} 生效` with `（已隐藏）` reads `后面的值（已隐藏）生效`.
 */
const noSpace = (edge: string, other: string) => edge !== '' && (FULL_WIDTH.includes(edge) || (HAN.test(edge) && cjk(other)));

/**
 * `template` with every `{name}` (name: one or more word characters) replaced by value(name), or left as written
 * when that is undefined; what replace(/\{(\w+)\}/g, ...) does, without a pattern to compile in every start.
 */
function fill(template: string, value: (name: string) => string | undefined, tight?: (name: string) => boolean): string {
  let open = template.indexOf('{');
  if (open === -1) return template;
  let out = '';
  let from = 0;
  while (open !== -1) {
    let end = open + 1;
    while (end < template.length && wordChar(template.charCodeAt(end))) end++;
    if (end > open + 1 && template.charCodeAt(end) === 125 /* } */) {
      const name = template.slice(open + 1, end);
      const v = value(name);
      if (v !== undefined) {
        // a tight value (a Chinese phrase): no space beside its full-width punctuation, nor between its Han text and the template's
        const t = tight?.(name) === true;
        const before = t && open > from && template.charCodeAt(open - 1) === 32 && noSpace(v.charAt(0), template.charAt(open - 2)) ? open - 1 : open;
        const after = t && template.charCodeAt(end + 1) === 32 && noSpace(v.charAt(v.length - 1), template.charAt(end + 2)) ? end + 2 : end + 1;
        out += template.slice(from, before) + v;
        from = after;
      }
      open = template.indexOf('{', end + 1);
    } else open = template.indexOf('{', open + 1);
  }
  return from === 0 ? template : out + template.slice(from);
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
  return fill(
    t,
    (k) => {
      if (!(k in data)) return undefined;
      const v = data[k]!;
      return typeof v === 'object' ? v[lang] : String(v);
    },
    // a Localized value is a phrase, set as Chinese; a plain one (a value from the file) keeps its spaces
    lang === 'zh' ? (k) => typeof data[k] === 'object' : undefined,
  );
}
