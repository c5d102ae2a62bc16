import type { Rule } from './types.ts';
import { ZLM_RULES, WVP_RULES } from './registry.generated.ts';

export { ZLM_RULES, WVP_RULES };

// the rule contract, for the other rooms (they import src/rules through this file only)
export type { Category, Finding, Report, Rule, RuleContext, RuleMessage, RuleMeta, RuleOptions, Severity } from './types.ts';
export { SEVERITY_RANK } from './types.ts';

export const ALL_RULES: readonly Rule[] = [...ZLM_RULES, ...WVP_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}

/**
 * Rules selected by --rule / --ignore (ids, or a category name). Unknown ids
 * throw so a typo in CI config is noticed.
 */
export function selectRules(all: readonly Rule[], only: readonly string[] = [], ignore: readonly string[] = []): Rule[] {
  // every check without --rule or --ignore runs them all: nothing to look up (a copy, as filter would return)
  if (only.length === 0 && ignore.length === 0) return [...all];
  for (const id of [...only, ...ignore]) {
    if (!all.some((r) => r.meta.id === id || r.meta.category === id)) throw new Error(`unknown rule or category "${id}"`);
  }
  const match = (r: Rule, ids: readonly string[]) => ids.includes(r.meta.id) || ids.includes(r.meta.category);
  return all.filter((r) => (only.length === 0 || match(r, only)) && !match(r, ignore));
}
