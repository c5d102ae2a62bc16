import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { tempTrees } from '../support/temp-tree.ts';

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sX';
const BASE = ['; shared', '[api]', 'apiDebug=0', 'secret=${ZLM_API_SECRET}', '', '[general]', 'mediaServerId=zlm-base', '', '[hook]', 'enable=1', 'on_play=http://127.0.0.1:18080/index/hook/on_play', '', '[shell]', 'port=0', ''].join('\n');
const PROD = '[general]\nmediaServerId=zlm-prod\n[http]\nport=${ZLM_HTTP_PORT:-80}\n';
const tree = tempTrees('zd-render-');
const profile = (extra: Record<string, string> = {}) => tree({ 'profiles/base.ini': BASE, 'profiles/prod.ini': PROD, ...extra });

describe('render', () => {
  it('a missing variable: named with file:line, nothing written, exit 2', async () => {
    const d = profile();
    const r = await runCli(['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '-o', join(d, 'config.ini')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(d, 'profiles', 'base.ini')}:4:8: api.secret: variable ZLM_API_SECRET is not set`);
    expect(r.stdout).toBe('');
    expect(readdirSync(d)).toEqual(['profiles']);
  });

  it('writes a new file 0600 with the real secret, prints only its fingerprint', async () => {
    const d = profile();
    const out = join(d, 'config.ini');
    const r = await runCli(['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '-o', out], { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(BASE.replace('${ZLM_API_SECRET}', SECRET).replace('zlm-base', 'zlm-prod') + '\n[http]\nport=80\n');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout).toMatch(/from prod\.ini: general\.mediaServerId/);
    expect(r.stdout).toMatch(/appended: http\.port/);
    expect(r.stdout).toMatch(/not set, their default used: ZLM_HTTP_PORT/);
    expect(r.stdout).toMatch(/created .*config\.ini/);
    expect(readdirSync(d).sort()).toEqual(['config.ini', 'profiles']);
  });

  it('over an existing file: a backup is kept; the same content again writes nothing', async () => {
    const d = profile();
    const out = join(d, 'config.ini');
    writeFileSync(out, '[api]\nsecret=old-secret-value-999\n');
    const env = { ZLM_API_SECRET: SECRET };
    const r = await runCli(['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '-o', out], env);
    expect(r.code).toBe(0);
    const backups = readdirSync(d).filter((f) => f.startsWith('config.ini.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(d, backups[0]!), 'utf8')).toBe('[api]\nsecret=old-secret-value-999\n');
    expect(readFileSync(out, 'utf8')).toContain(`secret=${SECRET}`);
    const again = await runCli(['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '-o', out, '--format', 'json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ version: 1, result: 'unchanged', written: false });
    expect(readdirSync(d).filter((f) => f.startsWith('config.ini.bak-'))).toHaveLength(1);
  });

  it('error findings refuse the write (exit 1) unless --force', async () => {
    const d = profile({ 'profiles/prod.ini': '[general]\nmediaServerId=zlm-prod\n[hook]\non_play=http://127.0.0.1:18080/index/hook/on_play ; WVP\n' });
    const out = join(d, 'config.ini');
    const args = ['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '-o', out];
    const r = await runCli(args, { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/breaks the rules/);
    expect(r.stderr).toMatch(/hook\.on_play.*\[inline-comment\] \(from .*prod\.ini:4\)/);
    expect(existsSync(out)).toBe(false);
    const f = await runCli([...args, '--force'], { ZLM_API_SECRET: SECRET });
    expect(f.code).toBe(0);
    expect(f.stdout).toMatch(/written despite 1 error/);
    expect(readFileSync(out, 'utf8')).toContain('on_play ; WVP');
  });

  it('--stdout prints the file with secrets as fingerprints; --show-secrets prints them', async () => {
    const d = profile();
    const args = ['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '--stdout'];
    const r = await runCli(args, { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^; shared\n\[api\]\napiDebug=0\nsecret=‹secret sha256:[0-9a-f]{8}›\n/);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stderr).toMatch(/--show-secrets/);
    const s = await runCli([...args, '--show-secrets'], { ZLM_API_SECRET: SECRET });
    expect(s.stdout).toContain(`secret=${SECRET}\n`);
    expect(readdirSync(d)).toEqual(['profiles']);
  });

  it('reads --env-file; the environment wins over it', async () => {
    const d = profile({ 'prod.env': `ZLM_API_SECRET=${SECRET}\nZLM_HTTP_PORT=8080\nBROKEN=\${NOPE}\n` });
    const args = ['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '--stdout', '--show-secrets', '--env-file', join(d, 'prod.env')];
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`secret=${SECRET}\n`);
    expect(r.stdout).toContain('port=8080\n');
    expect(r.stderr).toMatch(/BROKEN needs NOPE, which is not set/);
    const w = await runCli(args, { ZLM_HTTP_PORT: '8081' });
    expect(w.stdout).toContain('port=8081\n');
  });

  it('--format json: the problems of a failed render, in Chinese too', async () => {
    const d = profile();
    const r = await runCli(['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '--stdout', '--format', 'json', '--lang', 'zh']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ version: 1, result: 'failed', written: false, env: 'prod' });
    expect(j.problems).toMatchObject([{ severity: 'error', code: 'missing-var', variable: 'ZLM_API_SECRET', line: 4, column: 8 }]);
    expect(j.problems[0].message).toContain('环境变量 ZLM_API_SECRET 未设置');
  });

  it('--format json with --stdout: the text is in the report, redacted', async () => {
    const d = profile();
    const r = await runCli(['render', '--env', 'prod', '--profiles', join(d, 'profiles'), '--stdout', '--format', 'json'], { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ result: 'rendered', overridden: ['general.mediaServerId'], added: ['http.port'], variables: ['ZLM_API_SECRET'], defaulted: ['ZLM_HTTP_PORT'] });
    expect(j.sources).toContainEqual({ key: 'general.mediaServerId', file: join(d, 'profiles', 'prod.ini'), line: 2, renderedLine: 7 });
    expect(j.text).toMatch(/secret=‹secret sha256:/);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('usage errors: no destination, both destinations, no --env, -o a directory', async () => {
    const d = profile();
    const p = ['--profiles', join(d, 'profiles')];
    expect((await runCli(['render', '--env', 'prod', ...p])).stderr).toMatch(/-o FILE .* or --stdout/);
    expect((await runCli(['render', '--env', 'prod', ...p, '--stdout', '-o', join(d, 'x.ini')])).code).toBe(2);
    expect((await runCli(['render', ...p, '--stdout'])).code).toBe(2);
    const r = await runCli(['render', '--env', 'prod', ...p, '-o', d], { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a directory/);
  });

  it('the shipped example renders clean for prod', async () => {
    const r = await runCli(['render', '--env', 'prod', '--profiles', join(import.meta.dirname, '../../examples/profiles'), '--stdout'], { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/rules: 0 error\(s\), 0 warning\(s\)/);
  });
});
