/**
 * gixy-style contract: every rule has fixtures it must flag and fixtures it
 * must not flag, under test/rules/fixtures/<rule-id>/flag-* and pass-*.
 * ESLint-strict on top (test/support/rule-tester.ts): a flag fixture pins every finding (messageId, span,
 * severity) and the fixed text; fixing leaves no fixable finding of the rule; a rule emits edits exactly when
 * `meta.fixable` says so; no `{placeholder}` goes unfilled; the docs page states the rule's meta.
 * New fixture: `node scripts/run-ts.mjs scripts/pin-rule-fixtures.ts <rule-id>` writes its pins; review them.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/rules/index.ts';
import { lintText, readFixture, expectedKeys } from '../support/lint.ts';
import { checkFixture, docsMeta, isSidecar, messageProblems, readPinned, runFixture, type FixtureRun } from '../support/rule-tester.ts';

const root = join(import.meta.dirname, 'fixtures');

describe.each(ALL_RULES.map((r) => [r.meta.id, r] as const))('rule %s', (id, rule) => {
  const dir = join(root, id);
  const entries = existsSync(dir) ? readdirSync(dir).sort() : [];
  // `<name>.compose.yml` / `<name>.env` ride along with `<name>.ini` (deployment context), and the pins
  // (`.expect.json`, `.fixed.ini`) with each flag fixture: they are not fixtures
  const fixtures = entries.filter((e) => !isSidecar(e));
  const flags = fixtures.filter((e) => e.startsWith('flag'));
  const passes = fixtures.filter((e) => e.startsWith('pass'));
  const runs = new Map<string, FixtureRun>();
  const run = (name: string): FixtureRun => {
    if (!runs.has(name)) runs.set(name, runFixture(rule, readFixture(join(dir, name))));
    return runs.get(name)!;
  };

  it('has fixtures it must flag and fixtures it must not flag', () => {
    expect(flags.length, `test/rules/fixtures/${id}/flag-*`).toBeGreaterThan(0);
    expect(passes.length, `test/rules/fixtures/${id}/pass-*`).toBeGreaterThan(0);
  });

  it('has a docs page that states its severity, category and fixable as meta does', () => {
    const page = join(import.meta.dirname, '../../docs/rules', `${id}.md`);
    expect(existsSync(page)).toBe(true);
    expect(docsMeta(readFileSync(page, 'utf8')), `docs/rules/${id}.md **Severity:** line`).toEqual({ severity: rule.meta.severity, category: rule.meta.category, fixable: rule.meta.fixable });
  });

  it.each(flags)('flags %s', (name) => {
    const { ini, yml, compose, encoding } = readFixture(join(dir, name));
    const found = lintText(ini, [rule], yml, compose, encoding).filter((f) => f.ruleId === id);
    expect(found.length).toBeGreaterThan(0);
    for (const key of [...expectedKeys(ini), ...expectedKeys(yml ?? '')]) expect(found.map((f) => f.key)).toContain(key);
    for (const f of found) {
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.line).toBeGreaterThan(0);
    }
  });

  it.each(flags)('%s: every finding, its messageId, span and severity, and the fixed text are as pinned', (name) => {
    const fixture = join(dir, name);
    const want = readPinned(fixture);
    expect(want, `${id}/${name} has no pins: node scripts/run-ts.mjs scripts/pin-rule-fixtures.ts ${id}`).toBeDefined();
    expect(checkFixture(rule, readFixture(fixture), want!, run(name))).toEqual([]);
  });

  it('has no two fixtures alike and no pins without their fixture', () => {
    const seen = new Map<string, string>();
    for (const name of fixtures) {
      const { compose, ...fx } = readFixture(join(dir, name));
      const text = JSON.stringify({ ...fx, ...(compose ? { compose: compose.text, dotenv: compose.dotenv } : {}) });
      expect(seen.get(text), `${name} repeats ${seen.get(text)}`).toBeUndefined();
      seen.set(text, name);
    }
    for (const e of entries.filter((n) => /\.(expect\.json|fixed\.ini)$/.test(n))) {
      const base = e.replace(/\.(expect\.json|fixed\.ini)$/, '');
      expect(flags.includes(base) || flags.includes(`${base}.ini`), `${e} belongs to no flag fixture`).toBe(true);
    }
  });

  it.each(passes)('does not flag %s', (name) => {
    const { ini, yml, compose, encoding } = readFixture(join(dir, name));
    const found = lintText(ini, [rule], yml, compose, encoding).filter((f) => f.ruleId === id);
    expect(found).toEqual([]);
  });

  it('fills every {placeholder} of its messages, in both languages, with plain or Localized values', () => {
    const problems = fixtures.flatMap((name) => run(name).reports.flatMap((r) => messageProblems(rule, r).map((p) => `${name}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it(`emits edits exactly when meta.fixable says so (${String(rule.meta.fixable)})`, () => {
    const withEdits = fixtures.filter((name) => run(name).reports.some((r) => !!(r.edits?.length || r.wvpEdits?.length || r.newSecret)));
    if (rule.meta.fixable) expect(withEdits.filter((n) => n.startsWith('flag')).length, 'a fixable rule fixes at least one flag fixture').toBeGreaterThan(0);
    else expect(withEdits, 'fixable: false, yet these fixtures get edits').toEqual([]);
  });

  it('has both languages for every message', () => {
    for (const m of Object.values(rule.messages)) {
      for (const part of [m.message, m.why, m.fix]) {
        expect(part.en.length).toBeGreaterThan(0);
        expect(part.zh.length).toBeGreaterThan(0);
      }
    }
  });
});
