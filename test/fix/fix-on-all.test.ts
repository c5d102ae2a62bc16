/**
 * Acceptance: `fix` on every real deployment and every shared case (temp
 * copies), then `check`. In every one: no new error appears, no value that
 * comes from a placeholder default (or an unresolved ${VAR}) is written, and a
 * deployment its case.yml calls healthy is left byte for byte as it was (judged in the mode the case
 * describes: with its compose context when it has one).
 * Variants: config.ini alone; with --wvp and the case's hosts; with the
 * compose context (fix --compose) where the deployment has one.
 */
import { it, expect } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';
import { freshDirs } from '../support/temp-tree.ts';
import { newErrors } from '../../src/lint/fix-link.ts';
import type { Finding } from '../../src/rules/types.ts';

interface Setup {
  name: string;
  dir: string;
  title: string;
  cause: string;
  hosts?: Record<string, string>;
  expect: { severity: string }[];
  hasWvp: boolean;
  compose: string[];
  fix: boolean;
}

function setups(): Setup[] {
  const out: Setup[] = [];
  for (const base of [sharedPath('corpus', 'real-deployments'), sharedPath('cases')]) {
    if (!existsSync(base)) continue;
    for (const slug of readdirSync(base).sort()) {
      const dir = join(base, slug);
      if (!existsSync(join(dir, 'case.yml')) || !existsSync(join(dir, 'config.ini'))) continue;
      const y = parse(readFileSync(join(dir, 'case.yml'), 'utf8')) ?? {};
      const ctx = join(dir, 'context');
      const compose = existsSync(ctx) ? readdirSync(ctx).filter((f) => /^(docker-)?compose[\w.-]*\.ya?ml$/.test(f)) : [];
      out.push({
        name: `${base.endsWith('cases') ? 'case' : 'deployment'} ${slug}`,
        dir,
        title: String(y.title ?? ''),
        cause: String(y.cause ?? ''),
        ...(y.hosts ? { hosts: y.hosts } : {}),
        expect: y.expect ?? [],
        hasWvp: existsSync(join(dir, 'application.yml')),
        compose,
        fix: y.fix !== undefined,
      });
    }
  }
  return out;
}

const freshDir = freshDirs('zd-fixall-');

/**
 * The case calls the setup healthy: its title says so, or its cause is "None" (a case with a
 * `fix:` section expects repairs, so it is not). "No error expected" alone is not enough: several
 * broken setups are judged at warning level only (stale hooks, overlapping ranges).
 */
function isHealthy(s: Setup): boolean {
  if (s.fix) return false;
  return (/\bhealthy\b/i.test(s.title) && !/unhealthy/i.test(s.title)) || (/^none\b/i.test(s.cause.trim()) && !/^none at error level/i.test(s.cause.trim()));
}

/** `${VAR:default}` defaults in the original yml files (the values a fix must never copy). */
function placeholderDefaults(dir: string): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\$\{[^}:]+:([^}]*)\}/g)) if (m[1]!.trim() !== '') out.add(m[1]!.trim());
  }
  return out;
}

const valueOf = (line: string) => line.replace(/^[^=:]*[=:]\s*/, '').trim().replace(/^["']|["']$/g, '');

/** Lines in `after` that are not in `before` (as a multiset). */
function addedLines(before: string, after: string): string[] {
  const count = new Map<string, number>();
  for (const l of before.split(/\r?\n/)) count.set(l, (count.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of after.split(/\r?\n/)) {
    const c = count.get(l) ?? 0;
    if (c > 0) count.set(l, c - 1);
    else out.push(l);
  }
  return out;
}

async function findings(args: string[]): Promise<Finding[]> {
  const r = await runCli(['check', '--format', 'json', ...args]);
  expect(r.code, `check ${args.join(' ')}: ${r.stderr}`).not.toBe(2);
  return JSON.parse(r.stdout).findings as Finding[];
}

describeShared(['corpus', 'real-deployments'], 'fix on every deployment and case never makes things worse', () => {
  const all = setups();

  it('finds the deployments and cases', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
  });

  it.each(all.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const hostsArg = s.hosts && (s.hosts.wvp || s.hosts.zlm) ? ['--hosts', Object.entries(s.hosts).filter(([k]) => k === 'wvp' || k === 'zlm').map(([k, v]) => `${k}=${v}`).join(',')] : [];
    const variants: { label: string; check: (d: string) => string[]; fix: (d: string) => string[]; wvp: boolean }[] = [
      { label: 'zlm', check: (d) => [join(d, 'config.ini')], fix: (d) => ['fix', join(d, 'config.ini')], wvp: false },
    ];
    if (s.hasWvp) {
      const a = (d: string) => [join(d, 'config.ini'), '--wvp', join(d, 'application.yml'), ...hostsArg];
      variants.push({ label: 'wvp', check: a, fix: (d) => ['fix', ...a(d)], wvp: true });
    }
    if (s.compose.length) {
      const a = (d: string) => [...s.compose.flatMap((c) => ['--compose', join(d, 'context', c)]), join(d, 'config.ini'), ...(s.hasWvp ? ['--wvp', join(d, 'application.yml')] : []), ...hostsArg];
      variants.push({ label: 'compose', check: a, fix: (d) => ['fix', ...a(d)], wvp: s.hasWvp });
    }
    const defaults = placeholderDefaults(s.dir);
    const problems: string[] = [];
    for (const v of variants) {
      const d = freshDir();
      cpSync(s.dir, d, { recursive: true });
      const files = ['config.ini', ...(v.wvp ? ['application.yml'] : [])];
      const orig = new Map(files.map((f) => [f, readFileSync(join(d, f), 'utf8')]));
      const before = await findings(v.check(d));
      const r = await runCli(v.fix(d));
      if (r.code === 2 && !/not writing anything/.test(r.stdout + r.stderr)) problems.push(`${v.label}: fix failed: ${r.stderr.trim()}`);
      const after = await findings(v.check(d));
      const worse = newErrors(before, after);
      if (worse) problems.push(`${v.label}: new error(s) after fix: ${worse.join(', ')}`);
      const changed = files.filter((f) => readFileSync(join(d, f), 'utf8') !== orig.get(f));
      // "healthy" is what the case says of the setup as it describes it: with its compose context when it has one
      // (from config.ini alone, a whole file without [shell] is rightly an error that fix repairs)
      if (isHealthy(s) && (s.compose.length === 0 || v.label === 'compose') && changed.length > 0) problems.push(`${v.label}: healthy, but fix wrote ${changed.join(', ')}`);
      for (const f of changed) {
        for (const line of addedLines(orig.get(f)!, readFileSync(join(d, f), 'utf8'))) {
          if (line.includes('${')) problems.push(`${v.label}: ${f} got a placeholder: ${line.trim()}`);
          const val = valueOf(line);
          if (v.wvp && val !== '' && defaults.has(val)) problems.push(`${v.label}: ${f} got a placeholder default: ${line.trim()}`);
          // WVP pushes its hooks on connect: fix does not fill a blank one (a suggestion, not an edit)
          const hook = /^\s*(on_\w+)\s*=\s*\S/.exec(line);
          if (v.wvp && f === 'config.ini' && hook && new RegExp(`^\\s*${hook[1]}\\s*=\\s*$`, 'm').test(orig.get(f)!)) problems.push(`${v.label}: fix filled the blank hook WVP pushes: ${line.trim()}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
