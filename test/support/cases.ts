import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Finding, Severity } from '../../src/rules/types.ts';
import { SEVERITY_RANK } from '../../src/rules/types.ts';

export const CASES_DIR = join(import.meta.dirname, '../../../shared/cases');

export interface CaseSpec {
  slug: string;
  dir: string;
  title: string;
  hasWvp: boolean;
  hosts?: Record<string, string>;
  expect: { file: string; key: string; severity: Severity; why?: string }[];
  only_these_errors?: boolean;
  fix?: Record<string, Record<string, string>>;
}

export function loadCases(): CaseSpec[] {
  // a bare clone has no ../shared: the suites using the cases skip (test/support/shared.ts)
  if (!existsSync(CASES_DIR)) return [];
  return readdirSync(CASES_DIR)
    .filter((d) => existsSync(join(CASES_DIR, d, 'case.yml')))
    .sort()
    .map((slug) => {
      const dir = join(CASES_DIR, slug);
      const y = parse(readFileSync(join(dir, 'case.yml'), 'utf8'));
      return { slug, dir, hasWvp: existsSync(join(dir, 'application.yml')), ...y, expect: y.expect ?? [] } as CaseSpec;
    });
}

const base = (f: string) => f.split(/[\\/]/).pop()!;

/** The README's contract: every expected key flagged at >= severity, no other error (when only_these_errors). */
export function caseProblems(c: CaseSpec, findings: Finding[]): string[] {
  const problems: string[] = [];
  for (const e of c.expect) {
    const hit = findings.find((f) => f.key === e.key && base(f.file) === e.file && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[e.severity]);
    if (!hit) {
      const seen = findings.filter((f) => f.key === e.key).map((f) => `${f.ruleId}:${f.severity}@${base(f.file)}`);
      problems.push(`missing ${e.severity} on ${e.file} ${e.key} (${e.why ?? ''}); got [${seen.join(', ')}]`);
    }
  }
  if (c.only_these_errors !== false) {
    const allowed = new Set(c.expect.map((e) => `${e.file}|${e.key}`));
    for (const f of findings) {
      if (f.severity === 'error' && !allowed.has(`${base(f.file)}|${f.key}`)) {
        problems.push(`unexpected error ${f.ruleId} on ${base(f.file)} ${f.key}: ${f.message}`);
      }
    }
  }
  return problems;
}
