/**
 * The monitor's shared vocabulary: what one probe of one node found, and the
 * state the monitor keeps per node. The engine (probes, scheduler, state
 * machine, storage) produces these; metrics, alert rules, the REST API and the
 * dashboard only read them. Pure types, no I/O.
 */

/** One readiness state from a closed set, the most fundamental failure first. */
export const READINESS = [
  'api_unreachable',
  'secret_rejected',
  'ip_not_allowed',
  'identity_mismatch',
  'config_not_converged',
  'hook_unreachable',
  'keepalive_timer_missing',
  'restarting',
  'ready',
] as const;
export type Readiness = (typeof READINESS)[number];

/** Anti-flap state of a node: `degraded` answers but is not ready; `down` only after N failures plus a re-probe. */
export type NodeHealth = 'up' | 'degraded' | 'down' | 'unknown';

/** Milliseconds per phase of one attempt; a phase not reached is absent. */
export interface PhaseTimings {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
  total: number;
}

/** What the API said, kept apart from the hook evidence: one never refreshes the other. */
export interface ApiEvidence {
  at: number;
  ok: boolean;
  /** readiness implied by the API alone (api_unreachable, secret_rejected, ip_not_allowed, restarting, ready) */
  readiness: Readiness;
  phases: PhaseTimings;
  /** one line, secrets redacted */
  detail?: string;
  mediaServerId?: string;
  /** ZLM's start time (ms since epoch), from uptime; a change means it restarted */
  startedAt?: number;
  threadLoad?: { load: number; delay: number }[];
  streams?: number;
  readers?: number;
  /** the API error class when !ok (src/zlm ApiErrorKind: refused, timeout, auth, ip-not-allowed …) */
  errorKind?: string;
  /** build identity (`commitHash buildTime`): a change means a new binary was started */
  build?: string;
}

export type HookStatus = 'ok' | 'unreachable' | 'timeout' | 'http_error' | 'bad_answer' | 'not_configured';

export interface HookEvidence {
  at: number;
  /** per hook key (`hook.on_play` …) */
  hooks: Record<string, { status: HookStatus; phases?: PhaseTimings; detail?: string }>;
  keepaliveTimer?: boolean;
}

export interface ProbeResult {
  node: string;
  at: number;
  readiness: Readiness;
  api: ApiEvidence;
  hooks?: HookEvidence;
  /** static findings recomputed on change: counts by severity */
  findings?: { error: number; warning: number; info: number };
  /** risky keys drifted from the baseline */
  drift?: number;
}

export interface NodeState {
  name: string;
  labels: Record<string, string>;
  health: NodeHealth;
  readiness: Readiness | 'unknown';
  since: number;
  lastProbe?: ProbeResult;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

/**
 * The monitor itself: `monitor_isolated` when every node failed at once and
 * the monitor cannot reach its own loopback either, so the failures are its
 * own network's, not a fleet outage (no node-down pages then).
 */
export type MonitorStatus = 'ok' | 'monitor_isolated';

/** Something that happened to a node (stored, shown, and the input of alert rules). */
export interface MonitorEvent {
  at: number;
  node: string;
  kind: 'health' | 'readiness' | 'restart' | 'drift' | 'findings' | 'monitor';
  /** one line, secrets redacted */
  message: string;
  /** the same in 简体中文 */
  zh?: string;
  /** kind-specific detail (drift: the semantic diff lines; health: from/to), secrets redacted */
  data?: Record<string, unknown>;
}
