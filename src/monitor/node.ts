/**
 * One monitored node as the engine needs it. The config loader
 * (src/monitor/config) produces these from zlm-doctor.yml; the embedded
 * default and --demo build them directly.
 */
export interface MonitorNode {
  name: string;
  /** `http://host:port` of ZLM's HTTP API */
  api: string;
  /** api.secret; never logged, stored or exported */
  secret?: string;
  labels: Record<string, string>;
  /** a local config.ini (static findings, baseline) */
  config?: string;
  /** WVP application.yml: identity and hook expectations */
  wvp?: string;
  /** per-node overrides */
  intervalMs?: number;
  timeoutMs?: number;
  /** a MediaServer on this machine (the embedded default): its start time is read from /proc, matched by `config` */
  local?: boolean;
  /** probe the hook chain (default true) */
  hooks?: boolean;
}
