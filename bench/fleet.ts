/**
 * Fleet benchmark of `serve`'s engine (issue 12): simulated ZLM nodes on loopback, all served by ONE light
 * simulator process (test/support/fleet-sim.ts: recorded answers of the real MediaServer, one path per node, 14
 * hook URLs per node pointing at a WVP-like receiver), probed by the engine at a 10 s interval with what serve
 * runs beside it: the SQLite store (WAL, per-second flush), prom-client metrics scraped every 15 s.
 *
 *   npm run bench:fleet                  1,000 nodes for 2.5 min (2 min measured), a bare fetch loop, 100 and 5,000 nodes
 *   npm run bench:fleet -- --quick       the same shape in about 2 minutes (shorter windows: indicative)
 *   npm run bench:fleet -- --soak 10m    the 1,000-node run lasts 10 minutes (RSS growth checked; at most 60m)
 *
 * Every measurement runs in a fresh child process (clean RSS, CPU from process.cpuUsage()), against the same
 * simulator process, in the same run. Prints:
 *   - CPU % of one core at 1,000 nodes (target < 15%) and peak RSS (target < 250 MB), RSS growth after warm-up
 *     (with --soak: target < 32 MB);
 *   - CPU per probe, against a bare fetch (undici) loop doing the same requests at the same rate with the same
 *     connection pattern (target <= 1.5x): one connection per node, kept across its API calls (three, and version
 *     once a minute) and its probes, and replaced when it is a minute old, as the engine does. (Until 2026-12 the
 *     loop shared one keep-alive pool across all nodes, which a fleet of distinct origins cannot do: that flattered
 *     the baseline.)
 *   - the 90-day SQLite size projection for 1,000 nodes (storage/size.ts; target < 1 GB);
 *   - CPU and RSS at 100, 1,000 and 5,000 nodes (growth linear or better: per-probe CPU at 5,000 <= 1.5x that at
 *     1,000), schedule lag, and the largest fleet one core sustains at 10 s.
 * Exits 1 when a target is missed, 2 on bad arguments. 127.0.0.1 only; temp dirs removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { writeHeapSnapshot } from 'node:v8';
import { MonitorEngine } from '../src/monitor/engine.ts';
import { tuneHeapForMonitor } from '../src/monitor/heap.ts';
import { CONNECTION_IDLE_MS, CONNECTION_MAX_AGE_MS } from '../src/monitor/probe/transport.ts';
import { MonitorMetrics } from '../src/monitor/metrics.ts';
import type { MonitorNode } from '../src/monitor/node.ts';
import { projectSize } from '../src/monitor/storage/size.ts';
import { MonitorStore } from '../src/monitor/storage/store.ts';
import { VERSION_EVERY_MS } from '../src/monitor/probe/api.ts';
import { startFleetSim, type FleetSimStats } from '../test/support/fleet-sim.ts';

const INTERVAL_MS = 10_000;
const TARGET = { cpuPct: 15, rssMb: 250, ratio: 1.5, soakGrowthMb: 32, dbGb: 1, linear: 1.5 };

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};

function duration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`not a duration: ${s}`);
  return Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

interface PhaseResult {
  kind: 'engine' | 'bare';
  nodes: number;
  measuredMs: number;
  cpuMs: number;
  /** of cpuMs, in the kernel (sockets: connect, write, read, close) */
  cpuSysMs?: number;
  probes: number;
  /** requests the simulator answered during the measured window */
  requests: number;
  simCpuMs: number;
  peakRss: number;
  /** warm-up as it happened: at least the asked time, for the engine until every node's first-seen history write is done */
  warmedMs: number;
  rssAfterWarmup: number;
  rssEnd: number;
  /** process.memoryUsage() at the end: where the RSS is (JS heap, native, buffers) */
  mem?: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  maxLagMs?: number;
  p99LagMs?: number;
  skipped?: number;
  notReady?: Record<string, number>;
  storeRows?: number;
}

async function simStats(base: string): Promise<FleetSimStats> {
  // node:http, not fetch: fetch would load undici into the measured process (10-20 MB of RSS serve never has);
  // a busy simulator answers late, not never: a long bound
  return new Promise<FleetSimStats>((resolve, reject) => {
    const req = httpGet(`${base}/__stats`, { timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as FleetSimStats);
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('the simulator did not answer /__stats within 30 s')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shared measurement frame: warm up, then measure CPU, probes, sim requests and RSS until the end. */
async function measure(kind: PhaseResult['kind'], nodes: number, base: string, warmupMs: number, measureMs: number, probes: () => number, settle?: () => Promise<void>): Promise<PhaseResult> {
  let peak = process.memoryUsage.rss();
  const trace = process.env.FLEET_MEM_TRACE ? performance.now() : undefined;
  let ticks = 0;
  const rssTimer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    // FLEET_MEM_TRACE=1: the memory every 2 s on stderr (a sawtooth is garbage, a ramp a leak)
    if (trace !== undefined && ++ticks % 4 === 0) {
      const m = process.memoryUsage();
      // anonymous (heaps, malloc) and file-backed (code, mapped files) parts of the RSS, on Linux
      let split = '';
      try {
        const st = readFileSync('/proc/self/status', 'utf8');
        split = ` (anon ${/RssAnon:\s+(\d+)/.exec(st)?.[1] ? (Number(/RssAnon:\s+(\d+)/.exec(st)![1]) / 1024).toFixed(0) : '?'} file ${/RssFile:\s+(\d+)/.exec(st) ? (Number(/RssFile:\s+(\d+)/.exec(st)![1]) / 1024).toFixed(0) : '?'})`;
      } catch {
        // not Linux
      }
      console.error(`mem ${((performance.now() - trace) / 1000).toFixed(0)}s rss ${mb(m.rss).toFixed(0)}${split} heapUsed ${mb(m.heapUsed).toFixed(0)} heapTotal ${mb(m.heapTotal).toFixed(0)} external ${mb(m.external).toFixed(0)} ab ${mb(m.arrayBuffers).toFixed(0)}`);
    }
  }, 500);
  const w0 = performance.now();
  await Promise.all([sleep(warmupMs), settle?.()]);
  const warmedMs = performance.now() - w0;
  const rssAfterWarmup = process.memoryUsage.rss();
  // FLEET_HEAP_SNAP=<file>: heap snapshots after the warm-up and at the end (compare them for a leak)
  if (process.env.FLEET_HEAP_SNAP) writeHeapSnapshot(`${process.env.FLEET_HEAP_SNAP}.${kind}-${nodes}.warm.heapsnapshot`);
  // FLEET_CPU_PROF=<file>: a CPU profile of the measured window only (not the warm-up)
  const profOut = process.env.FLEET_CPU_PROF ? `${process.env.FLEET_CPU_PROF}.${kind}-${nodes}.cpuprofile` : undefined;
  // FLEET_ALLOC_PROF=<file>: where the measured window allocates (sampling heap profiler, garbage included)
  const allocOut = process.env.FLEET_ALLOC_PROF ? `${process.env.FLEET_ALLOC_PROF}.${kind}-${nodes}.heapprofile` : undefined;
  const session = profOut || allocOut ? new Session() : undefined;
  if (session) {
    session.connect();
    if (profOut) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    if (allocOut) await session.post('HeapProfiler.startSampling', { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !process.env.FLEET_ALLOC_OLD });
  }
  const c0 = process.cpuUsage();
  const p0 = probes();
  const s0 = await simStats(base);
  const t0 = performance.now();
  await sleep(measureMs);
  const c1 = process.cpuUsage(c0);
  const p1 = probes();
  const s1 = await simStats(base);
  const measuredMs = performance.now() - t0;
  if (session) {
    if (profOut) writeFileSync(profOut, JSON.stringify((await session.post('Profiler.stop')).profile));
    if (allocOut) writeFileSync(allocOut, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
    session.disconnect();
  }
  clearInterval(rssTimer);
  if (process.env.FLEET_HEAP_SNAP) writeHeapSnapshot(`${process.env.FLEET_HEAP_SNAP}.${kind}-${nodes}.end.heapsnapshot`);
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const rssEnd = process.memoryUsage.rss();
  peak = Math.max(peak, rssEnd);
  return {
    kind,
    nodes,
    measuredMs,
    cpuMs: (c1.user + c1.system) / 1_000,
    cpuSysMs: c1.system / 1_000,
    probes: p1 - p0,
    requests: s1.requests - s0.requests,
    simCpuMs: (s1.cpuUserUs + s1.cpuSystemUs - s0.cpuUserUs - s0.cpuSystemUs) / 1_000,
    peakRss: peak,
    warmedMs,
    rssAfterWarmup,
    rssEnd,
    mem: { heapUsed, heapTotal, external, arrayBuffers },
  };
}

/** child: serve's engine + store + metrics against the simulator */
async function enginePhase(base: string, secret: string, n: number, warmupMs: number, measureMs: number): Promise<PhaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zd-bench-fleet-'));
  try {
    const store = MonitorStore.open(join(dir, 'state'));
    const metrics = new MonitorMetrics();
    const nodes: MonitorNode[] = Array.from({ length: n }, (_, i) => ({ name: `sim-${i}`, api: `${base}/n/${i}`, secret, labels: { site: 'bench' } }));
    // as serve does when it starts its engine (src/monitor/heap.ts)
    tuneHeapForMonitor();
    const engine = new MonitorEngine(nodes, { intervalMs: INTERVAL_MS, timeoutMs: 5_000, concurrency: 32, jitter: 0.1, store, stateDir: join(dir, 'state'), ...(process.env.FLEET_NO_HISTORY ? { history: false } : {}), selfCheck: async () => ({ ok: true }) });
    let probes = 0;
    const probed = new Set<string>();
    const notReady: Record<string, number> = {};
    engine.listen(metrics);
    engine.listen({
      onProbe: (r) => {
        probes++;
        probed.add(r.node);
        if (r.readiness !== 'ready') notReady[r.readiness] = (notReady[r.readiness] ?? 0) + 1;
      },
    });
    metrics.setNodes(nodes.map((x) => x.name));
    // Prometheus scrapes every 15 s
    const scrape = setInterval(() => {
      metrics.setLag(engine.lag.maxLagMs);
      if (!process.env.FLEET_NO_SCRAPE) void metrics.text();
    }, 15_000);
    engine.start();
    // steady state: after one full interval, every node probed once, and the first-seen history writes of every
    // node (bounded): a fleet still in its start-up burst is not measured as steady state
    const settle = async () => {
      await sleep(INTERVAL_MS + 1_000);
      const until = performance.now() + 10 * 60_000;
      while (probed.size < n && performance.now() < until) await sleep(500);
      await Promise.race([engine.historyIdle(), sleep(Math.max(0, until - performance.now()))]);
    };
    const r = await measure('engine', n, base, warmupMs, measureMs, () => probes, settle);
    clearInterval(scrape);
    const lag = engine.lag;
    await engine.stop(5_000);
    const recent = [...lag.recent].sort((a, b) => a - b);
    const rows = (store.db.prepare('SELECT count(*) AS c FROM samples').get() as { c: number } | undefined)?.c;
    store.close();
    return { ...r, maxLagMs: lag.maxLagMs, p99LagMs: recent[Math.floor(recent.length * 0.99)] ?? 0, skipped: lag.skipped, notReady, ...(rows !== undefined ? { storeRows: rows } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** child: a bare fetch (undici) loop doing the same requests as a probe, at the same rate, over one kept connection per node */
async function barePhase(base: string, secret: string, n: number, warmupMs: number, measureMs: number): Promise<PhaseResult> {
  // the hook URLs a node's config holds, as the engine reads them
  const cfg = (await (await fetch(`${base}/n/0/index/api/getServerConfig?secret=${secret}`)).json()) as { data: Record<string, string>[] };
  const hookUrls = [...new Set(Object.entries(cfg.data[0]!).filter(([k, v]) => k.startsWith('hook.on_') && v !== '').map(([, v]) => v))];
  // the engine probes a hook URL once per min(5 s, interval / 2) however many nodes share it (one WVP): so does this loop
  const HOOK_TTL_MS = Math.min(5_000, INTERVAL_MS / 2);
  const hookCache = new Map<string, { at: number; p: Promise<unknown> }>();
  let probes = 0;
  let stop = false;
  // at most 32 probes at once, like the engine (defaults.concurrency)
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (running >= 32) await new Promise<void>((r) => waiting.push(r));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  // the connection pattern of the engine (src/monitor/probe/transport.ts): ONE connection per node, kept across the
  // probe's calls and the node's probes, replaced when it is a minute old (an undici Agent with one connection, the
  // class of fetch's own global dispatcher: undici as Node bundles it, no module to install). Sharing one pool across
  // every node (the simulator's single port) would flatter the loop: a real fleet has one origin per node.
  const UndiciAgent = (globalThis as Record<symbol, { constructor: new (o: { connections: number; keepAliveTimeout: number; keepAliveMaxTimeout: number }) => { close(): Promise<void> } } | undefined>)[Symbol.for('undici.globalDispatcher.1')]?.constructor;
  if (!UndiciAgent) throw new Error("fetch's undici dispatcher not found (Node's fetch changed?)");
  const lastVersion: (number | undefined)[] = [];
  const agents: ({ at: number; dispatcher: { close(): Promise<void> } } | undefined)[] = [];
  const agentOf = (i: number) => {
    const a = agents[i];
    if (a && performance.now() - a.at < CONNECTION_MAX_AGE_MS) return a.dispatcher;
    if (a) void a.dispatcher.close();
    const dispatcher = new UndiciAgent({ connections: 1, keepAliveTimeout: CONNECTION_IDLE_MS, keepAliveMaxTimeout: CONNECTION_IDLE_MS });
    agents[i] = { at: performance.now(), dispatcher };
    return dispatcher;
  };
  const probe = async (i: number) => {
    const q = `?secret=${secret}`;
    const dispatcher = agentOf(i);
    const get = async (u: string) => {
      // a long deadline: this loop measures CPU, a busy machine must not turn it into timeouts
      const r = await fetch(u, { signal: AbortSignal.timeout(30_000), dispatcher } as RequestInit);
      return r.text();
    };
    // the engine's calls (src/monitor/probe/api.ts): getServerConfig first, then the other two, with version when
    // it is due (a node's first probe, then once a minute: VERSION_EVERY_MS)
    JSON.parse(await get(`${base}/n/${i}/index/api/getServerConfig${q}`));
    const now = performance.now();
    const v = lastVersion[i];
    const calls = v === undefined || now - v >= VERSION_EVERY_MS ? ['getThreadsLoad', 'getMediaList', 'version'] : ['getThreadsLoad', 'getMediaList'];
    if (calls.length === 3) lastVersion[i] = now;
    await Promise.all(calls.map((a) => get(`${base}/n/${i}/index/api/${a}${q}`).then((t) => JSON.parse(t) as unknown)));
    await Promise.all(
      hookUrls.map((u) => {
        const hit = hookCache.get(u);
        if (hit && performance.now() - hit.at < HOOK_TTL_MS) return hit.p;
        const p = (u.endsWith('on_server_keepalive') ? fetch(u, { method: 'POST', body: '{"data":{}}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(30_000) }).then((r) => r.json()) : get(u)).catch(() => undefined);
        hookCache.set(u, { at: performance.now(), p });
        return p;
      }),
    );
    probes++;
  };
  const loops = Array.from({ length: n }, async (_, i) => {
    await sleep((i / n) * INTERVAL_MS);
    while (!stop) {
      const due = performance.now() + INTERVAL_MS;
      await acquire();
      await probe(i)
        .catch(() => undefined)
        .finally(release);
      await sleep(Math.max(0, due - performance.now()));
    }
  });
  const r = await measure('bare', n, base, warmupMs, measureMs, () => probes);
  stop = true;
  await Promise.race([Promise.all(loops), sleep(INTERVAL_MS + 1_000)]);
  for (const a of agents) void a?.dispatcher.close();
  return r;
}

function startChild(args: string[]): { child: ChildProcess; firstLine: Promise<string> } {
  // the bundled script lives in .bench-tmp/: the recordings are found from the checkout (npm run sets the cwd)
  const env = { ...process.env, ZLM_REFERENCE_DIR: process.env.ZLM_REFERENCE_DIR ?? join(process.cwd(), 'test/fixtures/zlm-reference') };
  const child = spawn(process.execPath, [process.argv[1]!, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const firstLine = new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code} before it answered`)));
  });
  return { child, firstLine };
}

async function runPhase(kind: 'engine' | 'bare', base: string, secret: string, nodes: number, warmupMs: number, measureMs: number): Promise<PhaseResult> {
  const { child, firstLine } = startChild(['--phase', kind, '--base', base, '--secret', secret, '--nodes', String(nodes), '--warmup', `${warmupMs}ms`, '--measure', `${measureMs}ms`]);
  // bounded: a phase that cannot finish (a starved machine) is stopped and named
  const kill = setTimeout(() => {
    console.error(`${kind} phase at ${nodes} nodes did not finish within ${Math.round((warmupMs + measureMs) / 1000) + 180} s: stopped`);
    child.kill('SIGKILL');
  }, warmupMs + measureMs + 180_000);
  try {
    return JSON.parse(await firstLine) as PhaseResult;
  } finally {
    clearTimeout(kill);
  }
}

const mb = (b: number) => b / 1024 / 1024;
const f1 = (x: number) => x.toFixed(1);
const cpuPct = (r: PhaseResult) => (100 * r.cpuMs) / r.measuredMs;
const perProbe = (r: PhaseResult) => r.cpuMs / Math.max(1, r.probes);
/** CPU per request the simulator answered: comparable even when a starved machine leaves probes unfinished */
const perRequest = (r: PhaseResult) => r.cpuMs / Math.max(1, r.requests);

async function main(): Promise<number> {
  if (argv.includes('--sim-child')) {
    const sim = await startFleetSim();
    process.stdout.write(`${JSON.stringify({ base: sim.base, secret: sim.secret })}\n`);
    // lives as long as the parent keeps stdin open
    await new Promise<void>((r) => {
      process.stdin.on('end', r);
      process.stdin.on('close', r);
      process.stdin.resume();
    });
    await sim.close();
    return 0;
  }
  const phase = arg('--phase');
  if (phase === 'engine' || phase === 'bare') {
    const run = phase === 'engine' ? enginePhase : barePhase;
    const r = await run(arg('--base')!, arg('--secret')!, Number(arg('--nodes')), duration(arg('--warmup')!), duration(arg('--measure')!));
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }

  const quick = argv.includes('--quick');
  let soakMs: number | undefined;
  try {
    soakMs = arg('--soak') !== undefined ? duration(arg('--soak')!) : undefined;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (soakMs !== undefined && (soakMs < 60_000 || soakMs > 3_600_000)) {
    console.error('--soak wants 1m..60m');
    return 2;
  }
  // warm-up: two intervals (every node probed, its baseline and findings taken, the store's first writes)
  const warm = quick ? 15_000 : 2 * INTERVAL_MS;
  const mainMs = soakMs ?? (quick ? 30_000 : 130_000);
  const sideMs = quick ? 20_000 : 60_000;
  console.log(`fleet bench${quick ? ' (quick: short windows, indicative)' : ''}: interval ${INTERVAL_MS / 1000} s; 1,000 nodes measured ${f1(mainMs / 1000)} s after ${warm / 1000} s warm-up`);

  const { child: sim, firstLine } = startChild(['--sim-child']);
  const results: PhaseResult[] = [];
  try {
    const { base, secret } = JSON.parse(await firstLine) as { base: string; secret: string };
    console.log(`simulator: one process, ${base}/n/<i> (recorded MediaServer answers, 14 hook URLs per node)`);
    const main = await runPhase('engine', base, secret, 1_000, warm, mainMs);
    results.push(main);
    const bare = await runPhase('bare', base, secret, 1_000, Math.min(warm, 12_000), sideMs);
    results.push(bare);
    // a scaling run that cannot finish (a starved machine) is named and counted as missed; the rest still prints
    const side = async (n: number): Promise<PhaseResult | undefined> => {
      try {
        return await runPhase('engine', base, secret, n, warm, sideMs);
      } catch (e) {
        console.error(`${n.toLocaleString('en')} nodes: ${(e as Error).message}`);
        return undefined;
      }
    };
    const s100 = await side(100);
    const s5000 = await side(5_000);

    const fails: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) fails.push(what);
      return ok ? 'ok' : 'MISSED';
    };
    const reqPerProbe = (r: PhaseResult) => r.requests / Math.max(1, r.probes);
    console.log('');
    console.log(`1,000 nodes: warm-up ${f1(main.warmedMs / 1000)} s (first probe of every node + its first-seen history write), then ${main.probes} probes (${f1(reqPerProbe(main))} requests each), simulator CPU ${f1((100 * main.simCpuMs) / main.measuredMs)}%`);
    if (main.notReady && Object.keys(main.notReady).length) console.log(`  not ready: ${JSON.stringify(main.notReady)}`);
    console.log(`  CPU ${f1(cpuPct(main))}% of one core${main.cpuSysMs !== undefined ? ` (${f1((100 * main.cpuSysMs) / main.cpuMs)}% of it in the kernel)` : ''} (target < ${TARGET.cpuPct}%): ${check(cpuPct(main) < TARGET.cpuPct, `CPU ${f1(cpuPct(main))}% at 1,000 nodes`)}`);
    console.log(`  peak RSS ${f1(mb(main.peakRss))} MB (target < ${TARGET.rssMb} MB): ${check(mb(main.peakRss) < TARGET.rssMb, `peak RSS ${f1(mb(main.peakRss))} MB`)}`);
    if (main.mem) console.log(`  at the end: JS heap ${f1(mb(main.mem.heapUsed))} MB used of ${f1(mb(main.mem.heapTotal))} MB, external ${f1(mb(main.mem.external))} MB (the rest of the RSS is code, native allocations and V8's reserve)`);
    const growth = mb(main.rssEnd - main.rssAfterWarmup);
    console.log(
      `  RSS after warm-up ${f1(mb(main.rssAfterWarmup))} MB, at the end ${f1(mb(main.rssEnd))} MB: growth ${f1(growth)} MB over ${f1(main.measuredMs / 60_000)} min${soakMs !== undefined ? ` (soak target < ${TARGET.soakGrowthMb} MB): ${check(growth < TARGET.soakGrowthMb, `RSS growth ${f1(growth)} MB over the soak`)}` : ' (a soak: --soak 10m)'}`,
    );
    console.log(`  schedule lag: max ${f1(main.maxLagMs ?? 0)} ms, p99 ${f1(main.p99LagMs ?? 0)} ms, ${main.skipped ?? 0} turns skipped; ${main.storeRows ?? '?'} raw samples in the store`);
    // the same requests: CPU per request answered (a probe = the same requests in both loops)
    const ratio = perRequest(main) / perRequest(bare);
    console.log(`bare fetch (undici) loop, the same requests at the same rate, one kept connection per node: ${bare.probes} probes, ${bare.requests} requests, ${perRequest(bare).toFixed(3)} ms CPU per request (${f1(perRequest(bare) * reqPerProbe(main))} ms per probe)`);
    console.log(`  engine ${perRequest(main).toFixed(3)} ms CPU per request (${f1(perProbe(main))} ms per probe) = ${ratio.toFixed(2)}x the bare loop (target <= ${TARGET.ratio}x): ${check(ratio <= TARGET.ratio, `per-probe CPU ${ratio.toFixed(2)}x the bare loop`)}`);
    const expected = (r: PhaseResult) => (r.nodes * r.measuredMs) / INTERVAL_MS;
    for (const r of [main, bare]) if (r.probes < 0.9 * expected(r)) console.log(`  note: ${r.kind} finished ${r.probes} of ~${Math.round(expected(r))} scheduled probes: the machine is starved (other load) or the fleet is too large`);
    const proj = projectSize(1_000, 90, INTERVAL_MS);
    console.log(`90-day SQLite projection for 1,000 nodes: ${f1(proj.bytes / 1024 ** 2)} MB (raw ${f1(mb(proj.perTable.samples))}, per-minute ${f1(mb(proj.perTable.agg_minute))}, per-hour ${f1(mb(proj.perTable.agg_hour))}, events ${f1(mb(proj.perTable.events))} MB) (target < 1 GB): ${check(proj.bytes < TARGET.dbGb * 1024 ** 3, 'DB projection')}`);
    console.log('scaling (shorter runs):');
    console.log('  nodes   CPU %   CPU/probe ms   peak RSS MB   max lag ms   warm-up s');
    // CPU per probe from CPU per request × requests per probe: a probe cut short by a starved machine does not skew it
    const probeCpu = (r: PhaseResult) => perRequest(r) * Math.round(reqPerProbe(bare));
    if (!s100) check(false, 'the 100-node run did not finish');
    if (!s5000) check(false, 'the 5,000-node run did not finish');
    for (const r of [s100, main, s5000]) if (r) console.log(`  ${String(r.nodes).padStart(5)}   ${f1(cpuPct(r)).padStart(5)}   ${probeCpu(r).toFixed(2).padStart(12)}   ${f1(mb(r.peakRss)).padStart(11)}   ${f1(r.maxLagMs ?? 0).padStart(10)}   ${f1(r.warmedMs / 1000).padStart(9)}`);
    const lin = s5000 ? probeCpu(s5000) / probeCpu(main) : Number.NaN;
    console.log(`  per-probe CPU at 5,000 / at 1,000 = ${lin.toFixed(2)} (linear or better: <= ${TARGET.linear}): ${check(lin <= TARGET.linear, `per-probe CPU grows ${lin.toFixed(2)}x from 1,000 to 5,000 nodes`)}`);
    const sustain = Math.floor(INTERVAL_MS / Math.max(s5000 ? probeCpu(s5000) : 0, probeCpu(main)));
    console.log(`  one core sustains about ${sustain.toLocaleString('en')} nodes at a ${INTERVAL_MS / 1000} s interval (${INTERVAL_MS} ms / CPU per probe)`);
    console.log('');
    if (fails.length) {
      console.log(`✗ ${fails.length} target(s) missed: ${fails.join('; ')}`);
      return 1;
    }
    console.log('✓ every target met');
    return 0;
  } finally {
    sim.stdin?.end();
    const t = setTimeout(() => sim.kill('SIGKILL'), 3_000);
    await new Promise((r) => (sim.exitCode !== null ? r(undefined) : sim.once('exit', r)));
    clearTimeout(t);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
