/**
 * A config.ini of some 10 MB, below the size gate, with 150,000 keys: `check` used to stop with "internal error:
 * Maximum call stack size exceeded" (findings were appended with push(...all), and the text output measured a
 * group's column with Math.max(...all)). Every output and the repair paths must give a real result.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { FORMATTERS } from '../../src/lint/formats/index.ts';
import type { Finding } from '../../src/rules/types.ts';

const KEYS = 150_000;
let tmp: string;
let file: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zd-big-'));
  file = join(tmp, 'config.ini');
  // ten names, each repeated: 149,990 duplicate-key findings in one group, the cheapest way to that many findings
  const lines = ['[general]'];
  for (let i = 0; i < KEYS; i++) lines.push(`key${i % 10}=value${i}`);
  writeFileSync(file, lines.join('\n') + '\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const duplicates = KEYS - 10;

describe(`a config.ini with ${KEYS} keys`, () => {
  // one run: each costs seconds (the other outputs and commands were measured by hand)
  it('check reports every duplicate', { timeout: 60_000 }, async () => {
    const r = await runCli(['check', '--min-severity', 'warning', '--fail-on', 'warning', '--rule', 'duplicate-key', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toContain(`0 errors, ${duplicates} warnings`);
  });
});

describe('the text output of one group of more findings than a call takes arguments', () => {
  it('lists them all', () => {
    const n = 250_000;
    const findings: Finding[] = Array.from({ length: n }, (_, i) => ({
      ruleId: 'duplicate-key', severity: 'warning', file: 'config.ini', line: i + 2, column: 1, endLine: i + 2, endColumn: 5,
      key: 'general.k', message: 'm', why: 'w', fix: 'f', docs: 'docs/rules/duplicate-key.md',
    }));
    const out = FORMATTERS.get('text')!.format({ findings, sources: new Map(), rules: [], lang: 'en', color: false, files: ['config.ini'], toolVersion: '0', verbose: false });
    expect(out).toContain(`config.ini:${n + 1}:1`);
    expect(out.split('\n').filter((l) => l.endsWith('general.k'))).toHaveLength(n);
  });
});
