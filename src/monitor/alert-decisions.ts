/**
 * Which alerts a node's state calls for, pure: the engine opens what is
 * wanted and not open, resolves what is open and no longer wanted. Rules:
 * node_down, hook_broken, risky_drift (with the diff and who made it),
 * identity_mismatch, restart_loop, new_error_finding. Hook and drift
 * alerts depend on the node answering: while it is down they are neither
 * opened nor resolved (their state is unknown), while node_down is.
 * Texts carry no secret: hook details are failure classes, diffs show
 * secrets as fingerprints.
 */
import type { NodeState } from './types.ts';

export type AlertRule = 'node_down' | 'hook_broken' | 'risky_drift' | 'identity_mismatch' | 'restart_loop' | 'new_error_finding';
export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface WantedAlert {
  key: string;
  rule: AlertRule;
  node: string;
  severity: AlertSeverity;
  summary: string;
  data?: Record<string, unknown>;
}

/** Everything the decisions read about one node. */
export interface AlertInput {
  state: NodeState;
  brokenHooks: { key: string; status: string }[];
  identity: string[];
  /** risky keys off the baseline, with the last change's diff and attribution */
  drift?: { keys: string[]; diff: string[]; attribution?: string; parts?: string[] };
  /** restart times within the loop window */
  recentRestarts: number[];
  restartLoopCount: number;
  /** error rule ids that appeared since the last findings */
  newErrors: string[];
  /** monitor_isolated: no node_down page for failures that are our own */
  isolated: boolean;
}

export const NODE_DEPENDENT: ReadonlySet<AlertRule> = new Set(['hook_broken', 'risky_drift', 'identity_mismatch', 'new_error_finding']);

export function wantedAlerts(i: AlertInput): WantedAlert[] {
  const n = i.state.name;
  const out: WantedAlert[] = [];
  const key = (rule: AlertRule) => `${rule}/${n}`;
  if (i.state.health === 'down' && !i.isolated) {
    out.push({ key: key('node_down'), rule: 'node_down', node: n, severity: 'critical', summary: `${n} is down: its API did not answer ${i.state.consecutiveFailures} probes in a row and an immediate re-probe`, data: { readiness: i.state.readiness } });
  }
  if (i.recentRestarts.length >= i.restartLoopCount) {
    out.push({ key: key('restart_loop'), rule: 'restart_loop', node: n, severity: 'critical', summary: `${n} restarted ${i.recentRestarts.length} times in a short window`, data: { restarts: i.recentRestarts } });
  }
  if (i.brokenHooks.length) {
    out.push({ key: key('hook_broken'), rule: 'hook_broken', node: n, severity: 'critical', summary: `${n}: hook chain broken (${i.brokenHooks.map((h) => `${h.key.slice(5)} ${h.status}`).join(', ')})`, data: { hooks: i.brokenHooks } });
  }
  if (i.identity.length) {
    out.push({ key: key('identity_mismatch'), rule: 'identity_mismatch', node: n, severity: 'critical', summary: `${n}: ${i.identity.join(' and ')} differ from WVP's`, data: { keys: i.identity } });
  }
  if (i.drift && i.drift.keys.length) {
    const by = i.drift.attribution ? ` (by ${i.drift.attribution})` : '';
    out.push({ key: key('risky_drift'), rule: 'risky_drift', node: n, severity: 'warning', summary: `${n}: ${i.drift.keys.length} risky key(s) drifted from the baseline${by}: ${i.drift.keys.join(', ')}`, data: { keys: i.drift.keys, diff: i.drift.diff, ...(i.drift.attribution ? { attribution: i.drift.attribution } : {}), ...(i.drift.parts ? { parts: i.drift.parts } : {}) } });
  }
  if (i.newErrors.length) {
    out.push({ key: key('new_error_finding'), rule: 'new_error_finding', node: n, severity: 'warning', summary: `${n}: new error-level finding(s) on the running config: ${i.newErrors.join(', ')}`, data: { rules: i.newErrors } });
  }
  return out;
}

/** Open alerts of a node that may be resolved now: node-dependent ones wait while it is down. */
export function resolvable(rule: string, state: NodeState): boolean {
  return !(state.health === 'down' && NODE_DEPENDENT.has(rule as AlertRule));
}
