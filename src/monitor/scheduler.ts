/**
 * Probe scheduler: every node once per interval, spread over the interval by
 * a stable per-node offset plus jitter, at most `concurrency` probes at once.
 * A probe gets its own deadline (AbortSignal) and a node still being probed
 * when its next turn comes skips that turn, so a node that hangs holds one
 * slot for at most its timeout and never delays the others beyond that.
 * `lag` (start time minus due time) is measured for every probe.
 */
import { fnv1a } from '../util/hash.ts';

export interface SchedulerOptions {
  intervalMs: number;
  /** per-probe deadline */
  timeoutMs: number;
  /** 0..0.5 of the interval, default 0.1 */
  jitter?: number;
  concurrency?: number;
  now?: () => number;
  random?: () => number;
}

export interface ScheduledNode {
  name: string;
  intervalMs?: number;
  timeoutMs?: number;
}

export type ProbeTask = (name: string, signal: AbortSignal) => Promise<void>;

export interface LagStats {
  probes: number;
  skipped: number;
  /** turns skipped per node (its previous probe was still running) */
  skippedBy: Record<string, number>;
  maxLagMs: number;
  /** largest lag per node */
  maxLagBy: Record<string, number>;
  /** the last `window` lags, for percentiles */
  recent: number[];
}

/** FNV-1a of the name: a stable offset within the interval (and the --shard hash). */
export const stableHash = fnv1a;

interface Slot {
  node: ScheduledNode;
  due: number;
  running: boolean;
}

export class Scheduler {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: Slot[] = [];
  private readonly inflight = new Map<string, { ctl: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly now: () => number;
  private readonly random: () => number;
  readonly stats: LagStats = { probes: 0, skipped: 0, skippedBy: {}, maxLagMs: 0, maxLagBy: {}, recent: [] };

  constructor(
    nodes: readonly ScheduledNode[],
    private readonly task: ProbeTask,
    private readonly opts: SchedulerOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.random = opts.random ?? Math.random;
    this.setNodes(nodes);
  }

  private interval(n: ScheduledNode): number {
    return Math.max(100, n.intervalMs ?? this.opts.intervalMs);
  }

  /** Replace the node list (a reload): kept nodes keep their turn, new ones get a spread offset. */
  setNodes(nodes: readonly ScheduledNode[]): void {
    const t = this.now();
    const names = new Set(nodes.map((n) => n.name));
    for (const name of [...this.slots.keys()]) if (!names.has(name)) this.slots.delete(name);
    for (const n of nodes) {
      const cur = this.slots.get(n.name);
      if (cur) cur.node = n;
      else this.slots.set(n.name, { node: n, due: t + ((stableHash(n.name) % 1000) / 1000) * Math.min(this.interval(n), 5_000), running: false });
    }
    if (!this.stopped) this.arm();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm();
  }

  /** Probe one node now, outside its turn (the active re-probe goes through the task itself; this is for API "probe now"). */
  async probeNow(name: string): Promise<void> {
    const s = this.slots.get(name);
    if (!s || s.running) return;
    await this.launch(s, this.now());
  }

  /** Stop scheduling, abort probes in flight, wait for them up to `boundMs`. */
  async stop(boundMs = 2_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const f of this.inflight.values()) f.ctl.abort(new Error('monitor stopping'));
    const all = Promise.allSettled([...this.inflight.values()].map((f) => f.done));
    let t: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (t = setTimeout(r, boundMs)))]);
    if (t) clearTimeout(t);
  }

  get running(): number {
    return this.inflight.size;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    let next = Infinity;
    for (const s of this.slots.values()) next = Math.min(next, s.due);
    if (next === Infinity) return;
    const wait = Math.max(0, Math.min(next - this.now(), 60_000));
    this.timer = setTimeout(() => this.tick(), wait);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const t = this.now();
    for (const s of this.slots.values()) {
      if (s.due > t) continue;
      const iv = this.interval(s.node);
      const j = (this.opts.jitter ?? 0.1) * iv;
      const due = s.due;
      s.due = due + iv + (this.random() * 2 - 1) * j;
      // a slot far behind (the process slept) starts again from now
      if (s.due < t) s.due = t + iv;
      if (s.running || this.queue.includes(s)) {
        this.stats.skipped++;
        this.stats.skippedBy[s.node.name] = (this.stats.skippedBy[s.node.name] ?? 0) + 1;
        continue;
      }
      (s as Slot & { wanted?: number }).wanted = due;
      this.queue.push(s);
    }
    this.drain();
    this.arm();
  }

  private drain(): void {
    const limit = this.opts.concurrency ?? 64;
    while (!this.stopped && this.inflight.size < limit && this.queue.length) {
      const s = this.queue.shift()!;
      if (!this.slots.has(s.node.name)) continue;
      void this.launch(s, (s as Slot & { wanted?: number }).wanted ?? this.now());
    }
  }

  private launch(s: Slot, wanted: number): Promise<void> {
    const lag = Math.max(0, this.now() - wanted);
    this.stats.probes++;
    this.stats.maxLagMs = Math.max(this.stats.maxLagMs, lag);
    this.stats.maxLagBy[s.node.name] = Math.max(this.stats.maxLagBy[s.node.name] ?? 0, lag);
    this.stats.recent.push(lag);
    if (this.stats.recent.length > 4096) this.stats.recent.splice(0, this.stats.recent.length - 4096);
    s.running = true;
    const ctl = new AbortController();
    const timeoutMs = s.node.timeoutMs ?? this.opts.timeoutMs;
    const timer = setTimeout(() => ctl.abort(new DOMException(`probe deadline ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const done = (async () => {
      try {
        await this.task(s.node.name, ctl.signal);
      } catch {
        /* a task reports its own failures; the scheduler only keeps time */
      } finally {
        clearTimeout(timer);
        s.running = false;
        this.inflight.delete(s.node.name);
        this.drain();
        this.arm();
      }
    })();
    this.inflight.set(s.node.name, { ctl, done });
    return done;
  }
}

/** The share of nodes instance `index` of `count` monitors (serve --shard i/n): stable across restarts and reloads. */
export function inShard(name: string, index: number, count: number): boolean {
  return count <= 1 || stableHash(name) % count === index;
}
