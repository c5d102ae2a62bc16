/**
 * The WVP setups of shared/cases, judged as the cases README defines, plus the
 * repair contract of `zlm-doctor fix`: every `fix:` value in place in both files,
 * a re-check against the same WVP without error, config.ini changed only on the
 * lines of repaired keys, and --dry-run leaving the disk alone.
 */
import { it, expect, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffArrays } from 'diff';
import { describeShared } from '../support/shared.ts';
import { loadCases, caseProblems, type CaseSpec } from '../support/cases.ts';
import { runCli } from '../support/cli.ts';
import { IniDocument } from '../../src/ini/document.ts';
import { loadWvp } from '../../src/wvp/load.ts';
import type { Finding } from '../../src/rules/types.ts';

const cases = loadCases().filter((c) => c.hasWvp);

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function copyCase(c: CaseSpec): { dir: string; ini: string; yml: string } {
  const dir = mkdtempSync(join(tmpdir(), `zd-${c.slug.slice(0, 2)}-`));
  temps.push(dir);
  copyFileSync(join(c.dir, 'config.ini'), join(dir, 'config.ini'));
  copyFileSync(join(c.dir, 'application.yml'), join(dir, 'application.yml'));
  return { dir, ini: join(dir, 'config.ini'), yml: join(dir, 'application.yml') };
}

/** keys of config.ini lines that differ between two texts */
function changedKeys(before: string, after: string): string[] {
  const a = IniDocument.parse(before).lines;
  const b = IniDocument.parse(after).lines;
  const parts = diffArrays(
    a.map((l) => l.raw),
    b.map((l) => l.raw),
  );
  const keys: string[] = [];
  let ia = 0;
  let ib = 0;
  for (const p of parts) {
    const n = p.count ?? p.value.length;
    if (p.added) for (let k = 0; k < n; k++) keys.push(b[ib + k]!.key ?? `line:${b[ib + k]!.raw}`);
    if (p.removed) for (let k = 0; k < n; k++) keys.push(a[ia + k]!.key ?? `line:${a[ia + k]!.raw}`);
    if (!p.added) ia += n;
    if (!p.removed) ib += n;
  }
  return [...new Set(keys)];
}

describeShared('cases', 'WVP cases', () => {
  it('finds the WVP cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  it.each(cases.map((c) => [c.slug, c] as const))('%s', async (_slug, c) => {
    const ini = join(c.dir, 'config.ini');
    const yml = join(c.dir, 'application.yml');
    const r = await runCli(['check', '--format', 'json', ini, '--wvp', yml]);
    expect(r.stderr).toBe('');
    const findings: Finding[] = JSON.parse(r.stdout).findings;
    expect(caseProblems(c, findings)).toEqual([]);

    // repair on a copy
    const t = copyCase(c);
    const fr = await runCli(['fix', t.ini, '--wvp', t.yml]);
    expect(fr.code, fr.stdout + fr.stderr).not.toBe(2);
    const doc = IniDocument.parse(readFileSync(t.ini, 'utf8'));
    for (const [key, value] of Object.entries(c.fix?.['config.ini'] ?? {})) expect([key, doc.get(key)]).toEqual([key, String(value)]);
    const wvp = loadWvp(t.yml, { env: {} });
    for (const [path, value] of Object.entries(c.fix?.['application.yml'] ?? {})) expect([path, wvp.get(path).value]).toEqual([path, String(value)]);

    // re-check the repaired pair: no error left
    const again = await runCli(['check', '--format', 'json', t.ini, '--wvp', t.yml]);
    const errors = JSON.parse(again.stdout).findings.filter((f: Finding) => f.severity === 'error');
    expect(errors.map((f: Finding) => `${f.ruleId} ${f.key}: ${f.message}`)).toEqual([]);

    // config.ini changed only on the lines of keys that had a finding
    // a finding on a WVP path is repaired on its ZLM counterpart with --side zlm
    const counterpart: Record<string, string> = { 'media.secret': 'api.secret', 'media.id': 'general.mediaServerId', 'media.rtp.port-range': 'rtp_proxy.port_range' };
    const reported = new Set(findings.flatMap((f) => [f.key, counterpart[f.key] ?? f.key]));
    const changed = changedKeys(readFileSync(ini, 'utf8'), readFileSync(t.ini, 'utf8'));
    for (const k of changed) expect(reported, `changed ${k}`).toContain(k);
  });

  it.each(cases.filter((c) => c.fix).map((c) => [c.slug, c] as const))('%s: --dry-run never touches the disk', async (_slug, c) => {
    const t = copyCase(c);
    const before = [readFileSync(t.ini), readFileSync(t.yml)];
    const mtimes = [statSync(t.ini).mtimeMs, statSync(t.yml).mtimeMs];
    const r = await runCli(['fix', '--dry-run', t.ini, '--wvp', t.yml]);
    expect(r.stdout).toMatch(/^--- a\//m);
    expect(readFileSync(t.ini).equals(before[0]!)).toBe(true);
    expect(readFileSync(t.yml).equals(before[1]!)).toBe(true);
    expect([statSync(t.ini).mtimeMs, statSync(t.yml).mtimeMs]).toEqual(mtimes);
  });
});
