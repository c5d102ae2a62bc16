/**
 * The rule contract, modelled on ESLint: a rule is one file with `meta`
 * (stable id, severity, category, fixable), bilingual messages, and a check
 * that reports findings with optional safe fixes expressed as text edits.
 */
import type { IniDocument, IniLine, TextEdit } from '../ini/document.ts';
import type { Localized, MessageData } from '../i18n/index.ts';
import type { WvpConfig } from '../wvp/types.ts';
import type { Deployment } from '../deploy/types.ts';
import type { InputShape } from '../zlm/shape-types.ts';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export type Category = 'syntax' | 'keys' | 'values' | 'ports' | 'security' | 'hooks' | 'timing' | 'dependencies' | 'wvp';

export interface RuleMessage {
  /** one line: what is wrong here */
  message: Localized;
  /** why it matters: what ZLM (or WVP) will actually do */
  why: Localized;
  /** how to fix it */
  fix: Localized;
}

export interface RuleMeta {
  /** stable, kebab-case; also the docs page name docs/rules/<id>.md */
  id: string;
  /** default severity; a report may raise or lower it with a reason */
  severity: Severity;
  category: Category;
  /** whether some reports carry a safe automatic fix */
  fixable: boolean;
  title: Localized;
  /** which inputs the rule needs: 'zlm' (config.ini), 'wvp' (application.yml); default ['zlm'] */
  requires?: readonly ('zlm' | 'wvp')[];
  /** WVP paths whose values the rule needs; when one is unresolvable the rule is skipped (and that is said) */
  wvpKeys?: readonly string[];
  /**
   * how surely an error of this rule breaks the ZLM/WVP link on its own (0-100): the doctor ranks its diagnosis
   * by it; rules without one rank at 60
   */
  rootCauseWeight?: number;
}

export interface Report {
  messageId: string;
  /** plain values, or a Localized pair for a phrase (never an `x`/`xZh` pair of keys) */
  data?: MessageData;
  /** `section.key` (ZLM) or dotted path (WVP) the finding is about; '' when none */
  key: string;
  /** where: a ZLM line (the value span is used) or an explicit location */
  line?: IniLine;
  /** point at the key name instead of the value */
  span?: 'value' | 'key' | 'line';
  loc?: { file?: string; line: number; column: number; endLine?: number; endColumn?: number };
  severity?: Severity;
  /** a safe fix to config.ini: applied by --fix */
  edits?: TextEdit[];
  /** a safe fix to a WVP yml file (file path as in WvpConfig.files) */
  wvpEdits?: { file: string; edit: TextEdit }[];
  /** a secret must be generated: the fix sets this ZLM key and/or WVP path to a new random secret */
  newSecret?: { zlmKey?: string; wvpPath?: string };
  /** a repair that is not applied automatically (ambiguous or unsafe), shown as a suggestion */
  suggestion?: Localized;
  /**
   * the finding exists because a key or section is absent (a compiled-in default applies): in an excerpt that is
   * not a fact, so the engine lowers it to info and drops its repairs
   */
  absent?: true;
  /**
   * the finding rests on values that are only a placeholder default or unresolved: the variable
   * (or WVP path) names to set. The engine then lowers it to "cannot verify" and drops its repairs.
   */
  guessed?: string[];
}

export interface RuleContext {
  /** config.ini (an empty document when only application.yml is checked) */
  readonly doc: IniDocument;
  /** whether a config.ini was given */
  readonly hasZlm: boolean;
  /** WVP's configuration, when --wvp was given */
  readonly wvp?: WvpConfig;
  /** display path of the ZLM file */
  readonly file: string;
  readonly options: RuleOptions;
  /** WVP path → rules skipped because its value is unresolvable */
  readonly skippedRules?: ReadonlyMap<string, string[]>;
  /** how config.ini was read (whole, dump, excerpt); undefined = whole */
  readonly shape?: InputShape;
  /** deployment context (check --compose / check DIR), when given */
  readonly deploy?: Deployment;
  /** for the input-excerpt rule only: keys of the findings the engine lowered because the excerpt lacks them */
  readonly absentKeys?: readonly string[];
  report(r: Report): void;
}

export interface RuleOptions {
  /** where things run, when the operator told us (--hosts wvp=IP,zlm=IP) */
  hosts?: { wvp?: string; zlm?: string };
  /** which side a two-sided mismatch is repaired on (default zlm) */
  side?: 'zlm' | 'wvp';
}

export interface Rule {
  meta: RuleMeta;
  messages: Record<string, RuleMessage>;
  check(ctx: RuleContext): void;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  key: string;
  message: string;
  why: string;
  fix: string;
  /** docs page, relative to the package: docs/rules/<id>.md */
  docs: string;
  edits?: TextEdit[];
  wvpEdits?: { file: string; edit: TextEdit }[];
  newSecret?: { zlmKey?: string; wvpPath?: string };
  suggestion?: string;
  /**
   * set when the finding rests on a placeholder default or an unresolved value: the names to set
   * before it can be verified. Such a finding never carries edits, wvpEdits or newSecret.
   */
  guessed?: string[];
}
