/**
 * Template tokens and placeholder phrases (api-secret, {{secret}}, %SECRET%, change-me) are public template text:
 * they are not hidden by value wherever echoed, so a rule id such as `api-secret-weak` survives; the line that sets
 * them is still redacted by its key name. A short known value never matches inside a longer identifier.
 */
import { describe, it, expect } from 'vitest';
import { Redactor } from '../../src/util/redact.ts';
import { runCli } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';
import { join } from 'node:path';

const FP = /‹secret sha256:[0-9a-f]{8}›/;

describe('template tokens are not secrets by value', () => {
  it.each(['api-secret', 'zlm_secret', '{{secret}}', '%ZLM_SECRET%', '$ZLM_SECRET', 'change-me', 'your-secret-here'])('%s: the rule id and prose stay, the key=value line is redacted', (v) => {
    const r = new Redactor().learn(`[api]\nsecret=${v}\n`);
    expect(r.redact(`rule api-secret-weak says ${v} is a template token`)).toBe(`rule api-secret-weak says ${v} is a template token`);
    expect(r.redact(`[api]\nsecret=${v}\n`)).toMatch(new RegExp(`^\\[api\\]\\nsecret=${FP.source}\\n$`));
  });

  it('a short known value is not replaced inside a longer identifier or a rule id', () => {
    const r = new Redactor().add('abc-0042');
    expect(r.redact('rule abc-0042-weak and x_abc-0042')).toBe('rule abc-0042-weak and x_abc-0042');
    expect(r.redact('secret abc-0042, url ?secret=abc-0042&x=1')).not.toContain('abc-0042');
  });
});

const D03 = ['corpus', 'real-deployments', '03-taoxincn-docker-template-placeholders'];
describeShared(D03, 'deployment 03 (api.secret=api-secret)', () => {
  it('the output keeps the rule id api-secret-weak intact', async () => {
    const dir = sharedPath(...D03);
    const r = await runCli(['check', '-v', join(dir, 'config.ini'), '--wvp', join(dir, 'application.yml')]);
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/›-weak/);
    if (/api-secret-weak/.test(out)) expect(out).toMatch(/\bapi-secret-weak\b/);
  });
});
