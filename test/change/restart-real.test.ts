/**
 * `restartServer` on the real MediaServer, on 127.0.0.1 from temporary copies:
 * a `-d` server (watchdog and worker both replaced, never two instances at any
 * moment), a bare server (new pid, API answers, same ports), a program that
 * ignores SIGTERM (SIGKILL after the bound, reported), and the refusals that
 * stop nothing (lock held, a port held by another process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRestartLock, groupsOf, restartServer, restartText, startServer } from '../../src/change/restart/index.ts';
import { findMediaServers } from '../../src/doctor/index.ts';
import { IniDocument } from '../../src/ini/document.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';

const bin = mediaServerPath();
const configs: string[] = [];
const dirs: string[] = [];
const servers: RealZlm[] = [];

/** Every process (by pid) running on one of our temp configs: the restarted ones are no children of ours. */
function ours(): number[] {
  return findMediaServers().filter((s) => s.configPath !== undefined && configs.includes(s.configPath)).map((s) => s.pid);
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
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 20_000);

async function start(extra: Record<string, string>, args: string[] = []): Promise<RealZlm> {
  const z = await startRealZlm(realConfig(await freePort(), extra), { args });
  servers.push(z);
  configs.push(z.config);
  return z;
}

async function apiAnswers(base: string, secret: string): Promise<boolean> {
  try {
    const r = await fetch(`${base}/index/api/getServerConfig?secret=${secret}`, { signal: AbortSignal.timeout(1000) });
    return ((await r.json()) as { code?: number }).code === 0;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(st);
  } catch {
    return false;
  }
}

describe.skipIf(!bin)('restart on the real MediaServer', () => {
  it('a -d server: watchdog and worker both replaced, never two instances at any moment', async () => {
    const rtsp = await freePort();
    const z = await start({ 'rtsp.port': String(rtsp) }, ['-d']);
    // the worker is forked right after start
    let before = groupsOf(findMediaServers().filter((s) => s.configPath === z.config));
    for (let i = 0; i < 50 && !before[0]?.workers.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      before = groupsOf(findMediaServers().filter((s) => s.configPath === z.config));
    }
    expect(before).toHaveLength(1);
    const oldWatchdog = before[0]!.top.pid;
    const oldWorker = before[0]!.workers[0]!.pid;

    let maxInstances = 0;
    let polls = 0;
    const poll = setInterval(() => {
      const g = groupsOf(findMediaServers().filter((s) => s.configPath === z.config));
      maxInstances = Math.max(maxInstances, g.length);
      polls++;
    }, 20);
    const r = await restartServer({ config: z.config }, { timeoutMs: 20_000 });
    clearInterval(poll);

    expect(r.result, restartText(r, 'en')).toBe('restarted');
    expect(r.mode).toBe('watchdog');
    expect(r.sigkill).toBe(false);
    expect(polls).toBeGreaterThan(5);
    expect(maxInstances).toBe(1);
    const [newWatchdog, newWorker] = r.after!.pids;
    expect(newWatchdog).not.toBe(oldWatchdog);
    expect(newWorker).toBeDefined();
    expect(newWorker).not.toBe(oldWorker);
    expect(alive(oldWatchdog) || alive(oldWorker)).toBe(false);
    const now = groupsOf(findMediaServers().filter((s) => s.configPath === z.config));
    expect(now).toHaveLength(1);
    expect(now[0]!.top.pid).toBe(newWatchdog);
    expect(now[0]!.top.args.daemon).toBe(true);
    expect(now[0]!.workers.map((w) => w.pid)).toContain(newWorker);
    expect(await apiAnswers(z.base, z.secret)).toBe(true);
    expect(r.phases.map((p) => p.phase)).toEqual(['discover', 'preflight', 'lock', 'stop', 'ports', 'recheck', 'start', 'ready']);
    expect(restartText(r, 'zh')).toContain('已重启');
  }, 40_000);

  it('a bare server: new pid, API answers, the same ports; a held lock or a foreign port refuses and stops nothing', async () => {
    const rtsp = await freePort();
    const z = await start({ 'rtsp.port': String(rtsp) });

    // another restart holds the lock: refused, the server untouched
    const lock = acquireRestartLock(z.config);
    expect(lock.ok).toBe(true);
    try {
      const locked = await restartServer({ pid: z.pid }, { timeoutMs: 5000 });
      expect(locked.result).toBe('refused');
      expect(locked.reason!.en).toMatch(/another restart/);
    } finally {
      if (lock.ok) lock.release();
    }
    expect(alive(z.pid)).toBe(true);

    // dry run: the plan, nothing signalled
    const dry = await restartServer({ pid: z.pid }, { dryRun: true });
    expect(dry.result).toBe('dry-run');
    expect(dry.mode).toBe('bare');
    expect(dry.plan!.map((p) => p.en).join('\n')).toMatch(/SIGTERM to pid/);
    expect(alive(z.pid)).toBe(true);

    // the config now asks for a port another process holds (as apply would write it): refused before any stop
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const held = (blocker.address() as { port: number }).port;
    const original = readFileSync(z.config, 'utf8');
    try {
      writeFileSync(z.config, IniDocument.parse(original).set('rtmp.port', String(held)).text);
      const blocked = await restartServer({ config: z.config }, { timeoutMs: 5000 });
      expect(blocked.result).toBe('refused');
      expect(blocked.reason!.en).toMatch(new RegExp(`rtmp.port=${held}/tcp`));
      expect(alive(z.pid)).toBe(true);
    } finally {
      writeFileSync(z.config, original);
      await new Promise<void>((r) => blocker.close(() => r()));
    }

    const r = await restartServer({ api: z.base }, { timeoutMs: 20_000 });
    expect(r.result, restartText(r, 'en')).toBe('restarted');
    expect(r.mode).toBe('bare');
    const newPid = r.after!.pids[0]!;
    expect(newPid).not.toBe(z.pid);
    expect(r.after!.pids).toHaveLength(1);
    expect(alive(z.pid)).toBe(false);
    expect(await apiAnswers(z.base, z.secret)).toBe(true);
    // rtsp listens again, held by the new process
    const rtspUp = await new Promise<boolean>((res) => {
      const s = createServer();
      s.once('error', () => res(true));
      s.listen(rtsp, '127.0.0.1', () => s.close(() => res(false)));
    });
    expect(rtspUp).toBe(true);
    const argv = findMediaServers().find((s) => s.pid === newPid)!.argv;
    expect(argv).toEqual([join(z.dir, 'MediaServer'), '-c', z.config, '-l', '2']);
  }, 40_000);
});

describe('restart of a process that ignores SIGTERM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zd-restart-term-'));
  dirs.push(dir);
  const config = join(dir, 'config.ini');
  configs.push(config);

  it('SIGKILL after the bound, reported with its cost', async () => {
    const port = await freePort();
    // a stand-in called MediaServer (node through a symlink): ignores SIGTERM, answers getServerConfig on http.port
    writeFileSync(config, `[general]\nlisten_ip=127.0.0.1\n[http]\nport=${port}\nsslport=0\n[api]\nsecret=stand-in-secret\n[onvif]\nport=0\n[rtp_proxy]\nport=0\n[rtsp]\nport=0\nsslport=0\n[rtmp]\nport=0\nsslport=0\n[shell]\nport=0\n`);
    const script = join(dir, 'ignore-term.cjs');
    writeFileSync(
      script,
      `process.on('SIGTERM', () => {});
const port = Number(/\\[http\\][^[]*?\\nport=(\\d+)/.exec(require('fs').readFileSync(process.argv[process.argv.indexOf('-c') + 1], 'utf8'))[1]);
require('http').createServer((q, s) => s.end(JSON.stringify({ code: 0, data: [{ 'http.port': String(port) }] }))).listen(port, '127.0.0.1');
setInterval(() => {}, 1e6);
`,
    );
    symlinkSync(process.execPath, join(dir, 'MediaServer'));
    const child = spawn(join(dir, 'MediaServer'), [script, '-c', config], { cwd: dir, stdio: 'ignore', detached: true });
    child.unref();
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !(await apiAnswers(base, 'x')); i++) await new Promise((r) => setTimeout(r, 50));

    const r = await restartServer({ config }, { timeoutMs: 15_000, stopTimeoutMs: 1000 });
    expect(r.result, restartText(r, 'en')).toBe('restarted');
    expect(r.sigkill).toBe(true);
    const stop = r.phases.find((p) => p.phase === 'stop')!;
    expect(stop.message.en).toMatch(/SIGKILL sent to/);
    expect(stop.message.en).toMatch(/on_server_exited was not sent.*MP4/);
    expect(stop.message.zh).toMatch(/SIGKILL/);
    expect(stop.ms).toBeGreaterThanOrEqual(900);
    expect(r.notes.some((n) => /MP4/.test(n.en))).toBe(true);
    expect(r.after!.pids[0]).not.toBe(child.pid);
    expect(alive(child.pid!)).toBe(false);
    expect(restartText(r, 'en')).toMatch(/SIGKILL/);

    // startServer (what apply uses after a failed restart): never next to a running instance; else started
    const twice = await startServer(r.startSpec!, { configPath: config, timeoutMs: 5000 });
    expect(twice.result).toBe('refused');
    expect(twice.reason!.en).toMatch(/not starting a second instance/);
    process.kill(r.after!.pids[0]!, 'SIGKILL');
    for (let i = 0; i < 50 && alive(r.after!.pids[0]!); i++) await new Promise((res) => setTimeout(res, 50));
    const s = await startServer(r.startSpec!, { configPath: config, timeoutMs: 10_000 });
    expect(s.result, restartText(s, 'en')).toBe('started');
    expect(s.after!.pids[0]).not.toBe(r.after!.pids[0]);
    expect(await apiAnswers(base, 'x')).toBe(true);
  }, 40_000);
});
