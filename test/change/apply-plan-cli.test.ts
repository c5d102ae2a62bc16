import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/index.ts';

const fresh = freshDirs('zd-apply-plan-');
const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
const CUR = `[api]\napiDebug=0\nsecret=${SECRET}\n[general]\nmediaServerId=zlm-1\n[hook]\nenable=1\non_play=http://127.0.0.1:18080/index/hook/on_play\non_server_keepalive=http://127.0.0.1:18080/index/hook/on_server_keepalive\n[http]\nport=8080\n[rtsp]\nport=8554\n[shell]\nport=0\n`;

function target(text = CUR): { dir: string; file: string } {
  const dir = fresh();
  writeFileSync(join(dir, 'config.ini'), text);
  return { dir, file: join(dir, 'config.ini') };
}
const json = (s: string) => JSON.parse(s) as Record<string, unknown> & { changes: { key: string; via: string }[] };

describe('apply --dry-run', () => {
  it('--set a live key: sighup, no restart; nothing written', async () => {
    const t = target();
    const r = await runCli(['apply', '--config', t.file, '--set', 'hook.on_play=http://127.0.0.1:18080/index/hook/on_play_v2', '--dry-run', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ version: 1, result: 'dry-run', reload: 'sighup', restartKeys: [] });
    expect(j.changes).toMatchObject([{ key: 'hook.on_play', via: 'sighup', reload: 'live' }]);
    expect(j.verified).toContainEqual({ check: 'hook-keepalive' });
    expect(typeof j.reason).toBe('string');
    expect(readFileSync(t.file, 'utf8')).toBe(CUR);
    expect(readdirSync(t.dir)).toEqual(['config.ini']);
  });

  it('--set rtsp.port: restart, naming the key; text output in both languages', async () => {
    const t = target();
    const r = await runCli(['apply', '--config', t.file, '--set', 'rtsp.port=8555', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/reload: restart — restart: rtsp\.port takes effect only at start-up/);
    expect(r.stdout).toMatch(/rtsp\.port: 8554 → 8555 {2}\[restart: rtsp\.port is read at start-up only\]/);
    expect(r.stdout).toMatch(/free: 8554 \(the old rtsp\.port\)/);
    const zh = await runCli(['apply', '--config', t.file, '--set', 'rtsp.port=8555', '--dry-run', '--lang', 'zh']);
    expect(zh.stdout).toMatch(/需要重启：rtsp\.port 仅在启动时生效/);
  });

  it('a secret change shows fingerprints only', async () => {
    const t = target();
    const r = await runCli(['apply', '--config', t.file, '--set', 'api.secret=Xy9vK2mN5pR7tW9yB3dF6hJ1lC4xG0sQ', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/api\.secret: ‹secret changed: [0-9a-f]{4,} → [0-9a-f]{4,}›/);
    expect(r.stdout).not.toMatch(/Zq8vK2|Xy9vK2/);
  });

  it('a NEW.ini with error findings is refused (exit 1) unless --force; an unresolved ${VAR} even with --force', async () => {
    const t = target();
    const bad = join(t.dir, 'new.ini');
    writeFileSync(bad, CUR.replace('hook/on_play\n', 'hook/on_play ; WVP\n'));
    const r = await runCli(['apply', '--config', t.file, bad, '--dry-run', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ result: 'refused', errors: [{ ruleId: 'inline-comment', key: 'hook.on_play' }] });
    expect((await runCli(['apply', '--config', t.file, bad, '--dry-run', '--force'])).code).toBe(0);
    const ph = join(t.dir, 'ph.ini');
    writeFileSync(ph, CUR.replace(SECRET, '${ZLM_API_SECRET}'));
    const p = await runCli(['apply', '--config', t.file, ph, '--dry-run', '--force']);
    expect(p.code).toBe(1);
    expect(p.stdout).toMatch(/✗ api\.secret: the value of api\.secret still holds a \$\{VAR\} reference: .*\[unresolved-placeholder\]/);
    expect(readdirSync(t.dir).sort()).toEqual(['config.ini', 'new.ini', 'ph.ini']);
  });

  it('an error the current file already has is refused too, and said to be old', async () => {
    const t = target(CUR.replace('hook/on_play\n', 'hook/on_play ; WVP\n'));
    const r = await runCli(['apply', '--config', t.file, '--set', 'rtsp.port=8555', '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ hook\.on_play: .*\[inline-comment\] \(already in the current config\)/);
  });

  it('--env renders the profile (a missing variable: exit 2, named)', async () => {
    const t = target();
    const profiles = join(import.meta.dirname, '../../examples/profiles');
    const miss = await runCli(['apply', '--config', t.file, '--env', 'prod', '--profiles', profiles, '--dry-run']);
    expect(miss.code).toBe(2);
    expect(miss.stderr).toMatch(/base\.ini:\d+:\d+: api\.secret: variable ZLM_API_SECRET is not set/);
    const r = await runCli(['apply', '--config', t.file, '--env', 'prod', '--profiles', profiles, '--dry-run', '--format', 'json'], { ZLM_API_SECRET: SECRET });
    expect(r.code).toBe(0);
    const j = json(r.stdout);
    expect(j.reload).toBe('restart');
    expect(j.restartKeys).toEqual(expect.arrayContaining(['http.port', 'rtsp.port']));
    expect(r.stdout).not.toContain(SECRET);
  });

  it('usage: no server to reload, no source, two sources, no target', async () => {
    const t = target();
    // without --dry-run and no MediaServer on the file: could not run (2), nothing written
    const run = await runCli(['apply', '--config', t.file, '--set', 'hook.on_play=http://127.0.0.1:18080/x', '--state-dir', t.dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/no running MediaServer reads/);
    expect(readFileSync(t.file, 'utf8')).toBe(CUR);
    expect((await runCli(['apply', '--config', t.file, '--dry-run'])).code).toBe(2);
    expect((await runCli(['apply', '--config', t.file, t.file, '--set', 'a.b=1', '--dry-run'])).code).toBe(2);
    expect((await runCli(['apply', '--set', 'a.b=1', '--dry-run'])).code).toBe(2);
    expect((await runCli(['apply', '--config', t.file, '--set', 'nodot=1', '--dry-run'])).stderr).toMatch(/section\.key=value/);
  });
});

describe('apply --dry-run --api (no file: live keys only)', () => {
  let sim: ZlmSim | undefined;
  afterAll(async () => {
    await sim?.close();
  });

  it('live keys through setServerConfig; start-up keys are named as not applied', async () => {
    sim = await startZlmSim({ configText: CUR, emitHooks: false });
    const r = await runCli(['apply', '--api', sim.base, '--secret', sim.secret, '--set', 'hook.on_play=http://127.0.0.1:18080/index/hook/on_play_v2', '--set', 'rtsp.port=8555', '--dry-run', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ reload: 'live', mode: 'api', notApplied: ['rtsp.port'] });
    expect(Object.fromEntries(j.changes.map((c) => [c.key, c.via]))).toEqual({ 'hook.on_play': 'setServerConfig', 'rtsp.port': 'not-applied' });
    expect(r.stdout).not.toContain(sim.secret);
    // a dry run sends nothing that changes the server
    expect(sim.requests.some((q) => q.url.includes('setServerConfig'))).toBe(false);
    expect(sim.requests.some((q) => q.url.includes('getServerConfig'))).toBe(true);
  });
});
