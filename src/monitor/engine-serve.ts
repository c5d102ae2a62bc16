/**
 * The running `serve`: engine + store + metrics + HTTP listener + notifier,
 * wired together, with reload and a bounded shutdown. The CLI (src/cli/serve.ts)
 * decides where nodes come from (zlm-doctor.yml, the local MediaServer, --demo);
 * this file runs them. Every line it logs goes through the caller's `log`,
 * which redacts the config's secrets.
 */
import { createChannel } from './channels/index.ts';
import { Notifier, type Alert, type NotifierState } from './alerting/index.ts';
import type { MonitorConfig, NodeConfig } from './config/index.ts';
import { MonitorEngine, type AlertChange } from './engine.ts';
import { tuneHeapForMonitor } from './heap.ts';
import { createHttpServer, type Handler, type HttpServer } from './http.ts';
import { MonitorMetrics } from './metrics.ts';
import type { MonitorNode } from './node.ts';
import { inShard } from './scheduler.ts';
import { MonitorStore } from './storage/store.ts';
import type { Redactor } from '../util/redact.ts';
import type { Lang } from '../i18n/index.ts';

export interface ServeRuntimeOptions {
  config: MonitorConfig;
  /** the nodes to monitor (already from config, the local server or the demo) */
  nodes: MonitorNode[];
  listen: { host: string; port: number };
  stateDir: string;
  shard?: { index: number; count: number };
  demo?: boolean;
  lang: Lang;
  redactor?: Redactor;
  log: (line: string) => void;
  now?: () => number;
  /** the one HTTP listener (the REST API server); default: the small router of http.ts */
  http?: (parts: { engine: MonitorEngine; store: MonitorStore; metrics: MonitorMetrics }) => HttpServer;
  /** hold back a firing notification (REST API acknowledgements and silences): the reason, or undefined */
  mute?: (alert: Alert) => string | undefined;
}

export interface ServeHandle {
  address: { host: string; port: number };
  engine: MonitorEngine;
  store: MonitorStore;
  metrics: MonitorMetrics;
  http: HttpServer;
  /** register a route on the same listener (the REST API) */
  route(method: string, path: string | RegExp, handler: Handler): void;
  /** apply a new config (already validated) */
  reload(config: MonitorConfig, nodes: MonitorNode[]): void;
  stop(boundMs?: number): Promise<void>;
}

export function nodesFromConfig(c: MonitorConfig): MonitorNode[] {
  return c.nodes.map((n: NodeConfig) => ({
    name: n.name,
    api: n.api,
    ...(n.secret !== undefined ? { secret: n.secret } : {}),
    labels: n.labels,
    ...(n.config ? { config: n.config } : {}),
    ...(n.wvp ? { wvp: n.wvp } : {}),
    intervalMs: n.settings.intervalMs,
    timeoutMs: n.settings.timeoutMs,
  }));
}

export function shardNodes(nodes: MonitorNode[], shard?: { index: number; count: number }): MonitorNode[] {
  return shard ? nodes.filter((n) => inShard(n.name, shard.index, shard.count)) : nodes;
}

function notifierFor(c: MonitorConfig, o: ServeRuntimeOptions): Notifier {
  return new Notifier({ alerts: c.alerts, maintenance: c.maintenance, channels: c.alerts.channels.map(createChannel), lang: o.lang, ...(o.redactor ? { redactor: o.redactor } : {}), ...(o.mute ? { mute: o.mute } : {}), ...(o.now ? { now: o.now } : {}) });
}

export async function startServe(o: ServeRuntimeOptions): Promise<ServeHandle> {
  const store = MonitorStore.open(o.stateDir);
  const d = o.config.defaults;
  tuneHeapForMonitor();
  const engine = new MonitorEngine(shardNodes(o.nodes, o.shard), {
    intervalMs: d.intervalMs,
    timeoutMs: d.timeoutMs,
    concurrency: d.concurrency,
    jitter: Math.min(0.5, d.jitterMs / Math.max(1, d.intervalMs)),
    state: { downAfter: d.downAfter, recoverAfter: d.recoverAfter },
    store,
    stateDir: o.stateDir,
    ...(o.now ? { now: o.now } : {}),
  });
  const metrics = new MonitorMetrics({ ...(o.demo ? { demo: true } : {}) });
  metrics.setNodes(engine.states().map((s) => s.name));
  let notifier = notifierFor(o.config, o);
  const saved = store.memory<NotifierState>('\u0000notifier');
  if (saved) notifier.restore(saved);
  const tag = o.demo ? '[DEMO] ' : '';
  // alerts the notifier still tracks but the store closed meanwhile (a node left the config): tell the channels
  const closed = notifier.active().filter((a) => store.alert(a.id)?.status !== 'open').map((a) => a.id);
  const deliver = (p: Promise<unknown>) =>
    void p
      .then(() => store.setMemory('\u0000notifier', notifier.snapshot()))
      .catch((e: unknown) => o.log(`${tag}${o.lang === 'zh' ? '告警发送失败' : 'alert delivery failed'}: ${(e as Error).message}`));
  engine.listen({
    onProbe: (r, s, extra) => {
      metrics.onProbe(r, s, extra);
      metrics.setLag(engine.lag.maxLagMs);
    },
    onEvent: (e) => o.log(`${tag}${new Date(e.at).toISOString()} ${e.kind} ${o.lang === 'zh' ? (e.zh ?? e.message) : e.message}`),
    onAlert: (c: AlertChange) => {
      const zh = o.lang === 'zh';
      if (c.kind === 'opened') o.log(`${tag}${zh ? '告警' : 'alert'} ${c.id} ${zh ? '触发' : 'opened'}: ${(zh ? c.alert?.summary.zh : c.alert?.summary.en) ?? ''}`);
      if (c.kind === 'resolved') o.log(`${tag}${zh ? '告警' : 'alert'} ${c.id} ${zh ? '已恢复' : 'resolved'}`);
      if (c.alert) deliver(notifier.firing(c.alert));
      else if (c.kind === 'resolved') deliver(notifier.resolved(c.id));
    },
    onNodesChanged: (names) => metrics.setNodes(names),
    onStatus: (s) => metrics.setIsolated(s === 'monitor_isolated'),
  });
  const http = o.http ? o.http({ engine, store, metrics }) : createHttpServer();
  http.route('GET', '/metrics', async (_req, res) => {
    const text = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.contentType });
    res.end(text);
  });
  http.route('GET', '/healthz', (_req, res) => {
    const states = engine.states();
    const body = { status: engine.monitorStatus, demo: !!o.demo, nodes: states.length, down: states.filter((s) => s.health === 'down').length };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify(body)}\n`);
  });
  const address = await http.listen(o.listen.host, o.listen.port);
  for (const id of closed) deliver(notifier.resolved(id));
  engine.start();
  const tick = setInterval(() => deliver(notifier.tick()), 30_000);
  tick.unref?.();
  return {
    address,
    engine,
    store,
    metrics,
    http,
    route: (m, p, h) => http.route(m, p, h),
    reload(config, nodes) {
      const snap = notifier.snapshot();
      notifier = notifierFor(config, o);
      notifier.restore(snap);
      engine.setNodes(shardNodes(nodes, o.shard));
    },
    async stop(boundMs = 5_000) {
      clearInterval(tick);
      const t0 = Date.now();
      await engine.stop(Math.max(100, boundMs / 2));
      await http.close(Math.max(100, boundMs - (Date.now() - t0) - 200));
      store.setMemory('\u0000notifier', notifier.snapshot());
      store.close();
    },
  };
}
