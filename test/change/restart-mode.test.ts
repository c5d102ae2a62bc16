/**
 * How a MediaServer runs (pure): the systemd unit or container from
 * /proc/<pid>/cgroup, the environment from /proc/<pid>/environ, the run mode;
 * and the restart's decisions that need no server (systemd through an
 * injected runner: systemctl never runs in a test).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRestartLock, lockPaths, restartServer, shellLine, type CommandResult } from '../../src/change/restart/index.ts';
import { classifyRunMode, parseCgroup, parseEnviron } from '../../src/zlm/run-mode.ts';

describe('parseCgroup', () => {
  it('cgroup v2: a system unit', () => {
    expect(parseCgroup('0::/system.slice/zlmediakit.service\n')).toEqual({ unit: 'zlmediakit.service' });
  });
  it('cgroup v1: the name=systemd hierarchy names the unit', () => {
    const t = '12:pids:/system.slice/zlm.service\n1:name=systemd:/system.slice/zlm.service\n0::/system.slice/zlm.service\n';
    expect(parseCgroup(t).unit).toBe('zlm.service');
  });
  it('a user unit, not the user manager', () => {
    expect(parseCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/zlm.service\n')).toEqual({ unit: 'zlm.service', userUnit: true, userUid: 1000 });
    expect(parseCgroup('0::/user.slice/user-1000.slice/user@1000.service/init.scope\n').unit).toBeUndefined();
  });
  it('started by hand in a login session: a scope, no unit', () => {
    expect(parseCgroup('0::/user.slice/user-0.slice/session-3.scope\n')).toEqual({ scope: 'session-3.scope' });
  });
  it('containers: docker (v1 and systemd driver), podman, containerd; a private cgroup namespace shows no id', () => {
    const id = 'a'.repeat(64);
    expect(parseCgroup(`0::/system.slice/docker-${id}.scope\n`)).toMatchObject({ containerId: id, runtime: 'docker' });
    expect(parseCgroup(`4:memory:/docker/${id}\n1:name=systemd:/docker/${id}\n`)).toMatchObject({ containerId: id, runtime: 'docker' });
    expect(parseCgroup(`0::/machine.slice/libpod-${id}.scope/container\n`)).toMatchObject({ containerId: id, runtime: 'podman' });
    expect(parseCgroup(`0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-${id}.scope\n`)).toMatchObject({ containerId: id, runtime: 'containerd' });
    expect(parseCgroup(`0::/system.slice/docker-${id}.scope\n`).unit).toBeUndefined();
    expect(parseCgroup('0::/\n')).toEqual({});
  });
});

describe('parseEnviron', () => {
  it('NUL-separated K=V, values may hold =', () => {
    expect(parseEnviron(Buffer.from('PATH=/usr/bin:/bin\0ZLM_OPT=a=b\0EMPTY=\0'))).toEqual({ PATH: '/usr/bin:/bin', ZLM_OPT: 'a=b', EMPTY: '' });
  });
});

describe('classifyRunMode', () => {
  const base = { daemon: false, container: false, cgroup: {}, topPid: 100 };
  it('a unit whose MainPID is the server: systemd', () => {
    expect(classifyRunMode({ ...base, cgroup: { unit: 'zlm.service' }, unitMainPid: 100 })).toMatchObject({ mode: 'systemd', unit: 'zlm.service' });
  });
  it('a unit whose MainPID is another process (started by hand from a service shell): not systemd', () => {
    const m = classifyRunMode({ ...base, cgroup: { unit: 'ssh.service' }, unitMainPid: 7 });
    expect(m.mode).toBe('bare');
    expect(m.strayUnit).toBe('ssh.service');
    expect(classifyRunMode({ ...base, daemon: true, cgroup: { unit: 'ssh.service' } }).mode).toBe('watchdog');
  });
  it('MainPID unknown: the unit counts only when named like the server', () => {
    expect(classifyRunMode({ ...base, cgroup: { unit: 'zlmediakit.service' } }).mode).toBe('systemd');
    expect(classifyRunMode({ ...base, cgroup: { unit: 'cron.service' } }).mode).toBe('bare');
  });
  it('a container wins; -d is the watchdog; else bare', () => {
    expect(classifyRunMode({ ...base, container: true, daemon: true, cgroup: { containerId: 'abc', unit: 'x.service' } })).toMatchObject({ mode: 'container', containerId: 'abc' });
    expect(classifyRunMode({ ...base, container: true, cgroup: {} }).mode).toBe('container');
    // a unit with PrivateTmp= runs in its own mount namespace: still the unit
    expect(classifyRunMode({ ...base, container: true, cgroup: { unit: 'zlm.service' }, unitMainPid: 100 }).mode).toBe('systemd');
    expect(classifyRunMode({ ...base, daemon: true }).mode).toBe('watchdog');
    expect(classifyRunMode(base).mode).toBe('bare');
    expect(classifyRunMode(base).why.zh).toMatch(/普通进程/);
  });
});

describe('restart lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zd-restart-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('one holder at a time; a stale lock (its pid is gone) is taken over; an unwritable dir falls back to the state dir', () => {
    const cfg = join(dir, 'config.ini');
    const a = acquireRestartLock(cfg, dir);
    expect(a.ok).toBe(true);
    const b = acquireRestartLock(cfg, dir);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.holder).toBe(process.pid);
    if (a.ok) a.release();
    // a lock left by a dead restart
    const { beside } = lockPaths(cfg, dir);
    writeFileSync(beside, JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const c = acquireRestartLock(cfg, dir);
    expect(c.ok).toBe(true);
    if (c.ok) c.release();
    // the config's directory does not exist (not writable): the state dir
    const d = acquireRestartLock(join(dir, 'missing', 'config.ini'), dir);
    expect(d.ok && d.path.startsWith(join(dir, 'zlm-doctor-restart-'))).toBe(true);
    if (d.ok) d.release();
  });
});

describe('shellLine', () => {
  it('quotes what a shell would split or expand', () => {
    expect(shellLine(['/opt/zlm/MediaServer', '-c', '/opt/my conf/config.ini', "it's"])).toBe(`/opt/zlm/MediaServer -c '/opt/my conf/config.ini' 'it'\\''s'`);
  });
});

describe('a systemd unit (fixture /proc, injected systemctl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zd-restart-unit-'));
  const root = join(dir, 'proc');
  let http: Server;
  afterAll(async () => {
    await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  });

  function fakeServer(pid: number, port: number, inode: number, config: string): void {
    const d = join(root, String(pid));
    rmSync(join(root, '100'), { recursive: true, force: true });
    mkdirSync(join(d, 'fd'), { recursive: true });
    mkdirSync(join(d, 'ns'), { recursive: true });
    writeFileSync(join(d, 'comm'), 'MediaServer\n');
    writeFileSync(join(d, 'cmdline'), `/opt/zlm/MediaServer\0-c\0${config}\0`);
    writeFileSync(join(d, 'stat'), `${pid} (MediaServer) S 1 ${pid} ${pid} 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${pid * 10} 0 0\n`);
    writeFileSync(join(d, 'status'), 'Name:\tMediaServer\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n');
    writeFileSync(join(d, 'cgroup'), '0::/system.slice/zlm.service\n');
    symlinkSync('/opt/zlm/MediaServer', join(d, 'exe'));
    symlinkSync('/opt/zlm', join(d, 'cwd'));
    symlinkSync('mnt:[1]', join(d, 'ns', 'mnt'));
    symlinkSync('net:[2]', join(d, 'ns', 'net'));
    symlinkSync(`socket:[${inode}]`, join(d, 'fd', '3'));
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    writeFileSync(join(root, 'net', 'tcp'), `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:${hex} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`);
  }

  it('is restarted with systemctl restart <unit> and waited for: new MainPID, API, listener', async () => {
    // answers getServerConfig as ZLM does, with its keys (an answer without one is no ZLM)
    let port = 0;
    http = createServer((_q, s) => s.end(JSON.stringify({ code: 0, data: [{ 'http.port': String(port), 'general.mediaServerId': 'test' }] })));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    port = (http.address() as { port: number }).port;
    const config = join(dir, 'config.ini');
    writeFileSync(config, `[general]\nlisten_ip=127.0.0.1\n[api]\nsecret=s\n[http]\nport=${port}\nsslport=0\n[onvif]\nport=0\n[rtsp]\nport=0\nsslport=0\n[rtmp]\nport=0\nsslport=0\n[rtp_proxy]\nport=0\n[shell]\nport=0\n`);
    mkdirSync(join(root, 'self', 'ns'), { recursive: true });
    mkdirSync(join(root, 'net'), { recursive: true });
    symlinkSync('mnt:[1]', join(root, 'self', 'ns', 'mnt'));
    symlinkSync('net:[2]', join(root, 'self', 'ns', 'net'));
    writeFileSync(join(root, 'uptime'), '100000.00 1.00\n');
    fakeServer(100, port, 5001, config);

    const calls: string[][] = [];
    let mainPid = 100;
    const run = async (cmd: string, args: string[]): Promise<CommandResult> => {
      calls.push([cmd, ...args]);
      if (args[0] === 'show') return { code: 0, stdout: `${mainPid}\n`, stderr: '' };
      if (args[0] === 'restart') {
        fakeServer(200, port, 5002, config);
        mainPid = 200;
        return { code: 0, stdout: '', stderr: '' };
      }
      return { code: 1, stdout: '', stderr: 'unexpected' };
    };
    const sys = { procRoot: root, run, uid: 0, clkTck: 100, kill: () => false, spawn: () => Promise.reject(new Error('no spawn under systemd')) };

    const dry = await restartServer({ pid: 100 }, { dryRun: true, sys });
    expect(dry).toMatchObject({ result: 'dry-run', mode: 'systemd', unit: 'zlm.service', command: 'systemctl restart zlm.service' });
    expect(calls.filter((c) => c[1] === 'restart')).toHaveLength(0);

    const r = await restartServer({ config }, { timeoutMs: 5000, sys });
    expect(r.result, JSON.stringify(r.phases)).toBe('restarted');
    expect(r.mode).toBe('systemd');
    expect(calls).toContainEqual(['systemctl', 'restart', 'zlm.service']);
    expect(r.before!.pids).toEqual([100]);
    expect(r.after!.pids).toEqual([200]);
    expect(r.sigkill).toBe(false);
  });
});
