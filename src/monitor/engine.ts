/**
 * The monitor engine: the scheduler runs one task per node per interval; a
 * task probes (API, then the hook chain), classifies readiness, steps the
 * anti-flap state machine (re-probing at once when it asks), tracks drift,
 * restarts and findings, opens and resolves alerts, stores the result and
 * tells its listeners (metrics, the notifier, the REST API). Every failure of
 * one node stays in that node's task.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalText, parseCanonical, canonicalize, type Canonical, type CanonicalOptions } from '../history/index.ts';
import { IniDocument } from '../ini/document.ts';
import { expectedZlm, loadWvp, type ExpectedZlm, type WvpConfig } from '../wvp/index.ts';
import { resolvable, wantedAlerts } from './alert-decisions.ts';
import type { Alert } from './alerting/index.ts';
import { driftHistory, type DriftHistory } from './drift-history.ts';
import { detectRestart, diffConfig, diffLines, keepaliveOn, keepaliveTimer, restartWhyZh, type ConfigChange, type RestartMemory } from './drift.ts';
import { liveFindings, type FindingSummary } from './findings.ts';
import type { MonitorNode } from './node.ts';
import { closeNodeConnection, probeApi } from './probe/api.ts';
import { probeHooks, type HookProber } from './probe/hooks.ts';
import { findMediaServers, probeUrl } from '../doctor/index.ts';
import { classifyReadiness, compareWithWvp, hookBroken } from './probe/readiness.ts';
import { Scheduler } from './scheduler.ts';
import { selfCheck } from './selfcheck.ts';
import { DEFAULT_STATE_OPTIONS, initialState, step, type MachineState, type StateOptions } from './state.ts';
import type { AlertRow, MonitorStore } from './storage/store.ts';
import type { MonitorEvent, MonitorStatus, NodeState, ProbeResult } from './types.ts';

export interface EngineOptions {
  intervalMs: number;
  /** per probe (the API calls of one probe, then the hooks) */
  timeoutMs: number;
  concurrency?: number;
  jitter?: number;
  state?: Partial<StateOptions>;
  /** a restart this recent explains a soft failure (`restarting`); default 2 intervals */
  restartGraceMs?: number;
  /** restart_loop: this many restarts within restartLoopWindowMs */
  restartLoopCount?: number;
  restartLoopWindowMs?: number;
  store?: MonitorStore;
  /** HMAC key file for secret fingerprints lives here (else a random key per run) */
  stateDir?: string;
  /** record every config change in the history store under stateDir (src/history snapshot()); default true with a stateDir */
  history?: boolean;
  now?: () => number;
  /** tests: the hook prober */
  hookProbe?: HookProber;
  /** tests: replace the self-connectivity check */
  selfCheck?: () => Promise<{ ok: boolean }>;
}

/** `opened`/`updated` every evaluation while the condition holds (the notifier dedupes), `resolved` once. */
export interface AlertChange {
  kind: 'opened' | 'resolved' | 'updated';
  id: string;
  /** the alert as built by its rule (firing only) */
  alert?: Alert;
  /** the stored row */
  row?: AlertRow;
}

export interface EngineListener {
  onProbe?(r: ProbeResult, s: NodeState, extra: ProbeExtra): void;
  onEvent?(e: MonitorEvent): void;
  onAlert?(c: AlertChange): void;
  onNodesChanged?(names: string[]): void;
  onStatus?(s: MonitorStatus): void;
}

/** What metrics need beyond the ProbeResult. */
export interface ProbeExtra {
  findings?: FindingSummary;
  restarts: number;
  hooksProbed: boolean;
}

interface NodeMemory {
  restart: RestartMemory;
  keepalive: { on?: boolean; missing?: boolean };
  restarts: number[];
  lastRestartAt?: number;
  baselineErrors?: string[];
  restartCount: number;
}

interface Runtime {
  node: MonitorNode;
  machine: MachineState;
  mem: NodeMemory;
  last?: Canonical;
  baseline?: Canonical;
  lastChange?: ConfigChange;
  findings?: FindingSummary;
  wvp?: { config: WvpConfig; expected: ExpectedZlm };
  wvpError?: string;
  /** the last getServerConfig map (holds secrets: for findings only, never shown as is) */
  live?: Record<string, string>;
  liveAt?: number;
  /** the baseline drift computed for `live` against `baseline` (reused while neither changes) */
  drift?: { baseline: Canonical; keys: string[]; diff: string[] };
  /** the node's last large API answers by digest: an unchanged getServerConfig is the same map, not parsed again */
  answers: Map<string, { digest: string; data: unknown }>;
}

/** Two getServerConfig maps with the same keys and values (cheaper than canonicalising either). */
function sameConfig(a: Record<string, string>, b: Record<string, string>): boolean {
  // the same bytes answered again give the same map (answerMemo)
  if (a === b) return true;
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  return n === Object.keys(a).length;
}

/** What the REST API shows of a node beyond its state (configs are canonical: secrets are fingerprint tokens). */
export interface NodeView {
  node: MonitorNode;
  live?: Record<string, string>;
  liveAt?: number;
  last?: Canonical;
  baseline?: Canonical;
  lastChange?: ConfigChange;
  findings?: FindingSummary;
  wvp?: WvpConfig;
  wvpError?: string;
}

/** When the local MediaServer that loads `config` started (ms since the epoch), from /proc. */
function localStartTime(config: string | undefined): number | undefined {
  if (!config) return undefined;
  try {
    const p = findMediaServers().find((x) => x.role !== 'watchdog' && x.configPath === config);
    return p?.startedAgoMs !== undefined ? Date.now() - p.startedAgoMs : undefined;
  } catch {
    return undefined;
  }
}

function fingerprintKey(stateDir: string | undefined): Buffer {
  if (!stateDir) return randomBytes(32);
  const f = join(stateDir, 'fingerprint.key');
  if (existsSync(f)) return readFileSync(f);
  const k = randomBytes(32);
  writeFileSync(f, k, { mode: 0o600 });
  return k;
}

export class MonitorEngine {
  private readonly nodes = new Map<string, Runtime>();
  private readonly scheduler: Scheduler;
  private readonly listeners: EngineListener[] = [];
  private readonly now: () => number;
  private readonly stateOpts: StateOptions;
  private readonly canon: CanonicalOptions;
  private status: MonitorStatus = 'ok';
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    nodes: readonly MonitorNode[],
    readonly opts: EngineOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.stateOpts = { ...DEFAULT_STATE_OPTIONS, ...(opts.state ?? {}) };
    const key = fingerprintKey(opts.stateDir);
    this.canon = { fingerprint: (v) => createHmac('sha256', key).update(v).digest('hex').slice(0, 12) };
    this.scheduler = new Scheduler([], (name, signal) => this.task(name, signal), {
      intervalMs: opts.intervalMs,
      // a probe, an immediate re-probe, and room to record them
      timeoutMs: opts.timeoutMs * 2 + 1_000,
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
      ...(opts.jitter !== undefined ? { jitter: opts.jitter } : {}),
    });
    this.setNodes(nodes);
  }

  listen(l: EngineListener): void {
    this.listeners.push(l);
  }

  private emit<K extends keyof EngineListener>(k: K, ...args: Parameters<NonNullable<EngineListener[K]>>): void {
    for (const l of this.listeners) {
      try {
        (l[k] as ((...a: unknown[]) => void) | undefined)?.(...args);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  get store(): MonitorStore | undefined {
    return this.opts.store;
  }

  get monitorStatus(): MonitorStatus {
    return this.status;
  }

  get lag(): Scheduler['stats'] {
    return this.scheduler.stats;
  }

  /** Replace the node set (reload): kept nodes keep their state. */
  setNodes(nodes: readonly MonitorNode[]): void {
    const names = new Set(nodes.map((n) => n.name));
    for (const [name, rt] of this.nodes) {
      if (names.has(name)) continue;
      closeNodeConnection(rt.node);
      this.nodes.delete(name);
    }
    // a node no longer monitored (a reload, another --shard) keeps no open alert
    const st = this.opts.store;
    for (const a of st?.alerts('open') ?? []) {
      if (names.has(a.node)) continue;
      const row = st!.resolveAlert(a.key, this.now());
      this.emit('onAlert', { kind: 'resolved', id: a.key, ...(row ? { row } : {}) });
    }
    for (const node of nodes) {
      const cur = this.nodes.get(node.name);
      if (cur) {
        if (cur.node !== node) closeNodeConnection(cur.node);
        cur.node = node;
        cur.machine.labels = node.labels;
        this.loadWvp(cur);
        continue;
      }
      const rt: Runtime = { node, machine: initialState(node.name, node.labels, this.now()), mem: { restart: {}, keepalive: {}, restarts: [], restartCount: 0 }, answers: new Map() };
      const st = this.opts.store;
      const mem = st?.memory<NodeMemory>(node.name);
      if (mem) rt.mem = { ...rt.mem, ...mem };
      const last = st?.config(node.name, 'last');
      if (last) rt.last = parseCanonical(last.canonical);
      const base = st?.config(node.name, 'baseline');
      if (base) rt.baseline = parseCanonical(base.canonical);
      else if (node.config) {
        try {
          rt.baseline = canonicalize(IniDocument.parse(readFileSync(node.config, 'utf8')), this.canon);
          st?.setConfig(node.name, 'baseline', canonicalText(rt.baseline), `file ${node.config}`, this.now());
        } catch {
          /* no readable file: the first config seen becomes the baseline */
        }
      }
      this.loadWvp(rt);
      this.nodes.set(node.name, rt);
    }
    this.scheduler.setNodes(nodes.map((n) => ({ name: n.name, ...(n.intervalMs !== undefined ? { intervalMs: n.intervalMs } : {}) })));
    this.emit('onNodesChanged', [...this.nodes.keys()]);
  }

  private loadWvp(rt: Runtime): void {
    delete rt.wvp;
    delete rt.wvpError;
    if (!rt.node.wvp) return;
    try {
      const config = loadWvp(rt.node.wvp);
      rt.wvp = { config, expected: expectedZlm(config) };
    } catch (e) {
      rt.wvpError = (e as Error).message;
    }
  }

  start(): void {
    this.scheduler.start();
    if (this.opts.store) {
      this.opts.store.autoFlush();
      this.pruneTimer = setInterval(() => this.opts.store?.prune(this.now()), 10 * 60_000);
      this.pruneTimer.unref?.();
    }
  }

  /** Stop probing, abort what is in flight (bounded), flush the store. */
  async stop(boundMs = 2_000): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.scheduler.stop(boundMs);
    for (const rt of this.nodes.values()) closeNodeConnection(rt.node);
    let t: NodeJS.Timeout | undefined;
    await Promise.race([this.historyIdle(), new Promise<void>((r) => (t = setTimeout(r, boundMs)))]);
    if (t) clearTimeout(t);
    this.opts.store?.flush();
  }

  states(): NodeState[] {
    return [...this.nodes.values()].map((r) => r.machine);
  }

  state(name: string): NodeState | undefined {
    return this.nodes.get(name)?.machine;
  }

  view(name: string): NodeView | undefined {
    const rt = this.nodes.get(name);
    if (!rt) return undefined;
    const { node, live, liveAt, last, baseline, lastChange, findings, wvpError } = rt;
    return { node, live, liveAt, last, baseline, lastChange, findings, wvp: rt.wvp?.config, wvpError } as NodeView;
  }

  /** Probe a node now and wait for it (tests, the API's "probe now"). */
  async probeNow(name: string): Promise<NodeState | undefined> {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), this.opts.timeoutMs * 2 + 1_000);
    try {
      await this.task(name, ctl.signal);
    } finally {
      clearTimeout(t);
    }
    return this.state(name);
  }

  // ───────────────────────────── one node ─────────────────────────────

  private async probeOnce(rt: Runtime, outer: AbortSignal): Promise<{ result: ProbeResult; live?: Record<string, string>; restarted: boolean; restartWhy?: string; hooksProbed: boolean }> {
    const started = performance.now();
    // an explicit controller and timer, not AbortSignal.any/timeout: on Node 20 a composed signal
    // can be collected before it fires, and then a peer that never answers holds the probe forever
    const ctl = new AbortController();
    const signal = ctl.signal;
    // one listener per hook URL probed at once
    setMaxListeners(0, signal);
    const onOuter = () => ctl.abort(outer.reason);
    if (outer.aborted) ctl.abort(outer.reason);
    else outer.addEventListener('abort', onOuter, { once: true });
    const timer = setTimeout(() => ctl.abort(new DOMException(`probe deadline ${this.opts.timeoutMs} ms`, 'TimeoutError')), this.opts.timeoutMs);
    try {
      return await this.probeWithin(rt, signal, started);
    } finally {
      clearTimeout(timer);
      outer.removeEventListener('abort', onOuter);
    }
  }

  private async probeWithin(rt: Runtime, signal: AbortSignal, started: number): Promise<{ result: ProbeResult; live?: Record<string, string>; restarted: boolean; restartWhy?: string; hooksProbed: boolean }> {
    const api = await probeApi(rt.node, { signal, now: this.now, answerMemo: rt.answers });
    if (rt.node.local && api.evidence.ok) {
      const startedAt = localStartTime(rt.node.config);
      if (startedAt !== undefined) api.evidence.startedAt = startedAt;
    }
    const r = detectRestart(rt.mem.restart, api.evidence);
    rt.mem.restart = r.memory;
    const result: ProbeResult = { node: rt.node.name, at: api.evidence.at, readiness: api.evidence.readiness, api: api.evidence };
    let hooksProbed = false;
    if (api.liveConfig) {
      const live = api.liveConfig;
      const ka = keepaliveTimer(rt.mem.keepalive, keepaliveOn(live), r.restarted);
      rt.mem.keepalive = ka;
      const wvp = rt.wvp ? compareWithWvp(live, rt.wvp.expected) : undefined;
      if (rt.node.hooks !== false) {
        const left = this.opts.timeoutMs - (performance.now() - started);
        result.hooks = await probeHooks(live, { signal, budgetMs: Math.max(50, left), now: this.now, probe: this.sharedHookProbe });
        hooksProbed = true;
        if (ka.missing !== undefined) result.hooks.keepaliveTimer = !ka.missing;
      }
      if (r.restarted) rt.mem.lastRestartAt = result.at;
      const grace = this.opts.restartGraceMs ?? 2 * this.opts.intervalMs;
      const restartedRecently = rt.mem.lastRestartAt !== undefined && result.at - rt.mem.lastRestartAt <= grace;
      result.readiness = classifyReadiness({ api: api.evidence, ...(wvp ? { wvp } : {}), ...(result.hooks ? { hooks: result.hooks } : {}), ...(ka.missing !== undefined ? { keepaliveTimer: !ka.missing } : {}), restartedRecently });
      return { result, live, restarted: r.restarted, ...(r.why ? { restartWhy: r.why } : {}), hooksProbed };
    }
    if (r.restarted) rt.mem.lastRestartAt = result.at;
    return { result, restarted: r.restarted, ...(r.why ? { restartWhy: r.why } : {}), hooksProbed };
  }

  private async task(name: string, signal: AbortSignal): Promise<void> {
    const rt = this.nodes.get(name);
    if (!rt) return;
    let p = await this.probeOnce(rt, signal);
    // cut short by shutdown (or the task's own deadline): what it saw says nothing about the node
    if (signal.aborted) return;
    let out = step(rt.machine, p.result, this.stateOpts);
    if (out.reprobe && !signal.aborted) {
      // the active re-probe before calling it down (its evidence replaces the first)
      const again = await this.probeOnce(rt, signal);
      if (signal.aborted) return;
      p = { ...again, restarted: again.restarted || p.restarted, ...(again.restartWhy ?? p.restartWhy ? { restartWhy: again.restartWhy ?? p.restartWhy } : {}) };
      if (again.result.readiness === 'api_unreachable' && (await this.isolated(rt))) {
        // our own network, not the node: keep its health as it was
        rt.machine = { ...out.state, consecutiveFailures: out.state.consecutiveFailures - 1 };
        this.finish(rt, p);
        return;
      }
      out = step(out.state, again.result, this.stateOpts, { reprobe: true });
    }
    if (p.result.readiness !== 'api_unreachable' && this.status === 'monitor_isolated') this.setStatus('ok', rt.node.name);
    const prev = rt.machine;
    rt.machine = out.state;
    const at = p.result.at;
    if (out.transition) this.event({ at, node: name, kind: 'health', message: `${name}: ${out.transition.from} → ${out.transition.to} (${out.transition.readiness})`, zh: `${name}：${out.transition.from} → ${out.transition.to}（${out.transition.readiness}）`, data: { from: out.transition.from, to: out.transition.to, readiness: out.transition.readiness } });
    else if (out.readinessChange && prev.readiness !== 'unknown') this.event({ at, node: name, kind: 'readiness', message: `${name}: ${out.readinessChange.from} → ${out.readinessChange.to}`, zh: `${name}：就绪状态 ${out.readinessChange.from} → ${out.readinessChange.to}`, data: { ...out.readinessChange } });
    this.finish(rt, p);
  }

  /** Drift, findings, restart bookkeeping, alerts, storage, listeners. */
  private finish(rt: Runtime, p: { result: ProbeResult; live?: Record<string, string>; restarted: boolean; restartWhy?: string; hooksProbed: boolean }): void {
    const name = rt.node.name;
    const at = p.result.at;
    const st = this.opts.store;
    if (p.restarted) {
      rt.mem.restartCount++;
      rt.mem.restarts = [...rt.mem.restarts, at].filter((t) => at - t <= (this.opts.restartLoopWindowMs ?? 10 * 60_000));
      this.event({ at, node: name, kind: 'restart', message: `${name} restarted: ${p.restartWhy ?? 'detected'}`, zh: `${name} 已重启：${restartWhyZh(p.restartWhy)}` });
    }
    let driftKeys: string[] = [];
    let driftDiff: string[] = [];
    if (p.live && rt.live && rt.drift && rt.drift.baseline === rt.baseline && sameConfig(rt.live, p.live)) {
      // the running config is what it was at the last probe: nothing to canonicalise, diff or lint again; the map
      // kept is the one already held (the new one dies young instead of being promoted and dropped a probe later)
      rt.liveAt = at;
      driftKeys = rt.drift.keys;
      driftDiff = rt.drift.diff;
      p.result.drift = driftKeys.length;
      if (rt.findings) p.result.findings = { error: rt.findings.error, warning: rt.findings.warning, info: rt.findings.info };
    } else if (p.live) {
      rt.live = p.live;
      rt.liveAt = at;
      const d = diffConfig(rt.last, p.live, rt.baseline, this.canon);
      if (!rt.baseline) {
        rt.baseline = d.current;
        st?.setConfig(name, 'baseline', canonicalText(d.current), 'first-seen', at);
      }
      if (d.change || !rt.last) {
        if (d.change) {
          rt.lastChange = d.change;
          const lines = diffLines(d.change.changes);
          this.event({ at, node: name, kind: 'drift', message: `${name}: ${d.change.changes.length} key(s) changed (${d.change.risky.length} risky), by ${d.change.attribution}`, zh: `${name}：${d.change.changes.length} 个配置项被修改（高风险 ${d.change.risky.length} 个），来源 ${d.change.attribution}`, data: { diff: lines, attribution: d.change.attribution, parts: d.change.parts, risky: d.change.risky.map((c) => c.key) } });
        }
        rt.last = d.current;
        st?.setConfig(name, 'last', canonicalText(d.current), d.change ? d.change.attribution : 'first-seen', at);
        this.record(rt, d.change !== undefined, p.live);
        try {
          rt.findings = liveFindings(p.live, rt.wvp?.config);
          rt.mem.baselineErrors ??= rt.findings.errors;
        } catch {
          /* a rule crash must not stop monitoring */
        }
      }
      driftKeys = d.baselineDrift.map((c) => c.key);
      p.result.drift = driftKeys.length;
      if (rt.findings) p.result.findings = { error: rt.findings.error, warning: rt.findings.warning, info: rt.findings.info };
      driftDiff = diffLines(d.baselineDrift);
      if (rt.baseline) rt.drift = { baseline: rt.baseline, keys: driftKeys, diff: driftDiff };
    }
    this.alerts(rt, p, driftKeys, driftDiff);
    st?.record(p.result);
    st?.setMemory(name, rt.mem);
    this.emit('onProbe', p.result, rt.machine, { ...(rt.findings ? { findings: rt.findings } : {}), restarts: rt.mem.restartCount, hooksProbed: p.hooksProbed });
  }

  private alerts(rt: Runtime, p: { result: ProbeResult; live?: Record<string, string> }, driftKeys: string[], driftDiff: string[]): void {
    const at = p.result.at;
    const answered = p.live !== undefined;
    const live = p.live ?? {};
    const wvp = answered && rt.wvp ? compareWithWvp(live, rt.wvp.expected) : undefined;
    const wvpId = rt.wvp?.expected.find((e) => e.zlmKey === 'general.mediaServerId')?.value;
    const wanted = wantedAlerts({
      state: rt.machine,
      at,
      answered,
      ...(p.result.api.detail ? { apiDetail: p.result.api.detail } : {}),
      brokenHooks: answered ? hookBroken(p.result.hooks).map((k) => ({ key: k, status: p.result.hooks!.hooks[k]!.status, ...(p.result.hooks!.hooks[k]!.detail ? { detail: p.result.hooks!.hooks[k]!.detail } : {}) })) : [],
      identity: (wvp?.identity ?? []).map((k) =>
        k === 'api.secret' ? { what: 'secret' as const } : { what: 'mediaServerId' as const, ...(live[k] !== undefined ? { zlm: live[k] } : {}), ...(wvpId !== undefined ? { wvp: wvpId } : {}) },
      ),
      ...(answered && driftKeys.length ? { drift: { keys: driftKeys, diff: driftDiff, ...(rt.lastChange ? { by: rt.lastChange.attribution } : {}) } } : {}),
      recentRestarts: rt.mem.restarts,
      restartLoopCount: this.opts.restartLoopCount ?? 3,
      restartLoopWindowMs: this.opts.restartLoopWindowMs ?? 10 * 60_000,
      newErrors: answered && rt.findings ? rt.findings.errors.filter((e) => !(rt.mem.baselineErrors ?? []).includes(e)) : [],
      isolated: this.status === 'monitor_isolated',
    });
    const wantedIds = new Set(wanted.map((w) => w.id));
    const st = this.opts.store;
    for (const w of wanted) {
      const row = st?.openAlert({ key: w.id, node: w.node, rule: w.rule, severity: w.severity, summary: w.summary.en, data: { summary: w.summary, details: w.details, subject: w.subject } }, at);
      this.emit('onAlert', { kind: !st || row?.isNew ? 'opened' : 'updated', id: w.id, alert: w, ...(row ? { row: row.alert } : {}) });
    }
    const open = st ? st.openAlertKeys(rt.node.name) : [...(this.openIds.get(rt.node.name) ?? [])].map((id) => ({ key: id, rule: id.split('/')[0]! }));
    for (const a of open) {
      if (wantedIds.has(a.key) || !resolvable(a.rule, answered)) continue;
      const row = st?.resolveAlert(a.key, at);
      this.emit('onAlert', { kind: 'resolved', id: a.key, ...(row ? { row } : {}) });
    }
    this.openIds.set(rt.node.name, wantedIds);
  }

  /** open alert ids per node when there is no store */
  private readonly openIds = new Map<string, Set<string>>();

  /**
   * Hook probes shared across the fleet: many nodes point at the same WVP, so
   * one probe of a URL (with the same request) serves every node that asks
   * within half an interval (at most 5 s). Each node still gets its own
   * hook evidence record.
   */
  private readonly hookCache = new Map<string, { at: number; result: ReturnType<HookProber> }>();

  private readonly sharedHookProbe: HookProber = (url, o) => {
    const probe = this.opts.hookProbe ?? probeUrl;
    const key = `${o.body === undefined ? 'GET' : 'POST'} ${url}`;
    const now = performance.now();
    const ttl = Math.min(5_000, this.opts.intervalMs / 2);
    const hit = this.hookCache.get(key);
    if (hit && now - hit.at < ttl) return hit.result;
    if (this.hookCache.size > 10_000) for (const [k, v] of this.hookCache) if (now - v.at >= ttl) this.hookCache.delete(k);
    const result = probe(url, o);
    this.hookCache.set(key, { at: now, result });
    return result;
  };

  /**
   * History writes for the whole engine, queued and written in batches (src/monitor/drift-history.ts): every
   * node's first sight at start-up goes into a few commits instead of one each, in order per node.
   */
  private history: DriftHistory | undefined;

  /** The change in the history store, with its attribution (a revision the `history`/`blame` commands show). */
  private record(rt: Runtime, changed: boolean, live: Record<string, string>): void {
    if (!this.opts.stateDir || this.opts.history === false) return;
    this.history ??= driftHistory({ stateDir: this.opts.stateDir, event: (e) => this.event(e), now: () => this.now() });
    this.history.record(rt.node, changed, live);
  }

  /** Wait for pending history writes (tests, shutdown). */
  async historyIdle(): Promise<void> {
    await this.history?.idle();
  }

  private event(e: MonitorEvent): void {
    try {
      this.opts.store?.addEvent(e);
    } catch {
      /* the store is closed (a late history write at shutdown): the listeners still hear it */
    }
    this.emit('onEvent', e);
  }

  private setStatus(s: MonitorStatus, node: string): void {
    if (s === this.status) return;
    this.status = s;
    const iso = s === 'monitor_isolated';
    this.event({
      at: this.now(),
      node,
      kind: 'monitor',
      message: iso ? 'every node failed at once and the monitor cannot reach its own network: monitor_isolated (no node-down pages)' : 'the monitor reaches the network again',
      zh: iso ? '所有节点同时失败，且监控自身无法访问网络：monitor_isolated（不发送节点宕机告警）' : '监控已恢复网络连接',
    });
    this.emit('onStatus', s);
  }

  /** Every node failing at once + our own network gone = monitor_isolated. */
  private async isolated(rt: Runtime): Promise<boolean> {
    const all = [...this.nodes.values()];
    const othersFailing = all.every((o) => o === rt || o.machine.consecutiveFailures > 0 || o.machine.health === 'down');
    if (!othersFailing) return false;
    const loopbackOnly = all.every((o) => /^https?:\/\/(127\.|localhost|\[::1\])/i.test(o.node.api));
    const check = await (this.opts.selfCheck ?? (() => selfCheck(loopbackOnly)))();
    if (!check.ok) this.setStatus('monitor_isolated', rt.node.name);
    return !check.ok;
  }
}
