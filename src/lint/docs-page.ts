/**
 * A rule's docs page (docs/rules/<id>.md) in one language. The pages are
 * bilingual: headings read "English / 中文", and every English paragraph is
 * followed by its Chinese one. Code blocks belong to both languages.
 *
 * Pure: text in, text out.
 */
import type { Lang } from '../i18n/index.ts';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN = /[A-Za-z]/g;

/** Chinese when Han characters outweigh the Latin letters (code and key names are Latin in both languages). */
export function isChinese(text: string): boolean {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return han * 3 > latin;
}

const META_ZH: Record<string, string> = { Severity: '严重程度', Category: '类别', Fixable: '可自动修复' };

/** Splits markdown into blocks: fenced code blocks whole, other text at blank lines. */
function blocks(markdown: string): { text: string; code: boolean }[] {
  const out: { text: string; code: boolean }[] = [];
  let cur: string[] = [];
  let fence = false;
  const flush = (code = false) => {
    if (cur.length > 0) out.push({ text: cur.join('\n'), code });
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
  for (const b of blocks(markdown.replace(/\r\n/g, '\n'))) {
    if (b.code) {
      out.push(b.text);
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
    if (rest) {
      if (/^\*\*Severity:\*\*/.test(rest)) kept.push(lang === 'zh' ? rest.replace(/\*\*(Severity|Category|Fixable):\*\*/g, (_m, k: string) => `**${META_ZH[k]}：**`) : rest);
      else if (isChinese(rest) === (lang === 'zh')) kept.push(rest);
    }
    if (kept.length > 0) out.push(kept.join('\n'));
  }
  return out.join('\n\n') + '\n';
}
