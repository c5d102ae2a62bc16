/**
 * src/monitor: what `zlm-doctor serve` is built on: the config (zlm-doctor.yml), the alert channels and
 * the notifier, and the engine (probes, readiness, anti-flap state machine, drift, storage, metrics).
 */
export * from './config/index.ts';
export * from './channels/index.ts';
export * from './alerting/index.ts';
export { monitorRedactor } from './secrets.ts';
export * from './types.ts';
export type { MonitorNode } from './node.ts';
export { MonitorEngine, type EngineOptions, type EngineListener, type AlertChange, type ProbeExtra, type NodeView } from './engine.ts';
export { startServe, nodesFromConfig, shardNodes, type ServeHandle, type ServeRuntimeOptions } from './engine-serve.ts';
export { createHttpServer, parseListen, type HttpServer, type Handler } from './http.ts';
export { MonitorMetrics } from './metrics.ts';
export { MonitorStore, DEFAULT_RETENTION, type Retention, type AlertRow, type AggRow } from './storage/store.ts';
export { projectSize, type SizeProjection } from './storage/size.ts';
export { SqliteMissingError } from './storage/sqlite.ts';
export { classifyReadiness, compareWithWvp } from './probe/readiness.ts';
export { step as stepNodeState, initialState, DEFAULT_STATE_OPTIONS, type StateOptions } from './state.ts';
export { inShard, stableHash } from './scheduler.ts';
export { liveConfigText, type FindingSummary } from './findings.ts';
