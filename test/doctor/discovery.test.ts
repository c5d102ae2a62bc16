import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import {
  decodeHexEndpoint,
  hasCapability,
  CAP_NET_BIND_SERVICE,
  parseCmdline,
  parseNetTable,
  parsePasswd,
  parseStat,
  parseStatus,
  parseUptime,
  socketInode,
} from '../../src/doctor/procfs.ts';
import { parseMediaServerArgs } from '../../src/zlm/cmdline.ts';
import { portOwnership } from '../../src/doctor/checks/port-ownership.ts';
import { findMediaServers } from '../../src/doctor/discovery/processes.ts';
import { listeningSockets, type ListeningSocket } from '../../src/doctor/discovery/sockets.ts';

const fixtures = join(import.meta.dirname, 'fixtures/proc');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const argv = (...a: string[]): string[] => ['MediaServer', ...a];

// ---------------------------------------------------------------------------
// parsers
// ---------------------------------------------------------------------------

describe('parseNetTable', () => {
  it('reads IPv4 TCP: little-endian address, port, state, uid, inode; skips header and junk', () => {
    const rows = parseNetTable(fixture('tcp'), 'tcp');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ table: 'tcp', transport: 'tcp', family: 4, address: '0.0.0.0', port: 80, state: 0x0a, listening: true, uid: 1000, inode: 20001 });
    expect(rows[1]).toMatchObject({ address: '127.0.0.1', port: 8080, listening: true, uid: 33, inode: 20002 });
    expect(rows[2]).toMatchObject({ address: '127.0.0.1', port: 8080, remoteAddress: '127.0.0.1', remotePort: 54000, state: 1, listening: false });
    expect(rows[3]).toMatchObject({ address: '10.0.2.15', port: 22, remoteAddress: '10.0.0.1', remotePort: 50000, listening: false });
    expect(rows[4]).toMatchObject({ address: '0.0.0.0', port: 3333, inode: 0, listening: true });
  });

  it('reads IPv6 TCP: four little-endian words → canonical text, including ::ffff:127.0.0.1', () => {
    const rows = parseNetTable(fixture('tcp6'), 'tcp6');
    expect(rows.map((r) => [r.address, r.port, r.listening])).toEqual([
      ['::', 554, true],
      ['::ffff:127.0.0.1', 3334, true],
      ['::1', 631, true],
      ['2001:db8::1', 8001, false],
      ['fe80::c0a8:3ff:2b:bfe', 8002, true],
    ]);
    expect(rows[3]).toMatchObject({ remoteAddress: '2001:db8::2', remotePort: 58536, family: 6, transport: 'tcp' });
  });

  it('reads UDP: state 07 with a port is bound; connected (01) and port-0 sockets are not listeners', () => {
    const rows = parseNetTable(fixture('udp'), 'udp');
    expect(rows.map((r) => [r.address, r.port, r.state, r.listening])).toEqual([
      ['0.0.0.0', 10000, 7, true],
      ['127.0.0.53', 53, 7, true],
      ['127.0.0.1', 57585, 1, false],
      ['0.0.0.0', 0, 7, false],
    ]);
    const six = parseNetTable(fixture('udp6'), 'udp6');
    expect(six.map((r) => [r.transport, r.family, r.address, r.port, r.inode])).toEqual([
      ['udp', 6, '::', 8000, 50001],
      ['udp', 6, '::', 10000, 50002],
    ]);
  });

  it('decodes single endpoints, big-endian hosts, and rejects malformed ones', () => {
    expect(decodeHexEndpoint('0100007F:0050', 4)).toEqual({ address: '127.0.0.1', port: 80 });
    expect(decodeHexEndpoint('7F000001:0050', 4, { bigEndian: true })).toEqual({ address: '127.0.0.1', port: 80 });
    expect(decodeHexEndpoint('00000000000000000000FFFF7F000001:0050', 6, { bigEndian: true })).toEqual({ address: '::ffff:127.0.0.1', port: 80 });
    expect(decodeHexEndpoint('0100007F', 4)).toBeUndefined();
    expect(decodeHexEndpoint('0100007G:0050', 4)).toBeUndefined();
    expect(decodeHexEndpoint('0100007F:0050', 6)).toBeUndefined();
    expect(parseNetTable('', 'tcp')).toEqual([]);
  });
});

describe('parseCmdline', () => {
  it('splits on NUL and drops the terminator', () => {
    expect(parseCmdline(Buffer.from('./MediaServer\0-d\0-c\0../conf/config.ini\0'))).toEqual(['./MediaServer', '-d', '-c', '../conf/config.ini']);
    expect(parseCmdline(Buffer.alloc(0))).toEqual([]);
    expect(parseCmdline('a\0\0b\0')).toEqual(['a', '', 'b']);
    expect(parseCmdline(Buffer.from('/opt/流媒体/MediaServer\0'))).toEqual(['/opt/流媒体/MediaServer']);
    // a process that rewrote its argv without NULs
    expect(parseCmdline('nginx: master process /usr/sbin/nginx')).toEqual(['nginx: master process /usr/sbin/nginx']);
  });
});

describe('parseMediaServerArgs (getopt_long as ZLToolKit CMD uses it)', () => {
  it('reads every -c form', () => {
    expect(parseMediaServerArgs(argv('-c', 'a.ini')).config).toBe('a.ini');
    expect(parseMediaServerArgs(argv('-ca.ini')).config).toBe('a.ini');
    expect(parseMediaServerArgs(argv('--config', 'b.ini')).config).toBe('b.ini');
    expect(parseMediaServerArgs(argv('--config=c.ini')).config).toBe('c.ini');
    expect(parseMediaServerArgs(argv('--conf=d.ini')).config).toBe('d.ini'); // unique prefix
    expect(parseMediaServerArgs(argv('-dc', 'e.ini'))).toMatchObject({ daemon: true, config: 'e.ini' });
    expect(parseMediaServerArgs(argv('-dcf.ini'))).toMatchObject({ daemon: true, config: 'f.ini' });
    expect(parseMediaServerArgs(argv('-c', '-weird.ini')).config).toBe('-weird.ini'); // a required argument is taken as is
    expect(parseMediaServerArgs(argv('-c', 'one.ini', '-c', 'two.ini')).config).toBe('two.ini'); // last wins
    expect(parseMediaServerArgs(argv('--config=')).config).toBe('');
  });

  it('reads the Docker command line and -d, --log-dir, -l, -t', () => {
    expect(parseMediaServerArgs(['./MediaServer', '-s', 'default.pem', '-c', '../conf/config.ini', '-l', '0'])).toEqual({
      daemon: false,
      sslCert: 'default.pem',
      config: '../conf/config.ini',
      level: 0,
      help: false,
      version: false,
      positional: [],
      unknown: [],
    });
    expect(parseMediaServerArgs(argv('-d', '--log-dir', '/var/log/zlm', '-t', '8', '-l9', '--daemon'))).toMatchObject({
      daemon: true,
      logDir: '/var/log/zlm',
      threads: 8,
      level: 4, // clamped
    });
    expect(parseMediaServerArgs(argv('--log-dir=/x', '--log-size', '10', '--log-slice=3', '-m', '2', '--affinity', '0'))).toMatchObject({
      logDir: '/x',
      logSize: 10,
      logSlice: 3,
      maxDay: 2,
      affinity: 0,
    });
  });

  it('-s is the TLS certificate, not a command; positional arguments are ignored', () => {
    const a = parseMediaServerArgs(argv('-s', 'stop'));
    expect(a.sslCert).toBe('stop');
    expect(a.daemon).toBe(false);
    expect(parseMediaServerArgs(argv('stop', '-d', 'restart', '-c', 'x.ini'))).toMatchObject({ daemon: true, config: 'x.ini', positional: ['stop', 'restart'] });
    expect(parseMediaServerArgs(argv('--', '-d')).daemon).toBe(false);
    expect(parseMediaServerArgs(argv('--', '-d')).positional).toEqual(['-d']);
    expect(parseMediaServerArgs(argv('-')).positional).toEqual(['-']);
  });

  it('records what getopt_long would reject', () => {
    expect(parseMediaServerArgs(argv('-x')).unknown).toEqual(['-x']);
    expect(parseMediaServerArgs(argv('--log=1')).unknown).toEqual(['--log=1']); // ambiguous prefix
    expect(parseMediaServerArgs(argv('--daemon=1')).unknown).toEqual(['--daemon=1']);
    expect(parseMediaServerArgs(argv('-c')).unknown).toEqual(['-c']);
    expect(parseMediaServerArgs(argv('--level')).unknown).toEqual(['--level']);
    expect(parseMediaServerArgs(argv('-l', 'abc')).level).toBe(0);
    expect(parseMediaServerArgs(argv('-h', '-v'))).toMatchObject({ help: true, version: true });
  });
});

describe('parseStat / parseStatus / parsePasswd / parseUptime', () => {
  it('takes the comm up to the last ")" (spaces and parentheses inside)', () => {
    expect(parseStat(fixture('stat-weird-comm'))).toEqual({
      pid: 4242,
      comm: 'my) (proc name',
      state: 'S',
      ppid: 1,
      pgrp: 4242,
      session: 4242,
      numThreads: 3,
      startTicks: 987654,
    });
    expect(parseStat('12 (MediaServer) S 1 12 12 0 -1 4194560 1 0 0 0 1 1 0 0 20 0 9 0 555 1 1')).toMatchObject({ comm: 'MediaServer', ppid: 1, startTicks: 555, numThreads: 9 });
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('12 (trunc')).toBeUndefined();
    expect(parseStat('12 (x) S 1 2')).toBeUndefined();
  });

  it('reads Uid, Gid, PPid, CapEff from status', () => {
    const s = parseStatus(fixture('status-worker'));
    expect(s).toEqual({
      name: 'MediaServer',
      ppid: 100,
      uid: { real: 1000, effective: 1000, saved: 1000, fs: 1000 },
      gid: { real: 1001, effective: 1001, saved: 1001, fs: 1001 },
      capEff: 0n,
    });
    expect(hasCapability(s.capEff, CAP_NET_BIND_SERVICE)).toBe(false);
    expect(hasCapability(parseStatus('CapEff:\t0000000000000400\n').capEff, CAP_NET_BIND_SERVICE)).toBe(true);
    expect(hasCapability(parseStatus('CapEff:\t000001ffffffffff\n').capEff, CAP_NET_BIND_SERVICE)).toBe(true);
    expect(parseStatus('Uid:\t0\t1000\t0\t0\n').uid?.effective).toBe(1000);
    expect(parseStatus('garbage')).toEqual({});
  });

  it('maps uids to names (first wins), reads /proc/uptime and socket links', () => {
    const p = parsePasswd(fixture('passwd'));
    expect(p.get(0)).toBe('root');
    expect(p.get(1000)).toBe('zlm');
    expect(p.get(33)).toBe('www-data');
    expect(p.size).toBe(4);
    expect(parseUptime('12345.67 54321.00\n')).toBe(12345.67);
    expect(parseUptime('')).toBeUndefined();
    expect(socketInode('socket:[12345]')).toBe(12345);
    expect(socketInode('pipe:[12345]')).toBeUndefined();
    expect(socketInode('/dev/null')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// discovery on a fixture /proc tree
// ---------------------------------------------------------------------------

interface FakeProc {
  pid: number;
  ppid: number;
  comm: string;
  argv?: string[];
  exe?: string;
  cwd?: string;
  start: number;
  uid?: number;
  capEff?: string;
  state?: string;
  /** socket inodes held */
  sockets?: number[];
  /** leave files out to simulate a vanishing process */
  omit?: ('stat' | 'comm' | 'status')[];
}

function statLine(p: FakeProc): string {
  return `${p.pid} (${p.comm}) ${p.state ?? 'S'} ${p.ppid} ${p.pid} ${p.pid} 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 4 0 ${p.start} 123456789 2345 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 0 0 0 0 0 0\n`;
}

function buildProcTree(root: string, procs: FakeProc[]): void {
  mkdirSync(join(root, 'net'), { recursive: true });
  for (const t of ['tcp', 'tcp6', 'udp', 'udp6']) writeFileSync(join(root, 'net', t), fixture(t));
  mkdirSync(join(root, 'sys/net/ipv4'), { recursive: true });
  writeFileSync(join(root, 'sys/net/ipv4/ip_unprivileged_port_start'), '1024\n');
  writeFileSync(join(root, 'uptime'), '100.00 180.00\n');
  for (const p of procs) {
    const dir = join(root, String(p.pid));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    if (!p.omit?.includes('comm')) writeFileSync(join(dir, 'comm'), `${p.comm}\n`);
    if (!p.omit?.includes('stat')) writeFileSync(join(dir, 'stat'), statLine(p));
    if (!p.omit?.includes('status')) {
      const u = p.uid ?? 0;
      writeFileSync(join(dir, 'status'), `Name:\t${p.comm}\nPPid:\t${p.ppid}\nUid:\t${u}\t${u}\t${u}\t${u}\nCapEff:\t${p.capEff ?? '0000000000000000'}\n`);
    }
    writeFileSync(join(dir, 'cmdline'), p.argv ? p.argv.map((a) => `${a}\0`).join('') : '');
    if (p.exe) symlinkSync(p.exe, join(dir, 'exe'));
    if (p.cwd) symlinkSync(p.cwd, join(dir, 'cwd'));
    (p.sockets ?? []).forEach((inode, i) => symlinkSync(`socket:[${inode}]`, join(dir, 'fd', String(i + 3))));
    symlinkSync('/dev/null', join(dir, 'fd', '0'));
    symlinkSync('pipe:[777]', join(dir, 'fd', '1'));
  }
}

describe('discovery on a fixture /proc tree', () => {
  let root = '';
  const passwd = join(fixtures, 'passwd');
  const zlmArgv = ['/opt/zlm/bin/MediaServer', '-d', '-c', '../conf/config.ini', '--log-dir', 'logs'];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'zlm-doctor-proc-'));
    buildProcTree(root, [
      { pid: 1, ppid: 0, comm: 'systemd', argv: ['/sbin/init'], exe: '/usr/lib/systemd/systemd', cwd: '/', start: 1 },
      // -d watchdog and its worker, started 30 s later (restarted)
      { pid: 100, ppid: 1, comm: 'MediaServer', argv: zlmArgv, exe: '/opt/zlm/bin/MediaServer', cwd: '/opt/zlm/bin', start: 1000, uid: 1000 },
      { pid: 105, ppid: 100, comm: 'MediaServer', argv: zlmArgv, exe: '/opt/zlm/bin/MediaServer', cwd: '/opt/zlm/bin', start: 4000, uid: 1000, sockets: [20001, 30001, 40001, 20003, 50002] },
      // a symlinked binary run without options: exe is the link target, argv[0]/comm are the link name
      { pid: 200, ppid: 1, comm: 'MediaServer', argv: ['./MediaServer', '-s', 'stop'], exe: '/usr/local/zlm-8.0/MediaServer.real (deleted)', cwd: '/srv/zlm', start: 9000, uid: 0 },
      // renamed by prctl and argv rewritten: only comm says MediaServer; exe unreadable
      { pid: 300, ppid: 1, comm: 'MediaServer', argv: ['zlm main loop'], start: 9500, uid: 1000 },
      // argv[0] only (comm renamed)
      { pid: 310, ppid: 1, comm: 'zlm-io', argv: ['/opt/other/MediaServer', '-c', 'conf.ini'], cwd: '/opt/other', start: 9600 },
      // not MediaServer
      { pid: 400, ppid: 1, comm: 'nginx', argv: ['nginx: master process /usr/sbin/nginx'], exe: '/usr/sbin/nginx', cwd: '/', start: 50, uid: 33, sockets: [20002] },
      { pid: 401, ppid: 1, comm: 'systemd-resolve', argv: ['/lib/systemd/systemd-resolved'], exe: '/lib/systemd/systemd-resolved', cwd: '/', start: 40, uid: 101, sockets: [40002] },
      { pid: 402, ppid: 1, comm: 'MediaServerX', argv: ['/opt/x/MediaServerX'], exe: '/opt/x/MediaServerX', start: 60 },
      // vanished between readdir and read / a zombie
      { pid: 500, ppid: 1, comm: 'MediaServer', argv: zlmArgv, start: 70, omit: ['stat', 'status'] },
      { pid: 501, ppid: 1, comm: 'MediaServer', start: 71, omit: ['comm'] },
      { pid: 502, ppid: 100, comm: 'MediaServer', state: 'Z', start: 3000 },
    ]);
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('finds watchdog, worker, symlinked and renamed servers, and skips the rest', () => {
    const all = findMediaServers({ root, passwd, clkTck: 100 });
    expect(all.map((s) => [s.pid, s.role])).toEqual([
      [100, 'watchdog'],
      [105, 'worker'],
      [200, 'single'],
      [300, 'single'],
      [310, 'single'],
    ]);
    const [wd, worker, sym, renamed, argv0] = all;
    expect(wd).toMatchObject({
      ppid: 1,
      matchedBy: ['exe', 'argv0', 'comm'],
      exe: '/opt/zlm/bin/MediaServer',
      exeDir: '/opt/zlm/bin',
      configPath: '/opt/zlm/conf/config.ini',
      configSource: 'arg',
      logDir: '/opt/zlm/bin/logs',
      logDirSource: 'arg',
      sslPath: '/opt/zlm/bin/default.pem',
      uptimeSeconds: 90,
      startTicks: 1000,
      uid: 1000,
      user: 'zlm',
      canBindPrivileged: false,
      workerPid: 105,
      workerStartGapSeconds: 30,
      restarted: true,
    });
    expect(worker).toMatchObject({ ppid: 100, watchdogPid: 100, uptimeSeconds: 60, configPath: '/opt/zlm/conf/config.ini', restarted: false });
    expect(sym).toMatchObject({
      matchedBy: ['argv0', 'comm'],
      exe: '/usr/local/zlm-8.0/MediaServer.real',
      exeDeleted: true,
      configPath: '/usr/local/zlm-8.0/config.ini',
      configSource: 'default',
      logDir: '/usr/local/zlm-8.0/log',
      sslPath: '/srv/zlm/stop',
      user: 'root',
      canBindPrivileged: true,
    });
    expect(renamed).toMatchObject({ matchedBy: ['comm'], argv: ['zlm main loop'], user: 'zlm' });
    expect(renamed!.configPath).toBeUndefined();
    expect(renamed!.exe).toBeUndefined();
    expect(argv0).toMatchObject({ matchedBy: ['argv0'], configPath: '/opt/other/conf.ini', exeDir: '/opt/other', user: 'root' });
  });

  it('a worker started soon after its watchdog is not a restart', () => {
    const r2 = mkdtempSync(join(tmpdir(), 'zlm-doctor-proc-'));
    try {
      buildProcTree(r2, [
        { pid: 10, ppid: 1, comm: 'MediaServer', argv: ['./MediaServer', '-d'], exe: '/z/MediaServer', cwd: '/z', start: 500, uid: 0 },
        { pid: 11, ppid: 10, comm: 'MediaServer', argv: ['./MediaServer', '-d'], exe: '/z/MediaServer', cwd: '/z', start: 502, uid: 0 },
        { pid: 12, ppid: 1, comm: 'MediaServer', argv: ['./MediaServer', '-d'], exe: '/y/MediaServer', cwd: '/y', start: 600, uid: 12345 },
      ]);
      const all = findMediaServers({ root: r2, passwd, clkTck: 100 });
      expect(all.map((s) => [s.pid, s.role, s.restarted, s.workerPid])).toEqual([
        [10, 'watchdog', false, 11],
        [11, 'worker', false, undefined],
        [12, 'watchdog', false, undefined], // -d without a live worker (between restarts)
      ]);
      expect(all[0]!.workerStartGapSeconds).toBe(0.02);
      expect(all[2]!.user).toBe('12345');
      expect(all[0]!.configPath).toBe('/z/config.ini');
    } finally {
      rmSync(r2, { recursive: true, force: true });
    }
  });

  it('returns nothing for an empty or missing root', () => {
    expect(findMediaServers({ root: join(root, 'nope'), clkTck: 100 })).toEqual([]);
    expect(listeningSockets({ root: join(root, 'nope') })).toEqual({ sockets: [], partial: false, unreadablePids: [], unreadableTables: [] });
  });

  it('lists listeners with their holders', () => {
    const scan = listeningSockets({ root });
    expect(scan.partial).toBe(false);
    const rows = scan.sockets.map((s) => `${s.transport}${s.family} ${s.address}:${s.port} ${s.pids.join(',') || '-'}`);
    expect(rows).toEqual([
      'tcp4 0.0.0.0:80 105',
      'tcp4 127.0.0.1:8080 400',
      'tcp4 0.0.0.0:3333 -',
      'tcp6 :::554 105',
      'tcp6 ::ffff:127.0.0.1:3334 -',
      'tcp6 ::1:631 -',
      'tcp6 fe80::c0a8:3ff:2b:bfe:8002 -',
      'udp4 0.0.0.0:10000 105',
      'udp4 127.0.0.53:53 401',
      'udp6 :::8000 -',
      'udp6 :::10000 105',
    ]);
    expect(scan.sockets.every((s) => s.ownersKnown)).toBe(true);
  });

  it('reports who holds each configured listener', () => {
    const scan = listeningSockets({ root });
    const servers = findMediaServers({ root, passwd, clkTck: 100 });
    const doc = IniDocument.parse(
      ['[http]', 'port=80', 'sslport=0', '[rtmp]', 'port=8080', 'sslport=0', '[rtsp]', 'port=554', 'sslport=0', '[shell]', 'port=3333', '[rtp_proxy]', 'port=10000', '[rtc]', 'port=8000', 'tcpPort=0', 'icePort=0', 'iceTcpPort=0', 'signalingPort=0', 'signalingSslPort=0', '[srt]', 'port=0', '[onvif]', 'port=0', ''].join('\n'),
    );
    const own = portOwnership(doc, scan.sockets, servers.map((s) => s.pid), { root });
    const rows = own.map((p) => `${p.key} ${p.port}/${p.transport} ${p.state} ${p.owner ? `${p.owner.pid}:${p.owner.comm}` : '-'}${p.privileged ? ' privileged' : ''}`);
    expect(rows).toEqual([
      'http.port 80/tcp ours 105:MediaServer privileged',
      'rtmp.port 8080/tcp other 400:nginx',
      'rtp_proxy.port 10000/tcp free -',
      'rtp_proxy.port 10000/udp ours 105:MediaServer',
      'rtc.port 8000/udp other -', // no holder found in a complete scan: held outside any process
      'rtsp.port 554/tcp ours 105:MediaServer privileged',
      'shell.port 3333/tcp other -',
    ]);
    const http = own.find((p) => p.key === 'http.port')!;
    expect(http).toMatchObject({ source: 'file', addresses: ['0.0.0.0'], privilegedPort: true, owners: [{ pid: 105, comm: 'MediaServer', ours: true }] });
    expect(own.find((p) => p.key === 'rtc.port')!.optional).toBe('feature');
    // root, or CAP_NET_BIND_SERVICE, may bind low ports
    expect(portOwnership(doc, scan.sockets, [105], { root, serverUid: 0 }).some((p) => p.privileged)).toBe(false);
    expect(portOwnership(doc, scan.sockets, [105], { root, serverUid: 1000, serverCanBindPrivileged: true }).some((p) => p.privileged)).toBe(false);
    expect(portOwnership(doc, scan.sockets, [105], { root, unprivilegedPortStart: 0 }).some((p) => p.privileged)).toBe(false);
    // no server known: the user is unknown, so never "privileged"; the port still is
    const none = portOwnership(doc, scan.sockets, [], { root });
    expect(none.find((p) => p.key === 'http.port')).toMatchObject({ state: 'other', privileged: false, privilegedPort: true });
  });

  it('uses effective values (defaults when the file lacks a key) and says unknown when holders are unreadable', () => {
    const doc = IniDocument.parse('[http]\nport=abc\n');
    const sock = (port: number, transport: 'tcp' | 'udp', pids: number[], ownersKnown: boolean): ListeningSocket => ({
      table: transport,
      transport,
      family: 4,
      address: '0.0.0.0',
      port,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state: transport === 'tcp' ? 0x0a : 7,
      listening: true,
      uid: 0,
      inode: 1,
      pids,
      ownersKnown,
    });
    const own = portOwnership(doc, [sock(443, 'tcp', [], false), sock(554, 'tcp', [], true)], [], { root });
    expect(own.find((p) => p.key === 'http.port')).toBeUndefined(); // "abc" reads as 0: listener disabled
    expect(own.find((p) => p.key === 'http.sslport')).toMatchObject({ port: 443, source: 'default', state: 'unknown' });
    expect(own.find((p) => p.key === 'rtsp.port')).toMatchObject({ port: 554, state: 'other' });
    expect(own.find((p) => p.key === 'rtmp.port')).toMatchObject({ port: 1935, state: 'free' });
    expect(own.filter((p) => p.key === 'rtp_proxy.port').map((p) => p.transport)).toEqual(['tcp', 'udp']);
    expect(own.find((p) => p.key === 'onvif.port')).toMatchObject({ optional: 'lazy', state: 'free', transport: 'udp' });
  });
});

// ---------------------------------------------------------------------------
// the real machine (127.0.0.1 only)
// ---------------------------------------------------------------------------

/** First stdout line of a child as JSON, within `ms`. */
function firstLine<T>(child: ChildProcess, ms: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no output within ${ms} ms`)), ms);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(timer);
        resolvePromise(JSON.parse(buf.slice(0, nl)) as T);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code})`));
    });
  });
}

function freeTcpPort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function waitFor<T>(fn: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LISTENER = `
const net = require('node:net'), dgram = require('node:dgram');
const s = net.createServer();
s.listen(0, '127.0.0.1', () => {
  const u = dgram.createSocket('udp4');
  u.bind(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ tcp: s.address().port, udp: u.address().port }) + '\\n'));
});
setTimeout(() => process.exit(0), 60000);
`;

const FAKE_ZLM = `
const { spawn } = require('node:child_process');
if (process.env.FAKE_ZLM_WORKER) {
  setTimeout(() => process.exit(0), 60000);
} else {
  const daemon = process.argv.includes('-d');
  const child = daemon ? spawn(process.argv0, process.argv.slice(1), { env: { ...process.env, FAKE_ZLM_WORKER: '1' }, stdio: 'ignore' }) : undefined;
  process.stdout.write(JSON.stringify({ worker: child ? child.pid : null }) + '\\n');
  const stop = () => { if (child) child.kill('SIGKILL'); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setTimeout(stop, 60000);
}
`;

describe.runIf(process.platform === 'linux')('discovery on this machine', () => {
  const children: ChildProcess[] = [];
  const extraPids: number[] = [];
  let dir = '';
  let ports = { tcp: 0, udp: 0 };
  let listener: ChildProcess;
  let fake: ChildProcess;
  let fakeWorker = 0;
  let single: ChildProcess;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'zlm-doctor-live-')));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'run/conf'), { recursive: true });
    symlinkSync(process.execPath, join(dir, 'bin/MediaServer'));
    writeFileSync(join(dir, 'bin/fake.js'), FAKE_ZLM);

    listener = spawn(process.execPath, ['-e', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(listener);
    fake = spawn(join(dir, 'bin/MediaServer'), [join(dir, 'bin/fake.js'), '-d', '-c', './conf/config.ini', '--log-dir', '/tmp/x'], { cwd: join(dir, 'run'), stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(fake);
    single = spawn(join(dir, 'bin/MediaServer'), [join(dir, 'bin/fake.js'), '-s', 'stop'], { cwd: join(dir, 'run'), stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(single);
    const [p, f] = await Promise.all([firstLine<{ tcp: number; udp: number }>(listener, 4000), firstLine<{ worker: number }>(fake, 4000), firstLine(single, 4000)]);
    ports = p;
    fakeWorker = f.worker;
    extraPids.push(fakeWorker);
  }, 5000);

  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const pid of extraPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the child\'s TCP listener and bound UDP socket with its pid', { timeout: 5000 }, () => {
    const scan = listeningSockets();
    const tcp = scan.sockets.find((s) => s.transport === 'tcp' && s.port === ports.tcp && s.address === '127.0.0.1');
    const udp = scan.sockets.find((s) => s.transport === 'udp' && s.port === ports.udp && s.address === '127.0.0.1');
    expect(tcp?.pids).toContain(listener.pid);
    expect(udp?.pids).toContain(listener.pid);
    expect(tcp?.state).toBe(0x0a);
    expect(udp?.state).toBe(7);
  });

  it('reports a port held by that child as "other" and an unused one as "free"', { timeout: 5000 }, async () => {
    const unused = await freeTcpPort();
    const doc = IniDocument.parse(`[http]\nport=${ports.tcp}\n[rtsp]\nport=${unused}\n[srt]\nport=${ports.udp}\n`);
    const { sockets } = listeningSockets();
    const own = portOwnership(doc, sockets, [fake.pid!, fakeWorker]);
    expect(own.find((p) => p.key === 'http.port')).toMatchObject({ state: 'other', owner: { pid: listener.pid, comm: basename(process.execPath).slice(0, 15), ours: false }, privileged: false });
    expect(own.find((p) => p.key === 'rtsp.port')).toMatchObject({ state: 'free', port: unused });
    expect(own.find((p) => p.key === 'srt.port')).toMatchObject({ state: 'other', transport: 'udp', owner: { pid: listener.pid } });
    // the same sockets count as ours when their holder is a server pid
    expect(portOwnership(doc, sockets, [listener.pid!]).find((p) => p.key === 'http.port')?.state).toBe('ours');
  });

  it('finds the fake MediaServer (-d watchdog + worker, symlinked binary) with its config and log dir', { timeout: 5000 }, async () => {
    const mine = await waitFor(() => {
      const all = findMediaServers().filter((s) => [fake.pid, fakeWorker, single.pid].includes(s.pid));
      return all.length === 3 ? all : undefined;
    }, 3000);
    const wd = mine.find((s) => s.pid === fake.pid)!;
    const worker = mine.find((s) => s.pid === fakeWorker)!;
    const one = mine.find((s) => s.pid === single.pid)!;
    const nodeDir = dirname(realpathSync(process.execPath));
    expect(wd).toMatchObject({
      role: 'watchdog',
      workerPid: fakeWorker,
      restarted: false,
      comm: 'MediaServer',
      cwd: join(dir, 'run'),
      configPath: join(dir, 'run/conf/config.ini'),
      configSource: 'arg',
      logDir: '/tmp/x',
      exe: realpathSync(process.execPath),
      exeDir: nodeDir,
    });
    expect(wd.matchedBy).toEqual(['argv0', 'comm']);
    expect(wd.argv.slice(2)).toEqual(['-d', '-c', './conf/config.ini', '--log-dir', '/tmp/x']);
    expect(wd.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(wd.uptimeSeconds).toBeLessThan(60);
    expect(wd.user.length).toBeGreaterThan(0);
    expect(worker).toMatchObject({ role: 'worker', ppid: fake.pid, watchdogPid: fake.pid, configPath: join(dir, 'run/conf/config.ini') });
    expect(one).toMatchObject({ role: 'single', configPath: join(nodeDir, 'config.ini'), configSource: 'default', logDir: join(nodeDir, 'log'), sslPath: join(dir, 'run/stop') });
  });
});

describe('a MediaServer in a container (own mount and network namespaces)', () => {
  it('reads its paths through /proc/<pid>/root and its listeners from its own namespace', () => {
    const root = mkdtempSync(join(tmpdir(), 'zlm-doctor-ctr-'));
    try {
      buildProcTree(root, [
        { pid: 1, ppid: 0, comm: 'systemd', argv: ['/sbin/init'], exe: '/usr/lib/systemd/systemd', cwd: '/', start: 1 },
        { pid: 700, ppid: 1, comm: 'MediaServer', argv: ['/opt/media/bin/MediaServer', '-c', '/opt/media/conf/config.ini'], exe: '/opt/media/bin/MediaServer', cwd: '/opt/media/bin', start: 5000, sockets: [61001] },
      ]);
      mkdirSync(join(root, 'self/ns'), { recursive: true });
      symlinkSync('mnt:[4026531841]', join(root, 'self/ns/mnt'));
      symlinkSync('net:[4026531840]', join(root, 'self/ns/net'));
      mkdirSync(join(root, '1/ns'));
      symlinkSync('mnt:[4026531841]', join(root, '1/ns/mnt'));
      mkdirSync(join(root, '700/ns'));
      symlinkSync('mnt:[4026532500]', join(root, '700/ns/mnt'));
      symlinkSync('net:[4026532600]', join(root, '700/ns/net'));
      // the container's own socket table: 0.0.0.0:80 LISTEN, inode 61001
      mkdirSync(join(root, '700/net'));
      writeFileSync(join(root, '700/net/tcp'), '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61001 1 0000000000000000 100 0 0 10 0\n');
      for (const t of ['tcp6', 'udp', 'udp6']) writeFileSync(join(root, '700/net', t), '  sl  local_address rem_address   st\n');
      const [s] = findMediaServers({ root, passwd: join(fixtures, 'passwd'), clkTck: 100 });
      expect(s).toMatchObject({ pid: 700, container: true, hostRoot: join(root, '700/root') });
      expect(s!.configPath).toBe(join(root, '700/root/opt/media/conf/config.ini'));
      expect(s!.logDir).toBe(join(root, '700/root/opt/media/bin/log'));
      expect(s!.containerPaths).toMatchObject({ configPath: '/opt/media/conf/config.ini', logDir: '/opt/media/bin/log' });
      const { sockets } = listeningSockets({ root, netnsOf: [700] });
      const own = sockets.find((x) => x.port === 80 && x.netns === 'net:[4026532600]');
      expect(own?.pids).toEqual([700]);
      // a process in our own mount namespace is not a container
      const host = findMediaServers({ root, passwd: join(fixtures, 'passwd'), clkTck: 100, name: 'systemd' });
      expect(host[0]?.container).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
