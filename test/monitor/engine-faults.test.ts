/**
 * The engine against a fleet with dead, hanging, garbage and flapping nodes:
 * none of them delays the probing of the others (schedule lag measured), and
 * each ends in the readiness and health it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/index.ts';
import { closedPort, startRawPeer, startReceiver, type RawPeer, type Receiver } from '../support/hook-receivers.ts';
import { MonitorEngine } from '../../src/monitor/engine.ts';
import { HOOK_URL_KEYS } from '../../src/zlm/hook-urls.ts';
import type { MonitorNode } from '../../src/monitor/node.ts';
import type { ProbeResult } from '../../src/monitor/types.ts';
import { closeNodeConnection, probeApi } from '../../src/monitor/probe/api.ts';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const sims: ZlmSim[] = [];
let receiver: Receiver;
let silent: RawPeer;
let nodes: MonitorNode[];

beforeAll(async () => {
  receiver = await startReceiver('good');
  silent = await startRawPeer('silent');
  const hookUrl = (name: string) => `${receiver.url}/index/hook/${name}`;
  for (let i = 0; i < 6; i++) {
    const sim = await startZlmSim({ emitHooks: false });
    sim.setConfig({ ...Object.fromEntries(HOOK_URL_KEYS.map((k) => [k, ''])), 'hook.enable': '1', 'hook.on_play': hookUrl('on_play'), 'hook.on_publish': hookUrl('on_publish'), 'hook.on_server_keepalive': hookUrl('on_server_keepalive') });
    sims.push(sim);
  }
  await sims[4]!.setMode('hang');
  await sims[5]!.setMode('garbage');
  const dead = await closedPort();
  const node = (name: string, api: string, secret?: string): MonitorNode => ({ name, api, ...(secret ? { secret } : {}), labels: {} });
  nodes = [
    ...sims.slice(0, 4).map((s, i) => node(`good-${i}`, s.base, s.secret)),
    node('hang', sims[4]!.base, sims[4]!.secret),
    node('garbage', sims[5]!.base, sims[5]!.secret),
    node('dead', `http://127.0.0.1:${dead}`, 'x'),
    node('silent', silent.url, 'x'),
    node('flap', sims[3]!.base, 'wrong-secret-flapping'),
  ];
}, 30_000);

afterAll(async () => {
  for (const s of sims) await s.close();
  await receiver?.close();
  await silent?.close();
});

describe('monitor engine under faults', () => {
  it('hung, garbage and dead nodes never delay the probing of the others', async () => {
    const interval = 1_000;
    const engine = new MonitorEngine(nodes.map((n) => (n.name === 'good-0' ? n : { ...n, hooks: false })), { intervalMs: interval, timeoutMs: 1_000, concurrency: 6, jitter: 0.05, state: { downAfter: 1, recoverAfter: 2, degradeAfter: 1 }, selfCheck: async () => ({ ok: true }) });
    const seen = new Map<string, ProbeResult[]>();
    engine.listen({ onProbe: (r) => seen.set(r.node, [...(seen.get(r.node) ?? []), r]) });
    const t0 = performance.now();
    engine.start();
    await new Promise((r) => setTimeout(r, 5_500));
    await engine.stop(1_000);
    const elapsed = performance.now() - t0;
    console.log(`lag: max ${engine.lag.maxLagMs.toFixed(1)} ms over ${engine.lag.probes} probes, ${engine.lag.skipped} turns skipped; probes per node: ${[...seen].map(([n, l]) => `${n} ${l.length}`).join(', ')}`);
    expect(elapsed).toBeLessThan(8_000);
    // (schedule lag itself is measured in scheduler.test.ts without in-process simulators competing for the CPU)
    for (const n of ['good-0', 'good-1', 'good-2', 'good-3', 'garbage', 'dead', 'flap']) expect(seen.get(n)?.length ?? 0, n).toBeGreaterThanOrEqual(3);
    const st = (n: string) => engine.state(n)!;
    for (let i = 0; i < 4; i++) expect(st(`good-${i}`).readiness, `good-${i}`).toBe('ready');
    for (const n of ['hang', 'garbage', 'dead', 'silent']) {
      expect(st(n).readiness, n).toBe('api_unreachable');
      expect(st(n).health, n).toBe('down');
    }
    expect(seen.get('hang')!.at(-1)!.api.errorKind).toBe('timeout');
    expect(seen.get('garbage')!.at(-1)!.api.errorKind).toBe('not-json');
    expect(seen.get('dead')!.at(-1)!.api.errorKind).toBe('refused');
    expect(st('flap').readiness).toBe('secret_rejected');
    // API and hook evidence are separate records with their own timings
    const g = seen.get('good-0')!.at(-1)!;
    expect(g.api.phases.total).toBeGreaterThanOrEqual(0);
    expect(g.api.phases.connect).toBeDefined();
    expect(g.hooks?.hooks['hook.on_play']?.status).toBe('ok');
    expect(g.hooks?.hooks['hook.on_server_keepalive']?.status).toBe('ok');
    expect(receiver.requests.some((r) => r.path.endsWith('/on_server_keepalive') && r.body.includes('mediaServerId'))).toBe(true);
  }, 20_000);

  it('a node flapping every probe stays up; a dead one goes down after N probes plus the re-probe', async () => {
    const sim = sims[0]!;
    const engine = new MonitorEngine([{ name: 'f', api: sim.base, secret: sim.secret, labels: {}, hooks: false }], { intervalMs: 1_000, timeoutMs: 300, state: { downAfter: 3, recoverAfter: 2, degradeAfter: 2 }, selfCheck: async () => ({ ok: true }) });
    const health: string[] = [];
    let probes = 0;
    engine.listen({ onProbe: (_r, s) => (probes++, health.push(s.health)) });
    for (let i = 0; i < 8; i++) {
      await sim.setMode(i % 2 ? 'down' : 'normal');
      await engine.probeNow('f');
    }
    expect(new Set(health)).toEqual(new Set(['up']));
    await sim.setMode('down');
    await engine.probeNow('f');
    await engine.probeNow('f');
    await engine.probeNow('f');
    expect(engine.state('f')!.health).toBe('down');
    await sim.setMode('normal');
    await engine.probeNow('f');
    expect(engine.state('f')!.health).toBe('down');
    await engine.probeNow('f');
    expect(engine.state('f')!.health).toBe('up');
    expect(probes).toBeGreaterThan(8);
  }, 20_000);

  it('nodes that share a hook receiver share its probe within half an interval', async () => {
    const engine = new MonitorEngine(
      sims.slice(0, 3).map((s, i) => ({ name: `s${i}`, api: s.base, secret: s.secret, labels: {} })),
      { intervalMs: 10_000, timeoutMs: 1_000, selfCheck: async () => ({ ok: true }) },
    );
    const before = receiver.requests.filter((r) => r.path.endsWith('/on_server_keepalive')).length;
    for (const n of ['s0', 's1', 's2']) await engine.probeNow(n);
    expect(receiver.requests.filter((r) => r.path.endsWith('/on_server_keepalive')).length - before).toBe(1);
    for (const n of ['s0', 's1', 's2']) expect(engine.state(n)!.lastProbe!.hooks!.hooks['hook.on_server_keepalive']!.status).toBe('ok');
  }, 10_000);

  it('every node failing while the monitor itself is cut off is monitor_isolated, not an outage', async () => {
    const dead = await closedPort();
    const engine = new MonitorEngine(
      [{ name: 'a', api: `http://127.0.0.1:${dead}`, labels: {} }, { name: 'b', api: `http://127.0.0.1:${dead}`, labels: {} }],
      { intervalMs: 1_000, timeoutMs: 200, state: { downAfter: 2, recoverAfter: 1, degradeAfter: 1 }, selfCheck: async () => ({ ok: false }) },
    );
    const statuses: string[] = [];
    engine.listen({ onStatus: (s) => statuses.push(s) });
    for (let i = 0; i < 3; i++) {
      await engine.probeNow('a');
      await engine.probeNow('b');
    }
    expect(engine.monitorStatus).toBe('monitor_isolated');
    expect(statuses).toEqual(['monitor_isolated']);
    expect(engine.state('a')!.health).not.toBe('down');
    expect(engine.state('b')!.health).not.toBe('down');
  }, 10_000);

  it("a node's probes share one kept connection, timed when it is made, closed after a failed probe and when the node is let go", async () => {
    const open = new Set<Socket>();
    let connections = 0;
    const calls: string[] = [];
    let hang = false;
    const server = createServer((req, res) => {
      const api = /\/index\/api\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
      calls.push(api);
      if (hang) return;
      const data = api === 'getServerConfig' ? [{ 'general.mediaServerId': 'one-conn', 'hook.enable': '0' }] : api === 'version' ? { buildTime: 'b', commitHash: 'c' } : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, data }));
    });
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s) => {
      connections++;
      open.add(s);
      s.on('close', () => open.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const node = { name: 'one', api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret: 's', labels: {} };
    const probe = async (ms = 5_000) => {
      const ctl = new AbortController();
      const t = setTimeout(() => ctl.abort(), ms);
      try {
        return await probeApi(node, { signal: ctl.signal });
      } finally {
        clearTimeout(t);
      }
    };
    const settle = async (n: number) => {
      for (let i = 0; i < 50 && open.size !== n; i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      const first = await probe();
      expect(first.evidence.ok).toBe(true);
      expect(first.evidence.mediaServerId).toBe('one-conn');
      expect(calls.sort()).toEqual(['getMediaList', 'getServerConfig', 'getThreadsLoad', 'version']);
      expect(connections).toBe(1);
      expect(first.evidence.phases.connect).toBeGreaterThanOrEqual(0);
      // the next probe goes out on the same connection and reports the timings it was made with
      const second = await probe();
      expect(second.evidence.ok).toBe(true);
      expect(connections).toBe(1);
      expect(second.evidence.phases.connect).toBe(first.evidence.phases.connect);
      // a probe that fails at its deadline leaves no connection behind; the next one connects anew
      hang = true;
      const failed = await probe(300);
      expect(failed.evidence.ok).toBe(false);
      await settle(0);
      expect(open.size).toBe(0);
      hang = false;
      expect((await probe()).evidence.ok).toBe(true);
      expect(connections).toBe(2);
      // a node no longer monitored keeps no socket
      closeNodeConnection(node);
      await settle(0);
      expect(open.size).toBe(0);
    } finally {
      closeNodeConnection(node);
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('asks version on the first probe, on the first answer after a failure and once a minute, and keeps its build between', async () => {
    const calls: string[] = [];
    let build = 'b1';
    let down = false;
    const server = createServer((req, res) => {
      const api = /\/index\/api\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
      calls.push(api);
      if (down) return void res.writeHead(500).end('down');
      const data = api === 'getServerConfig' ? [{ 'general.mediaServerId': 'v', 'hook.enable': '0' }] : api === 'version' ? { buildTime: build, commitHash: 'c' } : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, data }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const node = { name: 'v', api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret: 's', labels: {} };
      let clock = 1_000_000;
      const probe = async () => {
        calls.length = 0;
        const out = await probeApi(node, { signal: AbortSignal.timeout(5_000), now: () => clock });
        return { out, version: calls.includes('version'), first: calls[0] };
      };
      let r = await probe();
      expect(r).toMatchObject({ version: true, first: 'getServerConfig' });
      expect(r.out.evidence.build).toBe('c b1');
      // ten seconds later: no version call, the build it gave is still the evidence's
      build = 'b2';
      clock += 10_000;
      r = await probe();
      expect(r.version).toBe(false);
      expect(calls.sort()).toEqual(['getMediaList', 'getServerConfig', 'getThreadsLoad']);
      expect(r.out.evidence.build).toBe('c b1');
      // a minute after the last one: asked, and the new build seen
      clock += 50_000;
      r = await probe();
      expect(r.version).toBe(true);
      expect(r.out.evidence.build).toBe('c b2');
      // a failed probe stops at getServerConfig; the first answer after it asks version again at once
      down = true;
      clock += 10_000;
      r = await probe();
      expect(r.out.evidence.ok).toBe(false);
      expect(calls).toEqual(['getServerConfig']);
      down = false;
      build = 'b3';
      clock += 10_000;
      r = await probe();
      expect(r.version).toBe(true);
      expect(r.out.evidence.build).toBe('c b3');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
