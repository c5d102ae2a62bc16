/**
 * `apply` on the real MediaServer, on 127.0.0.1 from temporary copies (issue 11 acceptance):
 * a live key (a hook URL: SIGHUP, no restart, value live, history before and after), a start-up-only
 * key (rtsp.port: restarted, new port listening, old one free), a restart refused because the new port
 * is held (rolled back, file byte-identical, serving on the old config), a verification that fails
 * (keepalive receiver dead: rolled back by SIGHUP), two applies at once (one waits, nothing lost),
 * and a target that becomes unreachable during apply (old config left in place, said so).
 * (`render` with a missing variable: test/cli/render.test.ts, and below for apply --env.)
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeApply, planApply } from '../../src/change/apply/index.ts';
import { findMediaServers } from '../../src/doctor/index.ts';
import { HistoryStore } from '../../src/history/index.ts';
import { IniDocument } from '../../src/ini/document.ts';
import { runCli } from '../support/cli.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';

const bin = mediaServerPath();
const configs: string[] = [];
const dirs: string[] = [];
const servers: RealZlm[] = [];
const closers: (() => Promise<void>)[] = [];

/** The processes running on our temp configs (one config, or all of them): restarted ones are no children of ours. */
function ours(config?: string): number[] {
  return findMediaServers().filter((s) => s.configPath !== undefined && (config === undefined ? configs.includes(s.configPath) : s.configPath === config)).map((s) => s.pid);
}

afterAll(async () => {
  for (const pid of ours()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const s of servers) await s.close().catch(() => {});
  for (const c of closers) await c().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 30_000);

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zd-apply-'));
  dirs.push(d);
  return d;
}

async function start(extra: Record<string, string>, args: string[] = []): Promise<RealZlm> {
  const z = await startRealZlm(realConfig(await freePort(), { 'general.mediaServerId': 'apply-test', ...extra }), { args });
  servers.push(z);
  configs.push(z.config);
  return z;
}

/** A hook receiver answering {"code":0} to every POST; `dead` ports refuse. */
async function receiver(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const srv: HttpServer = createHttpServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"code":0,"msg":"success"}');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => srv.close(() => r())));
  return { url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`, hits };
}

async function live(z: RealZlm, secret = z.secret): Promise<Record<string, string> | undefined> {
  try {
    const r = await fetch(`${z.base}/index/api/getServerConfig?secret=${secret}`, { signal: AbortSignal.timeout(1500) });
    const j = (await r.json()) as { code?: number; data?: Record<string, string>[] };
    return j.code === 0 ? j.data?.[0] : undefined;
  } catch {
    return undefined;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

const json = (s: string) => JSON.parse(s) as Record<string, unknown> & { result: string; reload: string; verified: { check: string; ok: boolean }[]; steps: { step: string; ok: boolean; ms: number }[]; history: { before: string | null; after: string | null } };

function reasons(stateDir: string): string[] {
  const store = HistoryStore.open(stateDir, { create: false })!;
  const node = Object.keys(store.nodes().nodes)[0]!;
  return store.revisions(node).map((r) => r.reason ?? '');
}

describe.skipIf(!bin)('apply on the real MediaServer', () => {
  it('a live key (a hook URL): SIGHUP, no restart, the value live, history before and after', async () => {
    const rc = await receiver();
    const z = await start({ 'hook.enable': '1', 'hook.on_server_keepalive': `${rc.url}/index/hook/on_server_keepalive`, 'hook.on_play': `${rc.url}/index/hook/on_play` });
    const state = tempDir();
    const url = `${rc.url}/index/hook/on_play_v2`;
    const r = await runCli(['apply', '--config', z.config, '--set', `hook.on_play=${url}`, '--state-dir', state, '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ version: 1, result: 'applied', reload: 'sighup' });
    expect(j.steps.map((s) => s.step)).toEqual(['validate', 'discover', 'snapshot', 'write', 'reload', 'verify', 'record']);
    expect(j.steps.every((s) => s.ok && typeof s.ms === 'number')).toBe(true);
    expect(j.verified).toContainEqual(expect.objectContaining({ check: 'config', ok: true }));
    expect(j.verified).toContainEqual(expect.objectContaining({ check: 'hook-keepalive', ok: true }));
    expect(rc.hits.some((h) => h.endsWith('on_server_keepalive'))).toBe(true);
    // same process, value live, the file still exactly what apply wrote (SIGHUP does not rewrite it)
    expect(ours(z.config)).toEqual([z.pid]);
    expect((await live(z))?.['hook.on_play']).toBe(url);
    expect(IniDocument.parse(z.configText()).get('hook.on_play')).toBe(url);
    expect(r.stdout).not.toContain(z.secret);
    // history: before and after
    const rs = reasons(state);
    expect(rs).toContain('apply: after');
    expect(rs.some((x) => x === 'apply: before') || j.history.before === null).toBe(true);
    expect(j.history.after).toMatch(/^[0-9a-f]{40}$/);
    // text output in both languages
    const t = await runCli(['apply', '--config', z.config, '--set', `hook.on_play=${rc.url}/index/hook/on_play`, '--state-dir', state, '--lang', 'zh']);
    expect(t.code, t.stdout).toBe(0);
    expect(t.stdout).toMatch(/✓ 已应用 \(sighup/);
    expect(t.stdout).not.toContain(z.secret);
  }, 40_000);

  it('--set api.secret=…: live through SIGHUP, verified with the new secret, neither secret printed anywhere', async () => {
    const z = await start({});
    const state = tempDir();
    const next = 'Nw7pQ2sV9xB4mK8rT1yF6hJ3lC5dG0aZ';
    for (const format of ['json', 'text']) {
      const secret = format === 'json' ? next : z.secret;
      const r = await runCli(['apply', '--config', z.config, '--set', `api.secret=${secret}`, '--state-dir', state, '--format', format]);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(next);
      expect(r.stdout + r.stderr).not.toContain(z.secret);
      expect(await live(z, secret)).toBeDefined();
    }
    // the history's plain files (index, nodes map; the git objects are checked inflated by the history tests)
    const grep = (d: string): boolean => readdirSync(d, { withFileTypes: true }).some((e) => (e.isDirectory() ? grep(join(d, e.name)) : readFileSync(join(d, e.name)).includes(next)));
    expect(grep(state)).toBe(false);
  }, 40_000);

  it('a -d server: SIGHUP goes to the worker; watchdog and worker both stay, the value live', async () => {
    const rc = await receiver();
    const z = await start({}, ['-d']);
    for (let i = 0; i < 50 && ours(z.config).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const before = ours(z.config).sort();
    expect(before).toHaveLength(2);
    const r = await runCli(['apply', '--config', z.config, '--set', `hook.on_play=${rc.url}/d`, '--state-dir', tempDir(), '--format', 'json']);
    expect(r.code, r.stdout).toBe(0);
    const j = json(r.stdout);
    expect(j.steps.find((s) => s.step === 'reload')).toMatchObject({ ok: true, message: expect.stringMatching(/SIGHUP to the worker pid \d+/) });
    expect((await live(z))?.['hook.on_play']).toBe(`${rc.url}/d`);
    await new Promise((res) => setTimeout(res, 500));
    expect(ours(z.config).sort()).toEqual(before);
  }, 40_000);

  it('a start-up-only key (rtsp.port): restarted, the new port listening, the old one free', async () => {
    const a = await freePort();
    const b = await freePort();
    const z = await start({ 'rtsp.port': String(a) });
    const r = await runCli(['apply', '--config', z.config, '--set', `rtsp.port=${b}`, '--state-dir', tempDir(), '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ result: 'applied', reload: 'restart', restartKeys: ['rtsp.port'] });
    expect(j.steps.map((s) => s.step)).toContain('restart');
    expect(j.verified).toContainEqual(expect.objectContaining({ check: 'port-free', port: a, ok: true }));
    expect(j.verified).toContainEqual(expect.objectContaining({ check: 'listener', key: 'rtsp.port', port: b, ok: true }));
    expect(await listening(b)).toBe(true);
    expect(await listening(a)).toBe(false);
    const pids = ours(z.config);
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(z.pid);
    expect((await live(z))?.['rtsp.port']).toBe(String(b));
  }, 60_000);

  it('the new port held by another process: rolled back, the file byte-identical, serving on the old config', async () => {
    const a = await freePort();
    const b = await freePort();
    const z = await start({ 'rtsp.port': String(a) });
    const holder = createServer();
    await new Promise<void>((res) => holder.listen(b, '127.0.0.1', res));
    closers.push(() => new Promise<void>((res) => holder.close(() => res())));
    const before = readFileSync(z.config);
    const r = await runCli(['apply', '--config', z.config, '--set', `rtsp.port=${b}`, '--state-dir', tempDir(), '--format', 'json']);
    expect(r.code, r.stdout).toBe(1);
    const j = json(r.stdout);
    expect(j.result).toBe('rolled-back');
    expect(String(j.reason)).toMatch(/rtsp\.port=\d+\/tcp/);
    expect(readFileSync(z.config).equals(before)).toBe(true);
    expect(j.rollbackVerified).toContainEqual(expect.objectContaining({ check: 'rollback-config', ok: true }));
    expect((await live(z))?.['rtsp.port']).toBe(String(a));
    expect(await listening(a)).toBe(true);
    expect(ours(z.config)).toEqual([z.pid]);
  }, 60_000);

  it('verification fails (the keepalive receiver is dead): rolled back by SIGHUP, the old values live again', async () => {
    const rc = await receiver();
    const dead = await freePort();
    const z = await start({ 'hook.enable': '1', 'hook.on_server_keepalive': `${rc.url}/index/hook/on_server_keepalive` });
    const before = readFileSync(z.config);
    const r = await runCli(['apply', '--config', z.config, '--set', `hook.on_server_keepalive=http://127.0.0.1:${dead}/index/hook/on_server_keepalive`, '--state-dir', tempDir(), '--timeout', '20s', '--format', 'json']);
    expect(r.code, r.stdout).toBe(1);
    const j = json(r.stdout);
    expect(j.result).toBe('rolled-back');
    expect(j.verified).toContainEqual(expect.objectContaining({ check: 'hook-keepalive', ok: false }));
    expect(readFileSync(z.config).equals(before)).toBe(true);
    expect((await live(z))?.['hook.on_server_keepalive']).toBe(`${rc.url}/index/hook/on_server_keepalive`);
    expect(ours(z.config)).toEqual([z.pid]);
  }, 60_000);

  it('two applies at once: one waits for the other, nothing is lost', async () => {
    const rc = await receiver();
    const z = await start({ 'hook.enable': '0' });
    const state = tempDir();
    const [p, q] = await Promise.all([
      runCli(['apply', '--config', z.config, '--set', `hook.on_play=${rc.url}/a`, '--state-dir', state, '--format', 'json']),
      runCli(['apply', '--config', z.config, '--set', `hook.on_publish=${rc.url}/b`, '--state-dir', state, '--format', 'json']),
    ]);
    expect(p.code, p.stdout).toBe(0);
    expect(q.code, q.stdout).toBe(0);
    const doc = IniDocument.parse(z.configText());
    expect(doc.get('hook.on_play')).toBe(`${rc.url}/a`);
    expect(doc.get('hook.on_publish')).toBe(`${rc.url}/b`);
    const l = await live(z);
    expect(l?.['hook.on_play']).toBe(`${rc.url}/a`);
    expect(l?.['hook.on_publish']).toBe(`${rc.url}/b`);
    // no lock file left behind
    expect(readdirSync(z.dir).filter((f) => f.includes('zlm-doctor-apply'))).toEqual([]);
  }, 60_000);

  it('a target that becomes unreachable during apply: the old config stays in place, and the report says so', async () => {
    const rc = await receiver();
    const z = await start({});
    const cfgBytes = readFileSync(z.config);
    const cur = IniDocument.parse(cfgBytes.toString('utf8'));
    const desired = cur.set('hook.on_play', `${rc.url}/x`);
    const plan = planApply({ current: cur.toMap(), desired: desired.toMap(), mode: 'process' });
    const out = await executeApply({
      mode: 'process',
      configPath: z.config,
      current: { bytes: cfgBytes, doc: cur },
      desired: { bytes: Buffer.from(desired.text), map: desired.toMap() },
      plan,
      stateDir: tempDir(),
      timeoutMs: 15_000,
      afterWrite: async () => {
        process.kill(z.pid, 'SIGKILL');
        for (let i = 0; i < 50 && ours(z.config).length; i++) await new Promise((r) => setTimeout(r, 50));
      },
    });
    expect(out.result).toBe('rolled-back');
    expect(out.exitCode).toBe(1);
    expect(out.serverDown).toBe(true);
    expect(out.reason.en).toMatch(/unreachable during apply/);
    expect(out.reason.en).toMatch(/old config is back/);
    expect(readFileSync(z.config).equals(cfgBytes)).toBe(true);
  }, 40_000);

  it('rollback <rev>: the same pipeline brings the revision back live; secrets from the current file; another node refused', async () => {
    const rc = await receiver();
    const z = await start({ 'hook.on_play': `${rc.url}/one` });
    const state = tempDir();
    const a = await runCli(['apply', '--config', z.config, '--set', `hook.on_play=${rc.url}/two`, '--state-dir', state, '--format', 'json']);
    expect(a.code, a.stdout).toBe(0);
    const before = json(a.stdout).history.before!;
    expect((await live(z))?.['hook.on_play']).toBe(`${rc.url}/two`);
    const dry = await runCli(['rollback', before.slice(0, 10), '--config', z.config, '--state-dir', state, '--dry-run']);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/hook\.on_play: .*\/two → .*\/one/);
    const r = await runCli(['rollback', before.slice(0, 10), '--config', z.config, '--state-dir', state, '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ result: 'applied', reload: 'sighup' });
    expect((await live(z))?.['hook.on_play']).toBe(`${rc.url}/one`);
    expect(IniDocument.parse(z.configText()).get('api.secret')).toBe(z.secret);
    expect(r.stdout).not.toContain(z.secret);
    expect(reasons(state)).toContain(`rollback to ${before.slice(0, 12)}: after`);
    // a revision of another file is refused without --force
    const other = join(tempDir(), 'config.ini');
    writeFileSync(other, z.configText());
    const o = await runCli(['rollback', before.slice(0, 10), '--config', other, '--state-dir', state]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/belongs to .*--force/);
  }, 60_000);

  it('--api without the file: live keys through setServerConfig, start-up keys named as not applied', async () => {
    const rc = await receiver();
    const z = await start({});
    const state = tempDir();
    const r = await runCli(['apply', '--api', z.base, '--secret', z.secret, '--set', `hook.on_play=${rc.url}/api`, '--set', 'rtsp.port=18554', '--state-dir', state, '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ result: 'applied', reload: 'live', mode: 'api', notApplied: ['rtsp.port'], restartKeys: ['rtsp.port'] });
    expect(j.verified).toContainEqual(expect.objectContaining({ check: 'config', ok: true, keys: ['hook.on_play'] }));
    expect((await live(z))?.['hook.on_play']).toBe(`${rc.url}/api`);
    expect((await live(z))?.['rtsp.port']).toBe('0');
    expect(reasons(state)).toEqual(expect.arrayContaining(['apply: after']));
    expect(r.stdout).not.toContain(z.secret);
  }, 40_000);

  it('apply --env with a missing variable fails naming it, and writes nothing', async () => {
    const d = tempDir();
    const z = await start({});
    const before = readFileSync(z.config);
    const r = await runCli(['apply', '--config', z.config, '--env', 'prod', '--profiles', join(import.meta.dirname, '../../examples/profiles'), '--state-dir', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ZLM_API_SECRET/);
    expect(readFileSync(z.config).equals(before)).toBe(true);
    expect(readdirSync(d)).toEqual([]);
  }, 30_000);
});
