/**
 * A dead, hanging or garbage-answering API or hook receiver never makes the
 * doctor hang past --timeout or crash; the secret never appears in the report.
 */
import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import { mkdtempSync as mkdtemp, writeFileSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { startZlmSim, type ZlmSim, type SimMode } from '../support/zlm-sim/server.ts';
import { testConfigText, refText } from '../support/zlm-sim/recordings.ts';
import { runCli } from '../support/cli.ts';
import { IniDocument } from '../../src/ini/document.ts';

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A temp dir removed after the test. */
function mkdtempSync(prefix: string): string {
  const d = mkdtemp(prefix);
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Accepts connections and never answers. */
async function hangingServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const s: Server = createServer((c) => sockets.add(c));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => {
    for (const c of sockets) c.destroy();
    s.close(() => r());
  }));
  return (s.address() as { port: number }).port;
}

function config(hookBase: string): string {
  let doc = IniDocument.parse(testConfigText()).set('api.secret', SECRET).set('hook.enable', '1').set('hook.timeoutSec', '30');
  for (const h of ['on_flow_report', 'on_http_access', 'on_record_ts', 'on_shell_login', 'on_server_exited', 'on_rtsp_auth', 'on_rtsp_realm']) doc = doc.set(`hook.${h}`, '');
  for (const h of ['on_play', 'on_publish', 'on_server_keepalive', 'on_stream_changed']) doc = doc.set(`hook.${h}`, `${hookBase}/index/hook/${h}`);
  return doc.text;
}

async function timed(args: string[]) {
  const t0 = Date.now();
  const r = await runCli(args);
  return { ...r, ms: Date.now() - t0 };
}

describe('doctor under bad peers', () => {
  // the first run loads (and transforms) the doctor's modules: not part of what --timeout bounds
  beforeAll(async () => {
    await runCli(['doctor', '--format', 'json', '--api', 'http://127.0.0.1:9', '--timeout', '300ms']);
  }, 30_000);

  it.each(['hang', 'garbage', 'down'] as SimMode[])('API %s: bounded by --timeout, no crash', async (mode) => {
    const hookPort = await hangingServer();
    const dir = mkdtempSync(join(tmpdir(), 'zd-rob-'));
    const file = join(dir, 'config.ini');
    writeFileSync(file, config(`http://127.0.0.1:${hookPort}`));
    const sim: ZlmSim = await startZlmSim({ configText: readFileSync(file, 'utf8') });
    cleanup.push(() => sim.close());
    await sim.setMode(mode);
    const r = await timed(['doctor', '--format', 'json', '--api', sim.base, '--secret', SECRET, '--config', file, '--timeout', '2s']);
    expect(r.ms).toBeLessThan(2000 + 1500);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.checks.find((c: { id: string }) => c.id === 'api').status).toBe('fail');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('an API port that refuses and a garbage log directory do not crash it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-rob2-'));
    const file = join(dir, 'config.ini');
    writeFileSync(file, config('http://127.0.0.1:9'));
    const logs = join(dir, 'log');
    mkdirSync(logs);
    writeFileSync(join(logs, '2026-11-23_00.log'), Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]));
    const r = await timed(['doctor', '--api', 'http://127.0.0.1:9', '--config', file, '--log-dir', logs, '--timeout', '2s', '-v']);
    expect(r.ms).toBeLessThan(3500);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/Most likely cause/);
  });

  it('never shows the secret, in text -v or json, even from logs that dump it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-sec-'));
    const file = join(dir, 'config.ini');
    writeFileSync(file, config('http://127.0.0.1:9'));
    const logs = join(dir, 'log');
    mkdirSync(logs);
    // the real log of a failed on_server_started carries the whole config, api.secret included
    const sample = refText('logs/hook-fail-closed-port.txt').replaceAll('zlm-test-secret-0123456789abcdef', SECRET);
    writeFileSync(join(logs, '2026-11-23_00.log'), sample);
    const sim = await startZlmSim({ configText: readFileSync(file, 'utf8') });
    cleanup.push(() => sim.close());
    for (const fmt of ['text', 'json']) {
      const r = await runCli(['doctor', '-v', '--format', fmt, '--api', sim.base, '--secret', SECRET, '--config', file, '--log-dir', logs, '--since', '3000d', '--timeout', '4s']);
      expect(r.stdout + r.stderr, fmt).not.toContain(SECRET);
    }
    // wrong secret given on the command line: not shown either
    const w = await runCli(['doctor', '--format', 'json', '--api', sim.base, '--secret', 'wrong-secret-value', '--config', file, '--timeout', '3s']);
    expect(w.stdout + w.stderr).not.toContain('wrong-secret-value');
  });

  it('exits 2 when there is nothing to examine, and on bad arguments', async () => {
    expect((await runCli(['doctor', '--log-dir', '/nonexistent-zd', '--timeout', '1s'])).code).toBe(1);
    expect((await runCli(['doctor', '--timeout', 'soon'])).code).toBe(2);
    expect((await runCli(['doctor', '--api', 'not a url'])).code).toBe(2);
  });
});
