/**
 * Sentences the lint engine adds to a finding it lowers. No rule wrote them: they state the engine's trust policy
 * (a placeholder default is no fact; a key an excerpt lacks is not missing), in both languages, filled with `tr`.
 */
import type { Lang, Localized } from './index.ts';

export const ENGINE_NOTES = {
  /** appended to the message of a finding that rests on a placeholder default or an unresolved value */
  guessed: {
    en: ' (cannot verify: based on placeholder defaults or unresolved values; set {list} to check the deployed values)',
    zh: '（无法核实：依据的是占位符默认值或未解析的值；设置 {list} 后可核对实际部署值）',
  },
  /** the suggestion that replaces such a finding's repair */
  guessedRepair: {
    en: 'set {list} (as the deployment does) and run again; the repair would rest on a guess, so it is not written',
    zh: '先设置 {list}（与部署环境一致）再运行；修复值依据的是猜测，因此不会自动写入',
  },
  /** appended to the message of a finding that exists only because an excerpt lacks a key */
  absent: { en: ' (not in this excerpt, so not checked)', zh: '（片段中没有该项，未核对）' },
} as const satisfies Record<string, Localized>;

/** Names as a list in running text: `A, B` / `A、B`. */
export function listOf(names: readonly string[], lang: Lang): string {
  return names.join(lang === 'zh' ? '、' : ', ');
}

/** Two clauses of one sentence: `a; b` / `a；b`. */
export function clauses(a: string, b: string, lang: Lang): string {
  return `${a}${lang === 'zh' ? '；' : '; '}${b}`;
}
