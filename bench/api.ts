/**
 * Benchmark of serve's REST API (issue 13): 1,000 nodes loaded in a fake
 * engine (realistic node states: API evidence with thread load, 14 hook
 * results, findings, drift, labels; a real SQLite monitor store with open
 * alerts), the API on a real loopback listener, then in ONE run:
 *
 *   1. SSE fan-out: 50 clients (in a child process, so their CPU is not
 *      counted) while the engine reports one probe per node per 10 s
 *      (100 updates/s); the server process's CPU is measured against the
 *      budget, and each client must receive the updates;
 *   2. fleet overview latency: GET /api/nodes (the whole fleet in one page,
 *      limit=1000, and a filtered, sorted page of 100) while the fan-out
 *      goes on; p50/p95/p99 against the target.
 *
 *   npm run bench:api                      (1,000 nodes, 50 clients, 20 s of fan-out, 300 requests per query)
 *   npm run bench:api -- --seconds 5       (a quick run)
 *
 * Targets: p95 of GET /api/nodes < 100 ms; server CPU during the fan-out
 * < 5 % of one core. Exits 1 when a target is missed.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { MonitorStore, type EngineListener, type NodeState, type ProbeResult } from '../src/monitor/index.ts';
import { createApiServer, type ApiEngine } from '../src/server/index.ts';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  return v === undefined ? d : Number(v);
};
const NODES = arg('--nodes', 1000);
const CLIENTS = arg('--clients', 50);
const SECONDS = arg('--seconds', 20);
const REQUESTS = arg('--requests', 300);
const INTERVAL_MS = 10_000;
const P95_TARGET_MS = 100;
const CPU_BUDGET = 0.05;

// ───────────────────────────── a fake fleet ─────────────────────────────

const HOOKS = ['on_play', 'on_publish', 'on_server_started', 'on_server_keepalive', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_record_mp4', 'on_record_ts', 'on_rtp_server_timeout', 'on_http_access', 'on_shell_login', 'on_flow_report', 'on_send_rtp_stopped'];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

function probe(name: string, i: number, at: number): ProbeResult {
  const broken = i % 37 === 0;
  const down = i % 97 === 0;
  const readiness = down ? 'api_unreachable' : broken ? 'hook_unreachable' : i % 53 === 0 ? 'config_not_converged' : 'ready';
  const hooks: NonNullable<ProbeResult['hooks']>['hooks'] = {};
  for (const h of HOOKS) hooks[`hook.${h}`] = { status: broken && h === 'on_play' ? 'unreachable' : 'ok', phases: { connect: 0.3 + rnd(), firstByte: 2 + rnd() * 3, total: 3 + rnd() * 4 } };
  return {
    node: name,
    at,
    readiness,
    api: down
      ? { at, ok: false, readiness: 'api_unreachable', phases: { connect: 1000, total: 1000 }, detail: 'connect ECONNREFUSED', errorKind: 'refused' }
      : { at, ok: true, readiness: 'ready', phases: { connect: 0.4, firstByte: 3 + rnd() * 10, total: 5 + rnd() * 20 }, mediaServerId: name, startedAt: at - 86_400_000, threadLoad: [{ load: Math.round(rnd() * 80), delay: Math.round(rnd() * 5) }, { load: Math.round(rnd() * 80), delay: 0 }], streams: Math.round(rnd() * 200), readers: Math.round(rnd() * 2000) },
    ...(down ? {} : { hooks: { at, hooks, keepaliveTimer: true } }),
    ...(down ? {} : { findings: { error: i % 11 === 0 ? 1 : 0, warning: i % 3, info: 2 }, drift: i % 29 === 0 ? 2 : 0 }),
  };
}

class FakeEngine implements ApiEngine {
  readonly monitorStatus = 'ok' as const;
  private readonly listeners: EngineListener[] = [];
  readonly nodes = new Map<string, NodeState>();
  constructor(n: number) {
    const now = Date.now();
    for (let i = 0; i < n; i++) {
      const name = `zlm-${String(i).padStart(4, '0')}`;
      const p = probe(name, i, now - Math.round(rnd() * INTERVAL_MS));
      this.nodes.set(name, {
        name,
        labels: { site: `site-${i % 10}`, role: i % 4 === 0 ? 'core' : 'edge', region: i % 2 ? 'north' : 'south' },
        health: p.readiness === 'api_unreachable' ? 'down' : p.readiness === 'ready' ? 'up' : 'degraded',
        readiness: p.readiness,
        since: now - 3_600_000,
        lastProbe: p,
        consecutiveFailures: p.readiness === 'api_unreachable' ? 3 : 0,
        consecutiveSuccesses: p.readiness === 'api_unreachable' ? 0 : 10,
      });
    }
    this.order = [...this.nodes.values()];
  }
  states() {
    return [...this.nodes.values()];
  }
  state(name: string) {
    return this.nodes.get(name);
  }
  async probeNow(name: string) {
    return this.nodes.get(name);
  }
  listen(l: EngineListener) {
    this.listeners.push(l);
  }
  private order: NodeState[] = [];
  /** one probe result, as the engine reports it (the result made once: the engine's own cost is bench:fleet's) */
  tick(i: number): void {
    const s = this.order[i]!;
    const p = s.lastProbe!;
    p.at = Date.now();
    for (const l of this.listeners) l.onProbe?.(p, s, { restarts: 0, hooksProbed: true });
  }
}

// ───────────────────────────── SSE clients (a child process) ─────────────────────────────

const CLIENT = `
const http = require('node:http');
const [url, n] = [process.argv[1], Number(process.argv[2])];
const counts = new Array(n).fill(0);
let ready = 0;
const reqs = [];
for (let i = 0; i < n; i++) {
  const req = http.get(url, (res) => {
    if (res.statusCode !== 200) { console.error('status ' + res.statusCode); process.exit(1); }
    res.setEncoding('utf8');
    let tail = '';
    let hello = false;
    res.on('data', (d) => {
      const s = tail + d;
      let k = 0, at = 0;
      while ((at = s.indexOf('event: probe', at)) >= 0) { k++; at += 12; }
      counts[i] += k;
      tail = s.slice(-12);
      if (!hello && s.includes('event: hello')) { hello = true; if (++ready === n) process.stdout.write('ready\\n'); }
    });
  });
  reqs.push(req);
}
process.stdin.on('data', () => { process.stdout.write(JSON.stringify(counts) + '\\n'); for (const r of reqs) r.destroy(); process.exit(0); });
`;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function main(): Promise<number> {
  const engine = new FakeEngine(NODES);
  const store = MonitorStore.open(':memory:');
  const now = Date.now();
  let alerts = 0;
  for (const s of engine.states()) {
    if (s.readiness === 'ready') continue;
    store.openAlert({ key: `node-down/${s.name}/`, node: s.name, rule: 'node-down', severity: 'critical', summary: `${s.name} is ${s.readiness}`, data: { summary: { en: `${s.name} is ${s.readiness}`, zh: `${s.name} 状态 ${s.readiness}` }, details: [] } }, now);
    alerts++;
  }
  const api = createApiServer({ engine, store, lang: 'en', version: 'bench', webRoot: false, sse: { maxClients: CLIENTS + 10 } });
  const { port } = await api.listen('127.0.0.1', 0);
  const base = `http://127.0.0.1:${port}`;
  console.log(`API on ${base}: ${NODES} nodes (${alerts} with an open alert), ${CLIENTS} SSE clients, one update per node per ${INTERVAL_MS / 1000} s`);

  // warm up (schemas compiled, JIT)
  for (let i = 0; i < 30; i++) await (await fetch(`${base}/api/nodes?limit=1000`)).arrayBuffer();

  // the engine's probe results: NODES per INTERVAL_MS, evenly spread (by the clock, not by timer ticks)
  let next = 0;
  let sent = 0;
  const start = performance.now();
  const emitter = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * NODES) / INTERVAL_MS);
    while (sent < due) {
      engine.tick(next);
      next = (next + 1) % NODES;
      sent++;
    }
  }, 10);

  // 0. the same updates with no client: what the engine side costs here (the hub drops them at once)
  const b0 = process.cpuUsage();
  const bt = performance.now();
  await new Promise((r) => setTimeout(r, Math.max(3, SECONDS / 2) * 1000));
  const b1 = process.cpuUsage(b0);
  const baseline = (b1.user + b1.system) / 1000 / (performance.now() - bt);

  const child = spawn(process.execPath, ['-e', CLIENT, `${base}/api/events/stream`, String(CLIENTS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  const waitFor = async (re: RegExp, ms: number) => {
    const end = Date.now() + ms;
    while (!re.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    if (!re.test(out)) throw new Error(`SSE clients: no ${re} within ${ms} ms`);
  };
  await waitFor(/ready\n/, 15_000);
  if (api.sse.size !== CLIENTS) throw new Error(`${api.sse.size} SSE clients connected, not ${CLIENTS}`);

  // 1. CPU of the fan-out (no HTTP requests meanwhile)
  const sentBefore = sent;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const c1 = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  const cpu = (c1.user + c1.system) / 1000 / wall;
  const sentInWindow = sent - sentBefore;

  // 2. latency of the fleet overview while the fan-out goes on
  const queries = [`/api/nodes?limit=1000`, `/api/nodes?label=site:site-3&sort=latency&order=desc&limit=100`, `/api/nodes?health=down,degraded&sort=findings&order=desc`];
  const lat: Record<string, number[]> = {};
  for (const q of queries) {
    const xs: number[] = (lat[q] = []);
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const r = await fetch(`${base}${q}`);
      await r.arrayBuffer();
      xs.push(performance.now() - s);
      if (r.status !== 200) throw new Error(`${q}: ${r.status}`);
    }
  }
  clearInterval(emitter);
  api.sse.flush();
  await new Promise((r) => setTimeout(r, 300));
  child.stdin.write('stop\n');
  await waitFor(/\[[\d,]+\]\n/, 5_000);
  const counts = JSON.parse(/\[[\d,]+\]/.exec(out)![0]) as number[];
  await api.close();
  store.close();

  let failed = false;
  console.log('');
  console.log(`SSE fan-out: ${sentInWindow} updates in ${(wall / 1000).toFixed(1)} s (${((sentInWindow / wall) * 1000).toFixed(0)}/s) to ${CLIENTS} clients`);
  const fanout = Math.max(0, cpu - baseline);
  const cpuOk = fanout < CPU_BUDGET;
  console.log(`  server process CPU: ${(cpu * 100).toFixed(2)} % of one core with ${CLIENTS} clients, ${(baseline * 100).toFixed(2)} % for the same updates with none`);
  console.log(`  SSE fan-out: ${(fanout * 100).toFixed(2)} % of one core (budget < ${CPU_BUDGET * 100} %) ${cpuOk ? 'OK' : 'MISSED'}`);
  const minGot = Math.min(...counts);
  const expected = sent - sentBefore;
  const deliveredOk = minGot >= expected * 0.99;
  console.log(`  delivered: every client got ≥ ${minGot} of the ${expected} updates sent while it was connected ${deliveredOk ? 'OK' : 'MISSED'}`);
  failed ||= !cpuOk || !deliveredOk;
  console.log('');
  console.log(`GET /api/nodes with ${NODES} nodes, ${REQUESTS} requests each, during the fan-out (target p95 < ${P95_TARGET_MS} ms):`);
  for (const q of queries) {
    const xs = lat[q]!;
    const p95 = pct(xs, 95);
    const ok = p95 < P95_TARGET_MS;
    failed ||= !ok;
    console.log(`  ${q.padEnd(72)} p50 ${pct(xs, 50).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms  ${ok ? 'OK' : 'MISSED'}`);
  }
  console.log('');
  console.log(failed ? 'FAILED: a target was missed' : 'all targets met');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
