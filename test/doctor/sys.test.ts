/**
 * Checks run through an injected system (src/doctor/sys.ts): a fixture /proc,
 * a fake API transport and a fake hook probe. No process is started and no
 * socket is opened, so what this machine runs cannot change the answer.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../../src/doctor/run.ts';
import { systemSys, type DoctorSys } from '../../src/doctor/sys.ts';
import type { DoctorOptions } from '../../src/doctor/options.ts';
import type { DoctorCheck } from '../../src/doctor/types.ts';
import type { ProbeOptions, ProbeResult } from '../../src/doctor/probe.ts';
import { DOCTOR_CHECKS } from '../../src/doctor/registry.ts';
import { check as processCheck } from '../../src/doctor/checks/process.ts';
import { check as apiCheck } from '../../src/doctor/checks/api.ts';
import { check as hooksCheck } from '../../src/doctor/checks/hooks.ts';
import { check as driftCheck } from '../../src/doctor/checks/drift.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zd-sys-'));
  dirs.push(d);
  return d;
}

/** A procfs tree with one MediaServer (pid 4242, started 500 s after boot, up 1000 s: running for 500 s). */
function fakeProc(config = '/opt/zlm/conf/config.ini'): { procRoot: string; passwd: string; clkTck: number } {
  const root = tempDir();
  const proc = join(root, 'proc');
  const p = join(proc, '4242');
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, 'comm'), 'MediaServer\n');
  writeFileSync(join(p, 'cmdline'), `/opt/zlm/MediaServer\0-c\0${config}\0`);
  writeFileSync(join(p, 'stat'), '4242 (MediaServer) S 1 4242 4242 0 -1 4194560 1234 0 0 0 10 5 0 0 20 0 3 0 50000 123456789 2345 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 0 0 0 0 0 0\n');
  writeFileSync(join(p, 'status'), 'Name:\tMediaServer\nState:\tS (sleeping)\nPid:\t4242\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n');
  writeFileSync(join(proc, 'uptime'), '1000.00 1800.00\n');
  const passwd = join(root, 'passwd');
  writeFileSync(passwd, 'zlm:x:1000:1000::/opt/zlm:/bin/sh\n');
  return { procRoot: proc, passwd, clkTck: 100 };
}

/** A transport that answers like ZLM's HTTP API, and records what was asked. */
function fakeApi(answer: (api: string) => unknown): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const f = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    urls.push(url);
    const api = new URL(url).pathname.replace('/index/api/', '');
    return new Response(JSON.stringify(answer(api)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetch: f, urls };
}

/** No socket anywhere: a probe that must not be called, and a /proc with nothing in it. */
const noProbe = (url: string): Promise<ProbeResult> => Promise.reject(new Error(`unexpected probe of ${url}`));

const API = 'http://127.0.0.1:9';
const options = (over: Partial<DoctorOptions> = {}): DoctorOptions => ({ active: false, timeoutMs: 3000, probeTimeoutMs: 1000, env: {}, ...over });

async function one(check: DoctorCheck, sys: Partial<DoctorSys>, over: Partial<DoctorOptions> = {}) {
  const r = await runDoctor([check], options(over), 'en', undefined, systemSys({ fetch: fakeApi(() => ({ code: -1 })).fetch, probe: noProbe, ...sys }));
  return { result: r.results[0]!, diagnosis: r.diagnosis };
}

describe('doctor checks through an injected system', () => {
  it('process: finds the MediaServer of a fixture /proc (ok), and none in an empty one (fail)', async () => {
    const ok = await one(processCheck, fakeProc());
    expect(ok.result.status).toBe('ok');
    expect(ok.result.message).toBe('pid 4242 (single), up 500s');
    expect(ok.result.details.join('\n')).toMatch(/user zlm .*-c \/opt\/zlm\/conf\/config\.ini → config \/opt\/zlm\/conf\/config\.ini/);

    const empty = tempDir();
    const none = await one(processCheck, { procRoot: empty, passwd: join(empty, 'passwd') });
    expect(none.result.status).toBe('fail');
    expect(none.diagnosis.map((d) => d.title)).toEqual(['MediaServer is not running']);
  });

  it('api: a fake transport answering getServerConfig (ok) and refusing the secret with -100 (fail, auth)', async () => {
    const empty = tempDir();
    const good = fakeApi(() => ({ code: 0, data: [{ 'api.secret': 'x', 'http.port': '9', 'hook.enable': '0' }] }));
    const ok = await one(apiCheck, { procRoot: empty, fetch: good.fetch }, { api: API, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    expect(ok.result.status).toBe('ok');
    expect(ok.result.message).toMatch(/^http:\/\/127\.0\.0\.1:9 answers getServerConfig \(3 keys, \d+ ms\)$/);
    expect(good.urls).toHaveLength(1);
    expect(good.urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:9\/index\/api\/getServerConfig\?/);

    const bad = fakeApi(() => ({ code: -100, msg: 'Incorrect secret' }));
    const fail = await one(apiCheck, { procRoot: empty, fetch: bad.fetch }, { api: API, secret: 'wrong-secret-wrong-secret-wrong' });
    expect(fail.result.status).toBe('fail');
    expect(fail.diagnosis).toHaveLength(1);
    expect(fail.diagnosis[0]!.keys).toEqual(['api.secret']);
    expect(fail.diagnosis[0]!.title).toMatch(/secret/i);
  });

  it('hooks: the running config from a fake API, the keepalive sent for real to a fake probe that is refused (fail)', async () => {
    const empty = tempDir();
    const hook = 'http://127.0.0.1:18080/index/hook/on_server_keepalive';
    const api = fakeApi(() => ({ code: 0, data: [{ 'hook.enable': '1', 'hook.on_server_keepalive': hook, 'hook.timeoutSec': '10', 'http.port': '9' }] }));
    const asked: { url: string; opts: ProbeOptions }[] = [];
    const probe = async (url: string, opts: ProbeOptions): Promise<ProbeResult> => {
      asked.push({ url, opts });
      return { url, ok: false, failure: 'refused', detail: 'ECONNREFUSED', phases: { dnsMs: 0, totalMs: 1 }, phase: 'connect', budgetMs: opts.timeoutMs };
    };
    const { result, diagnosis } = await one(hooksCheck, { procRoot: empty, fetch: api.fetch, probe }, { api: API, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    expect(asked.map((a) => a.url)).toEqual([hook]);
    expect(asked[0]!.opts.body).toBeDefined();
    expect(asked[0]!.opts.expectCodeZero).toBe(true);
    expect(result.status).toBe('fail');
    expect(diagnosis[0]!.title).toBe('Hooks cannot reach 127.0.0.1:18080: nothing listens there (on_server_keepalive)');
    expect(diagnosis[0]!.keys).toContain('hook.on_server_keepalive');
  });

  it('hooks: silence shorter than ZLM would wait (and under 3 s) is a guess, not a hung receiver; a full wait is', async () => {
    const empty = tempDir();
    const hook = 'http://127.0.0.1:18080/index/hook/on_server_keepalive';
    const api = fakeApi(() => ({ code: 0, data: [{ 'hook.enable': '1', 'hook.on_server_keepalive': hook, 'hook.timeoutSec': '3', 'http.port': '9' }] }));
    // the probe waits what it is given, and nothing answers in that time
    const silent = (budget: number) => async (url: string): Promise<ProbeResult> => ({ url, ok: false, failure: 'timeout', phases: { dnsMs: 0, connectMs: 1, totalMs: budget }, phase: 'response', budgetMs: budget });
    const run = (budget: number) => one(hooksCheck, { procRoot: empty, fetch: api.fetch, probe: silent(budget) }, { api: API, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE', probeTimeoutMs: budget });
    // --timeout 1: the doctor could wait 300 ms; ZLM waits 3 s: a receiver answering in 600 ms is fine for ZLM
    const short = await run(300);
    expect(short.result.status).toBe('warn');
    expect(short.diagnosis).toHaveLength(1);
    expect(short.diagnosis[0]!.guess).toBe(true);
    expect(short.diagnosis[0]!.title).toBe('Hook receiver 127.0.0.1:18080 did not answer within the 300 ms the doctor could wait (on_server_keepalive; ZLM waits hook.timeoutSec = 3 s): slow or hung');
    expect(short.diagnosis[0]!.fix).toMatch(/--timeout 4s/);
    // the doctor waited as long as ZLM does: hung
    const full = await run(3500);
    expect(full.result.status).toBe('fail');
    expect(full.diagnosis[0]!.guess).toBeUndefined();
    expect(full.diagnosis[0]!.title).toMatch(/^Hook receiver 127\.0\.0\.1:18080 accepts connections but did not answer within 3500 ms/);
  });

  it('hooks: a hook that reaches another ZLMediaKit (its Server header) answers, and is still no hook receiver', async () => {
    const empty = tempDir();
    const other = 'http://127.0.0.1:28080/index/hook/on_play';
    const api = fakeApi(() => ({ code: 0, data: [{ 'hook.enable': '1', 'hook.on_play': other, 'hook.timeoutSec': '3', 'http.port': '9' }] }));
    // what a real MediaServer answers a GET of a hook path: 404 from its file server, and its Server header
    const zlm = async (url: string): Promise<ProbeResult> => ({ url, ok: true, status: 404, server: 'ZLMediaKit(git hash:fdaec26/2026-08-21T13:22:38+08:00,branch:,build time:2026-12-01T13:06:30)', phases: { dnsMs: 0, connectMs: 1, firstByteMs: 2, totalMs: 2 }, budgetMs: 1000 });
    const { result, diagnosis } = await one(hooksCheck, { procRoot: empty, fetch: api.fetch, probe: zlm }, { api: API, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    expect(result.status).toBe('fail');
    expect(result.details[0]).toMatch(/^on_play → http:\/\/127\.0\.0\.1:28080\/index\/hook\/on_play: a ZLMediaKit server answers HTTP 404: no hook receiver/);
    expect(diagnosis[0]!.title).toBe('Hooks point at another ZLMediaKit server (127.0.0.1:28080): it answers, but it is no hook receiver (on_play)');
    expect(diagnosis[0]!.keys).toEqual(['hook.on_play']);
  });

  it('drift: the injected clock decides whether the file was edited after the server started', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.ini');
    writeFileSync(config, '[rtsp]\nport=554\n');
    const api = fakeApi(() => ({ code: 0, data: [{ 'rtsp.port': '1554' }] }));
    const run = (now: number) => one(driftCheck, { ...fakeProc(config), fetch: api.fetch, now: () => now }, { api: API, config, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    // now: the server started 500 s ago, before the file was written: a restart is needed
    const edited = await run(Date.now());
    expect(edited.result.status).toBe('fail');
    expect(edited.result.details).toEqual(['rtsp.port: file "554", running "1554" → restart-needed']);
    // a day later by the injected clock, the server started after the file was written: set at runtime
    const later = await run(Date.now() + 86_400_000);
    expect(later.result.status).toBe('warn');
    expect(later.result.details).toEqual(['rtsp.port: file "554", running "1554" → changed-at-runtime']);
  });

  it('drift: a server tied by a port or assumed that reads another file: two files differ, no restart is claimed', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.ini');
    writeFileSync(config, '[rtsp]\nport=554\n');
    const api = fakeApi(() => ({ code: 0, data: [{ 'rtsp.port': '1554' }] }));
    // the only MediaServer here reads /opt/zlm/conf/config.ini, not the file given
    const r = await one(driftCheck, { ...fakeProc(), fetch: api.fetch, now: () => Date.now() }, { api: API, config, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    expect(r.result.status).toBe('warn');
    expect(r.result.message).toBe(`1 key(s) differ from ${config}, which the running server does not read (pid 4242 reads /opt/zlm/conf/config.ini)`);
    expect(r.diagnosis.map((d) => d.title)).toEqual([`${config} is not the file the running MediaServer reads (pid 4242 reads /opt/zlm/conf/config.ini): 1 key(s) differ`]);
    expect(r.diagnosis[0]!.evidence).toContain(`rtsp.port: ${config} "554", running "1554"`);
  });

  it('drift: MediaServers run here but none can be tied to the file: a missed restart is only a guess', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.ini');
    writeFileSync(config, '[rtsp]\nport=554\n');
    const sys = fakeProc();
    // a second server: with two, neither is assumed to be the one behind --config and --api
    const p2 = join(sys.procRoot, '4343');
    mkdirSync(p2);
    writeFileSync(join(p2, 'comm'), 'MediaServer\n');
    writeFileSync(join(p2, 'cmdline'), '/opt/zlm2/MediaServer\0-c\0/opt/zlm2/config.ini\0');
    writeFileSync(join(p2, 'stat'), '4343 (MediaServer) S 1 4343 4343 0 -1 4194560 1234 0 0 0 10 5 0 0 20 0 3 0 50000 123456789 2345 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 0 0 0 0 0 0\n');
    writeFileSync(join(p2, 'status'), 'Name:\tMediaServer\nState:\tS (sleeping)\nPid:\t4343\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n');
    const api = fakeApi(() => ({ code: 0, data: [{ 'rtsp.port': '1554' }] }));
    const r = await one(driftCheck, { ...sys, fetch: api.fetch }, { api: API, config, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    expect(r.diagnosis).toHaveLength(1);
    expect(r.diagnosis[0]!.title).toBe('Startup-only settings changed without a restart: rtsp.port');
    expect(r.diagnosis[0]!.guess).toBe(true);
    expect(r.diagnosis[0]!.evidence.join('\n')).toMatch(/none could be tied to/);
  });

  it('drift: a key the file lacks, running with another value than the catalogue default, is only a guess (the API, or this build\'s own default)', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.ini');
    writeFileSync(config, '[rtsp]\nport=554\n');
    // a real build answers ffmpeg.bin=ffmpeg for a file without it, where the catalogue says /usr/bin/ffmpeg
    const api = fakeApi(() => ({ code: 0, data: [{ 'rtsp.port': '554', 'ffmpeg.bin': 'ffmpeg' }] }));
    const r = await one(driftCheck, { ...fakeProc(config), fetch: api.fetch, now: () => Date.now() }, { api: API, config, secret: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE' });
    expect(r.result.status).toBe('warn');
    expect(r.diagnosis).toHaveLength(1);
    expect(r.diagnosis[0]!.keys).toEqual(['ffmpeg.bin']);
    expect(r.diagnosis[0]!.guess).toBe(true);
  });

  it('the list is the order: results come back in DOCTOR_CHECKS order, whichever finishes first', async () => {
    const slow: DoctorCheck = { id: 'slow', title: { en: 'Slow', zh: '慢' }, run: () => new Promise((r) => setTimeout(() => r({ status: 'ok', message: 'late' }), 50)) };
    const fast: DoctorCheck = { id: 'fast', title: { en: 'Fast', zh: '快' }, run: () => Promise.resolve({ status: 'ok', message: 'early' }) };
    const r = await runDoctor([slow, fast], options(), 'en', undefined, systemSys({ procRoot: tempDir(), probe: noProbe }));
    expect(r.results.map((x) => x.id)).toEqual(['slow', 'fast']);
    expect(DOCTOR_CHECKS.map((c) => c.id)).toEqual(['process', 'config', 'api', 'listeners', 'drift', 'keepalive', 'hooks', 'logs']);
  });
});
