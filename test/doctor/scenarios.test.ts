/**
 * The doctor names the right root cause first. Each scenario runs the real
 * CLI against the ZLM simulator (built from recorded answers) and real hook
 * receivers, all on 127.0.0.1.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/server.ts';
import { testConfigText } from '../support/zlm-sim/recordings.ts';
import { startReceiver, closedPort, type Receiver } from '../support/hook-receivers.ts';
import { runCli } from '../support/cli.ts';
import { IniDocument } from '../../src/ini/document.ts';

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
const WVP_HOOKS = ['on_play', 'on_publish', 'on_server_started', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_server_keepalive', 'on_send_rtp_stopped', 'on_rtp_server_timeout', 'on_record_mp4'];

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** The recorded loopback config, with only the HTTP API listening and hooks to `hookBase`. */
function configFor(hookBase: string, extra: Record<string, string> = {}): string {
  let doc = IniDocument.parse(testConfigText());
  const set: Record<string, string> = {
    'api.secret': SECRET,
    'general.mediaServerId': 'zlm-test-01',
    'hook.enable': '1',
    'hook.timeoutSec': '2',
    'hook.retry': '0',
    'rtsp.port': '0',
    'rtmp.port': '0',
    'rtp_proxy.port': '0',
    'shell.port': '0',
    // like WVP: its ten hooks set, the others blank
    ...Object.fromEntries(['on_flow_report', 'on_http_access', 'on_record_ts', 'on_rtsp_auth', 'on_rtsp_realm', 'on_shell_login', 'on_server_exited'].map((h) => [`hook.${h}`, ''])),
    ...Object.fromEntries(WVP_HOOKS.map((h) => [`hook.${h}`, `${hookBase}/index/hook/${h}`])),
    ...extra,
  };
  for (const [k, v] of Object.entries(set)) doc = doc.set(k, v);
  return doc.text;
}

interface Env {
  sim: ZlmSim;
  dir: string;
  config: string;
  logDir: string;
}

async function start(configText: string, simOpts: Parameters<typeof startZlmSim>[0] = {}): Promise<Env> {
  const dir = mkdtempSync(join(tmpdir(), 'zd-doc-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'config.ini');
  const logDir = join(dir, 'log');
  writeFileSync(config, configText);
  const sim = await startZlmSim({ configPath: config, logDir, ...simOpts });
  cleanup.push(() => sim.close());
  // the simulator sets http.port in memory to its real port; the file says the same
  writeFileSync(config, IniDocument.parse(readFileSync(config, 'utf8')).set('http.port', String(sim.port)).text);
  sim.reload();
  return { sim, dir, config, logDir };
}

async function receiver(kind: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(kind);
  cleanup.push(() => r.close());
  return r;
}

async function doctor(e: Env, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(['doctor', '--format', 'json', '--api', e.sim.base, '--secret', SECRET, '--config', e.config, '--log-dir', e.logDir, '--timeout', '8s', ...extra], env);
  expect(r.code, r.stderr).not.toBe(2);
  const j = JSON.parse(r.stdout) as { diagnosis: { title: string; keys: string[]; evidence: string[] }[]; checks: { id: string; status: string }[] };
  return { ...r, j, first: j.diagnosis[0] };
}

describe('doctor: root cause first', () => {
  it('a healthy server gives no false alarm', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url));
    const d = await doctor(e);
    expect(d.j.diagnosis).toEqual([]);
    expect(d.j.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(d.code).toBe(0);
    // the keepalive probe really reached the receiver, with a probe id
    expect(good.requests.some((r) => r.path.endsWith('/on_server_keepalive') && r.body.includes('zlm-doctor-probe'))).toBe(true);
  });

  it('hooks to a closed port', async () => {
    const port = await closedPort();
    const e = await start(configFor(`http://127.0.0.1:${port}`));
    const d = await doctor(e);
    expect(d.first?.title).toMatch(/nothing listens/);
    expect(d.first?.keys).toContain('hook.on_server_keepalive');
    expect(d.code).toBe(1);
  });

  it('hooks to a slow receiver', async () => {
    const slow = await receiver('slow');
    const e = await start(configFor(slow.url, { 'hook.timeoutSec': '1' }));
    const d = await doctor(e);
    // the message names what was really waited, not hook.timeoutSec as if the probe had waited that long
    expect(d.first?.title).toMatch(/accepts connections but did not answer within \d+ ms .*hook\.timeoutSec = 1 s/);
    expect(d.first?.keys).toEqual(expect.arrayContaining(['hook.on_play', 'hook.on_publish', 'hook.on_server_keepalive']));
  });

  it('a hook receiver that answers non-JSON or code -1', async () => {
    for (const kind of ['nonjson', 'code-1'] as const) {
      const r = await receiver(kind);
      const e = await start(configFor(r.url));
      const d = await doctor(e);
      expect(d.first?.title, kind).toMatch(kind === 'nonjson' ? /not as a hook endpoint/ : /refuses: code -1/);
    }
  });

  it('wrong secret', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url));
    const r = await runCli(['doctor', '--format', 'json', '--api', e.sim.base, '--secret', 'not-the-secret', '--config', e.config, '--log-dir', e.logDir]);
    const j = JSON.parse(r.stdout);
    expect(j.diagnosis[0].keys, JSON.stringify(j, null, 1)).toContain('api.secret');
    expect(r.stdout).not.toContain('not-the-secret');
    expect(r.stdout).not.toContain(SECRET);
  });

  it('an IP not in allow_ip_range', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url), { clientIp: '203.0.113.9' });
    const d = await doctor(e);
    expect(d.first?.keys).toContain('http.allow_ip_range');
  });

  it('mediaServerId differs from WVP media.id', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url));
    const yml = join(e.dir, 'application.yml');
    writeFileSync(
      yml,
      `server:\n  port: ${good.port}\nsip:\n  ip: 127.0.0.1\nmedia:\n  id: gb-media-01\n  ip: 127.0.0.1\n  hook-ip: 127.0.0.1\n  http-port: ${e.sim.port}\n  secret: ${SECRET}\n  rtp:\n    enable: false\n`,
    );
    const d = await doctor(e, ['--wvp', yml]);
    expect(d.first?.keys).toContain('general.mediaServerId');
  });

  it('a configured port held by another process', async () => {
    const good = await receiver('good');
    // another real process holds the port
    const blocker = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>process.exit(0),20000)"]);
    cleanup.push(async () => {
      blocker.kill();
    });
    const taken = await new Promise<number>((resolve, reject) => {
      blocker.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      blocker.once('error', reject);
      setTimeout(() => reject(new Error('blocker did not start')), 5000);
    });
    const e = await start(configFor(good.url, { 'rtsp.port': String(taken) }));
    const d = await doctor(e);
    expect(d.first?.keys).toEqual(['rtsp.port']);
    expect(d.first?.title).toMatch(/held by another process/);
  });

  it('the file edited without a reload', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url));
    writeFileSync(e.config, IniDocument.parse(readFileSync(e.config, 'utf8')).set('general.flowThreshold', '4096').text);
    const d = await doctor(e);
    expect(d.first?.title).toMatch(/edited but not reloaded/);
    expect(d.first?.keys).toEqual(['general.flowThreshold']);
  });

  it('a startup-only key changed and not restarted', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url));
    e.sim.setConfig({ 'http.port': String(e.sim.port + 1) }); // setServerConfig: stored and dumped, not applied
    const d = await doctor(e);
    // no MediaServer process holds the API port here (the simulator does): a port mapping looks the same,
    // so this is a guess, marked as one, never stated as the cause
    expect(d.first?.title).toMatch(/a port mapping or proxy \(fine\), or http\.port changed without a restart/);
    expect((d.first as { guess?: boolean } | undefined)?.guess).toBe(true);
    expect(d.first?.keys).toContain('http.port');
  });

  it('hooks enabled after start: the keepalive timer never started', async () => {
    const good = await receiver('good');
    const e = await start(configFor(good.url, { 'hook.enable': '0' }));
    e.sim.setConfig({ 'hook.enable': '1' });
    const d = await doctor(e);
    expect(d.first?.title).toMatch(/keepalive timer never started/);
  });
});
