/**
 * gixy-style contract: every rule has fixtures it must flag and fixtures it
 * must not flag, under test/rules/fixtures/<rule-id>/flag-* and pass-*.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/rules/index.ts';
import { lintText, readFixture, expectedKeys } from '../support/lint.ts';

const root = join(import.meta.dirname, 'fixtures');

describe.each(ALL_RULES.map((r) => [r.meta.id, r] as const))('rule %s', (id, rule) => {
  const dir = join(root, id);
  const entries = existsSync(dir) ? readdirSync(dir).sort() : [];
  // `<name>.compose.yml` / `<name>.env` ride along with `<name>.ini` (deployment context), they are not fixtures
  const fixtures = entries.filter((e) => !/\.(compose\.ya?ml|env)$/.test(e));
  const flags = fixtures.filter((e) => e.startsWith('flag'));
  const passes = fixtures.filter((e) => e.startsWith('pass'));

  it('has fixtures it must flag and fixtures it must not flag', () => {
    expect(flags.length, `test/rules/fixtures/${id}/flag-*`).toBeGreaterThan(0);
    expect(passes.length, `test/rules/fixtures/${id}/pass-*`).toBeGreaterThan(0);
  });

  it('has a docs page', () => {
    expect(existsSync(join(import.meta.dirname, '../../docs/rules', `${id}.md`))).toBe(true);
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

  it.each(passes)('does not flag %s', (name) => {
    const { ini, yml, compose, encoding } = readFixture(join(dir, name));
    const found = lintText(ini, [rule], yml, compose, encoding).filter((f) => f.ruleId === id);
    expect(found).toEqual([]);
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
