/**
 * `check` calls a finding fixable only when `fix` would apply it: one predicate (fix-link's fixApplies) for both.
 * Info findings, guesses and placeholder rewrites keep their edits for the record but are not fixable.
 */
import { describe, it, expect } from 'vitest';
import { fixApplies } from '../../src/lint/fix-link.ts';
import { FORMATTERS } from '../../src/lint/formats/index.ts';
import type { Finding } from '../../src/rules/types.ts';

const base: Finding = {
  ruleId: 'demo', severity: 'error', file: 'config.ini', line: 2, column: 1, endLine: 2, endColumn: 5,
  key: 'http.port', message: 'm', why: 'w', fix: 'f', docs: 'docs/rules/demo.md',
  edits: [{ start: 7, end: 9, text: '80' }],
};
const yml = 'media:\n  http-port: ${ZLM_PORT:80}\n';
const ymlEdit = { file: 'application.yml', edit: { start: yml.indexOf('$'), end: yml.indexOf('\n', 8), text: '8080' } };

function render(name: string, findings: Finding[], sources = new Map<string, string>([['config.ini', '[http]\nport=8\n']])): string {
  return FORMATTERS.get(name)!.format({ findings, sources, rules: [], lang: 'en', color: false, files: ['config.ini'], toolVersion: '0', verbose: true });
}

describe('fixable in check output follows what fix applies', () => {
  it('the predicate: an error with an edit or a secret to generate, nothing else', () => {
    expect(fixApplies(base)).toBe(true);
    expect(fixApplies({ ...base, edits: undefined, newSecret: { zlmKey: 'api.secret' } } as Finding)).toBe(true);
    expect(fixApplies({ ...base, edits: undefined } as Finding)).toBe(false);
    expect(fixApplies({ ...base, severity: 'info' })).toBe(false);
    expect(fixApplies({ ...base, guessed: ['ZLM_PORT'] })).toBe(false);
    expect(fixApplies({ ...base, edits: [{ start: 7, end: 9, text: '${PORT}' }] })).toBe(false);
    expect(fixApplies({ ...base, edits: undefined, wvpEdits: [ymlEdit] } as Finding, { wvp: () => yml })).toBe(false);
  });

  it('json: fixable is false for info, guessed and placeholder repairs', () => {
    const findings: Finding[] = [
      base,
      { ...base, severity: 'info' },
      { ...base, severity: 'warning', guessed: ['ZLM_PORT'] },
      { ...base, file: 'application.yml', edits: undefined, wvpEdits: [ymlEdit] } as Finding,
    ];
    const out = JSON.parse(render('json', findings, new Map([['config.ini', '[http]\nport=8\n'], ['application.yml', yml]])));
    expect(out.findings.map((f: { fixable: boolean }) => f.fixable)).toEqual([true, false, false, false]);
  });

  it('text: "(fixable with --fix)" only where fix applies the repair', () => {
    expect(render('text', [base])).toContain('fixable with --fix');
    expect(render('text', [{ ...base, severity: 'info' }])).not.toContain('fixable with --fix');
    expect(render('text', [{ ...base, severity: 'warning', guessed: ['ZLM_PORT'] }])).not.toContain('fixable with --fix');
  });
});
