/**
 * The typed shape of `zlm-doctor.yml` once loaded: every default applied, every duration in
 * milliseconds, every path absolute. Secrets stay in the values (the engine needs them) and are
 * also listed in `MonitorConfig.secrets`, so every log line and message can hide them.
 */
import type { Lang } from '../../i18n/index.ts';
import type { AnyChannelConfig } from '../channels/types.ts';

/** Where a value sits in the config files (1-based line and column). */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

/** Probe timing and anti-flap thresholds: `defaults`, overridable per node. */
export interface ProbeSettings {
  /** time between two probes of one node */
  intervalMs: number;
  /** deadline of one probe (API call or hook probe) */
  timeoutMs: number;
  /** a node is down after this many failed probes in a row */
  downAfter: number;
  /** and up again after this many good ones */
  recoverAfter: number;
  /** probes in flight at once (fleet-wide; per node it is always 1) */
  concurrency: number;
  /** each probe starts up to this much later than its slot, spreading the load */
  jitterMs: number;
}

export const DEFAULT_SETTINGS: ProbeSettings = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
  downAfter: 3,
  recoverAfter: 2,
  concurrency: 32,
  jitterMs: 1_000,
};

export const DEFAULT_LISTEN = '127.0.0.1:9797';

export interface NodeConfig {
  name: string;
  /** the ZLM HTTP API base URL */
  api: string;
  /** api.secret (usually `${VAR}`); undefined when not given */
  secret?: string;
  /** the node's config.ini on this machine (absolute) */
  config?: string;
  /** WVP's application.yml for this node (absolute) */
  wvp?: string;
  labels: Record<string, string>;
  /** `defaults` with this node's own overrides applied */
  settings: ProbeSettings;
  loc: Loc;
}

export type AlertSeverity = 'critical' | 'warning' | 'info';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];
export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** `{ site: lab }` matches one value; `{ site: [lab, prod] }` any of them; `{ site: '!lab' }` anything else. */
export type LabelMatchers = Record<string, string[]>;

export interface RouteConfig {
  match: LabelMatchers;
  /** lowest severity this route takes */
  minSeverity: AlertSeverity;
  channels: string[];
  loc: Loc;
}

export interface AlertsConfig {
  channels: AnyChannelConfig[];
  routes: RouteConfig[];
  /** channels for alerts no route matches (default: every channel) */
  defaultChannels: string[];
  /** a still-firing alert is sent again after this long; 0 = never */
  repeatIntervalMs: number;
  sendResolved: boolean;
}

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // Sunday = 0, as in cron

export interface MaintenanceWindow {
  name: string;
  /** IANA time zone the times are read in */
  timezone: string;
  /** a 5-field cron expression for the start, or a daily start time */
  cron?: string;
  /** minutes after local midnight */
  startMinute?: number;
  /** weekdays the window starts on (default every day) */
  days: Weekday[];
  durationMs: number;
  /** only nodes whose labels match (absent: the whole fleet) */
  match?: LabelMatchers;
  loc: Loc;
}

export interface MaintenanceConfig {
  timezone: string;
  windows: MaintenanceWindow[];
}

export interface MonitorConfig {
  listen: { host: string; port: number };
  lang: Lang;
  /** absolute; default `.zlm-doctor` beside the config */
  stateDir: string;
  /** bearer token of the REST API and /metrics (`token:`); required to listen beyond loopback */
  token?: string;
  defaults: ProbeSettings;
  nodes: NodeConfig[];
  alerts: AlertsConfig;
  maintenance: MaintenanceConfig;
  /** the files read, in merge order */
  files: string[];
  /** every secret value in the config (node and channel secrets, passwords, URL tokens): redact them everywhere */
  secrets: string[];
}

export interface ConfigError {
  file: string;
  line: number;
  col: number;
  reason: { en: string; zh: string };
}
