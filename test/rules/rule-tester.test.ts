/**
 * The strict rule tester fails when a pin is wrong: each pinned fact of a real fixture is changed in memory and
 * the checker must name the difference (and accept the pins as stored).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/rules/index.ts';
import type { Rule } from '../../src/rules/types.ts';
import { readFixture } from '../support/lint.ts';
import { checkFixture, docsMeta, messageProblems, readPinned, runFixture, type Pinned } from '../support/rule-tester.ts';

const root = join(import.meta.dirname, 'fixtures');
const ruleOf = (id: string): Rule => ALL_RULES.find((r) => r.meta.id === id)!;

function load(id: string, name: string) {
  const fixture = join(root, id, name);
  const fx = readFixture(fixture);
  const pinned = readPinned(fixture)!;
  const rule = ruleOf(id);
  return { rule, fx, pinned, run: runFixture(rule, fx) };
}

describe('the strict rule tester', () => {
  // an error with no fix, and a warning whose fix removes lines
  const conflict = load('port-conflict', 'flag-http-on-rtc-tcp.ini');
  const dup = load('duplicate-key', 'flag-duplicate-port.ini');
  const check = (c: typeof conflict, want: Pinned) => checkFixture(c.rule, c.fx, want, c.run);

  it('accepts the pins as stored', () => {
    expect(check(conflict, conflict.pinned)).toEqual([]);
    expect(dup.pinned.fixedIni).toBeDefined();
    expect(check(dup, dup.pinned)).toEqual([]);
  });

  it('fails when a pinned line, column, severity, messageId or key is changed', () => {
    const first = conflict.pinned.pins[0]!;
    const mutate = (p: Partial<typeof first>): Pinned => ({ ...conflict.pinned, pins: [{ ...first, ...p }, ...conflict.pinned.pins.slice(1)] });
    expect(check(conflict, mutate({ line: first.line + 1 }))).toEqual([expect.stringMatching(/^finding 1: expected .*@5:6-/)]);
    expect(check(conflict, mutate({ column: first.column + 1 })).length).toBe(1);
    expect(check(conflict, mutate({ endColumn: first.endColumn - 1 })).length).toBe(1);
    expect(check(conflict, mutate({ severity: 'warning' }))).toEqual([expect.stringMatching(/ warning conflict, got .* error conflict$/)]);
    expect(check(conflict, mutate({ messageId: 'other' })).length).toBe(1);
    expect(check(conflict, mutate({ key: 'rtsp.port' })).length).toBe(1);
  });

  it('fails when a finding is missing from the pins or pinned but not found', () => {
    expect(check(conflict, { ...conflict.pinned, pins: conflict.pinned.pins.slice(1) })).toContainEqual(expect.stringMatching(/is not pinned/));
    expect(check(conflict, { ...conflict.pinned, pins: [...conflict.pinned.pins, conflict.pinned.pins[0]!] })).toContainEqual(expect.stringMatching(/is missing/));
  });

  it('fails when the pinned fixed text is changed, missing, or pinned where nothing is fixed', () => {
    expect(check(dup, { ...dup.pinned, fixedIni: dup.pinned.fixedIni!.replace('port=', 'port =') })).toEqual(['the fixed config.ini differs from the pinned one']);
    const { fixedIni: _f, ...noFixed } = dup.pinned;
    expect(check(dup, noFixed)).toEqual(['the fix changes config.ini, but no fixed text is pinned']);
    expect(check(conflict, { ...conflict.pinned, fixedIni: conflict.fx.ini })).toEqual(['a fixed config.ini is pinned, but the fix changes nothing']);
  });

  it('fails when a fix leaves a fixable finding of its rule behind', () => {
    const left = { ...dup.run, fixableLeft: [dup.run.findings[0]!.finding] };
    expect(checkFixture(dup.rule, dup.fx, dup.pinned, left)).toEqual([expect.stringMatching(/^after fixing, a fixable finding is left/)]);
  });

  it('names an unfilled placeholder and a translation passed as a key pair', () => {
    const rule = ruleOf('port-conflict');
    expect(messageProblems(rule, { messageId: 'conflict', key: 'http.port', data: { key: 'http.port', proto: 'TCP', port: 80, others: 'rtsp.port' } })).toEqual([
      'conflict.why.en: {source} is not filled',
      'conflict.why.zh: {source} is not filled',
    ]);
    expect(messageProblems(rule, { messageId: 'conflict', key: 'http.port', data: { key: 'http.port', proto: 'TCP', port: 80, others: 'rtsp.port', source: '', sourceZh: '' } })).toEqual([
      'data.sourceZh: a translation passed as a key pair; give the value as { en, zh }',
    ]);
    expect(messageProblems(rule, { messageId: 'conflict', key: 'http.port', data: { key: 'http.port', proto: 'TCP', port: 80, others: 'rtsp.port', source: '', source_en: '', source_zh: '' } })).toHaveLength(2);
  });

  it('reads the severity, category and fixable of a docs page', () => {
    expect(docsMeta('# x\n\n**Severity:** error (warning when …) · **Category:** ports · **Fixable:** no\n')).toEqual({ severity: 'error', category: 'ports', fixable: false });
    expect(docsMeta('**Severity:** warning · **Category:** wvp · **Fixable:** yes (application.yml) · **Needs:** x')).toEqual({ severity: 'warning', category: 'wvp', fixable: true });
  });
});
