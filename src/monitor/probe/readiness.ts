/**
 * Readiness: one state from the closed set (types.ts READINESS), the most
 * fundamental failure first. Pure: the evidence in, one reason out.
 *
 *   api_unreachable > secret_rejected > ip_not_allowed > identity_mismatch >
 *   config_not_converged > hook_unreachable > keepalive_timer_missing > ready
 *
 * `restarting` stands in for the last three while a restart is fresh: WVP
 * re-pushes its hooks when ZLM comes back (on_server_started), so a gap then
 * is expected, not a fault.
 */
import type { ExpectedZlmEntry } from '../../wvp/index.ts';
import { readBool } from '../../zlm/value.ts';
import type { ApiEvidence, HookEvidence, Readiness } from '../types.ts';

export interface WvpComparison {
  /** general.mediaServerId / api.secret that differ from WVP's media.id / media.secret */
  identity: string[];
  /** keys WVP pushes (the hooks) whose live value differs */
  notConverged: string[];
}

function same(key: string, live: string, want: string): boolean {
  if (key === 'hook.enable') return readBool(live).value === readBool(want).value;
  if (key === 'hook.timeoutSec') return Number(live) === Number(want);
  return live.trim() === want.trim();
}

/**
 * The live config against what WVP expects. A value WVP leaves unknown
 * (an unresolved placeholder) is never a mismatch. Only hook keys count for
 * convergence: they are what breaks the chain.
 */
export function compareWithWvp(live: Record<string, string>, expected: readonly ExpectedZlmEntry[]): WvpComparison {
  const identity: string[] = [];
  const notConverged: string[] = [];
  for (const e of expected) {
    if (e.value === undefined || e.unresolved?.length) continue;
    const v = live[e.zlmKey];
    if (v === undefined) continue;
    if (e.zlmKey === 'general.mediaServerId' || e.zlmKey === 'api.secret') {
      if (v !== e.value) identity.push(e.zlmKey);
    } else if (e.pushedByWvp && e.zlmKey.startsWith('hook.') && !same(e.zlmKey, v, e.value)) notConverged.push(e.zlmKey);
  }
  return { identity, notConverged };
}

export interface ReadinessInput {
  api: ApiEvidence;
  wvp?: WvpComparison;
  hooks?: HookEvidence;
  /** false: hooks were enabled after ZLM started, so its keepalive timer never started */
  keepaliveTimer?: boolean;
  /** a restart was detected within the grace period */
  restartedRecently?: boolean;
}

export function hookBroken(h: HookEvidence | undefined): string[] {
  if (!h) return [];
  // a loop over the keys, no [key, value] pairs: this runs twice per probe of every node
  const out: string[] = [];
  for (const k in h.hooks) {
    const s = h.hooks[k]!.status;
    if (s !== 'ok' && s !== 'not_configured') out.push(k);
  }
  return out.sort();
}

export function classifyReadiness(i: ReadinessInput): Readiness {
  if (!i.api.ok) return i.api.readiness === 'ready' ? 'api_unreachable' : i.api.readiness;
  if (i.wvp?.identity.length) return 'identity_mismatch';
  const soft: Readiness | undefined = i.wvp?.notConverged.length
    ? 'config_not_converged'
    : hookBroken(i.hooks).length
      ? 'hook_unreachable'
      : i.keepaliveTimer === false
        ? 'keepalive_timer_missing'
        : undefined;
  if (soft && i.restartedRecently) return 'restarting';
  return soft ?? 'ready';
}
