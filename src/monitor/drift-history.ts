/**
 * Every config change the monitor sees, recorded in the history store (src/history) with its attribution:
 * a node's first sight and each drift, queued and written in batches (one commit for many nodes: at start-up
 * every node is seen for the first time at once). A drift is written with the next batch that can start; a
 * first sight waits up to a second for others. A batch that cannot be written is reported as a monitor event
 * per node and tried again with the next one; nothing is dropped without an event.
 */
import { SnapshotBatcher, type SnapshotResult } from '../history/index.ts';
import type { MonitorNode } from './node.ts';
import type { MonitorEvent } from './types.ts';

export interface DriftHistoryOptions {
  stateDir: string;
  event: (e: MonitorEvent) => void;
  now: () => number;
  /** snapshots per commit (default 200) */
  maxBatch?: number;
  /** how long a first sight waits for others (ms, default 1000) */
  maxDelayMs?: number;
}

export interface DriftHistory {
  /** record the node's live config: `changed` = a drift (else its first sight) */
  record(node: MonitorNode, changed: boolean, live: Record<string, string>): void;
  /** everything queued is written or reported (tests, shutdown) */
  idle(): Promise<void>;
}

interface Tag {
  node: string;
  changed: boolean;
}

export function driftHistory(o: DriftHistoryOptions): DriftHistory {
  const tags = new WeakMap<object, Tag>();
  const batcher = new SnapshotBatcher({
    stateDir: o.stateDir,
    ...(o.maxBatch !== undefined ? { maxBatch: o.maxBatch } : {}),
    ...(o.maxDelayMs !== undefined ? { maxDelayMs: o.maxDelayMs } : {}),
    onResult(input, r: SnapshotResult) {
      const t = tags.get(input);
      if (!t || !r.rev || !t.changed) return;
      o.event({ at: o.now(), node: t.node, kind: 'drift', message: `${t.node}: recorded as revision ${r.rev.slice(0, 12)} (${r.attribution ?? 'unknown'})`, zh: `${t.node}：已记录为版本 ${r.rev.slice(0, 12)}（${r.attribution ?? '未知'}）`, data: { rev: r.rev, keys: r.keys } });
    },
    onError(input, e, info) {
      const t = tags.get(input);
      if (!t) return;
      const en = info.kind === 'retry' ? ` (batch of ${info.batch}, attempt ${info.attempt}; tried again with the next batch)` : info.kind === 'gave-up' ? ` (gave up after ${info.attempt} attempts)` : '';
      const zh = info.kind === 'retry' ? `（批量 ${info.batch} 个，第 ${info.attempt} 次尝试；将随下一批重试）` : info.kind === 'gave-up' ? `（已尝试 ${info.attempt} 次，放弃）` : '';
      o.event({ at: o.now(), node: t.node, kind: 'monitor', message: `${t.node}: the change could not be recorded in the history: ${e.message}${en}`, zh: `${t.node}：变更未能记入历史：${e.message}${zh}` });
    },
  });
  return {
    record(node, changed, live) {
      // the config this probe read (no second getServerConfig); snapshotMany canonicalises it with the store's own key
      const input = { source: 'api' as const, target: { api: node.api, live }, reason: changed ? 'zlm-doctor serve: drift detected' : 'zlm-doctor serve: first seen' };
      tags.set(input, { node: node.name, changed });
      batcher.add(input, { urgent: changed });
    },
    idle: () => batcher.idle(),
  };
}
