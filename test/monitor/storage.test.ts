import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { freshDirs } from '../support/temp-tree.ts';
import { MonitorStore } from '../../src/monitor/storage/store.ts';
import { projectSize, ROW_BYTES } from '../../src/monitor/storage/size.ts';
import { MIGRATIONS } from '../../src/monitor/storage/migrations.ts';
import type { ProbeResult, Readiness } from '../../src/monitor/types.ts';

let hasSqlite = true;
try {
  createRequire(import.meta.url)('better-sqlite3');
} catch {
  hasSqlite = false;
}
if (!hasSqlite) console.log('skipped: monitor storage tests (better-sqlite3 is not installed)');

const dir = freshDirs('zd-store-');
const result = (node: string, at: number, readiness: Readiness, ms = 5): ProbeResult => ({ node, at, readiness, api: { at, ok: readiness !== 'api_unreachable', readiness: 'ready', phases: { total: ms } } });

describe.skipIf(!hasSqlite)('monitor storage (SQLite)', () => {
  it('migrates on open, in WAL mode, and reopening is a no-op', () => {
    const d = dir();
    const s = MonitorStore.open(d);
    expect(s.schemaVersion).toBe(MIGRATIONS.length);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    s.close();
    const again = MonitorStore.open(d);
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    again.close();
  });

  it('aggregates probe results per minute and per hour and keeps raw samples', () => {
    const s = MonitorStore.open(':memory:');
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0);
    for (let i = 0; i < 12; i++) s.record(result('a', t0 + i * 10_000, i % 3 === 0 ? 'api_unreachable' : 'ready', 10 + i));
    expect(s.flush()).toBe(12);
    const min = s.aggregates('minute', 'a');
    expect(min.map((m) => m.probes)).toEqual([6, 6]);
    expect(min[0]!.failed).toBe(2);
    expect(min[0]!.ready).toBe(4);
    expect(min[1]!.maxMs).toBe(21);
    const hour = s.aggregates('hour', 'a');
    expect(hour).toHaveLength(1);
    expect(hour[0]!.probes).toBe(12);
    expect(s.samples('a')).toHaveLength(12);
    expect(s.samples('a')[0]!.readiness).toBe('api_unreachable');
    s.close();
  });

  it('prunes each table on its own horizon', () => {
    const s = MonitorStore.open(':memory:', { rawMs: 60_000, minuteMs: 3_600_000 });
    const now = Date.UTC(2026, 0, 2);
    s.record(result('a', now - 2 * 3_600_000, 'ready'));
    s.record(result('a', now - 30_000, 'ready'));
    s.flush();
    s.addEvent({ at: now - 91 * 86_400_000, node: 'a', kind: 'restart', message: 'old' });
    s.addEvent({ at: now, node: 'a', kind: 'restart', message: 'new' });
    const gone = s.prune(now);
    expect(gone.samples).toBe(1);
    expect(gone.agg_minute).toBe(1);
    expect(gone.agg_hour).toBe(0);
    expect(gone.events).toBe(1);
    expect(s.samples('a')).toHaveLength(1);
    expect(s.events().map((e) => e.message)).toEqual(['new']);
    s.close();
  });

  it('open alerts, configs and node memory survive a restart of serve', () => {
    const d = dir();
    const s = MonitorStore.open(d);
    expect(s.openAlert({ key: 'node_down/a', node: 'a', rule: 'node_down', severity: 'critical', summary: 'a is down' }, 1000).isNew).toBe(true);
    expect(s.openAlert({ key: 'node_down/a', node: 'a', rule: 'node_down', severity: 'critical', summary: 'a is down' }, 2000).isNew).toBe(false);
    s.openAlert({ key: 'hook/b', node: 'b', rule: 'hook', severity: 'warning', summary: 'b hook' }, 1000);
    s.resolveAlert('hook/b', 3000);
    s.setConfig('a', 'baseline', '[api]\nsecret=‹secret:abc›\n', 'first-seen', 1000);
    s.setMemory('a', { build: 'x' });
    s.close();
    const r = MonitorStore.open(d);
    expect(r.alerts('open').map((a) => a.key)).toEqual(['node_down/a']);
    expect(r.alert('hook/b')?.status).toBe('resolved');
    expect(r.config('a', 'baseline')?.source).toBe('first-seen');
    expect(r.memory<{ build: string }>('a')?.build).toBe('x');
    r.close();
  });

  it("a node's open alert keys follow every open and resolve, and are read back after a restart", () => {
    const d = dir();
    const s = MonitorStore.open(d);
    const keys = (st: MonitorStore, node: string) => st.openAlertKeys(node).map((a) => `${a.rule} ${a.key}`).sort();
    expect(keys(s, 'a')).toEqual([]);
    s.openAlert({ key: 'node_down/a', node: 'a', rule: 'node_down', severity: 'critical', summary: 'a is down' }, 1000);
    s.openAlert({ key: 'hook/a/hook.on_play', node: 'a', rule: 'hook', severity: 'warning', summary: 'a hook' }, 1000);
    s.openAlert({ key: 'hook/b/hook.on_play', node: 'b', rule: 'hook', severity: 'warning', summary: 'b hook' }, 1000);
    expect(keys(s, 'a')).toEqual(['hook hook/a/hook.on_play', 'node_down node_down/a']);
    s.resolveAlert('node_down/a', 2000);
    expect(keys(s, 'a')).toEqual(['hook hook/a/hook.on_play']);
    // re-opened after it was resolved
    s.openAlert({ key: 'node_down/a', node: 'a', rule: 'node_down', severity: 'critical', summary: 'a is down' }, 3000);
    expect(keys(s, 'a')).toEqual(['hook hook/a/hook.on_play', 'node_down node_down/a']);
    // a resolve of what is not open changes nothing
    expect(s.resolveAlert('nope', 3000)).toBeUndefined();
    s.close();
    const r = MonitorStore.open(d);
    expect(keys(r, 'a')).toEqual(['hook hook/a/hook.on_play', 'node_down node_down/a']);
    expect(keys(r, 'b')).toEqual(['hook hook/b/hook.on_play']);
    r.resolveAlert('hook/b/hook.on_play', 4000);
    expect(keys(r, 'b')).toEqual([]);
    r.close();
  });

  it('the size projection matches a real file and keeps 1,000 nodes × 90 days well under 1 GB', () => {
    const s = MonitorStore.open(dir());
    const nodes = 50;
    const t0 = Date.UTC(2026, 0, 1);
    // 50 nodes: an hour of raw samples at 10 s, a day of minute buckets, 10 days of hour buckets
    for (let n = 0; n < nodes; n++) {
      for (let i = 0; i < 360; i++) s.record(result(`node-${n}`, t0 + i * 10_000, 'ready', 7));
    }
    s.flush();
    const base = s.sizeBytes();
    const ins = (table: string, rows: number, step: number) => {
      const st = s.db.prepare(`INSERT OR IGNORE INTO ${table} (node, bucket, probes, failed, ready, sum_ms, max_ms) VALUES (?, ?, 6, 0, 6, 42, 9)`);
      s.db.transaction(() => {
        for (let n = 1; n <= nodes; n++) for (let i = 0; i < rows; i++) st.run(n, Math.floor(t0 / step) + 1000 + i);
      })();
    };
    ins('agg_minute', 1440, 60_000);
    const afterMinutes = s.sizeBytes();
    const perMinuteRow = (afterMinutes - base) / (nodes * 1440);
    const perSample = base / (nodes * 360 * 3);
    console.log(`measured: ${perMinuteRow.toFixed(1)} B per minute row, ${perSample.toFixed(1)} B per recorded probe`);
    expect(perMinuteRow).toBeLessThan(ROW_BYTES.minute * 1.5);
    const p = projectSize(1000, 90);
    expect(p.bytes).toBeLessThan(500 * 1024 * 1024);
    expect(p.perTable.agg_hour).toBeGreaterThan(0);
    s.close();
  });
});
