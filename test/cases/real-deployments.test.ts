/**
 * The 15 public WVP+ZLM deployments of shared/corpus/real-deployments, judged
 * like the cases: expected keys at their minimum severity, no other error.
 * Each is checked the way `check DIR` reads a deployment directory: config.ini
 * and application.yml together, with the compose files of its `context/`
 * folder (and the .env beside them) when it has them, so placeholders resolve
 * with the WVP service's environment and ports are judged against what is
 * published. Templated values the context does not set must not be claimed as
 * mismatches.
 */
import { it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { caseProblems, type CaseSpec } from '../support/cases.ts';
import { runCli } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';
import type { Finding } from '../../src/rules/types.ts';

const REL = ['corpus', 'real-deployments'];
const DIR = sharedPath(...REL);

function load(): CaseSpec[] {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR)
    .filter((d) => existsSync(join(DIR, d, 'case.yml')))
    .sort()
    .map((slug) => {
      const dir = join(DIR, slug);
      const y = parse(readFileSync(join(dir, 'case.yml'), 'utf8'));
      return { slug, dir, hasWvp: existsSync(join(dir, 'application.yml')), ...y, expect: y.expect ?? [] } as CaseSpec;
    });
}

/**
 * The deployments that have a compose context are also checked from their files alone (config.ini + --wvp), the
 * way the case files were written ("Context-only …, not in expect"). Where the files alone cannot know what the
 * case expects (a value that is only a placeholder default), a test below says what they give instead.
 */
const FILES_ALONE_SPECIAL = new Set(['03-taoxincn-docker-template-placeholders']);

/**
 * With the compose context (`check DIR`: the compose files of `context/` and the .env beside them), an expectation
 * that exists only because the environment is missing ("… without the compose env …") does not apply: the context
 * supplies that environment. Every other expectation, and only_these_errors, still hold.
 */
const hasContext = (c: CaseSpec) => existsSync(join(c.dir, 'context'));
const withoutEnvOnly = (why: string | undefined) => /without (the )?(compose )?env|only with the (compose )?env|compose env\b.*\boverrides/i.test(why ?? '');

/** Spring's relaxed binding, as far as the comparison needs it: MEDIA_HTTP-PORT, media.http-port → mediahttpport. */
const relaxed = (k: string) => k.toLowerCase().replace(/[-_.]/g, '');

/** application.yml keys that an `environment:` entry of a compose file in context/ overrides (SIP_IP → sip.ip). */
function envOverridden(c: CaseSpec): Set<string> {
  const out = new Set<string>();
  const ctx = join(c.dir, 'context');
  for (const f of readdirSync(ctx).filter((x) => /^(docker-)?compose[\w.-]*\.ya?ml$/.test(x))) {
    const y = parse(readFileSync(join(ctx, f), 'utf8')) as { services?: Record<string, { environment?: Record<string, unknown> | string[] }> } | null;
    for (const svc of Object.values(y?.services ?? {})) {
      const env = svc?.environment;
      const names = Array.isArray(env) ? env.map((e) => String(e).split('=')[0]!) : Object.keys(env ?? {});
      for (const n of names) out.add(relaxed(n));
    }
  }
  return out;
}

function hostArgs(c: CaseSpec): string[] {
  const hosts = c.hosts ? Object.entries(c.hosts).filter(([k]) => k === 'wvp' || k === 'zlm').map(([k, v]) => `${k}=${v}`).join(',') : '';
  return hosts ? ['--hosts', hosts] : [];
}

const filesAlone = (c: CaseSpec) => ['check', '--format', 'json', ...hostArgs(c), join(c.dir, 'config.ini'), ...(c.hasWvp ? ['--wvp', join(c.dir, 'application.yml')] : [])];

async function findingsOf(args: string[]): Promise<Finding[]> {
  const r = await runCli(args);
  expect(r.code, r.stderr).not.toBe(2);
  return JSON.parse(r.stdout).findings;
}

describeShared(REL, 'real deployments', () => {
  const deployments = load();

  it.each(deployments.map((c) => [c.slug + (hasContext(c) ? ' (with its compose context, as check DIR)' : ''), c] as const))(
    '%s',
    async (_slug, c) => {
      if (!hasContext(c)) {
        expect(caseProblems(c, await findingsOf(filesAlone(c)))).toEqual([]);
        return;
      }
      // the case was written for the files: a yml value the compose environment replaces is not judged from the file
      const env = envOverridden(c);
      const spec: CaseSpec = { ...c, expect: c.expect.filter((e) => !withoutEnvOnly(e.why) && !(e.file === 'application.yml' && env.has(relaxed(e.key)))) };
      expect(caseProblems(spec, await findingsOf(['check', '--format', 'json', ...hostArgs(c), c.dir]))).toEqual([]);
    },
  );

  it.each(deployments.filter((c) => hasContext(c) && !FILES_ALONE_SPECIAL.has(c.slug)).map((c) => [c.slug, c] as const))(
    '%s (files alone)',
    async (_slug, c) => {
      expect(caseProblems(c, await findingsOf(filesAlone(c)))).toEqual([]);
    },
  );

  // Deployment 03: media.sdp-ip is `${SDP_IP:0.0.0.0}`. A placeholder default is unknown, not a fact: the files alone
  // give a warning that names the variable to set; the compose env (SDP_IP=0.0.0.0) makes it the case's error.
  const d03 = deployments.find((c) => c.slug === '03-taoxincn-docker-template-placeholders');
  it.runIf(d03 !== undefined)('03-taoxincn-docker-template-placeholders: sdp-ip from a placeholder default cannot be verified alone, is an error with the compose env', async () => {
    const c = d03!;
    const sdp = (fs: Finding[]) => fs.filter((f) => f.key === 'media.sdp-ip' && f.ruleId === 'wvp-sdp-ip');
    const alone = await findingsOf(filesAlone(c));
    expect(sdp(alone).length).toBeGreaterThan(0);
    for (const f of sdp(alone)) {
      expect(f.severity).toBe('warning');
      expect(f.message).toMatch(/cannot verify/);
      expect(f.message).toMatch(/\bSDP_IP\b/);
    }
    // everything else the case expects holds from the files alone
    expect(caseProblems({ ...c, expect: c.expect.filter((e) => e.key !== 'media.sdp-ip') }, alone).filter((p) => !/media\.sdp-ip/.test(p))).toEqual([]);
    const withContext = await findingsOf(['check', '--format', 'json', ...hostArgs(c), c.dir]);
    expect(sdp(withContext).map((f) => f.severity)).toContain('error');
    expect(sdp(withContext).some((f) => /cannot verify/.test(f.message))).toBe(false);
  });
});
