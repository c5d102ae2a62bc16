/** The rendered text must pass the rules: the lint engine over it, every rule, as `check` would run it. */
import { ALL_RULES, type Finding } from '../../rules/index.ts';
import { lint } from '../../lint/index.ts';
import type { IniDocument } from '../../ini/document.ts';
import type { Lang } from '../../i18n/index.ts';

export function lintRendered(doc: IniDocument, file: string, lang: Lang): Finding[] {
  return lint({ doc, file, rules: ALL_RULES, lang });
}
