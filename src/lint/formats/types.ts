import type { Finding, Rule } from '../../rules/index.ts';
import type { Lang } from '../../i18n/index.ts';

export interface FormatInput {
  findings: readonly Finding[];
  /** file path → text, for code frames */
  sources: ReadonlyMap<string, string>;
  rules: readonly Rule[];
  lang: Lang;
  color: boolean;
  /** files that were checked (even when clean) */
  files: readonly string[];
  toolVersion: string;
  /** text: show info findings in full (otherwise only their count) */
  verbose?: boolean;
}

export interface Formatter {
  name: string;
  format(input: FormatInput): string;
}
