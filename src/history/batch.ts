/**
 * A queue of snapshots written as batches (serve: every node's first sight at start-up, and whatever arrives
 * while a commit is running), through snapshotMany(): one lock, one commit per batch instead of one per node.
 *
 *   const b = new SnapshotBatcher({ stateDir, onResult, onError });
 *   b.add({ source: 'api', target: { api, live }, reason }, { urgent: false });
 *   await b.idle();   // everything queued is written (or reported), e.g. at shutdown
 *
 * A batch is written when it is full (maxBatch), when its oldest snapshot has waited maxDelayMs (an urgent one:
 * at once), never two at a time. A batch that fails as a whole (lock, I/O) loses nothing silently: each of its
 * snapshots is reported through onError and goes back to the head of the queue for the next batch, up to
 * maxAttempts; a snapshot that fails on its own (an unreadable file, a damaged index) is reported and dropped,
 * as snapshot() would have thrown it.
 */
import { snapshotMany, type BatchOptions, type SnapshotInput, type SnapshotResult } from './snapshot.ts';

export interface BatcherOptions extends BatchOptions {
  /** snapshots per commit (default 200) */
  maxBatch?: number;
  /** how long a snapshot may wait for others (ms, default 1000) */
  maxDelayMs?: number;
  /** tries of a snapshot whose batch failed (default 5) */
  maxAttempts?: number;
  onResult?(input: SnapshotInput, result: SnapshotResult): void;
  /**
   * A snapshot not recorded: `retry` (its batch failed; it stays queued for the next batch), `gave-up` (its batch
   * failed for the maxAttempts-th time: dropped) or `alone` (it failed on its own: dropped, as snapshot() would throw).
   */
  onError?(input: SnapshotInput, error: Error, info: ErrorInfo): void;
  /** tests: a clock */
  now?: () => number;
}

export interface ErrorInfo {
  kind: 'retry' | 'gave-up' | 'alone';
  /** the attempt that failed (1-based) */
  attempt: number;
  /** snapshots in the batch */
  batch: number;
}

interface Queued {
  input: SnapshotInput;
  due: number;
  attempts: number;
}

export class SnapshotBatcher {
  private queue: Queued[] = [];
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  /** commits written and snapshots recorded (for benches and tests) */
  readonly stats = { batches: 0, recorded: 0, failures: 0 };

  constructor(private readonly o: BatcherOptions) {
    this.maxBatch = Math.max(1, o.maxBatch ?? 200);
    this.maxDelayMs = Math.max(0, o.maxDelayMs ?? 1000);
    this.maxAttempts = Math.max(1, o.maxAttempts ?? 5);
    this.now = o.now ?? Date.now;
  }

  /** Queue a snapshot; `urgent` (a drift) is written with the next batch that can start, not after maxDelayMs. */
  add(input: SnapshotInput, opts: { urgent?: boolean } = {}): void {
    this.queue.push({ input, due: this.now() + (opts.urgent ? 0 : this.maxDelayMs), attempts: 0 });
    this.schedule();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Write everything queued now (no waiting for the delay), including retries, and wait for it. */
  async idle(): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.queue.length === 0) return;
      this.clearTimer();
      await this.flush();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    const due = this.queue.length >= this.maxBatch ? this.now() : Math.min(...this.queue.map((q) => q.due));
    const wait = Math.max(0, due - this.now());
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
    this.timer.unref?.();
  }

  private flush(): Promise<void> {
    if (this.running) return this.running;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return Promise.resolve();
    this.running = this.write(batch).finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  private async write(batch: Queued[]): Promise<void> {
    let results: (SnapshotResult | Error)[];
    try {
      results = await snapshotMany(
        batch.map((q) => q.input),
        this.o,
      );
    } catch (e) {
      this.stats.failures++;
      const error = e instanceof Error ? e : new Error(String(e));
      const retry: Queued[] = [];
      for (const q of batch) {
        q.attempts++;
        const again = q.attempts < this.maxAttempts;
        // the next batch, not at once: whatever failed (a held lock, a full disk) gets a moment
        if (again) retry.push({ ...q, due: this.now() + this.maxDelayMs });
        this.report(q.input, error, { kind: again ? 'retry' : 'gave-up', attempt: q.attempts, batch: batch.length });
      }
      this.queue.unshift(...retry);
      return;
    }
    this.stats.batches++;
    batch.forEach((q, i) => {
      const r = results[i]!;
      if (r instanceof Error) this.report(q.input, r, { kind: 'alone', attempt: q.attempts + 1, batch: batch.length });
      else {
        if (r.rev) this.stats.recorded++;
        try {
          this.o.onResult?.(q.input, r);
        } catch {
          /* a listener's failure is not the batch's */
        }
      }
    });
  }

  private report(input: SnapshotInput, error: Error, info: ErrorInfo): void {
    try {
      this.o.onError?.(input, error, info);
    } catch {
      /* a listener's failure is not the batch's */
    }
  }
}
