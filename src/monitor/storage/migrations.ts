/**
 * The store's schema, as numbered migrations applied in order at start
 * (PRAGMA user_version holds the last one applied). Append only: never edit
 * a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: nodes, events, alerts, raw samples, per-minute and per-hour aggregates, baselines and snapshots
  `
  CREATE TABLE nodes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, data TEXT);
  CREATE INDEX events_at ON events (at);
  CREATE INDEX events_node ON events (node, at);
  CREATE TABLE alerts (
    key TEXT PRIMARY KEY, node TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, resolved_at INTEGER,
    summary TEXT NOT NULL, data TEXT
  );
  CREATE INDEX alerts_status ON alerts (status, node);
  CREATE TABLE samples (node INTEGER NOT NULL, at INTEGER NOT NULL, readiness INTEGER NOT NULL, ms INTEGER NOT NULL, PRIMARY KEY (node, at)) WITHOUT ROWID;
  CREATE TABLE agg_minute (node INTEGER NOT NULL, bucket INTEGER NOT NULL, probes INTEGER NOT NULL, failed INTEGER NOT NULL, ready INTEGER NOT NULL, sum_ms INTEGER NOT NULL, max_ms INTEGER NOT NULL, PRIMARY KEY (node, bucket)) WITHOUT ROWID;
  CREATE TABLE agg_hour (node INTEGER NOT NULL, bucket INTEGER NOT NULL, probes INTEGER NOT NULL, failed INTEGER NOT NULL, ready INTEGER NOT NULL, sum_ms INTEGER NOT NULL, max_ms INTEGER NOT NULL, PRIMARY KEY (node, bucket)) WITHOUT ROWID;
  CREATE TABLE configs (node TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('baseline', 'last')), at INTEGER NOT NULL, source TEXT NOT NULL, canonical TEXT NOT NULL, PRIMARY KEY (node, role));
  CREATE TABLE node_memory (node TEXT PRIMARY KEY, data TEXT NOT NULL);
  `,
];
