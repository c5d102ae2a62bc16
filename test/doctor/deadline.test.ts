/**
 * Deadlines that hold: the built CLI, in a child process, exits within
 * --timeout + 0.5 s against peers that accept and never answer nor close, or
 * that trickle bytes forever, and names the hook as the cause. The clock starts
 * when the child's first module runs (a preload writes a mark), so loading the
 * CLI counts against the budget. With the real MediaServer when present.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startZlmSim } from '../support/zlm-sim/server.ts';
import { startRawPeer, type RawPeer } from '../support/hook-receivers.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, startRealZlm, REAL_SECRET } from '../support/zlm-sim/real.ts';
import { IniDocument } from '../../src/ini/document.ts';

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
// generous enough for a loaded 2-core CI machine to start the CLI and read /proc within it:
// the peers never answer, so every run lasts until the deadline, which is what is measured
const TIMEOUT_MS = 4000;
const SLACK_MS = 500;
const MARK = '\u0000zd-t0\n';
const HOOKS = ['on_play', 'on_publish', 'on_server_keepalive', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found'];

let build = '';
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

beforeAll(() => {
  // our own build, never over a dist/ someone else is running
  build = mkdtempSync(join(tmpdir(), 'zd-deadline-build-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', build], { cwd: resolve(import.meta.dirname, '../..'), stdio: 'pipe' });
}, 60_000);
afterAll(() => {
  if (build) rmSync(build, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Spawn the built CLI; `ms` is from the child's first line of JS to its exit. */
function runChild(args: string[]): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', `data:text/javascript,process.stderr.write(${JSON.stringify(MARK)})`, join(build, 'cli.mjs'), ...args], {
      env: { ...process.env, LANG: 'C', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let t0: number | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (t0 === undefined && stderr.includes(MARK)) t0 = performance.now();
    });
    // a hung child is the failure we look for: kill it well after the budget, never wait forever
    const guard = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS * 6);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolveRun({ code, ms: Math.round(performance.now() - (t0 ?? performance.now())), stdout, stderr: stderr.replace(MARK, '') });
    });
  });
}

async function peer(kind: 'silent' | 'trickle'): Promise<RawPeer> {
  const p = await startRawPeer(kind);
  cleanup.push(() => p.close());
  return p;
}

function tempConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zd-deadline-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config.ini');
  writeFileSync(file, text);
  return file;
}

function hooksTo(base: string, text: string): string {
  let doc = IniDocument.parse(text).set('hook.enable', '1').set('hook.timeoutSec', '10');
  for (const k of ['on_flow_report', 'on_http_access', 'on_record_ts', 'on_rtsp_auth', 'on_rtsp_realm', 'on_shell_login', 'on_server_exited', 'on_server_started', 'on_record_mp4', 'on_send_rtp_stopped', 'on_rtp_server_timeout']) doc = doc.set(`hook.${k}`, '');
  for (const h of HOOKS) doc = doc.set(`hook.${h}`, `${base}/index/hook/${h}`);
  return doc.text;
}

type Report = { diagnosis: { title: string; keys: string[] }[]; checks: { id: string; status: string; message: string }[] };

describe('doctor deadlines (built CLI in a child process)', () => {
  it.each(['silent', 'trickle'] as const)('an API peer that is %s: exits within --timeout + 0.5 s and says the API does not answer', async (kind) => {
    const p = await peer(kind);
    const r = await runChild(['doctor', '--format', 'json', '--api', p.url, '--secret', SECRET, '--timeout', `${TIMEOUT_MS}ms`]);
    expect(r.ms, r.stderr).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.checks.find((c) => c.id === 'api')?.status).toBe('fail');
    expect(r.stderr).not.toMatch(/MaxListenersExceededWarning|internal error/);
  });

  it.each(['silent', 'trickle'] as const)('hooks to a %s receiver (simulated ZLM): exits in time and names the hooks', async (kind) => {
    const p = await peer(kind);
    const config = tempConfig(hooksTo(p.url, realConfig(1, { 'api.secret': SECRET })));
    const sim = await startZlmSim({ configPath: config });
    cleanup.push(() => sim.close());
    // the simulator listens on its own port: the file says the same
    writeFileSync(config, IniDocument.parse(readFileSync(config, 'utf8')).set('http.port', String(sim.port)).text);
    sim.reload();
    // --active: every hook gets a real request at once (no MaxListenersExceededWarning)
    for (const extra of [[], ['--active']]) {
      const r = await runChild(['doctor', '--format', 'json', '--api', sim.base, '--secret', SECRET, '--config', config, '--timeout', `${TIMEOUT_MS}ms`, ...extra]);
      expect(r.ms, r.stderr).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      const j = JSON.parse(r.stdout) as Report;
      const first = j.diagnosis[0];
      expect(first?.title, JSON.stringify(j.diagnosis)).toMatch(/did not answer within \d+ ms/);
      expect(first?.keys).toEqual(expect.arrayContaining(['hook.on_server_keepalive', 'hook.on_play', 'hook.on_publish']));
      // it says what it really waited, not hook.timeoutSec as if it had waited 10 s
      expect(first?.title).not.toMatch(/within hook\.timeoutSec/);
      expect(r.stderr).not.toMatch(/MaxListenersExceededWarning|internal error/);
    }
    expect(p.accepted()).toBeGreaterThan(0);
  });
});

const bin = mediaServerPath();
(bin ? describe : describe.skip)(`doctor deadlines against the real MediaServer${bin ? '' : ' (skipped: no MediaServer; set ZLM_MEDIASERVER or provide ../shared/zlm/MediaServer)'}`, () => {
  it.each(['silent', 'trickle'] as const)('its hooks point at a %s receiver: exits in time and names the hook', async (kind) => {
    const p = await peer(kind);
    const zlm = await startRealZlm(hooksTo(p.url, realConfig(await freePort())));
    cleanup.push(() => zlm.close());
    // the real server costs CPU too: a longer budget, the same bound
    const timeout = TIMEOUT_MS * 1.5;
    const r = await runChild(['doctor', '--format', 'json', '--api', zlm.base, '--secret', REAL_SECRET, '--config', zlm.config, '--log-dir', zlm.logDir, '--timeout', `${timeout}ms`]);
    expect(r.ms, r.stderr).toBeLessThan(timeout + SLACK_MS);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.checks.find((c) => c.id === 'api')?.status, JSON.stringify(j.checks)).toBe('ok');
    expect(j.diagnosis[0]?.keys, JSON.stringify(j, null, 1)).toContain('hook.on_server_keepalive');
    expect(r.stdout).not.toContain(REAL_SECRET);
  }, 30_000);
});
