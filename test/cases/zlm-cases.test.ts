/**
 * The ZLM-only setups of shared/cases (no application.yml), judged as the
 * cases README defines: expected keys flagged at that severity or higher, no
 * other error, and the `fix:` values in place after `zlm-doctor check --fix`.
 */
import { it, expect } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeShared } from '../support/shared.ts';
import { loadCases, caseProblems } from '../support/cases.ts';
import { runCli } from '../support/cli.ts';
import { IniDocument } from '../../src/ini/document.ts';
import type { Finding } from '../../src/rules/types.ts';

const cases = loadCases().filter((c) => !c.hasWvp);

describeShared('cases', 'ZLM-only cases', () => {
  it('finds the ZLM-only cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  it.each(cases.map((c) => [c.slug, c] as const))('%s', async (_slug, c) => {
    const file = join(c.dir, 'config.ini');
    const r = await runCli(['check', '--format', 'json', '--fail-on', 'info', file]);
    expect(r.stderr).toBe('');
    const findings: Finding[] = JSON.parse(r.stdout).findings;
    expect(caseProblems(c, findings)).toEqual([]);
    // exit code agrees with the findings
    expect(r.code).toBe(findings.length > 0 ? 1 : 0);

    const fixValues = c.fix?.['config.ini'];
    if (fixValues) {
      const tmp = mkdtempSync(join(tmpdir(), 'zd-case-'));
      const copy = join(tmp, 'config.ini');
      copyFileSync(file, copy);
      const fr = await runCli(['check', '--fix', '--format', 'json', copy]);
      expect(fr.code).not.toBe(2);
      const doc = IniDocument.parse(readFileSync(copy, 'utf8'));
      rmSync(tmp, { recursive: true, force: true });
      for (const [key, value] of Object.entries(fixValues)) expect([key, doc.get(key)]).toEqual([key, String(value)]);
    }
  });
});
