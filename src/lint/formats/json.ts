import { summarize } from '../engine.ts';
import type { Formatter } from './types.ts';
import type { Finding } from '../../rules/index.ts';
import { groupId } from '../group.ts';
import { docsUrl } from './docs-url.ts';
import { fixApplies, fixAppliesIn } from '../fix-link.ts';

/** One finding as the JSON contract shows it (check, fix and doctor share it). */
export function findingToJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    key: f.key,
    message: f.message,
    why: f.why,
    fix: f.fix,
    docs: f.docs,
    // what fix would apply (fix-link's policy), not merely whether the rule attached an edit
    fixable: fixApplies(f),
    ...(f.suggestion ? { suggestion: f.suggestion } : {}),
    // added within version 1: findings of one cause share a group id; the rule's page online
    group: groupId(f),
    docsUrl: docsUrl(f.ruleId),
  };
}

/** The machine contract: {"version":1,"findings":[...],"summary":{...}}. */
export const json: Formatter = {
  name: 'json',
  format({ findings, sources }) {
    return (
      JSON.stringify(
        {
          version: 1,
          // with the sources at hand, an edit that would rewrite a ${...} placeholder is seen too
          findings: findings.map((f) => ({ ...findingToJson(f), fixable: fixAppliesIn(f, sources) })),
          summary: summarize(findings),
        },
        null,
        2,
      ) + '\n'
    );
  },
};
