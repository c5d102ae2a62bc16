/**
 * The monitor's SQLite store in the state directory (`<state>/monitor.db`):
 * WAL, migrations on open, probe results buffered and written once a second
 * in one transaction (raw sample + per-minute + per-hour aggregate), events,
 * alerts (open ones survive a restart of serve), the baseline and last
 * config per node (canonical text: secrets are fingerprint tokens) and the
 * engine's per-node memory. Retention prunes each table on its own horizon.
 * Nothing here ever holds a secret in clear: callers pass redacted text.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { READINESS, type MonitorEvent, type ProbeResult, type Readiness } from '../types.ts';
import { MIGRATIONS } from './migrations.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { openSqlite, type Database } from './sqlite.ts';

export interface Retention {
  /** raw probe samples */
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  eventsMs: number;
  /** resolved alerts */
  alertsMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEFAULT_RETENTION: Retention = { rawMs: 1 * HOUR, minuteMs: 2 * DAY, hourMs: 90 * DAY, eventsMs: 90 * DAY, alertsMs: 90 * DAY };

export interface AlertRow {
  key: string;
  node: string;
  rule: string;
  severity: string;
  status: 'open' | 'resolved';
  openedAt: number;
  updatedAt: number;
  resolvedAt?: number;
  summary: string;
  data?: Record<string, unknown>;
}

export interface AggRow {
  node: string;
  bucket: number;
  probes: number;
  failed: number;
  ready: number;
  avgMs: number;
  maxMs: number;
}

const READINESS_CODE = new Map<Readiness, number>(READINESS.map((r, i) => [r, i]));

export class MonitorStore {
  readonly db: Database;
  private readonly nodeIds = new Map<string, number>();
  private buffer: ProbeResult[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** prepared once per SQL text (preparing costs more than most of these statements' runs) */
  private readonly stmts = new Map<string, BetterSqlite3.Statement>();
  /** the JSON last written per node by setMemory (an unchanged memory is not written again) */
  private readonly memoryText = new Map<string, string>();

  private constructor(
    db: Database,
    readonly retention: Retention,
  ) {
    this.db = db;
  }

  /** Open (or create) `<dir>/monitor.db`, or an in-memory store for ':memory:'. */
  static open(dir: string, retention: Partial<Retention> = {}): MonitorStore {
    let file = ':memory:';
    if (dir !== ':memory:') {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      file = join(dir, 'monitor.db');
    }
    const db = openSqlite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    const s = new MonitorStore(db, { ...DEFAULT_RETENTION, ...retention });
    s.migrate();
    return s;
  }

  /** Apply every migration newer than user_version, each in its own transaction. Returns the version now. */
  migrate(): number {
    const have = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = have; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
    return MIGRATIONS.length;
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let st = this.stmts.get(sql);
    if (!st) this.stmts.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private nodeId(name: string): number {
    let id = this.nodeIds.get(name);
    if (id === undefined) {
      this.stmt('INSERT OR IGNORE INTO nodes (name) VALUES (?)').run(name);
      id = (this.stmt('SELECT id FROM nodes WHERE name = ?').get(name) as { id: number }).id;
      this.nodeIds.set(name, id);
    }
    return id;
  }

  // ───────────────────────────── probe results ─────────────────────────────

  /** Buffer one result; written by the next flush (within a second when autoFlush runs). */
  record(r: ProbeResult): void {
    this.buffer.push(r);
  }

  autoFlush(everyMs = 1_000): void {
    this.timer ??= setInterval(() => this.flush(), everyMs);
    this.timer.unref?.();
  }

  flush(): number {
    if (this.buffer.length === 0) return 0;
    const batch = this.buffer;
    this.buffer = [];
    const sample = this.stmt('INSERT OR REPLACE INTO samples (node, at, readiness, ms) VALUES (?, ?, ?, ?)');
    const agg = (table: string) =>
      this.stmt(
        `INSERT INTO ${table} (node, bucket, probes, failed, ready, sum_ms, max_ms) VALUES (?, ?, 1, ?, ?, ?, ?)
         ON CONFLICT (node, bucket) DO UPDATE SET probes = probes + 1, failed = failed + excluded.failed, ready = ready + excluded.ready, sum_ms = sum_ms + excluded.sum_ms, max_ms = max(max_ms, excluded.max_ms)`,
      );
    const minute = agg('agg_minute');
    const hour = agg('agg_hour');
    this.db.transaction(() => {
      for (const r of batch) {
        const id = this.nodeId(r.node);
        const ms = Math.round(r.api.phases.total);
        const failed = r.readiness === 'api_unreachable' ? 1 : 0;
        const ready = r.readiness === 'ready' ? 1 : 0;
        sample.run(id, r.at, READINESS_CODE.get(r.readiness) ?? 0, ms);
        minute.run(id, Math.floor(r.at / 60_000), failed, ready, ms, ms);
        hour.run(id, Math.floor(r.at / HOUR), failed, ready, ms, ms);
      }
    })();
    return batch.length;
  }

  samples(node: string, sinceMs = 0): { at: number; readiness: Readiness; ms: number }[] {
    const rows = this.stmt('SELECT at, readiness, ms FROM samples WHERE node = ? AND at >= ? ORDER BY at').all(this.nodeId(node), sinceMs) as { at: number; readiness: number; ms: number }[];
    return rows.map((r) => ({ at: r.at, readiness: READINESS[r.readiness] ?? 'api_unreachable', ms: r.ms }));
  }

  aggregates(kind: 'minute' | 'hour', node: string): AggRow[] {
    const rows = this.stmt(`SELECT bucket, probes, failed, ready, sum_ms, max_ms FROM agg_${kind} WHERE node = ? ORDER BY bucket`).all(this.nodeId(node)) as { bucket: number; probes: number; failed: number; ready: number; sum_ms: number; max_ms: number }[];
    return rows.map((r) => ({ node, bucket: r.bucket, probes: r.probes, failed: r.failed, ready: r.ready, avgMs: r.probes ? r.sum_ms / r.probes : 0, maxMs: r.max_ms }));
  }

  // ───────────────────────────── events and alerts ─────────────────────────────

  addEvent(e: MonitorEvent): void {
    this.stmt('INSERT INTO events (at, node, kind, message, data) VALUES (?, ?, ?, ?, ?)').run(e.at, e.node, e.kind, e.message, e.data ? JSON.stringify(e.data) : null);
  }

  events(opts: { node?: string; since?: number; limit?: number } = {}): MonitorEvent[] {
    const rows = this.stmt(`SELECT at, node, kind, message, data FROM events WHERE at >= ? ${opts.node ? 'AND node = ?' : ''} ORDER BY id DESC LIMIT ?`)
      .all(...[opts.since ?? 0, ...(opts.node ? [opts.node] : []), opts.limit ?? 1000]) as { at: number; node: string; kind: MonitorEvent['kind']; message: string; data: string | null }[];
    return rows.map((r) => ({ at: r.at, node: r.node, kind: r.kind, message: r.message, ...(r.data ? { data: JSON.parse(r.data) as Record<string, unknown> } : {}) }));
  }

  /** Open (or refresh) an alert; `isNew` when it was not open. */
  openAlert(a: Omit<AlertRow, 'status' | 'openedAt' | 'updatedAt' | 'resolvedAt'>, at: number): { isNew: boolean; alert: AlertRow } {
    const cur = this.alert(a.key);
    const data = a.data ? JSON.stringify(a.data) : null;
    if (cur?.status === 'open') {
      this.stmt('UPDATE alerts SET updated_at = ?, summary = ?, data = ?, severity = ? WHERE key = ?').run(at, a.summary, data, a.severity, a.key);
      return { isNew: false, alert: this.alert(a.key)! };
    }
    this.stmt("INSERT OR REPLACE INTO alerts (key, node, rule, severity, status, opened_at, updated_at, resolved_at, summary, data) VALUES (?, ?, ?, ?, 'open', ?, ?, NULL, ?, ?)")
      .run(a.key, a.node, a.rule, a.severity, at, at, a.summary, data);
    // a key re-opened under another node (it names its node, so never in practice) leaves the old one's list
    if (cur && cur.node !== a.node) this.openByNode.get(cur.node)?.delete(a.key);
    this.openByNode.get(a.node)?.set(a.key, a.rule);
    return { isNew: true, alert: this.alert(a.key)! };
  }

  /** Resolve an open alert; undefined when it was not open. */
  resolveAlert(key: string, at: number): AlertRow | undefined {
    const cur = this.alert(key);
    if (cur?.status !== 'open') return undefined;
    this.stmt("UPDATE alerts SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE key = ?").run(at, at, key);
    this.openByNode.get(cur.node)?.delete(key);
    return this.alert(key);
  }

  alert(key: string): AlertRow | undefined {
    const r = this.stmt('SELECT * FROM alerts WHERE key = ?').get(key) as Record<string, unknown> | undefined;
    return r ? rowToAlert(r) : undefined;
  }

  alerts(status?: 'open' | 'resolved'): AlertRow[] {
    const rows = (status ? this.stmt('SELECT * FROM alerts WHERE status = ? ORDER BY opened_at').all(status) : this.stmt('SELECT * FROM alerts ORDER BY opened_at').all()) as Record<string, unknown>[];
    return rows.map(rowToAlert);
  }

  /**
   * Open alert keys per node (key to rule): read from the table the first time a node is asked for, then kept
   * by openAlert and resolveAlert, the only writers of an alert's status. The engine asks after every probe;
   * a query per probe was a twentieth of a 1,000-node fleet's CPU (bench/fleet.ts).
   */
  private readonly openByNode = new Map<string, Map<string, string>>();

  /** The open alerts of one node, key and rule only. */
  openAlertKeys(node: string): { key: string; rule: string }[] {
    let m = this.openByNode.get(node);
    if (!m) {
      const rows = this.stmt("SELECT key, rule FROM alerts WHERE status = 'open' AND node = ?").all(node) as { key: string; rule: string }[];
      this.openByNode.set(node, (m = new Map(rows.map((r) => [r.key, r.rule]))));
    }
    if (m.size === 0) return [];
    return [...m].map(([key, rule]) => ({ key, rule }));
  }

  // ───────────────────────────── configs and memory ─────────────────────────────

  setConfig(node: string, role: 'baseline' | 'last', canonical: string, source: string, at: number): void {
    this.stmt('INSERT OR REPLACE INTO configs (node, role, at, source, canonical) VALUES (?, ?, ?, ?, ?)').run(node, role, at, source, canonical);
  }

  config(node: string, role: 'baseline' | 'last'): { canonical: string; source: string; at: number } | undefined {
    return this.stmt('SELECT canonical, source, at FROM configs WHERE node = ? AND role = ?').get(node, role) as { canonical: string; source: string; at: number } | undefined;
  }

  /** Write a node's memory; a memory equal to the one last written is not written again. */
  setMemory(node: string, data: unknown): void {
    const text = JSON.stringify(data);
    if (this.memoryText.get(node) === text) return;
    this.stmt('INSERT OR REPLACE INTO node_memory (node, data) VALUES (?, ?)').run(node, text);
    this.memoryText.set(node, text);
  }

  memory<T>(node: string): T | undefined {
    const r = this.stmt('SELECT data FROM node_memory WHERE node = ?').get(node) as { data: string } | undefined;
    if (r) this.memoryText.set(node, r.data);
    return r ? (JSON.parse(r.data) as T) : undefined;
  }

  // ───────────────────────────── retention ─────────────────────────────

  /** Delete what is past its horizon; returns rows deleted per table. */
  prune(now: number): Record<string, number> {
    const r = this.retention;
    const out: Record<string, number> = {};
    this.db.transaction(() => {
      out.samples = this.stmt('DELETE FROM samples WHERE at < ?').run(now - r.rawMs).changes;
      out.agg_minute = this.stmt('DELETE FROM agg_minute WHERE bucket < ?').run(Math.floor((now - r.minuteMs) / 60_000)).changes;
      out.agg_hour = this.stmt('DELETE FROM agg_hour WHERE bucket < ?').run(Math.floor((now - r.hourMs) / HOUR)).changes;
      out.events = this.stmt('DELETE FROM events WHERE at < ?').run(now - r.eventsMs).changes;
      out.alerts = this.stmt("DELETE FROM alerts WHERE status = 'resolved' AND resolved_at < ?").run(now - r.alertsMs).changes;
    })();
    return out;
  }

  /** Bytes the database uses (pages × page size). */
  sizeBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.flush();
    } finally {
      this.db.close();
    }
  }
}

function rowToAlert(r: Record<string, unknown>): AlertRow {
  return {
    key: r.key as string,
    node: r.node as string,
    rule: r.rule as string,
    severity: r.severity as string,
    status: r.status as 'open' | 'resolved',
    openedAt: r.opened_at as number,
    updatedAt: r.updated_at as number,
    ...(r.resolved_at !== null && r.resolved_at !== undefined ? { resolvedAt: r.resolved_at as number } : {}),
    summary: r.summary as string,
    ...(typeof r.data === 'string' ? { data: JSON.parse(r.data) as Record<string, unknown> } : {}),
  };
}
