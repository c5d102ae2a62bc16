/**
 * /metrics (prom-client) with bounded cardinality: series are per node and
 * per check (phase, hook key, readiness reason, severity), never per stream,
 * session or client. A node removed by a reload loses its series. Names are
 * documented in docs/metrics.md.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { Exposition } from './exposition.ts';
import { READINESS, type NodeState, type ProbeResult } from './types.ts';
import type { ProbeExtra } from './engine.ts';

const HEALTH = ['up', 'degraded', 'down', 'unknown'] as const;
const PHASES = ['dns', 'connect', 'tls', 'firstByte', 'total'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;
/** the keys of a node's steady series in MonitorMetrics.lastSet, made once (a probe sets ~40 of them) */
const HEALTH_KEYS = HEALTH.map((h) => `health ${h}`);
const READINESS_KEYS = READINESS.map((r) => `readiness ${r}`);
const PHASE_KEYS = PHASES.map((p) => `phase ${p}`);
const SEVERITY_KEYS = SEVERITIES.map((s) => `findings ${s}`);
const hookKeys = new Map<string, string>();
const hookKey = (hook: string): string => {
  let k = hookKeys.get(hook);
  if (k === undefined) {
    k = `hook ${hook}`;
    // hook keys come from a closed list (HOOK_URL_KEYS, hook.enable): the map stays small
    if (hookKeys.size < 256) hookKeys.set(hook, k);
  }
  return k;
};

export class MonitorMetrics {
  readonly registry = new Registry();
  private readonly g: Record<string, Gauge> = {};
  private readonly restarts: Counter;
  private readonly probes: Counter;
  private readonly hookKeys = new Map<string, Set<string>>();
  private readonly restartSeen = new Map<string, number>();

  constructor(opts: { demo?: boolean } = {}) {
    const gauge = (name: string, help: string, labelNames: string[] = []) => {
      const m = new Gauge({ name, help, labelNames, registers: [this.registry] });
      this.g[name] = m;
      return m;
    };
    gauge('zlm_doctor_up', 'ZLM API answered the last probe (1) or not (0)', ['node']);
    gauge('zlm_doctor_node_health', 'Anti-flap health of the node, one series per state, 1 for the current one', ['node', 'health']);
    gauge('zlm_doctor_readiness', 'Readiness reason of the last probe, one series per reason, 1 for the current one', ['node', 'reason']);
    gauge('zlm_doctor_probe_duration_seconds', 'Last probe of the ZLM API, by phase', ['node', 'phase']);
    gauge('zlm_doctor_hook_up', 'Hook receiver reachable and answering (1) or not (0), per hook key', ['node', 'hook']);
    gauge('zlm_doctor_drift_keys', 'Risky config keys that differ from the baseline', ['node']);
    gauge('zlm_doctor_findings', 'Static findings on the running config, by severity', ['node', 'severity']);
    gauge('zlm_doctor_thread_load_max', 'Highest event-poller load, percent', ['node']);
    gauge('zlm_doctor_thread_delay_max_seconds', 'Highest event-poller delay', ['node']);
    gauge('zlm_doctor_streams', 'Media streams on the node (distinct vhost/app/stream)', ['node']);
    gauge('zlm_doctor_readers', 'Readers (players) across the node streams', ['node']);
    gauge('zlm_doctor_last_probe_timestamp_seconds', 'When the node was last probed', ['node']);
    gauge('zlm_doctor_monitor_isolated', 'The monitor lost its own network (1): node failures are not paged');
    gauge('zlm_doctor_nodes', 'Nodes this instance monitors');
    gauge('zlm_doctor_schedule_lag_max_seconds', 'Largest delay of a probe past its scheduled time');
    gauge('zlm_doctor_demo', 'This instance monitors a simulated fleet (serve --demo)');
    this.restarts = new Counter({ name: 'zlm_doctor_restarts_total', help: 'Restarts of ZLM detected', labelNames: ['node'], registers: [this.registry] });
    this.probes = new Counter({ name: 'zlm_doctor_probes_total', help: 'Probes run, by result (ok: the API answered)', labelNames: ['node', 'result'], registers: [this.registry] });
    this.g.zlm_doctor_demo!.set(opts.demo ? 1 : 0);
    this.g.zlm_doctor_monitor_isolated!.set(0);
  }

  /**
   * The value each of a node's steady series was last set to: a probe sets ~40 series, and prom-client hashes
   * (sorts) the labels and allocates on every set, so a series whose value did not move is not set again.
   */
  private readonly lastSet = new Map<string, Map<string, number>>();

  private put(node: string, key: string, name: string, labels: Record<string, string> | (() => Record<string, string>), v: number): void {
    let last = this.lastSet.get(node);
    if (!last) this.lastSet.set(node, (last = new Map()));
    if (last.get(key) === v) return;
    last.set(key, v);
    this.g[name]!.set(typeof labels === 'function' ? labels() : labels, v);
  }

  /** Drop a series this node had set (a phase a probe no longer times): nothing to do, and no hashing, when it had none. */
  private drop(node: string, key: string, name: string, labels: Record<string, string>): void {
    const last = this.lastSet.get(node);
    if (!last?.has(key)) return;
    last.delete(key);
    this.g[name]!.remove(labels);
  }

  onProbe(r: ProbeResult, s: NodeState, extra: ProbeExtra): void {
    const node = r.node;
    this.known.add(node);
    const a = r.api;
    this.put(node, 'up', 'zlm_doctor_up', { node }, a.ok || r.readiness !== 'api_unreachable' ? 1 : 0);
    for (let i = 0; i < HEALTH.length; i++) {
      const health = HEALTH[i]!;
      this.put(node, HEALTH_KEYS[i]!, 'zlm_doctor_node_health', () => ({ node, health }), s.health === health ? 1 : 0);
    }
    for (let i = 0; i < READINESS.length; i++) {
      const reason = READINESS[i]!;
      this.put(node, READINESS_KEYS[i]!, 'zlm_doctor_readiness', () => ({ node, reason }), r.readiness === reason ? 1 : 0);
    }
    for (let i = 0; i < PHASES.length; i++) {
      const phase = PHASES[i]!;
      const v = a.phases[phase];
      if (v !== undefined) this.put(node, PHASE_KEYS[i]!, 'zlm_doctor_probe_duration_seconds', () => ({ node, phase }), v / 1000);
      else this.drop(node, PHASE_KEYS[i]!, 'zlm_doctor_probe_duration_seconds', { node, phase });
    }
    this.probes.inc({ node, result: a.ok ? 'ok' : 'failed' });
    this.g.zlm_doctor_last_probe_timestamp_seconds!.set({ node }, r.at / 1000);
    if (r.hooks) {
      const keys = new Set(Object.keys(r.hooks.hooks));
      for (const old of this.hookKeys.get(node) ?? []) {
        if (keys.has(old)) continue;
        this.g.zlm_doctor_hook_up!.remove({ node, hook: old });
        this.lastSet.get(node)?.delete(hookKey(old));
      }
      this.hookKeys.set(node, keys);
      for (const hook in r.hooks.hooks) {
        const h = r.hooks.hooks[hook]!;
        if (h.status !== 'not_configured') this.put(node, hookKey(hook), 'zlm_doctor_hook_up', () => ({ node, hook }), h.status === 'ok' ? 1 : 0);
      }
    }
    if (r.drift !== undefined) this.put(node, 'drift', 'zlm_doctor_drift_keys', { node }, r.drift);
    if (extra.findings) {
      for (let i = 0; i < SEVERITIES.length; i++) {
        const severity = SEVERITIES[i]!;
        this.put(node, SEVERITY_KEYS[i]!, 'zlm_doctor_findings', () => ({ node, severity }), extra.findings[severity]);
      }
    }
    if (a.threadLoad?.length) {
      let load = -Infinity;
      let delay = -Infinity;
      for (const t of a.threadLoad) {
        if (t.load > load) load = t.load;
        if (t.delay > delay) delay = t.delay;
      }
      this.put(node, 'load', 'zlm_doctor_thread_load_max', { node }, load);
      this.put(node, 'delay', 'zlm_doctor_thread_delay_max_seconds', { node }, delay / 1000);
    }
    if (a.streams !== undefined) this.put(node, 'streams', 'zlm_doctor_streams', { node }, a.streams);
    if (a.readers !== undefined) this.put(node, 'readers', 'zlm_doctor_readers', { node }, a.readers);
    const seen = this.restartSeen.get(node);
    if (seen === undefined || extra.restarts > seen) {
      // a counter that has never moved still shows (0) so rate() works from the start
      this.restarts.inc({ node }, extra.restarts - (seen ?? 0));
      this.restartSeen.set(node, extra.restarts);
    }
  }

  setIsolated(v: boolean): void {
    this.g.zlm_doctor_monitor_isolated!.set(v ? 1 : 0);
  }

  setLag(maxLagMs: number): void {
    this.g.zlm_doctor_schedule_lag_max_seconds!.set(maxLagMs / 1000);
  }

  private readonly known = new Set<string>();

  /** Keep only these nodes' series. */
  setNodes(names: readonly string[]): void {
    const keep = new Set(names);
    this.g.zlm_doctor_nodes!.set(names.length);
    for (const node of [...this.known]) {
      if (keep.has(node)) continue;
      this.known.delete(node);
      for (const n of ['zlm_doctor_up', 'zlm_doctor_drift_keys', 'zlm_doctor_thread_load_max', 'zlm_doctor_thread_delay_max_seconds', 'zlm_doctor_streams', 'zlm_doctor_readers', 'zlm_doctor_last_probe_timestamp_seconds']) this.g[n]!.remove({ node });
      for (const health of HEALTH) this.g.zlm_doctor_node_health!.remove({ node, health });
      for (const reason of READINESS) this.g.zlm_doctor_readiness!.remove({ node, reason });
      for (const phase of PHASES) this.g.zlm_doctor_probe_duration_seconds!.remove({ node, phase });
      for (const severity of SEVERITIES) this.g.zlm_doctor_findings!.remove({ node, severity });
      for (const hook of this.hookKeys.get(node) ?? []) this.g.zlm_doctor_hook_up!.remove({ node, hook });
      this.restarts.remove({ node });
      for (const result of ['ok', 'failed']) this.probes.remove({ node, result });
      this.hookKeys.delete(node);
      this.restartSeen.delete(node);
      this.lastSet.delete(node);
    }
    for (const n of names) this.known.add(n);
  }

  private readonly exposition = new Exposition();

  /** /metrics: the registry's text, rendered with cached series prefixes (exposition.ts) */
  text(): Promise<string> {
    return this.exposition.render(this.registry);
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
