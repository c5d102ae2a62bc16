/**
 * Which MediaServer the doctor examines when several (or one stranger) run on
 * the machine, on a fixture /proc: the one that reads --config, else the one
 * holding the config's http.port (or the local API port), else the only one
 * (said to be assumed), else none, said plainly. Nothing here depends on what
 * this machine runs.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../../src/doctor/run.ts';
import { systemSys } from '../../src/doctor/sys.ts';
import type { DoctorOptions } from '../../src/doctor/options.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { check as processCheck } from '../../src/doctor/checks/process.ts';
import { check as listenersCheck } from '../../src/doctor/checks/listeners.ts';
import { check as logsCheck } from '../../src/doctor/checks/logs.ts';
import { chooseServer, reachableOnLoopback } from '../../src/doctor/select-server.ts';
import type { ProbeResult } from '../../src/doctor/probe.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zd-choice-'));
  dirs.push(d);
  return d;
}

interface FakeProc {
  pid: number;
  ppid?: number;
  comm?: string;
  argv: string[];
  /** listening sockets it holds: [address, port] (TCP) */
  listens?: [string, number][];
}

/** `0100007F:1F90` for 127.0.0.1:8080 (little-endian host). */
function hexEndpoint(address: string, port: number): string {
  const ip = address
    .split('.')
    .map((b) => Number(b).toString(16).toUpperCase().padStart(2, '0'))
    .reverse()
    .join('');
  return `${ip}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A procfs tree with these processes (up 1000 s, each started 500 s after boot) and their TCP listeners. */
function fakeProc(procs: FakeProc[]): { procRoot: string; passwd: string; clkTck: number } {
  const root = tempDir();
  const proc = join(root, 'proc');
  mkdirSync(join(proc, 'net'), { recursive: true });
  const lines = ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'];
  let inode = 30000;
  for (const p of procs) {
    const dir = join(proc, String(p.pid));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    const comm = p.comm ?? 'MediaServer';
    writeFileSync(join(dir, 'comm'), `${comm}\n`);
    writeFileSync(join(dir, 'cmdline'), p.argv.map((a) => `${a}\0`).join(''));
    writeFileSync(join(dir, 'stat'), `${p.pid} (${comm}) S ${p.ppid ?? 1} ${p.pid} ${p.pid} 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 4 0 50000 123456789 2345 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 0 0 0 0 0 0\n`);
    writeFileSync(join(dir, 'status'), `Name:\t${comm}\nPPid:\t${p.ppid ?? 1}\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n`);
    (p.listens ?? []).forEach(([address, port], i) => {
      inode++;
      lines.push(`   ${lines.length - 1}: ${hexEndpoint(address, port)} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 ${inode} 1 0000000000000000 100 0 0 10 0`);
      symlinkSync(`socket:[${inode}]`, join(dir, 'fd', String(i + 3)));
    });
  }
  writeFileSync(join(proc, 'net', 'tcp'), lines.join('\n') + '\n');
  writeFileSync(join(proc, 'uptime'), '1000.00 1800.00\n');
  const passwd = join(root, 'passwd');
  writeFileSync(passwd, 'zlm:x:1000:1000::/opt/zlm:/bin/sh\n');
  return { procRoot: proc, passwd, clkTck: 100 };
}

/** A config.ini in its own directory: http.port 18080, rtsp 18554, everything else off. */
function configFile(extra = ''): string {
  const d = tempDir();
  const f = join(d, 'config.ini');
  writeFileSync(f, `[api]\nsecret=Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE\n[http]\nport=18080\nsslport=0\n[rtsp]\nport=18554\nsslport=0\n[rtmp]\nport=0\nsslport=0\n[rtp_proxy]\nport=0\n[shell]\nport=0\n[rtc]\nport=0\ntcpPort=0\nsignalingPort=0\nicePort=0\n[srt]\nport=0\n[onvif]\nport=0\n${extra}`);
  return f;
}

const refused = (async () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}) as unknown as typeof fetch;
const noProbe = (url: string): Promise<ProbeResult> => Promise.reject(new Error(`unexpected probe of ${url}`));

async function doctor(proc: ReturnType<typeof fakeProc>, over: Partial<DoctorOptions>, lang: Lang = 'en') {
  const options: DoctorOptions = { active: false, timeoutMs: 3000, probeTimeoutMs: 500, env: {}, ...over };
  const r = await runDoctor([processCheck, listenersCheck, logsCheck], options, lang, undefined, systemSys({ ...proc, fetch: refused, probe: noProbe }));
  const get = (id: string) => r.results.find((x) => x.id === id)!;
  return { process: get('process'), listeners: get('listeners'), logs: get('logs'), diagnosis: r.diagnosis, facts: r.facts };
}

const ms = (pid: number, config: string, extra: Partial<FakeProc> = {}): FakeProc => ({ pid, argv: ['/opt/zlm/MediaServer', '-c', config, '--log-dir', `/var/log/zlm-${pid}`], ...extra });

describe('which MediaServer the doctor examines', () => {
  it('two servers, one reads --config: that one (also through a symlink to the same file)', async () => {
    const config = configFile();
    const proc = fakeProc([ms(100, '/srv/other/config.ini', { listens: [['0.0.0.0', 28080]] }), ms(200, config, { listens: [['0.0.0.0', 18080]] })]);
    const r = await doctor(proc, { config });
    expect(r.process.status).toBe('ok');
    expect(r.process.message).toBe('pid 200 (single), up 500s');
    expect((await r.facts.choice()).how).toBe('config');
    expect(r.listeners.details.join('\n')).toMatch(/http\.port=18080\/tcp: ours \(pid 200/);

    const link = join(tempDir(), 'link.ini');
    symlinkSync(config, link);
    const viaLink = await doctor(fakeProc([ms(100, '/srv/other/config.ini'), ms(200, link)]), { config });
    expect(viaLink.process.message).toBe('pid 200 (single), up 500s');
  });

  it('reading --config: the worker under its -d watchdog', async () => {
    const config = configFile();
    const argv = ['/opt/zlm/MediaServer', '-d', '-c', config];
    const r = await doctor(fakeProc([ms(100, '/srv/other/config.ini'), { pid: 300, argv }, { pid: 301, ppid: 300, argv }]), { config });
    expect(r.process.message).toMatch(/^pid 301 \(worker\)/);
  });

  it('two servers, one holds the config\'s http.port (a copied config): that one', async () => {
    const config = configFile();
    const proc = fakeProc([ms(100, '/srv/a/config.ini', { listens: [['0.0.0.0', 28080]] }), ms(200, '/srv/b/config.ini', { listens: [['127.0.0.1', 18080], ['0.0.0.0', 18554]] })]);
    const r = await doctor(proc, { config });
    expect(r.process.status).toBe('ok');
    expect(r.process.message).toBe('pid 200 (single), up 500s');
    expect((await r.facts.choice()).how).toBe('http-port');
    expect(r.listeners.status).toBe('ok');
    expect(r.logs.message).toMatch(/zlm-200/);
  });

  it('two servers, neither reads --config nor holds its port: none, said plainly, and no stranger is reported ok', async () => {
    const config = configFile();
    const proc = fakeProc([ms(100, '/srv/a/config.ini', { listens: [['0.0.0.0', 28080]] }), ms(200, '/srv/b/config.ini', { listens: [['0.0.0.0', 38080]] })]);
    const r = await doctor(proc, { config });
    expect(r.process.status).toBe('warn');
    expect(r.process.message).toBe(`2 MediaServers run on this machine (pid 100 (/srv/a/config.ini), pid 200 (/srv/b/config.ini)) and none of them reads ${config} or holds its port (http.port 18080): none was examined`);
    expect(r.process.message).not.toMatch(/no local MediaServer|not running/);
    expect(r.process.fix).toMatch(/--config/);
    expect(await r.facts.worker()).toBeUndefined();
    // nothing listens on this config's ports: said so, not blamed on a restart of somebody else's server
    expect(r.listeners.status).toBe('fail');
    expect(r.diagnosis.map((d) => d.title).join('\n')).toMatch(/Nothing listens on any configured port/);
    // neither server's log directory is read
    expect(r.logs.message).not.toMatch(/zlm-100|zlm-200/);
    const zh = await doctor(proc, { config }, 'zh');
    expect(zh.process.message).toMatch(/^本机运行着 2 个 MediaServer（pid 100 .*没有一个读取 .*或占用其端口.*均未检查$/);
  });

  it('one server, a copied config: that one, with the assumption stated (en and zh)', async () => {
    const config = configFile();
    const proc = fakeProc([ms(100, '/opt/zlm/conf/config.ini')]);
    const r = await doctor(proc, { config });
    expect(r.process.status).toBe('ok');
    expect(r.process.message).toBe('pid 100 (single), up 500s; the only MediaServer running here (pid 100) is assumed to be the one this config belongs to (it reads /opt/zlm/conf/config.ini)');
    expect(r.process.details).toContain('the only MediaServer running here (pid 100) is assumed to be the one this config belongs to (it reads /opt/zlm/conf/config.ini)');
    expect(r.logs.message).toMatch(/the log directory of pid 100: the only MediaServer running here \(pid 100\) is assumed/);
    const zh = await doctor(proc, { config }, 'zh');
    expect(zh.process.message).toBe('pid 100 (single), up 500s；假定本机唯一运行的 MediaServer（pid 100）就是此配置对应的服务（它读取的是 /opt/zlm/conf/config.ini）');

    // a -d watchdog and its worker are one server: its worker, assumed
    const argv = ['/opt/zlm/MediaServer', '-d'];
    const d = await doctor(fakeProc([{ pid: 300, argv }, { pid: 301, ppid: 300, argv }]), { config });
    expect(d.process.message).toMatch(/^pid 301 \(worker\), up 500s; the only MediaServer running here \(pid 301\) is assumed/);
  });

  it('one server that is plainly another: it listens on other ports, or another process holds this config\'s http.port', async () => {
    const config = configFile();
    const other = await doctor(fakeProc([ms(100, '/opt/zlm/conf/config.ini', { listens: [['0.0.0.0', 28080], ['0.0.0.0', 28554]] })]), { config });
    expect(other.process.status).toBe('warn');
    expect(other.process.message).toBe('the only MediaServer running here (pid 100 (/opt/zlm/conf/config.ini)) listens on 28080, 28554, none of them a port this config sets: it is another server, not examined');
    expect(other.listeners.status).toBe('fail');

    const held = await doctor(fakeProc([ms(100, '/opt/zlm/conf/config.ini'), { pid: 400, comm: 'nginx', argv: ['nginx'], listens: [['0.0.0.0', 18080]] }]), { config });
    expect(held.process.status).toBe('warn');
    expect(held.process.message).toBe('pid 400 (nginx) holds this config\'s http.port 18080, not the MediaServer running here (pid 100 (/opt/zlm/conf/config.ini)): that one is another server, not examined');

    // a port forwarder in front of a container is not a rival: still the only one, assumed
    const fwd = await doctor(fakeProc([ms(100, '/opt/zlm/conf/config.ini'), { pid: 400, comm: 'docker-proxy', argv: ['docker-proxy'], listens: [['0.0.0.0', 18080]] }]), { config });
    expect(fwd.process.status).toBe('ok');
    expect(fwd.process.message).toMatch(/is assumed to be the one this config belongs to/);
  });

  it('with a local --api: the one that holds its port; several and none holding it: none', async () => {
    const api = 'http://127.0.0.1:18090';
    const proc = fakeProc([ms(100, '/srv/a/config.ini', { listens: [['0.0.0.0', 28080]] }), ms(200, '/srv/b/config.ini', { listens: [['0.0.0.0', 18090]] })]);
    const r = await doctor(proc, { api });
    expect(r.process.message).toBe('pid 200 (single), up 500s');
    const none = await doctor(fakeProc([ms(100, '/srv/a/config.ini'), ms(200, '/srv/b/config.ini')]), { api });
    expect(none.process.status).toBe('warn');
    expect(none.process.message).toMatch(/^2 MediaServers run on this machine .* none of them holds the API port \(the API port 18090\): none was examined$/);
  });

  it('without --config or --api: the only one, without an assumption note; several: none', async () => {
    const one = await doctor(fakeProc([ms(100, '/srv/a/config.ini')]), {});
    expect(one.process.message).toBe('pid 100 (single), up 500s');
    const two = await doctor(fakeProc([ms(100, '/srv/a/config.ini'), ms(200, '/srv/b/config.ini')]), {});
    expect(two.process.status).toBe('warn');
    expect(two.process.message).toBe('2 MediaServers run on this machine (pid 100 (/srv/a/config.ini), pid 200 (/srv/b/config.ini)): which one to examine is not known');
  });

  it('a remote --api: local servers are matched by the config only, never assumed', () => {
    const s = { pid: 1, role: 'single' } as Parameters<typeof chooseServer>[0]['servers'][number];
    const c = chooseServer({ servers: [s], sockets: () => [], api: { port: 80, local: false }, isForwarder: () => false });
    expect(c.server).toBeUndefined();
    expect(c.why).toBe('remote-api');
    expect(['127.0.0.1', '0.0.0.0', '::', '::1', '::ffff:127.0.0.1', '::ffff:0.0.0.0'].every(reachableOnLoopback)).toBe(true);
    expect(['192.168.1.10', 'fe80::1', '::ffff:10.0.0.1'].some(reachableOnLoopback)).toBe(false);
  });
});
