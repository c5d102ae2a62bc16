/**
 * The hook-chain probe: for each hook URL the running server holds (from the
 * API probe's live config, never from a file), the doctor's one-attempt HTTP
 * probe timed by phase. on_server_keepalive is sent for real (WVP ignores an
 * unknown mediaServerId); the other hooks get a bodiless GET that proves a
 * live receiver without side effects. Hook evidence is its own record: it is
 * never derived from, nor refreshes, the API evidence.
 */
import { probeUrl, HOOK_BODIES, type HookProbeResult } from '../../doctor/index.ts';
import { HOOK_URL_KEYS } from '../../zlm/hook-urls.ts';
import { readBool, readNumber } from '../../zlm/value.ts';
import type { HookEvidence, HookStatus } from '../types.ts';
import { toTimings } from './api.ts';

export type HookProber = typeof probeUrl;

export function hookStatus(r: HookProbeResult): HookStatus {
  if (r.ok) return 'ok';
  switch (r.failure) {
    case 'timeout':
      return 'timeout';
    case 'http-status':
      return 'http_error';
    case 'not-json':
    case 'bad-code':
      return 'bad_answer';
    default:
      return 'unreachable';
  }
}

export interface HookProbeOptions {
  signal: AbortSignal;
  /** ms left for the whole hook probe */
  budgetMs: number;
  now?: () => number;
  probe?: HookProber;
}

/** The hook URLs a live config holds, by key; empty when hooks are off. */
export function hookUrls(live: Record<string, string>): { key: string; url: string }[] {
  if (!readBool(live['hook.enable'] ?? '0').value) return [];
  return HOOK_URL_KEYS.map((key) => ({ key, url: (live[key] ?? '').trim() })).filter((h) => h.url !== '');
}

/** What probeHooks reads of a live config: its hook URLs grouped (keys per URL) and hook.timeoutSec. */
interface HookPlan {
  byUrl: { url: string; keys: string[]; real: boolean }[];
  timeoutSec: number;
}

/** Plans by live config map: serve keeps an unchanged config as the same map (answerMemo), so a node's plan is made once per config. */
const plans = new WeakMap<Record<string, string>, HookPlan>();

function planOf(live: Record<string, string>): HookPlan {
  let plan = plans.get(live);
  if (plan) return plan;
  const byUrl = new Map<string, string[]>();
  for (const h of hookUrls(live)) byUrl.set(h.url, [...(byUrl.get(h.url) ?? []), h.key]);
  plan = {
    byUrl: [...byUrl].map(([url, keys]) => ({ url, keys, real: keys.includes('hook.on_server_keepalive') })),
    timeoutSec: readNumber('float', live['hook.timeoutSec'] ?? '10') || 10,
  };
  plans.set(live, plan);
  return plan;
}

export async function probeHooks(live: Record<string, string>, opts: HookProbeOptions): Promise<HookEvidence> {
  const at = (opts.now ?? Date.now)();
  const probe = opts.probe ?? probeUrl;
  const hooks: HookEvidence['hooks'] = {};
  const plan = planOf(live);
  if (plan.byUrl.length === 0) {
    hooks['hook.enable'] = { status: 'not_configured' };
    return { at, hooks };
  }
  const budget = Math.max(50, Math.min(opts.budgetMs, plan.timeoutSec * 1000));
  await Promise.all(
    plan.byUrl.map(async ({ url, keys, real }) => {
      const r = await probe(url, { timeoutMs: budget, signal: opts.signal, ...(real ? { body: HOOK_BODIES.on_server_keepalive ?? {}, expectCodeZero: true } : { liveness: true }) });
      const status = hookStatus(r);
      const detail = r.ok ? undefined : `${r.failure ?? 'failed'}${r.detail ? ` ${r.detail}` : ''}${r.status !== undefined ? ` HTTP ${r.status}` : ''}`;
      for (const k of keys) hooks[k] = { status, phases: toTimings(r.phases, r.phases.totalMs), ...(detail ? { detail } : {}) };
    }),
  );
  return { at, hooks };
}
