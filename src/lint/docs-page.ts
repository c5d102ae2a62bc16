/**
 * A rule's docs page (docs/rules/<id>.md) in one language. The pages are
 * bilingual: headings read "English / 中文", and every English paragraph is
 * followed by its Chinese one. Fenced code blocks belong to both languages; an
 * indented code block belongs to the paragraph before it (each language has its
 * own copy, e.g. `<name>` and `<名称>`).
 *
 * Pure: text in, text out.
 */
import type { Lang } from '../i18n/index.ts';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;
const WORD = /[A-Za-z]{2,}/g;
/**
 * What both languages write alike, left out before the languages are weighed: code spans (key names), quoted text
 * (ZLM's and WVP's own log lines, Chinese in an English paragraph), URLs and `{placeholders}`.
 */
const SHARED = /`[^`\n]*`|"[^"\n]*"|\u201c[^\u201d\n]*\u201d|https?:\/\/\S+|\{[^}\n]*\}/g;

/**
 * Chinese when, outside code, quotes and URLs, the Han characters outnumber the English words. Letters alone are no
 * measure: a Chinese sentence about `hook.on_stream_none_reader` has more Latin letters than Han characters, and an
 * English one quotes ZLM's Chinese log lines.
 */
export function isChinese(text: string): boolean {
  const s = text.replace(SHARED, ' ');
  return (s.match(HAN)?.length ?? 0) > (s.match(WORD)?.length ?? 0);
}

const META_ZH: Record<string, string> = { Severity: '严重程度', Category: '类别', Fixable: '可自动修复', Needs: '需要' };
/** the first word of a meta value, where it is one of these */
const VALUE_ZH: Record<string, string> = { error: '错误', warning: '警告', info: '提示', yes: '是', no: '否' };

/** The meta line in Chinese: its labels, and the leading word of each value (the notes in brackets stay as written). */
function metaZh(line: string): string {
  return line.replace(/\*\*(Severity|Category|Fixable|Needs):\*\*(\s*)([a-z]+)?/g, (_m, k: string, sp: string, w: string | undefined) => `**${META_ZH[k]}：**${sp}${w === undefined ? '' : k !== 'Category' && VALUE_ZH[w] ? VALUE_ZH[w] : w}`);
}

/** Splits markdown into blocks: fenced code blocks whole, other text at blank lines. */
function blocks(markdown: string): { text: string; code: boolean; indented?: boolean }[] {
  const out: { text: string; code: boolean; indented?: boolean }[] = [];
  let cur: string[] = [];
  let fence = false;
  const flush = (code = false) => {
    // every line indented by four blanks or a tab: an indented code block
    if (cur.length > 0) out.push({ text: cur.join('\n'), code, ...(!code && cur.every((l) => /^( {4}|\t)/.test(l)) ? { indented: true } : {}) });
    cur = [];
  };
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      if (!fence) flush();
      cur.push(line);
      if (fence) flush(true);
      fence = !fence;
      continue;
    }
    if (fence) cur.push(line);
    else if (line.trim() === '') flush();
    else cur.push(line);
  }
  flush(fence);
  return out;
}

/** The page with only the parts in `lang` (headings "English / 中文" keep their side). */
export function pageInLanguage(markdown: string, lang: Lang): string {
  const out: string[] = [];
  // the language of the last paragraph: an indented code block goes with it
  let last: boolean | undefined;
  for (const b of blocks(markdown.replace(/\r\n/g, '\n'))) {
    if (b.code) {
      out.push(b.text);
      continue;
    }
    if (b.indented) {
      if (last === undefined || last === (lang === 'zh')) out.push(b.text);
      continue;
    }
    // a heading opens its section's first block: keep its side, then judge the rest of the block
    const lines = b.text.split('\n');
    const kept: string[] = [];
    let i = 0;
    while (i < lines.length && /^#{1,6} /.test(lines[i]!)) {
      const m = /^(#{1,6}) (.*?) \/ (.*)$/.exec(lines[i]!);
      kept.push(m ? `${m[1]} ${lang === 'zh' ? m[3] : m[2]}` : lines[i]!);
      i++;
    }
    const rest = lines.slice(i).join('\n');
    if (i > 0) last = undefined;
    if (rest) {
      if (/^\*\*Severity:\*\*/.test(rest)) kept.push(lang === 'zh' ? metaZh(rest) : rest);
      else {
        last = isChinese(rest);
        if (last === (lang === 'zh')) kept.push(rest);
      }
    }
    if (kept.length > 0) out.push(kept.join('\n'));
  }
  return out.join('\n\n') + '\n';
}
