/**
 * No false ✓ (issue 8 item 4): each case here once printed ✓ or "ok" where
 * something was wrong, or blamed the wrong thing first. All on 127.0.0.1.
 */
import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/server.ts';
import { refText } from '../support/zlm-sim/recordings.ts';
import { realConfig } from '../support/zlm-sim/real.ts';
import { startReceiver, startRawPeer, closedPort } from '../support/hook-receivers.ts';
import { runCli } from '../support/cli.ts';
import { IniDocument } from '../../src/ini/document.ts';
import { runDoctor } from '../../src/doctor/run.ts';
import { toText } from '../../src/doctor/report.ts';
import type { CheckResult, DoctorCheck } from '../../src/doctor/types.ts';

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zd-nofalse-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

type Report = { diagnosis: { title: string; keys: string[]; guess?: boolean }[]; checks: { id: string; status: string; message: string }[] };

async function doctor(args: string[]): Promise<{ code: number; j: Report; stdout: string }> {
  const r = await runCli(['doctor', '--format', 'json', '--timeout', '6s', ...args]);
  return { code: r.code, j: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}
const check = (j: Report, id: string) => j.checks.find((c) => c.id === id)!;

/** Only the log records of a recording (its prose header dropped). */
function logLines(name: string, until?: string): string {
  return refText(`logs/${name}`)
    .split('\n')
    .filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [TDIWE] /.test(l))
    .filter((l) => until === undefined || l.slice(0, 23) < until)
    .join('\n');
}

/** A simulated ZLM whose file and running config agree (http.port = its real port). */
async function sim(extra: Record<string, string>): Promise<{ s: ZlmSim; config: string }> {
  const dir = tempDir();
  const config = join(dir, 'config.ini');
  writeFileSync(config, realConfig(1, { 'api.secret': SECRET, ...extra }));
  const s = await startZlmSim({ configPath: config, logDir: join(dir, 'log') });
  cleanup.push(() => s.close());
  if (!('http.port' in extra)) {
    writeFileSync(config, IniDocument.parse(readFileSync(config, 'utf8')).set('http.port', String(s.port)).text);
    s.reload();
  }
  return { s, config };
}

function hooks(base: string, names: string[]): Record<string, string> {
  const off = ['on_flow_report', 'on_http_access', 'on_record_ts', 'on_rtsp_auth', 'on_rtsp_realm', 'on_shell_login', 'on_server_exited', 'on_server_started', 'on_record_mp4', 'on_send_rtp_stopped', 'on_rtp_server_timeout', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_play', 'on_publish', 'on_server_keepalive'];
  return { 'hook.enable': '1', ...Object.fromEntries(off.map((h) => [`hook.${h}`, ''])), ...Object.fromEntries(names.map((h) => [`hook.${h}`, `${base}/index/hook/${h}`])) };
}

describe('no false ✓', () => {
  beforeAll(async () => {
    // load the doctor's modules once, outside every --timeout
    await runCli(['doctor', '--format', 'json', '--api', 'http://127.0.0.1:9', '--timeout', '300ms']);
  }, 30_000);

  it('listeners: nothing listens on any configured port is not "✓ … 0 not up"', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'config.ini');
    const [h, r] = [await closedPort(), await closedPort()];
    writeFileSync(cfg, realConfig(h, { 'api.secret': SECRET, 'rtsp.port': String(r) }));
    const { j } = await doctor(['--config', cfg, '--log-dir', dir]);
    const l = check(j, 'listeners');
    expect(l.status, JSON.stringify(j.checks, null, 1)).toBe('fail');
    expect(l.message).toMatch(/0 up.*[1-9]\d* not listening/);
    expect(j.diagnosis.find((d) => /Nothing listens/.test(d.title))?.keys).toEqual(expect.arrayContaining(['http.port', 'rtsp.port']));
  });

  it('logs: a directory without MediaServer log files is not "✓ 0 files read"', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'MediaServer.txt'), logLines('hook-fail-closed-port.txt'));
    writeFileSync(join(dir, '2026-11-23_00.log.gz'), 'not read');
    const { j } = await doctor(['--log-dir', dir]);
    const l = check(j, 'logs');
    expect(l.status).toBe('warn');
    expect(l.message).toMatch(/no log file read.*MediaServer\.txt/);
  });

  it('hooks: a hung on_play is not "ok" in the default (non-active) mode', async () => {
    const good = await startReceiver('good');
    cleanup.push(() => good.close());
    const hung = await startRawPeer('silent');
    cleanup.push(() => hung.close());
    const { s, config } = await sim({ ...hooks(good.url, ['on_server_keepalive', 'on_publish']), 'hook.on_play': `${hung.url}/index/hook/on_play` });
    const { j } = await doctor(['--api', s.base, '--secret', SECRET, '--config', config]);
    expect(check(j, 'hooks').status).toBe('fail');
    expect(j.diagnosis[0]?.keys).toEqual(['hook.on_play']);
    expect(j.diagnosis[0]?.title).toMatch(/accepts connections but did not answer/);
    // the other hooks got a bodiless GET: nothing was published or played
    expect(good.requests.filter((q) => !q.path.endsWith('on_server_keepalive') && q.body !== '')).toEqual([]);
  });

  it('process: a 127.0.0.1 API is not "no local MediaServer process (checking the remote API only)"', async () => {
    const good = await startReceiver('good');
    cleanup.push(() => good.close());
    const { s, config } = await sim(hooks(good.url, ['on_server_keepalive']));
    const { j } = await doctor(['--api', s.base, '--secret', SECRET, '--config', config]);
    const p = check(j, 'process');
    expect(p.message).not.toMatch(/remote API only/);
    expect(p.message).toMatch(/holds the API port/);
  });

  it('the headline never says "No problem found" while a check failed or crashed', async () => {
    const base = { title: 'x', details: [], diagnoses: [], ms: 1 };
    const failed: CheckResult[] = [{ ...base, id: 'a', status: 'ok', message: 'fine' }, { ...base, id: 'b', status: 'fail', message: 'broken' }];
    expect(toText(failed, [], 'en', false, false)).not.toMatch(/No problem found/);
    expect(toText(failed, [], 'zh', false, false)).not.toMatch(/未发现问题/);
    const throwing: DoctorCheck = { id: 'boom', title: { en: 'Boom', zh: '崩' }, run: () => Promise.reject(new Error('bug')) };
    const r = await runDoctor([throwing], { active: false, timeoutMs: 1000, probeTimeoutMs: 500, env: {} }, 'en');
    expect(r.results[0]!.status).toBe('crash');
    expect(toText(r.results, r.diagnosis, 'en', false, false)).not.toMatch(/No problem found/);
    const timedOut: DoctorCheck = { id: 'slow', title: { en: 'Slow', zh: '慢' }, run: () => new Promise((res) => setTimeout(() => res({ status: 'ok', message: 'late' }), 2000)) };
    const t = await runDoctor([timedOut], { active: false, timeoutMs: 100, probeTimeoutMs: 100, env: {} }, 'en');
    expect(toText(t.results, t.diagnosis, 'en', false, false)).not.toMatch(/No problem found/);
  });

  it('an API behind a port mapping (http.port=80, answered on another port) is not ranked "restart needed" first', async () => {
    const good = await startReceiver('good');
    cleanup.push(() => good.close());
    // like a Docker ZLM published as <port>:80: file and running config both say 80
    const { s, config } = await sim({ ...hooks(good.url, ['on_server_keepalive']), 'http.port': '80' });
    s.setConfig({ 'http.port': '80' });
    const { j } = await doctor(['--api', s.base, '--secret', SECRET, '--config', config]);
    expect(j.diagnosis[0]?.title ?? '', JSON.stringify(j, null, 1)).not.toMatch(/Startup-only settings changed without a restart/);
    for (const d of j.diagnosis.filter((x) => x.keys.includes('http.port'))) expect(d.guess).toBe(true);
    expect(check(j, 'listeners').status).not.toBe('fail');
  });

  it('with --compose publishing <port>:80, a port mapping is known, not guessed', async () => {
    const good = await startReceiver('good');
    cleanup.push(() => good.close());
    const { s, config } = await sim({ ...hooks(good.url, ['on_server_keepalive']), 'http.port': '80' });
    s.setConfig({ 'http.port': '80' });
    const compose = join(tempDir(), 'docker-compose.yml');
    writeFileSync(compose, `services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n    ports:\n      - "${s.port}:80"\n`);
    const { j } = await doctor(['--api', s.base, '--secret', SECRET, '--config', config, '--compose', compose]);
    expect(j.diagnosis.filter((d) => d.keys.includes('http.port')), JSON.stringify(j, null, 1)).toEqual([]);
    expect(check(j, 'drift').status).toBe('ok');
    expect(check(j, 'drift').message).toMatch(/port mapping/);
  });

  it('evidence names the key: hook failures in the log name the hook keys holding that URL, though the receiver is up now', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '2026-11-23_00.log'), logLines('hook-fail-closed-port.txt') + '\n');
    const cfg = join(dir, 'config.ini');
    // the same URLs as in the recorded log
    writeFileSync(cfg, realConfig(await closedPort(), { 'api.secret': SECRET, ...hooks('http://127.0.0.1:18998/ok', []), 'hook.on_play': 'http://127.0.0.1:18998/ok/on_play', 'hook.on_publish': 'http://127.0.0.1:18998/ok/on_publish' }));
    const { j } = await doctor(['--config', cfg, '--log-dir', dir, '--since', '3000d']);
    const d = j.diagnosis.find((x) => /on_play/.test(x.title) || x.keys.includes('hook.on_play'));
    expect(d?.keys, JSON.stringify(j.diagnosis, null, 1)).toEqual(expect.arrayContaining(['hook.on_play', 'hook.on_publish']));
  });

  it('a session rejected by a hook names that hook (on_publish for a pusher ZLM logs as "播放器")', async () => {
    const dir = tempDir();
    // phase 1 of the recording only: on_publish denies (ZLM labels the rejected pushers "RTMP播放器")
    writeFileSync(join(dir, '2026-11-23_00.log'), logLines('hook-fail-code-nonzero.txt', '2026-11-23 19:56:41') + '\n');
    const { j } = await doctor(['--log-dir', dir, '--since', '3000d']);
    const rejected = j.diagnosis.find((x) => /disconnected because a hook failed/.test(x.title));
    expect(rejected?.keys, JSON.stringify(j.diagnosis, null, 1)).toEqual(['hook.on_publish']);
  });

  it('a hook URL that reaches ZLM itself is said to be no hook receiver', async () => {
    const good = await startReceiver('good');
    cleanup.push(() => good.close());
    const { s, config } = await sim(hooks(good.url, ['on_server_keepalive']));
    s.setConfig({ 'hook.on_play': `${s.base}/index/hook/on_play` });
    writeFileSync(config, IniDocument.parse(readFileSync(config, 'utf8')).set('hook.on_play', `${s.base}/index/hook/on_play`).text);
    const { j } = await doctor(['--api', s.base, '--secret', SECRET, '--config', config]);
    const d = j.diagnosis.find((x) => x.keys.includes('hook.on_play'));
    expect(d?.title, JSON.stringify(j.diagnosis, null, 1)).toMatch(/ZLM's own HTTP port.*no hook receiver/);
  });
});
