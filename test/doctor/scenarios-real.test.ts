/**
 * The doctor's root-cause scenarios (scenarios.test.ts runs them against the
 * simulator) against the real MediaServer: copied into a temp dir, 127.0.0.1,
 * free ports, TLS/shell/rtc/srt off. Skipped with one line without it.
 */
import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReceiver, closedPort, type Receiver } from '../support/hook-receivers.ts';
import { runCli } from '../support/cli.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, startRealZlm, REAL_SECRET, type RealZlm } from '../support/zlm-sim/real.ts';
import { IniDocument } from '../../src/ini/document.ts';

const WVP_HOOKS = ['on_play', 'on_publish', 'on_server_started', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_server_keepalive', 'on_send_rtp_stopped', 'on_rtp_server_timeout', 'on_record_mp4'];

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function configFor(hookBase: string, extra: Record<string, string> = {}): Promise<string> {
  return realConfig(await freePort(), {
    'general.mediaServerId': 'zlm-test-01',
    'hook.enable': '1',
    'hook.timeoutSec': '2',
    'hook.retry': '0',
    ...Object.fromEntries(['on_flow_report', 'on_http_access', 'on_record_ts', 'on_rtsp_auth', 'on_rtsp_realm', 'on_shell_login', 'on_server_exited'].map((h) => [`hook.${h}`, ''])),
    ...Object.fromEntries(WVP_HOOKS.map((h) => [`hook.${h}`, `${hookBase}/index/hook/${h}`])),
    ...extra,
  });
}

async function zlm(text: string): Promise<RealZlm> {
  const z = await startRealZlm(text);
  cleanup.push(() => z.close());
  return z;
}

async function receiver(kind: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(kind);
  cleanup.push(() => r.close());
  return r;
}

type Report = { diagnosis: { title: string; keys: string[]; guess?: boolean }[]; checks: { id: string; status: string; message: string }[] };

async function doctor(z: RealZlm, extra: string[] = []) {
  const r = await runCli(['doctor', '--format', 'json', '--api', z.base, '--secret', REAL_SECRET, '--config', z.config, '--log-dir', z.logDir, '--timeout', '8s', ...extra]);
  expect(r.code, r.stderr).not.toBe(2);
  const j = JSON.parse(r.stdout) as Report;
  return { ...r, j, first: j.diagnosis[0], dump: JSON.stringify(j, null, 1) };
}

async function api(z: RealZlm, name: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const q = new URLSearchParams({ secret: REAL_SECRET, ...params });
  return (await (await fetch(`${z.base}/index/api/${name}?${q}`, { signal: AbortSignal.timeout(5000) })).json()) as Record<string, unknown>;
}

const bin = mediaServerPath();
(bin ? describe : describe.skip)(`doctor against the real MediaServer: root cause first${bin ? '' : ' (skipped: no MediaServer; set ZLM_MEDIASERVER or provide ../shared/zlm/MediaServer)'}`, () => {
  beforeAll(async () => {
    // load the doctor's modules once, outside every --timeout
    await runCli(['doctor', '--format', 'json', '--api', 'http://127.0.0.1:9', '--timeout', '300ms']);
  }, 30_000);

  it('a healthy server gives no false alarm', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url));
    const d = await doctor(z);
    expect(d.j.checks.filter((c) => c.status === 'fail' || c.status === 'crash'), d.dump).toEqual([]);
    expect(d.j.diagnosis.filter((x) => !x.guess), d.dump).toEqual([]);
    expect(d.j.checks.find((c) => c.id === 'process')?.status).toBe('ok');
    expect(d.j.checks.find((c) => c.id === 'listeners')?.status).toBe('ok');
    expect(good.requests.some((r) => r.path.endsWith('/on_server_keepalive') && r.body.includes('zlm-doctor-probe'))).toBe(true);
  }, 30_000);

  it('hooks to a closed port', async () => {
    const z = await zlm(await configFor(`http://127.0.0.1:${await closedPort()}`));
    const d = await doctor(z);
    expect(d.first?.title, d.dump).toMatch(/nothing listens/);
    expect(d.first?.keys).toContain('hook.on_server_keepalive');
    expect(d.code).toBe(1);
  }, 30_000);

  it('hooks to a slow receiver', async () => {
    const slow = await receiver('slow');
    const z = await zlm(await configFor(slow.url, { 'hook.timeoutSec': '1' }));
    const d = await doctor(z);
    expect(d.first?.title, d.dump).toMatch(/accepts connections but did not answer within \d+ ms .*hook\.timeoutSec = 1 s/);
  }, 30_000);

  it.each(['nonjson', 'code-1'] as const)('a hook receiver that answers %s', async (kind) => {
    const r = await receiver(kind);
    const z = await zlm(await configFor(r.url));
    const d = await doctor(z);
    expect(d.first?.title, d.dump).toMatch(kind === 'nonjson' ? /not as a hook endpoint/ : /refuses: code -1/);
  }, 30_000);

  it('wrong secret', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url));
    const r = await runCli(['doctor', '--format', 'json', '--api', z.base, '--secret', 'not-the-secret', '--config', z.config, '--log-dir', z.logDir, '--timeout', '8s']);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.diagnosis[0]?.keys, r.stdout).toContain('api.secret');
    expect(r.stdout).not.toContain('not-the-secret');
    expect(r.stdout).not.toContain(REAL_SECRET);
  }, 30_000);

  it('an IP not in allow_ip_range (127.0.0.1 locked out)', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url, { 'http.allow_ip_range': '127.0.0.2' }));
    const d = await doctor(z);
    expect(d.first?.keys, d.dump).toContain('http.allow_ip_range');
  }, 30_000);

  it('mediaServerId differs from WVP media.id', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url));
    const yml = join(z.dir, 'application.yml');
    writeFileSync(
      yml,
      `server:\n  port: ${good.port}\nsip:\n  ip: 127.0.0.1\nmedia:\n  id: gb-media-01\n  ip: 127.0.0.1\n  hook-ip: 127.0.0.1\n  http-port: ${z.port}\n  secret: ${REAL_SECRET}\n  rtp:\n    enable: false\n`,
    );
    const d = await doctor(z, ['--wvp', yml]);
    expect(d.first?.keys, d.dump).toContain('general.mediaServerId');
  }, 30_000);

  it('the file edited without a reload', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url));
    // an operator edits well after the start; the doctor tells edits from start-up rewrites by the time
    await new Promise((r) => setTimeout(r, 1500));
    writeFileSync(z.config, IniDocument.parse(readFileSync(z.config, 'utf8')).set('general.flowThreshold', '4096').text);
    const d = await doctor(z);
    expect(d.first?.title, d.dump).toMatch(/edited but not reloaded/);
    expect(d.first?.keys).toEqual(['general.flowThreshold']);
  }, 30_000);

  it('a startup-only key changed through the API and not restarted (confirmed by the process\'s own listeners)', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url));
    expect((await api(z, 'setServerConfig', { 'http.port': String(z.port + 1) })).code).toBe(0);
    const d = await doctor(z);
    expect(d.first?.title, d.dump).toMatch(/Startup-only settings changed without a restart/);
    expect(d.first?.keys).toContain('http.port');
    expect(d.first?.guess).toBeUndefined();
  }, 30_000);

  it('hooks enabled after start: the keepalive timer never started', async () => {
    const good = await receiver('good');
    const z = await zlm(await configFor(good.url, { 'hook.enable': '0' }));
    expect((await api(z, 'setServerConfig', { 'hook.enable': '1' })).code).toBe(0);
    const d = await doctor(z);
    expect(d.first?.title, d.dump).toMatch(/keepalive timer never started/);
  }, 30_000);
});
