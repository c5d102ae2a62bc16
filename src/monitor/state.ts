/**
 * Per-node anti-flap state machine. Pure: a probe result (and the clock) in,
 * the next state and what changed out.
 *
 * - `down` only after `downAfter` consecutive failed probes (the API did not
 *   answer) AND one active re-probe that fails too: the engine re-probes at
 *   once when `step` asks for it (`reprobe: true`).
 * - back from `down` only after `recoverAfter` consecutive answering probes.
 * - `degraded` (answers, not ready) after `degradeAfter` consecutive not-ready
 *   answers; `up` again at the first ready answer.
 * - a node flapping every probe never reaches `down` nor leaves `up` for long.
 * Node-dependent alerts (hooks, drift) are suppressed while a node is down
 * (`suppressNodeAlerts`); probing and resolution go on.
 */
import type { NodeHealth, NodeState, ProbeResult, Readiness } from './types.ts';

export interface StateOptions {
  downAfter: number;
  recoverAfter: number;
  degradeAfter: number;
}

export const DEFAULT_STATE_OPTIONS: StateOptions = { downAfter: 3, recoverAfter: 2, degradeAfter: 2 };

export interface Transition {
  from: NodeHealth;
  to: NodeHealth;
  readiness: Readiness;
  at: number;
}

export interface MachineState extends NodeState {
  /** consecutive answering-but-not-ready probes */
  consecutiveNotReady: number;
}

export interface StepResult {
  state: MachineState;
  /** health changed */
  transition?: Transition;
  /** readiness changed (from → to) */
  readinessChange?: { from: Readiness | 'unknown'; to: Readiness };
  /** the engine must re-probe now and feed the result with `{ reprobe: true }` */
  reprobe: boolean;
}

export function initialState(name: string, labels: Record<string, string>, now: number): MachineState {
  return { name, labels, health: 'unknown', readiness: 'unknown', since: now, consecutiveFailures: 0, consecutiveSuccesses: 0, consecutiveNotReady: 0 };
}

/** The API did not answer (the node is, as far as we can tell, not there). */
export function isFailure(r: ProbeResult): boolean {
  return r.readiness === 'api_unreachable';
}

export function suppressNodeAlerts(s: NodeState): boolean {
  return s.health === 'down';
}

export function step(prev: MachineState, r: ProbeResult, opts: StateOptions = DEFAULT_STATE_OPTIONS, flags: { reprobe?: boolean } = {}): StepResult {
  const s: MachineState = { ...prev, lastProbe: r, readiness: r.readiness };
  let next: NodeHealth = prev.health;
  let reprobe = false;
  if (isFailure(r)) {
    s.consecutiveFailures = prev.consecutiveFailures + 1;
    s.consecutiveSuccesses = 0;
    s.consecutiveNotReady = 0;
    if (prev.health !== 'down' && s.consecutiveFailures >= opts.downAfter) {
      if (flags.reprobe) next = 'down';
      else reprobe = true;
    }
  } else {
    s.consecutiveSuccesses = prev.consecutiveSuccesses + 1;
    s.consecutiveFailures = 0;
    const ready = r.readiness === 'ready';
    s.consecutiveNotReady = ready ? 0 : prev.consecutiveNotReady + 1;
    if (prev.health === 'down') {
      if (s.consecutiveSuccesses >= opts.recoverAfter) next = ready ? 'up' : 'degraded';
    } else if (ready) next = 'up';
    else if (prev.health === 'unknown' || s.consecutiveNotReady >= opts.degradeAfter) next = 'degraded';
  }
  const out: StepResult = { state: s, reprobe };
  if (next !== prev.health) {
    s.health = next;
    s.since = r.at;
    out.transition = { from: prev.health, to: next, readiness: r.readiness, at: r.at };
  }
  if (prev.readiness !== r.readiness) out.readinessChange = { from: prev.readiness, to: r.readiness };
  return out;
}
