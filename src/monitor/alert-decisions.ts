/**
 * Which alerts a node's state calls for, pure: the engine raises what is
 * wanted (every evaluation: the notifier dedupes and repeats) and resolves
 * what is open and no longer wanted. The alerts are built by the rules of
 * src/monitor/alerting (one builder per rule, both languages). Hook, drift,
 * identity and finding alerts depend on the node answering: while it does
 * not, they are neither raised nor resolved (their state is unknown), while
 * node-down and restart-loop are. Texts carry no secret: hook details are
 * failure classes, diffs show secrets as fingerprints.
 */
import { hookChainBroken, identityMismatch, newErrorFinding, nodeDown, restartLoop, riskyDrift, type Alert, type AlertRule } from './alerting/index.ts';
import type { NodeState } from './types.ts';

/** Everything the decisions read about one node. */
export interface AlertInput {
  state: NodeState;
  at: number;
  /** one line on why the API failed (redacted) */
  apiDetail?: string;
  /** undefined: the node did not answer this time */
  answered: boolean;
  brokenHooks: { key: string; status: string; detail?: string }[];
  identity: { what: 'mediaServerId' | 'secret'; zlm?: string; wvp?: string }[];
  /** risky keys off the baseline, with the diff and who made the last change */
  drift?: { keys: string[]; diff: string[]; by?: string };
  /** restart times within the loop window */
  recentRestarts: number[];
  restartLoopCount: number;
  restartLoopWindowMs: number;
  /** error rule ids that are new since the node was first seen */
  newErrors: string[];
  /** monitor_isolated: no node-down page for failures that are our own */
  isolated: boolean;
}

export const NODE_DEPENDENT: ReadonlySet<AlertRule> = new Set<AlertRule>(['hook-chain-broken', 'risky-drift', 'identity-mismatch', 'new-error-finding']);

const BY: Record<string, { en: string; zh: string }> = {
  wvp: { en: 'WVP push (setServerConfig)', zh: 'WVP 推送（setServerConfig）' },
  operator: { en: 'the API or config.ini (operator)', zh: 'API 或 config.ini（运维人员）' },
  zlm: { en: 'ZLM itself (rewrite)', zh: 'ZLM 自身（重写）' },
  'zlm-doctor': { en: 'zlm-doctor', zh: 'zlm-doctor' },
  mixed: { en: 'several actors', zh: '多个来源' },
};

export function wantedAlerts(i: AlertInput): Alert[] {
  const b = { node: i.state.name, labels: i.state.labels, at: new Date(i.at) };
  const out: Alert[] = [];
  if (i.state.health === 'down' && !i.isolated) {
    out.push(nodeDown({ ...b, reason: i.state.readiness, failures: i.state.consecutiveFailures, ...(i.apiDetail ? { detail: { en: i.apiDetail, zh: i.apiDetail } } : {}) }));
  }
  if (i.recentRestarts.length >= i.restartLoopCount) out.push(restartLoop({ ...b, restarts: i.recentRestarts.length, windowMs: i.restartLoopWindowMs }));
  if (!i.answered) return out;
  for (const h of i.brokenHooks) {
    const f = `${h.status}${h.detail ? ` (${h.detail})` : ''}`;
    out.push(hookChainBroken({ ...b, hook: h.key, failure: { en: f, zh: f } }));
  }
  for (const x of i.identity) out.push(identityMismatch({ ...b, what: x.what, ...(x.zlm !== undefined ? { zlm: x.zlm } : {}), ...(x.wvp !== undefined ? { wvp: x.wvp } : {}) }));
  if (i.drift && i.drift.keys.length) out.push(riskyDrift({ ...b, keys: i.drift.keys, diff: i.drift.diff, by: BY[i.drift.by ?? ''] ?? { en: 'unknown', zh: '未知' } }));
  for (const ruleId of i.newErrors) out.push(newErrorFinding({ ...b, ruleId, message: { en: `see zlm-doctor explain ${ruleId}`, zh: `见 zlm-doctor explain ${ruleId}` } }));
  return out;
}

/** An open alert of a node that may be resolved now: node-dependent ones wait until the node answers. */
export function resolvable(rule: string, answered: boolean): boolean {
  return answered || !NODE_DEPENDENT.has(rule as AlertRule);
}
