/**
 * `zlm-doctor serve` running: --demo labelled DEMO everywhere, /metrics and
 * /healthz, reload that keeps the old config when the new one is invalid,
 * --shard, a clean stop on SIGTERM of the built executable, and no secret in
 * any metric, log line or database row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDirs } from '../support/temp-tree.ts';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/index.ts';
import { startReceiver, type Receiver } from '../support/hook-receivers.ts';
import { runServeEngine } from '../../src/cli/serve-run.ts';
import type { Io } from '../../src/cli/io.ts';
import { redactingIo } from '../../src/cli/redact-io.ts';
import type { ServeHandle } from '../../src/monitor/engine-serve.ts';
import { HOOK_URL_KEYS } from '../../src/zlm/hook-urls.ts';
import { buildDist, ROOT, type Built } from './built.ts';

let hasSqlite = true;
try {
  createRequire(import.meta.url)('better-sqlite3');
} catch {
  hasSqlite = false;
}
if (!hasSqlite) console.log('skipped: serve run tests (better-sqlite3 is not installed)');

const dir = freshDirs('zd-serve-');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function captureIo(env: NodeJS.ProcessEnv = {}): { io: Io; text: () => string } {
  let out = '';
  const base: Io = { out: (s) => (out += s), err: (s) => (out += s), stdout: { isTTY: false }, stderr: { isTTY: false }, env: { LANG: 'C', ...env } };
  return { io: redactingIo(base), text: () => out };
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function get(h: ServeHandle, path: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${h.address.port}${path}`);
  return r.text();
}

describe.skipIf(!hasSqlite)('serve (running)', () => {
  it('--demo monitors a simulated fleet labelled DEMO, serves /metrics and /healthz, stops cleanly', async () => {
    const { io, text } = captureIo();
    let stop!: () => void;
    const stopWhen = new Promise<void>((r) => (stop = r));
    let handle: ServeHandle | undefined;
    const done = runServeEngine({ demo: true, listen: '127.0.0.1:0', stateDir: dir(), lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
    const h = await until('ready', () => handle);
    const metrics = await until('demo series', async () => {
      const m = await get(h, '/metrics');
      return /zlm_doctor_up\{node="demo-0"\} 1/.test(m) && /zlm_doctor_streams\{node="demo-1"\}/.test(m) && /zlm_doctor_hook_up\{node="demo-2",hook="hook.on_server_keepalive"\} 0/.test(m) ? m : undefined;
    });
    expect(metrics).toMatch(/^zlm_doctor_demo 1$/m);
    expect(metrics).toMatch(/zlm_doctor_readiness\{node="demo-0",reason="ready"\} 1/);
    expect(metrics).toMatch(/zlm_doctor_probe_duration_seconds\{node="demo-0",phase="connect"\}/);
    expect(metrics).toMatch(/zlm_doctor_streams\{node="demo-1"\} 1/);
    expect(metrics).toMatch(/zlm_doctor_thread_load_max\{node="demo-0"\}/);
    // bounded: no per-stream or per-session label anywhere
    expect(metrics).not.toMatch(/stream="|session="|client="/);
    const health = JSON.parse(await get(h, '/healthz')) as { demo: boolean; nodes: number };
    expect(health.demo).toBe(true);
    expect(health.nodes).toBe(6);
    stop();
    expect(await done).toBe(0);
    expect(text()).toMatch(/^DEMO: monitoring a simulated fleet of 6 nodes/m);
    expect(text()).toMatch(/\[DEMO\] serve: monitoring 6 node/);
    expect(text()).toMatch(/serve: stopping/);
  }, 30_000);

  describe('with a config of simulated nodes', () => {
    const sims: ZlmSim[] = [];
    let receiver: Receiver;
    beforeAll(async () => {
      receiver = await startReceiver('good');
      for (let i = 0; i < 3; i++) {
        const s = await startZlmSim({ emitHooks: false });
        s.setConfig({ ...Object.fromEntries(HOOK_URL_KEYS.map((k) => [k, ''])), 'hook.enable': '1', 'hook.on_play': `${receiver.url}/index/hook/on_play` });
        sims.push(s);
      }
    });
    afterAll(async () => {
      for (const s of sims) await s.close();
      await receiver?.close();
    });

    const yml = (n: number, extra = '') =>
      `listen: 127.0.0.1:0\ndefaults: { interval: 1s, timeout: 500ms }\nnodes:\n${sims
        .slice(0, n)
        .map((s, i) => `  - name: zlm-${i}\n    api: ${s.base}\n    secret: \${ZLM_SECRET_${i}}\n    labels: { site: lab }\n`)
        .join('')}${extra}`;

    it('reloads a valid change, keeps the running config on an invalid one, and leaks no secret', async () => {
      const d = dir();
      const cfg = join(d, 'zlm-doctor.yml');
      writeFileSync(cfg, yml(1));
      const env = Object.fromEntries(sims.map((s, i) => [`ZLM_SECRET_${i}`, s.secret]));
      const { io, text } = captureIo(env);
      let stop!: () => void;
      const stopWhen = new Promise<void>((r) => (stop = r));
      let handle: ServeHandle | undefined;
      const done = runServeEngine({ config: cfg, lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
      void done.then((c) => c !== 0 && console.log(`serve exited ${c}: ${text()}`));
      const h = await until('ready', () => handle);
      await until('first probe', async () => /zlm_doctor_up\{node="zlm-0"\} 1/.test(await get(h, '/metrics')));
      // an invalid config is refused, the running one stays
      await sleep(1_100);
      writeFileSync(cfg, `${yml(1)}nodes: [oops\n`);
      await until('refusal', () => /keeping the running config/.test(text()));
      expect(h.engine.states().map((s) => s.name)).toEqual(['zlm-0']);
      // a valid one is applied
      writeFileSync(cfg, yml(3));
      await until('reload', () => /config reloaded: 3 node/.test(text()));
      await until('new nodes probed', async () => /zlm_doctor_up\{node="zlm-2"\} 1/.test(await get(h, '/metrics')));
      const metrics = await get(h, '/metrics');
      // a secret that changes now is an alert with a fingerprint diff, never the value
      sims[0]!.setConfig({ 'rtp_proxy.port_range': '31000-31500' });
      await until('drift event', () => /zlm-0: \d+ key\(s\) changed/.test(text()));
      stop();
      expect(await done).toBe(0);
      const all = [metrics, text()];
      // every row of every table of the store
      const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
      const db = new Database(join(d, '.zlm-doctor', 'monitor.db'), { readonly: true });
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) all.push(JSON.stringify(db.prepare(`SELECT * FROM ${name}`).all()));
      db.close();
      const dump = all.join('\n');
      expect(dump).toMatch(/rtp_proxy\.port_range/);
      for (const s of sims) {
        expect(dump.includes(s.secret), 'a node secret leaked').toBe(false);
        expect(dump.includes(encodeURIComponent(s.secret))).toBe(false);
      }
    }, 40_000);

    it('--shard i/n takes a stable share', async () => {
      const d = dir();
      const cfg = join(d, 'zlm-doctor.yml');
      writeFileSync(cfg, yml(3));
      const env = Object.fromEntries(sims.map((s, i) => [`ZLM_SECRET_${i}`, s.secret]));
      const names: string[][] = [];
      for (const i of [0, 1]) {
        const { io } = captureIo(env);
        let stop!: () => void;
        const stopWhen = new Promise<void>((r) => (stop = r));
        let handle: ServeHandle | undefined;
        const done = runServeEngine({ config: cfg, shard: `${i}/2`, stateDir: dir(), lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
        const h = await until('ready', () => handle);
        names.push(h.engine.states().map((s) => s.name));
        stop();
        await done;
      }
      expect([...names[0]!, ...names[1]!].sort()).toEqual(['zlm-0', 'zlm-1', 'zlm-2']);
    }, 20_000);
  });

  describe('the built executable', () => {
    let built: Built;
    beforeAll(() => {
      built = buildDist();
    }, 120_000);
    afterAll(() => built?.remove());

    it('stops on SIGTERM within its bound (exit 0)', async () => {
      const child = spawn(process.execPath, [built.bin, 'serve', '--demo', '--listen', '127.0.0.1:0', '--state-dir', dir()], {
        env: { ...process.env, LANG: 'C', NODE_PATH: join(ROOT, 'node_modules') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      try {
        await until('listening', () => /metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(err), 20_000);
        const port = /metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(err)![1];
        const m = await until('metrics', async () => {
          const t = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          return /zlm_doctor_up\{node="demo-0"\}/.test(t) ? t : undefined;
        });
        expect(m).toMatch(/zlm_doctor_demo 1/);
        const t0 = Date.now();
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(Date.now() - t0).toBeLessThan(6_000);
        expect(err).toMatch(/serve: stopping/);
      } finally {
        child.kill('SIGKILL');
      }
    }, 60_000);
  });
});

