/**
 * How big the store grows: rows kept per table under a retention, times the
 * bytes one row takes on disk (measured with SQLite's page accounting for
 * these WITHOUT ROWID tables, including B-tree overhead; test/monitor
 * storage test checks the estimate against a real file).
 */
import { DEFAULT_RETENTION, type Retention } from './store.ts';

/** bytes per row on disk, B-tree overhead included (measured; see the storage test) */
export const ROW_BYTES = { sample: 24, minute: 32, hour: 32, event: 160 } as const;

export interface SizeProjection {
  nodes: number;
  days: number;
  bytes: number;
  perTable: { samples: number; agg_minute: number; agg_hour: number; events: number };
}

/**
 * Steady-state size for `nodes` probed every `intervalMs`, after `days` of
 * running, with `eventsPerNodePerDay` events (state changes, drift, restarts).
 */
export function projectSize(nodes: number, days: number, intervalMs = 10_000, retention: Retention = DEFAULT_RETENTION, eventsPerNodePerDay = 20): SizeProjection {
  const span = days * 86_400_000;
  const kept = (horizon: number) => Math.min(span, horizon);
  const samples = nodes * (kept(retention.rawMs) / intervalMs) * ROW_BYTES.sample;
  const minute = nodes * (kept(retention.minuteMs) / 60_000) * ROW_BYTES.minute;
  const hour = nodes * (kept(retention.hourMs) / 3_600_000) * ROW_BYTES.hour;
  const events = nodes * (kept(retention.eventsMs) / 86_400_000) * eventsPerNodePerDay * ROW_BYTES.event;
  const perTable = { samples: Math.round(samples), agg_minute: Math.round(minute), agg_hour: Math.round(hour), events: Math.round(events) };
  return { nodes, days, bytes: perTable.samples + perTable.agg_minute + perTable.agg_hour + perTable.events, perTable };
}
