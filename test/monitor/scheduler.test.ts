/**
 * Schedule lag with nodes that hang (accept, never answer: the task only ends
 * when its deadline aborts it), nodes that fail at once and nodes that flap:
 * none of them delays the probing of the others.
 */
import { describe, expect, it } from 'vitest';
import { inShard, Scheduler, stableHash } from '../../src/monitor/scheduler.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

describe('probe scheduler', () => {
  it('hung, failing and flapping nodes never delay the others', async () => {
    const nodes = [
      ...Array.from({ length: 20 }, (_, i) => ({ name: `fast-${i}` })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `hung-${i}` })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `fail-${i}` })),
      { name: 'flap' },
    ];
    const runs = new Map<string, number>();
    const aborted = new Map<string, number>();
    let flip = false;
    const s = new Scheduler(
      nodes,
      async (name, signal) => {
        runs.set(name, (runs.get(name) ?? 0) + 1);
        try {
          if (name.startsWith('hung')) await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
          else if (name.startsWith('fail')) throw new Error('garbage JSON');
          else if (name === 'flap') await sleep((flip = !flip) ? 1 : 140, signal);
          else await sleep(5, signal);
        } catch (e) {
          if (signal.aborted) aborted.set(name, (aborted.get(name) ?? 0) + 1);
          throw e;
        }
      },
      { intervalMs: 200, timeoutMs: 150, concurrency: 8, jitter: 0.05 },
    );
    s.start();
    await sleep(2_100);
    await s.stop(500);
    for (let i = 0; i < 20; i++) {
      const n = `fast-${i}`;
      expect(runs.get(n), n).toBeGreaterThanOrEqual(8);
      expect(s.stats.skippedBy[n] ?? 0, n).toBe(0);
      expect(s.stats.maxLagBy[n]!, n).toBeLessThan(150);
    }
    for (let i = 0; i < 5; i++) {
      expect(aborted.get(`hung-${i}`)).toBeGreaterThanOrEqual(8);
      expect(runs.get(`fail-${i}`)).toBeGreaterThanOrEqual(9);
    }
    expect(runs.get('flap')).toBeGreaterThanOrEqual(9);
    expect(s.running).toBe(0);
  }, 10_000);

  it('stop() aborts probes in flight and returns within its bound', async () => {
    const s = new Scheduler([{ name: 'a' }], (_n, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })), { intervalMs: 100, timeoutMs: 60_000 });
    s.start();
    await sleep(150);
    const t = performance.now();
    await s.stop(1_000);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('shards split a fleet stably and completely', () => {
    const names = Array.from({ length: 300 }, (_, i) => `zlm-${i}`);
    const shares = [0, 1, 2].map((i) => names.filter((n) => inShard(n, i, 3)));
    expect(shares.flat().sort()).toEqual([...names].sort());
    for (const sh of shares) expect(sh.length).toBeGreaterThan(60);
    expect(stableHash('zlm-1')).toBe(stableHash('zlm-1'));
    expect(names.every((n) => inShard(n, 0, 1))).toBe(true);
  });
});
